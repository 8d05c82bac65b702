import type { Category, CommentResponse, ConcernTalkResponse, EffortActionResponse, EffortResponse, EffortStatus, ReportResponse } from '#contracts';

/**
 * The writes the outbox carries: for each kind, the body it sends and the record the server answers with.
 * Each is a write the server takes an `Idempotency-Key` for: the creates, and the changes of an effort (an update at
 * the version it was made against, and a link of reports), which a retry answers with the first answer. A new kind
 * is one more line here and one constructor below.
 */
export interface OutboxWrites {
  report: { body: ReportDraft; response: ReportResponse };
  comment: { body: CommentDraft; response: CommentResponse };
  effort: { body: EffortDraft; response: EffortResponse };
  effortAction: { body: EffortActionDraft; response: EffortActionResponse };
  effortUpdate: { body: EffortUpdateDraft; response: EffortResponse };
  effortLink: { body: EffortLinkDraft; response: EffortResponse };
  concernTalk: { body: ConcernTalkDraft; response: ConcernTalkResponse };
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
  /** The point lies outside the municipality on purpose (after the server asked: 400 LOCATION_OUTSIDE). */
  confirmOutside?: boolean;
}

/** The body of POST /api/reports/:id/comments. */
export interface CommentDraft {
  body: string;
}

/** The body of POST /api/efforts. */
export interface EffortDraft {
  type: string;
  title: string;
  description?: string;
  mode: 'joint' | 'separate';
  organisationIds: string[];
  ownerOrganisationId?: string;
  reportIds?: string[];
  placeIds?: string[];
  areaIds?: string[];
  plannedStart: string;
  plannedEnd?: string;
  followUpAt?: string;
  status?: string;
  visibility?: string;
  sharedWithOrganisationIds?: string[];
}

/** The body of POST /api/efforts/:id/actions ("12 besök"). */
export interface EffortActionDraft {
  organisationId: string;
  kind: string;
  count?: number;
  at: string;
  note?: string;
}

/**
 * The body of PATCH /api/efforts/:id as the effort page sends it: the version the change was made against and the
 * fields it changes. Queued offline, it is sent at that version: if the effort changed meanwhile the server refuses
 * it (409), and the user decides whether to apply it to the new version; it never overwrites a change unseen.
 */
export interface EffortUpdateDraft {
  version: number;
  status?: EffortStatus;
  outcome?: string;
  followUpAt?: string;
  visibility?: string;
  sharedWithOrganisationIds?: string[];
}

/** The body of POST /api/efforts/:id/reports (reports already linked are skipped by the server). */
export interface EffortLinkDraft {
  reportIds: string[];
}

/** The body of POST /api/concern-talks: a month's counts, never a name or a note (the API has no field for one). */
export interface ConcernTalkDraft {
  month: string;
  areaId?: string;
  talks: number;
  youths: number;
  guardiansPresent: number;
  socialServicesPresent: number;
}

/** The effort a write belongs to (an action, a change, a link), kept with it so the outbox can name and link it without a connection. */
export interface OutboxEffortRef {
  id: string;
  title: string;
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
  effort?: OutboxEffortRef;
}

export const reportWrite = (draft: ReportDraft): OutboxWrite<'report'> => ({ kind: 'report', method: 'POST', path: '/api/reports', body: draft });

export const commentWrite = (report: Pick<ReportResponse, 'id' | 'category' | 'place'>, body: string): OutboxWrite<'comment'> => ({
  kind: 'comment',
  method: 'POST',
  path: `/api/reports/${report.id}/comments`,
  body: { body },
  report: { id: report.id, category: report.category, place: report.place?.name ?? null },
});

export const effortWrite = (draft: EffortDraft): OutboxWrite<'effort'> => ({ kind: 'effort', method: 'POST', path: '/api/efforts', body: draft });

export const effortActionWrite = (effort: Pick<EffortResponse, 'id' | 'title'>, draft: EffortActionDraft): OutboxWrite<'effortAction'> => ({
  kind: 'effortAction',
  method: 'POST',
  path: `/api/efforts/${effort.id}/actions`,
  body: draft,
  effort: { id: effort.id, title: effort.title },
});

export const effortUpdateWrite = (effort: Pick<EffortResponse, 'id' | 'title'>, draft: EffortUpdateDraft): OutboxWrite<'effortUpdate'> => ({
  kind: 'effortUpdate',
  method: 'PATCH',
  path: `/api/efforts/${effort.id}`,
  body: draft,
  effort: { id: effort.id, title: effort.title },
});

export const effortLinkWrite = (effort: Pick<EffortResponse, 'id' | 'title'>, reportIds: string[]): OutboxWrite<'effortLink'> => ({
  kind: 'effortLink',
  method: 'POST',
  path: `/api/efforts/${effort.id}/reports`,
  body: { reportIds },
  effort: { id: effort.id, title: effort.title },
});

export const concernTalkWrite = (draft: ConcernTalkDraft): OutboxWrite<'concernTalk'> => ({ kind: 'concernTalk', method: 'POST', path: '/api/concern-talks', body: draft });
