import { type EffortActionResponse, type EffortResponse, OPEN_EFFORT_STATUSES, type OrganisationKind, type OrganisationRef } from '#contracts';
import { redactAuthor } from '../common/visibility.js';
import type { EffortActionEntity } from './effort-action.entity.js';
import type { EffortHistoryEntity } from './effort-history.entity.js';
import type { EffortEntity } from './effort.entity.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

/** An effort row as the repository reads it: the entity plus the names it is shown with and its link count. */
export type EffortView = EffortEntity & {
  organisations: OrganisationRef[];
  areas: { id: string; name: string }[];
  places: { id: string; name: string }[];
  authorName: string;
  linkedReports: number;
};
export type ActionView = EffortActionEntity & { orgName: string; orgKind: OrganisationKind; authorName: string };
export type EffortHistoryView = EffortHistoryEntity & { actorName: string; orgName: string; orgKind: OrganisationKind };

/** The organisations an effort is shown with, in its own order (owner first). */
const ordered = (ids: string[], refs: OrganisationRef[]) => ids.map((id) => refs.find((o) => o.id === id)!).filter(Boolean);

/** The full record, as its owning organisation sees it (the feed stores this and redacts per audience). */
export function toFullEffort(e: EffortView, now = Date.now()): EffortResponse {
  const organisations = ordered(e.organisationIds, e.organisations);
  return {
    id: e.id,
    seq: Number(e.seq),
    type: e.type,
    title: e.title,
    description: e.description,
    mode: e.mode,
    organisation: organisations[0],
    organisations,
    status: e.status,
    visibility: e.visibility,
    sharedWithOrganisationIds: e.sharedWith.filter((id) => !e.organisationIds.includes(id)),
    areas: e.areaIds.map((id) => e.areas.find((a) => a.id === id)!).filter(Boolean),
    places: e.placeIds.map((id) => e.places.find((p) => p.id === id)!).filter(Boolean),
    plannedStart: iso(e.plannedStart),
    plannedEnd: isoOrNull(e.plannedEnd),
    actualStart: isoOrNull(e.actualStart),
    actualEnd: isoOrNull(e.actualEnd),
    followUpAt: isoOrNull(e.followUpAt),
    overdue: isOverdue(e, now),
    outcome: e.outcome,
    linkedReports: Number(e.linkedReports),
    author: { id: e.authorId, name: e.authorName },
    createdAt: iso(e.createdAt),
    updatedAt: iso(e.updatedAt),
    version: e.version,
  };
}

export const isOverdue = (e: Pick<EffortEntity, 'followUpAt' | 'status'>, now = Date.now()) =>
  e.followUpAt !== null && new Date(e.followUpAt).getTime() < now && OPEN_EFFORT_STATUSES.includes(e.status);

export const toEffortResponse = (e: EffortView, viewerOrganisationId: string) => redactAuthor(toFullEffort(e), viewerOrganisationId);

export function toFullAction(a: ActionView): EffortActionResponse {
  return {
    id: a.id,
    effortId: a.effortId,
    organisation: { id: a.organisationId, name: a.orgName, kind: a.orgKind },
    kind: a.kind,
    count: a.count,
    at: iso(a.at),
    note: a.note,
    author: { id: a.authorId, name: a.authorName },
    createdAt: iso(a.createdAt),
  };
}
