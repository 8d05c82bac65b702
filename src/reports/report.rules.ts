import { COORDINATOR_ONLY_STATUSES, LIMITS, REPORT_TRANSITIONS, type ReportResponse, type ReportStatus, type Visibility } from '#contracts';
import { type Actor, isCoordinator } from '../common/actor.js';
import { DomainError, forbidden, invalid } from '../common/domain-error.js';
import type { FieldChange } from './report-history.entity.js';

/** The rules of a report's life, as plain functions: no database, unit-tested in report.rules.spec.ts. */

export enum ReportErrorCode {
  IllegalTransition = 'ILLEGAL_TRANSITION',
  VersionConflict = 'VERSION_CONFLICT',
  LocationRequired = 'LOCATION_REQUIRED',
  /** Both `placeId` and `location` given: which one is meant? (400 naming location) */
  PlaceAndLocation = 'PLACE_AND_LOCATION',
  /** A point outside the collaboration's municipality (its areas' box and a margin), not confirmed (400 naming location). */
  LocationOutside = 'LOCATION_OUTSIDE',
  /** An observation older than the collaboration's limit (400 naming observedAt). */
  ObservedTooLongAgo = 'OBSERVED_TOO_LONG_AGO',
}

/** Clock slack for observedAt: a phone a few minutes ahead is not an error. */
export function assertNotFuture(value: string, field: string, now = Date.now()): void {
  if (Date.parse(value) > now + LIMITS.futureSlackMs) throw invalid(field, 'may not lie in the future');
}

// ---- Plausible reports: where and when an observation can have been made ----

/** One of `placeId` or `location`: a place (its own point) or a point on the map, never both. */
export function assertPlaceOrLocation(placeId: string | null | undefined, location: unknown): void {
  if (placeId != null && location != null) {
    throw new DomainError('invalid', ReportErrorCode.PlaceAndLocation,
      ['location may not be given with placeId: send the place (its own point) or a point on the map, not both'], { field: 'location' });
  }
}

/** An observation may be at most `maxAgeDays` old (null: any age): the shared picture is of what goes on now. */
export function assertNotTooOld(value: string, field: string, maxAgeDays: number | null, now = Date.now()): void {
  if (maxAgeDays === null) return;
  if (Date.parse(value) < now - maxAgeDays * 86_400_000) {
    throw new DomainError('invalid', ReportErrorCode.ObservedTooLongAgo,
      [`${field} lies more than ${maxAgeDays} days back: an observation that old is not reported here (ask a coordinator)`], { field, maxAgeDays });
  }
}

