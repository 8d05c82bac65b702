import type { CommentResponse, OrganisationKind, ReportResponse } from '#contracts';
import { redactAuthor } from '../common/visibility.js';
import type { AudienceFacts } from '../common/write/write-path.js';
import type { ReportCommentEntity } from './report-comment.entity.js';
import type { ReportHistoryEntity } from './report-history.entity.js';
import type { ReportEntity } from './report.entity.js';

const iso = (d: Date | string) => new Date(d).toISOString();

/** The names a report is shown with, joined from the organisation, the author, the place and the area. */
export interface Names {
  orgName: string;
  orgKind: OrganisationKind;
  authorName: string;
}

/** A report row as the repository reads it: the entity plus the names it is shown with. */
export type ReportView = ReportEntity & Names & {
  placeName: string | null;
  areaName: string | null;
  assignedName: string | null;
  assignedKind: OrganisationKind | null;
  answeredByName: string | null;
  answeredByKind: OrganisationKind | null;
};
export type CommentView = ReportCommentEntity & Names;
export type HistoryView = ReportHistoryEntity & { actorName: string; orgName: string; orgKind: OrganisationKind };

/** The full record, as its own organisation sees it (the feed stores this and redacts per audience). */
export function toFullReport(r: ReportView): ReportResponse {
  return {
    id: r.id,
    seq: Number(r.seq),
    category: r.category,
    description: r.description,
    observedAt: iso(r.observedAt),
    severity: r.severity,
    status: r.status,
    visibility: r.visibility,
    sharedWithOrganisationIds: r.sharedWith,
    place: r.placeId ? { id: r.placeId, name: r.placeName! } : null,
    location: { lat: r.lat, lng: r.lng },
    area: r.areaId ? { id: r.areaId, name: r.areaName! } : null,
    organisation: { id: r.organisationId, name: r.orgName, kind: r.orgKind },
    author: { id: r.authorId, name: r.authorName },
    assignedTo: r.assignedTo ? { id: r.assignedTo, name: r.assignedName!, kind: r.assignedKind! } : null,
    mergedInto: r.mergedInto,
    answer: r.answer !== null && r.answeredAt && r.answeredBy
      ? { body: r.answer, at: iso(r.answeredAt), organisation: { id: r.answeredBy, name: r.answeredByName!, kind: r.answeredByKind! } }
      : null,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    version: r.version,
  };
}

export const toReportResponse = (r: ReportView, viewerOrganisationId: string) => redactAuthor(toFullReport(r), viewerOrganisationId);

export function toFullComment(c: CommentView): CommentResponse {
  return {
    id: c.id,
    reportId: c.reportId,
    seq: Number(c.seq),
    body: c.body,
    organisation: { id: c.organisationId, name: c.orgName, kind: c.orgKind },
    author: { id: c.authorId, name: c.authorName },
    createdAt: iso(c.createdAt),
  };
}

/** The facts of a report an event carries: who may see it and what subscriptions match on. */
export const reportFacts = (r: ReportView): AudienceFacts => ({
  visibility: r.visibility, organisationId: r.organisationId, sharedWith: r.sharedWith,
  areaId: r.areaId, placeId: r.placeId, category: r.category, severity: r.severity,
});
