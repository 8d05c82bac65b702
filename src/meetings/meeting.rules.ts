import type { HotspotClass, MeetingItemKind, MeetingKind } from '#contracts';
import { type Actor, isCoordinator } from '../common/actor.js';
import { invalid } from '../common/domain-error.js';

/** The rules of meetings, as plain functions: no database, unit-tested in meeting.rules.spec.ts. */

export enum MeetingErrorCode {
  DecisionHasEffort = 'DECISION_HAS_EFFORT',
  MeetingChanged = 'MEETING_CHANGED',
}

/** The time zone a meeting's week, date and minutes are in. */
export const MEETING_TIME_ZONE = 'Europe/Stockholm';

/**
 * Who may read a meeting, its agenda and its minutes: the people of the organisations present, and the coordinators
 * (and admins) of every organisation of the collaboration. Everyone else gets 404, as for a record they may not see.
 */
export const mayRead = (actor: Pick<Actor, 'role' | 'organisationId'>, meeting: { organisationIds: readonly string[] }): boolean =>
  isCoordinator(actor) || meeting.organisationIds.includes(actor.organisationId);

/**
 * How a hotspot moved, from its reports in the four weeks before the meeting (`current`) and in the four weeks before
 * those (`previous`). A change counts when it is at least two reports and at least half of the earlier level, so that
 * one report more or less is no trend:
 * - new: none in the previous four weeks;
 * - growing: current - previous >= max(2, previous / 2);
 * - shrinking: previous - current >= max(2, previous / 2);
 * - persistent: otherwise (about as many as before).
 * A stand-in until the weekly picture classifies its clustered hotspots (see MeetingsService.hotspotsByPlaceCount).
 */
export function hotspotClass(current: number, previous: number): HotspotClass {
  if (previous === 0) return 'new';
  const threshold = Math.max(2, previous / 2);
  if (current - previous >= threshold) return 'growing';
  if (previous - current >= threshold) return 'shrinking';
  return 'persistent';
}

/** A place or area is a hotspot with at least this many reports in the four weeks before the meeting. */
export const HOTSPOT_MIN_REPORTS = 2;

/** What an agenda item may refer to: a hotspot, report or effort needs `refId`; "other" has none. */
export function assertItemRef(kind: MeetingItemKind, refId: string | undefined): void {
  if (kind === 'other' && refId !== undefined) throw invalid('refId', 'must not be given for an item of kind "other"');
  if (kind !== 'other' && refId === undefined) throw invalid('refId', `is required for an item of kind "${kind}" (the place or area, report or effort)`);
}

/** A meeting takes place in this century: a date outside it is a typing error (a year of 0026 or 20266). */
export function assertMeetingDate(startsAt: Date): void {
  const year = startsAt.getUTCFullYear();
  if (!(year >= 2000 && year <= 2099)) throw invalid('date', 'must lie between the years 2000 and 2099');
}

/** The organisations present, each once, in the order given. */
export function presentOrganisations(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/**
 * The effort a decision becomes, from the effort fields sent: by default the decision's owner owns it (when it takes
 * part), it is followed up when the decision is due, and the decision's text describes it.
 */
export function effortFromDecision<T extends { organisationIds: string[]; ownerOrganisationId?: string; followUpAt?: string; description?: string }>(
  dto: T,
  decision: { ownerOrganisationId: string; dueAt: Date | string | null; text: string },
): T {
  return {
    ...dto,
    ownerOrganisationId: dto.ownerOrganisationId ?? (dto.organisationIds.includes(decision.ownerOrganisationId) ? decision.ownerOrganisationId : undefined),
    followUpAt: dto.followUpAt ?? (decision.dueAt === null ? undefined : new Date(decision.dueAt).toISOString()),
    description: dto.description ?? decision.text,
  };
}

/** The meeting's local calendar date (Europe/Stockholm), as YYYY-MM-DD. */
export const localDate = (at: Date | string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: MEETING_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));

export const MEETING_KIND_LABELS: Record<MeetingKind, string> = { joint: 'Samverkansmöte', rural_council: 'Landsbygdsråd' };

/** The minutes' file name, e.g. protokoll-2026-12-03-samverkansmote.pdf (ASCII: every client saves it alike). */
export function minutesFileName(kind: MeetingKind, startsAt: Date | string): string {
  const label = MEETING_KIND_LABELS[kind].toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return `protokoll-${localDate(startsAt)}-${label}.pdf`;
}

