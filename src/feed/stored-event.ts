import type { FeedEvent, FeedEventType, Visibility } from '#contracts';

/** One row of the event log, as the feed reads it: everything needed to decide who may receive it. */
export interface StoredEvent {
  collaborationId: string;
  seq: number;
  type: FeedEventType;
  at: string;
  entityId: string;
  /** The record whose audience governs the event (a report for its comments). */
  subjectId: string;
  visibility: Visibility;
  organisationId: string;
  sharedWith: string[];
  areaId: string | null;
  placeId: string | null;
  category: string | null;
  severity: number | null;
  payload: Record<string, unknown>;
}

/**
 * The event as one recipient gets it: `data` is the record as the REST API returns it to them, which differs
 * only in whether the author is shown (their own organisation) or not (partners). Two audiences per event at most.
 */
export type Audience = 'own' | 'partner';

export function audienceOf(e: StoredEvent, viewerOrganisationId: string): Audience {
  return (e.payload.organisation as { id?: string } | undefined)?.id === viewerOrganisationId ? 'own' : 'partner';
}

export function toWire(e: StoredEvent, audience: Audience): FeedEvent {
  const data = audience === 'own' || !('author' in e.payload) ? e.payload : { ...e.payload, author: null };
  return { seq: e.seq, type: e.type, at: e.at, data } as FeedEvent;
}
