import type { CommentResponse, EffortActionResponse, EffortResponse, ReportResponse } from './responses.js';

/**
 * What each live-feed event carries in `data`: the record as the REST API returns it to the recipient.
 * A type is listed only once its response shape exists.
 */
export interface FeedEventData {
  'report:created': ReportResponse;
  'report:updated': ReportResponse;
  /** A report was merged into another as a duplicate (`data.mergedInto`): it leaves the lists. */
  'report:merged': ReportResponse;
  'comment:created': CommentResponse;
  'effort:created': EffortResponse;
  'effort:updated': EffortResponse;
  /** Reports were linked to or unlinked from the effort; which ones: GET /api/efforts/:id/reports (those you may see). */
  'effort:linked': EffortResponse;
  /**
   * An organisation's action was recorded in the effort `data.effortId` ("12 besök"): the action as
   * GET /api/efforts/:id/actions lists it, plus the event's `seq`. It reaches who may see the effort; the effort
   * itself is unchanged (same version).
   */
  'effort:action': EffortActionResponse & { seq: number };
}
export type FeedEventType = keyof FeedEventData;
export const FEED_EVENT_TYPES = ['report:created', 'report:updated', 'report:merged', 'comment:created', 'effort:created', 'effort:updated', 'effort:linked', 'effort:action'] as const satisfies readonly FeedEventType[];

/**
 * One event of the live feed (Socket.IO namespace `/feed`), on the wire `{ seq, type, at, data }`.
 * A discriminated union on `type`: `FeedEvent` is any event, `FeedEvent<'comment:created'>` one kind, and a
 * handler that checks `e.type` gets `e.data` typed without a cast.
 */
export type FeedEvent<T extends FeedEventType = FeedEventType> = {
  [K in T]: { seq: number; type: K; at: string; data: Stored<FeedEventData[K]> };
}[T];

/**
 * A response as the event log keeps it (jsonb, read back as `Record<string, unknown>`): the same properties as an
 * object type rather than an interface, which TypeScript lets the server convert from that plain record.
 */
type Stored<T> = { [P in keyof T]: T[P] };

/** Typed so every emit is checked by the compiler. */
export type ServerToClientEvents = { [K in FeedEventType]: (event: FeedEvent<K>) => void } & {
  'feed:error': (err: { code: string; message: string }) => void;
  /** Sent on connect: the seq the feed stands at. A client with no history resumes from it (live events wait for a resume). */
  'feed:hello': (hello: { lastSeq: number }) => void;
};

export interface ResumeAck {
  ok: boolean;
  replayed?: number;
  lastSeq?: number;
  resync?: boolean;
  error?: { code: string; message: string };
}

export interface ClientToServerEvents {
  'feed:resume': (args: { afterSeq: number }, ack: (res: ResumeAck) => void) => void;
  'feed:all': (args: { enabled: boolean } | undefined, ack: (res: { ok: boolean; error?: { code: string; message: string } }) => void) => void;
}
