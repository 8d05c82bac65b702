import type { CommentResponse, HistoryEntryResponse, ReportResponse } from '#contracts';
import { redactAuthor } from '../common/visibility.js';

const iso = (d: Date | string) => new Date(d).toISOString();

/** Row shape of SELECT_REPORT. */
export interface ReportRow {
  id: string;
  collaboration_id: string;
  seq: string;
  category: ReportResponse['category'];
  description: string;
  observed_at: Date;
  severity: number;
  status: ReportResponse['status'];
  visibility: ReportResponse['visibility'];
  shared_with: string[];
  place_id: string | null;
  place_name: string | null;
  area_id: string | null;
  area_name: string | null;
  lat: number;
  lng: number;
  organisation_id: string;
  org_name: string;
  org_kind: ReportResponse['organisation']['kind'];
  author_id: string;
  author_name: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export const SELECT_REPORT = `SELECT r.*, o.name AS org_name, o.kind AS org_kind, u.name AS author_name, p.name AS place_name, a.name AS area_name
  FROM reports r JOIN organisations o ON o.id = r.organisation_id JOIN users u ON u.id = r.author_id
  LEFT JOIN places p ON p.id = r.place_id LEFT JOIN areas a ON a.id = r.area_id`;

/** The full record, as its own organisation sees it (the feed stores this and redacts per audience). */
export function toFullReport(r: ReportRow): ReportResponse {
  return {
    id: r.id,
    seq: Number(r.seq),
    category: r.category,
    description: r.description,
    observedAt: iso(r.observed_at),
    severity: r.severity,
    status: r.status,
    visibility: r.visibility,
    sharedWithOrganisationIds: r.shared_with,
    place: r.place_id ? { id: r.place_id, name: r.place_name! } : null,
    location: { lat: r.lat, lng: r.lng },
    area: r.area_id ? { id: r.area_id, name: r.area_name! } : null,
    organisation: { id: r.organisation_id, name: r.org_name, kind: r.org_kind },
    author: { id: r.author_id, name: r.author_name },
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    version: r.version,
  };
}

export const toReportResponse = (r: ReportRow, viewerOrganisationId: string) => redactAuthor(toFullReport(r), viewerOrganisationId);

export const SELECT_COMMENT = `SELECT c.*, o.name AS org_name, o.kind AS org_kind, u.name AS author_name
  FROM report_comments c JOIN organisations o ON o.id = c.organisation_id JOIN users u ON u.id = c.author_id`;

export function toFullComment(c: Record<string, any>): CommentResponse {
  return {
    id: c.id,
    reportId: c.report_id,
    seq: Number(c.seq),
    body: c.body,
    organisation: { id: c.organisation_id, name: c.org_name, kind: c.org_kind },
    author: { id: c.author_id, name: c.author_name },
    createdAt: iso(c.created_at),
  };
}

export function toHistoryEntry(h: Record<string, any>, viewerOrganisationId: string): HistoryEntryResponse {
  return redactActor({
    id: String(h.id),
    action: h.action,
    at: iso(h.at),
    actor: { id: h.actor_id, name: h.actor_name },
    organisation: { id: h.actor_organisation_id, name: h.org_name, kind: h.org_kind },
    changes: h.changes,
  }, viewerOrganisationId);
}

function redactActor(e: HistoryEntryResponse, viewerOrganisationId: string): HistoryEntryResponse {
  return e.organisation.id === viewerOrganisationId ? e : { ...e, actor: null };
}
