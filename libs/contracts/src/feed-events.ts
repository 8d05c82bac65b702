import type { CommentResponse, ReportResponse } from './responses.js';

/** The live feed (Socket.IO namespace `/feed`): typed so every emit is checked by the compiler. */
export interface FeedEvent<T extends FeedEventType = FeedEventType> {
  seq: number;
  type: T;
  at: string;
  data: FeedEventData[T];
}

export interface FeedEventData {
  'report:created': ReportResponse;
  'report:updated': ReportResponse;
  'comment:created': CommentResponse;
  'effort:created': Record<string, unknown>;
  'effort:updated': Record<string, unknown>;
}
export type FeedEventType = keyof FeedEventData;
export const FEED_EVENT_TYPES: readonly FeedEventType[] = ['report:created', 'report:updated', 'comment:created', 'effort:created', 'effort:updated'];

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
