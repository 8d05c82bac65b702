import type { Visibility } from '#contracts';
import type { SqlWhere } from './sql-where.js';
import { Sql, type Statement } from './write/statement.js';

/**
 * The one visibility policy of the shared picture (api-contract.md, "Visibility"):
 * - partners: every organisation of the collaboration;
 * - organisations: the author's organisation plus the organisations it was shared with;
 * - own: the author's organisation only.
 * A record's `shared_with` lists every organisation besides its owner that may see it: for a report, those it was
 * shared with (only with `organisations`, else empty); for an effort, also the organisations taking part in it, which
 * always see it ("own" is then "its own organisations").
 * Roles do not widen it: a coordinator sees what their organisation may see. Every read of reports,
 * comments, history, feed events and pictures goes through `restrictToVisible`; the feed's in-memory check
 * `canSee` is the same rule for one event, and both are tested against the same matrix.
 */
export interface Viewer {
  collaborationId: string;
  organisationId: string;
}

export interface VisibilityFacts {
  collaborationId: string;
  visibility: Visibility;
  organisationId: string;
  sharedWith: readonly string[];
}

/** The policy as SQL for the table alias `alias` (columns collaboration_id, visibility, organisation_id, shared_with). */
export function visibleCondition(alias: string, collaborationParam: string, organisationParam: string): string {
  return `(${alias}.collaboration_id = ${collaborationParam} AND (${alias}.visibility = 'partners' OR ${alias}.organisation_id = ${organisationParam}
      OR ${organisationParam} = ANY(${alias}.shared_with)))`;
}

/** Adds the policy for `alias` to a WHERE clause. */
export function restrictToVisible(where: SqlWhere, viewer: Viewer, alias: string): SqlWhere {
  return where.raw(visibleCondition(alias, '$1', '$2'), viewer.collaborationId, viewer.organisationId);
}

export function canSee(viewer: Viewer, record: VisibilityFacts): boolean {
  if (record.collaborationId !== viewer.collaborationId) return false;
  if (record.visibility === 'partners' || record.organisationId === viewer.organisationId) return true;
  return record.sharedWith.includes(viewer.organisationId);
}

/**
 * Who wrote something is shown to their own organisation only: partners see which organisation reported,
 * not which person. Applied to every record with `organisation` and `author`, in REST and in the feed.
 */
export function redactAuthor<T extends { organisation: { id: string }; author: unknown }>(record: T, viewerOrganisationId: string): T {
  return record.organisation.id === viewerOrganisationId ? record : { ...record, author: null };
}

/** The policy for `alias` as an expression of a composite statement (see common/write), for locking steps. */
export function visibleIn(s: Statement, viewer: Viewer, alias: string): Sql {
  return new Sql(visibleCondition(alias, s.param(viewer.collaborationId, 'uuid').text, s.param(viewer.organisationId, 'uuid').text));
}
