import type { Category, CommentResponse, ReportResponse } from '#contracts';

/**
 * The writes the outbox carries: for each kind, the body it sends and the record the server answers with.
 * Each is an idempotent create (the server takes an `Idempotency-Key`); a new kind is one more line here and one
 * constructor below.
 */
export interface OutboxWrites {
  report: { body: ReportDraft; response: ReportResponse };
  comment: { body: CommentDraft; response: CommentResponse };
}
export type OutboxKind = keyof OutboxWrites;

/** The body of POST /api/reports. */
export interface ReportDraft {
  category: string;
  description: string;
  observedAt: string;
  placeId?: string;
  location?: { lat: number; lng: number };
  severity?: number;
  visibility?: string;
  sharedWithOrganisationIds?: string[];
}

/** The body of POST /api/reports/:id/comments. */
export interface CommentDraft {
  body: string;
}

/** The report a write belongs to, kept with it so the outbox can name and link it without a connection. */
export interface OutboxReportRef {
  id: string;
  category: Category;
  place: string | null;
}

/** One write to put in the outbox: what to send where, and what the UI shows it as. */
export interface OutboxWrite<K extends OutboxKind = OutboxKind> {
  kind: K;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body: OutboxWrites[K]['body'];
  report?: OutboxReportRef;
}

export const reportWrite = (draft: ReportDraft): OutboxWrite<'report'> => ({ kind: 'report', method: 'POST', path: '/api/reports', body: draft });

export const commentWrite = (report: Pick<ReportResponse, 'id' | 'category' | 'place'>, body: string): OutboxWrite<'comment'> => ({
  kind: 'comment',
  method: 'POST',
  path: `/api/reports/${report.id}/comments`,
  body: { body },
  report: { id: report.id, category: report.category, place: report.place?.name ?? null },
});
