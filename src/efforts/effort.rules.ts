import {
  CONFIDENTIAL_EFFORT_TYPES, EFFORT_TRANSITIONS, type EffortMode, type EffortResponse, type EffortStatus, type EffortType,
  LIMITS, OPEN_EFFORT_STATUSES, type Visibility,
} from '#contracts';
import { type Actor, isCoordinator } from '../common/actor.js';
import { DomainError, forbidden, invalid } from '../common/domain-error.js';
import type { EffortChange } from './effort-history.entity.js';

/** The rules of an effort's life, as plain functions: no database, unit-tested in effort.rules.spec.ts. */

export enum EffortErrorCode {
  IllegalTransition = 'ILLEGAL_TRANSITION',
  VersionConflict = 'VERSION_CONFLICT',
  NotYetShareable = 'NOT_YET_SHAREABLE',
}

/**
 * The organisations taking part, the owner first: `separate` has exactly one, `joint` two or more; the owner is
 * one of them (by default the caller's organisation when it takes part, else the first given).
 */
export function participants(mode: EffortMode, organisationIds: readonly string[], owner: string | undefined, callerOrganisationId: string): string[] {
  const unique = [...new Set(organisationIds)];
  if (unique.length > LIMITS.effortOrganisationsMax) throw invalid('organisationIds', `may list at most ${LIMITS.effortOrganisationsMax} organisations`);
  if (mode === 'separate' && unique.length !== 1) throw invalid('organisationIds', 'a separate effort has exactly one organisation');
  if (mode === 'joint' && unique.length < 2) throw invalid('organisationIds', 'a joint effort has two or more organisations');
  const first = owner ?? (unique.includes(callerOrganisationId) ? callerOrganisationId : unique[0]);
  if (!unique.includes(first)) throw invalid('ownerOrganisationId', 'must be one of organisationIds');
  return [first, ...unique.filter((id) => id !== first)];
}

/** Coordinators record efforts of any partners; anyone else only efforts their own organisation takes part in. */
export function assertMayRecord(actor: Pick<Actor, 'role' | 'organisationId'>, organisationIds: readonly string[]): void {
  if (!isCoordinator(actor) && !organisationIds.includes(actor.organisationId)) {
    throw forbidden('you may record efforts your own organisation takes part in; a coordinator may record any');
  }
}

/** Changing an effort (status, outcome, links) is for its organisations' people and for coordinators. */
export function assertMayChange(actor: Pick<Actor, 'role' | 'organisationId'>, effort: { organisationIds: readonly string[] }): void {
  if (!isCoordinator(actor) && !effort.organisationIds.includes(actor.organisationId)) {
    throw forbidden('only the organisations taking part in an effort, or a coordinator, may change it');
  }
}

/** Who takes part and who sees it is for the owning organisation to decide. */
export function assertMayChangeAudience(actor: Pick<Actor, 'organisationId'>, effort: { organisationId: string }): void {
  if (effort.organisationId !== actor.organisationId) throw forbidden('only the owning organisation may change who takes part in or sees an effort');
}

/** By default partners see an effort; a confidential operation (a drug operation, a dog search) stays with its own. */
export const defaultVisibility = (type: EffortType): Visibility => (CONFIDENTIAL_EFFORT_TYPES.includes(type) ? 'own' : 'partners');

/** A confidential operation is not shared wider than its own organisations until it is over. */
export function assertShareable(type: EffortType, status: EffortStatus, visibility: Visibility, sharedWith: readonly string[]): void {
  if (!CONFIDENTIAL_EFFORT_TYPES.includes(type) || !OPEN_EFFORT_STATUSES.includes(status)) return;
  if (visibility !== 'own' || sharedWith.length) {
    throw new DomainError('invalid', EffortErrorCode.NotYetShareable,
      [`visibility a ${type} stays with its own organisations ("own") until it is done or cancelled`], { field: 'visibility' });
  }
}

/** Organisations besides the participants that may see it: only with visibility "organisations". */
export function extraAudience(visibility: Visibility, ids: readonly string[] | undefined, participantIds: readonly string[]): string[] {
  const unique = [...new Set(ids ?? [])].filter((id) => !participantIds.includes(id));
  if (visibility !== 'organisations' && unique.length) throw invalid('sharedWithOrganisationIds', 'may only be given with visibility "organisations"');
  return unique;
}

/** The visibility policy's list (common/visibility.ts): everyone besides the owner who sees the effort. */
export const policyAudience = (participantIds: readonly string[], extra: readonly string[]) => [...participantIds.slice(1), ...extra];

export function assertTransition(from: EffortStatus, to: EffortStatus): void {
  if (from === to) return;
  if (!EFFORT_TRANSITIONS[from].includes(to)) {
    throw new DomainError('invalid', EffortErrorCode.IllegalTransition,
      [`status cannot change from ${from} to ${to}; allowed: ${EFFORT_TRANSITIONS[from].join(', ')}`], { field: 'status' });
  }
}

/** An end may not come before its start. */
export function assertOrdered(start: Date | null, end: Date | null, endField: string): void {
  if (start && end && end.getTime() < start.getTime()) throw invalid(endField, 'may not lie before the start');
}

/** When an effort starts or ends without given times, they are now. */
export function impliedTimes(to: EffortStatus, from: EffortStatus, actualStart: Date | null, actualEnd: Date | null, now: Date) {
  if (to === from) return { actualStart, actualEnd };
  if (to === 'ongoing') return { actualStart: actualStart ?? now, actualEnd: null };
  if (to === 'done') return { actualStart: actualStart ?? now, actualEnd: actualEnd ?? now };
  return { actualStart, actualEnd };
}

export const TRACKED_FIELDS = [
  'type', 'title', 'description', 'mode', 'organisations', 'status', 'visibility', 'sharedWithOrganisationIds', 'areas', 'places',
  'plannedStart', 'plannedEnd', 'actualStart', 'actualEnd', 'followUpAt', 'outcome',
] as const;

export const initialEffortChanges = (e: EffortResponse): EffortChange[] =>
  TRACKED_FIELDS.filter((k) => e[k] !== null).map((field) => ({ field, from: null, to: e[field] }));

/** What changed between two versions of an effort, field by field (compared as JSON). */
export function diffEfforts(a: EffortResponse, b: EffortResponse): EffortChange[] {
  return TRACKED_FIELDS.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => ({ field: k, from: a[k], to: b[k] }));
}
