import type { FeedEvent, FeedEventType, Visibility } from '#contracts';

/** One row of the event log, as the feed reads it: everything needed to decide who may receive it. */
export interface StoredEvent {
  collaborationId: string;
  seq: number;
  type: FeedEventType;
  at: string;
  entityId: string;
  reportId: string | null;
  visibility: Visibility;
  organisationId: string;
  sharedWith: string[];
  areaId: string | null;
  placeId: string | null;
  category: string | null;
  severity: number | null;
  payload: Record<string, unknown>;
}

export const EVENT_COLUMNS = `e.collaboration_id, e.seq, e.type, e.at, e.entity_id, e.report_id, e.visibility, e.organisation_id,
  e.shared_with, e.area_id, e.place_id, e.category, e.severity, e.payload`;

export function toStoredEvent(r: Record<string, any>): StoredEvent {
  return {
    collaborationId: r.collaboration_id,
    seq: Number(r.seq),
    type: r.type,
    at: new Date(r.at).toISOString(),
    entityId: r.entity_id,
    reportId: r.report_id,
    visibility: r.visibility,
    organisationId: r.organisation_id,
    sharedWith: r.shared_with ?? [],
    areaId: r.area_id,
    placeId: r.place_id,
    category: r.category,
    severity: r.severity,
    payload: r.payload,
  };
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