export interface Box {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

const KM_PER_DEGREE_LAT = 111.32;

/**
 * Whether a point lies outside `box` grown by `marginKm` on every side (a degree of longitude is shorter the further
 * north: at Lidköping's 58.5° about 58 km, so the margin is converted at the box's middle latitude).
 */
export function outsideBox(box: Box, lat: number, lng: number, marginKm: number): boolean {
  const dLat = marginKm / KM_PER_DEGREE_LAT;
  const dLng = marginKm / (KM_PER_DEGREE_LAT * Math.max(0.01, Math.cos((((box.minLat + box.maxLat) / 2) * Math.PI) / 180)));
  return lat < box.minLat - dLat || lat > box.maxLat + dLat || lng < box.minLng - dLng || lng > box.maxLng + dLng;
}

/** A point outside the municipality is refused unless the client confirms it (`confirmOutside: true`). */
export function assertInside(box: Box | null, point: { lat: number; lng: number }, marginKm: number | null, confirmed: boolean): void {
  if (!box || marginKm === null || confirmed || !outsideBox(box, point.lat, point.lng, marginKm)) return;
  throw new DomainError('invalid', ReportErrorCode.LocationOutside,
    [`location lies outside your collaboration's municipality (more than ${marginKm} km outside its areas): send confirmOutside: true if it is right`],
    { field: 'location', marginKm });
}

/** A status change must follow the lifecycle (REPORT_TRANSITIONS); triage states are for coordinators. */
export function assertTransition(actor: Pick<Actor, 'role'>, from: ReportStatus, to: ReportStatus): void {
  if (!REPORT_TRANSITIONS[from].includes(to)) {
    const allowed = REPORT_TRANSITIONS[from];
    throw new DomainError('invalid', ReportErrorCode.IllegalTransition,
      [`status cannot change from ${from} to ${to}; ${allowed.length ? `allowed: ${allowed.join(', ')}` : `${from} is final`}`], { field: 'status' });
  }
  if (COORDINATOR_ONLY_STATUSES.includes(to) && !isCoordinator(actor)) throw forbidden(`only coordinators may set status ${to}`);
  // Once a coordinator has taken a report up (acknowledged it, or an effort took it up), its author alone no longer
  // decides it is over: the partners working on it do.
  if (COORDINATOR_ONLY_STATUSES.includes(from) && !isCoordinator(actor)) {
    throw forbidden(`a coordinator has taken this report up (${from}); only a coordinator may now set status ${to}`);
  }
}

/** The author or a coordinator may change a report; only the reporting organisation may change who sees it. */
export function assertMayEdit(
  actor: Pick<Actor, 'id' | 'role' | 'organisationId'>,
  report: { authorId: string; organisationId: string },
  changesAudience: boolean,
): void {
  if (report.authorId !== actor.id && !isCoordinator(actor)) throw forbidden('only the author or a coordinator may change a report');
  if (changesAudience && report.organisationId !== actor.organisationId) {
    throw forbidden('only the reporting organisation may change who sees a report');
  }
}

/** The organisations a report is shared with besides the author's own; only visibility "organisations" takes them. */
export function sharedWithFor(actorOrganisationId: string, visibility: string, ids: readonly string[] | undefined): string[] {
  const unique = [...new Set(ids ?? [])].filter((id) => id !== actorOrganisationId);
  if (visibility !== 'organisations' && unique.length) {
    throw invalid('sharedWithOrganisationIds', 'may only be given with visibility "organisations"');
  }
  return unique;
}

/** The fields a report's first history row lists (from null to their first value). */
export const CREATED_FIELDS = ['category', 'description', 'observedAt', 'severity', 'status', 'visibility', 'sharedWithOrganisationIds', 'place', 'location', 'area'] as const;

/** The fields whose changes are kept in a report's history. */
export const TRACKED_FIELDS = [
  'status', 'severity', 'category', 'description', 'observedAt', 'visibility', 'sharedWithOrganisationIds', 'place', 'location', 'area',
  'assignedTo', 'mergedInto', 'answer',
] as const;

export const initialChanges = (r: ReportResponse): FieldChange[] => CREATED_FIELDS.map((field) => ({ field, from: null, to: r[field] }));

/** What changed between two versions of a report, field by field (compared as JSON). */
export function diff(a: ReportResponse, b: ReportResponse): FieldChange[] {
  return TRACKED_FIELDS.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => ({ field: k, from: a[k], to: b[k] }));
}

/** The facts of a report the merge rules read. */
export interface MergeFacts {
  id: string;
  visibility: Visibility;
  organisationId: string;
  sharedWith: readonly string[];
  mergedInto: string | null;
}

/** Whether every organisation that sees `source` also sees `target` (the policy of common/visibility.ts). */
export function covers(target: MergeFacts, source: MergeFacts): boolean {
  if (target.visibility === 'partners') return true;
  if (source.visibility === 'partners') return false;
  const seen = new Set([target.organisationId, ...target.sharedWith]);
  return [source.organisationId, ...source.sharedWith].every((o) => seen.has(o));
}

/**
 * Why `source` may not be merged into `target`, or null when it may: the one rule of POST /api/reports/:id/merge,
 * which the duplicate suggestions also answer (`mergeInto`/`mergeFrom`), so a client offers only what will work.
 * Only into a report every organisation that sees the duplicate also sees (else `mergedInto` would show them an id
 * they may not know); a merged report is not merged again nor merged into; nor a report into itself.
 */
export function mergeRefusal(source: MergeFacts, target: MergeFacts): DomainError | null {
  if (source.id === target.id) return invalid('intoReportId', 'is the report itself', 'MERGE_INTO_ITSELF');
  if (source.mergedInto) return new DomainError('conflict', 'ALREADY_MERGED', 'this report was already merged into another');
  if (target.mergedInto) return invalid('intoReportId', 'was itself merged into another report; merge into that one', 'MERGE_INTO_MERGED');
  if (!covers(target, source)) {
    return invalid('intoReportId', 'is seen by fewer organisations than this report; merge the other way, or share it first', 'MERGE_NARROWS_AUDIENCE');
  }
  return null;
}

export const reportVersionConflict = (current: number, sent: number) => new DomainError('conflict', ReportErrorCode.VersionConflict,
  `the report was changed by someone else (version ${current}, you sent ${sent}); reload and try again`, { currentVersion: current });
