import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqlWhere } from '../common/sql-where.js';
import { restrictToVisible, visibleCondition, type Viewer } from '../common/visibility.js';
import type { StoredEvent } from './stored-event.js';

const EVENT_COLUMNS = `e.collaboration_id AS "collaborationId", e.seq, e.type, e.at, e.entity_id AS "entityId", e.subject_id AS "subjectId",
  e.visibility, e.organisation_id AS "organisationId", e.shared_with AS "sharedWith", e.area_id AS "areaId", e.place_id AS "placeId",
  e.category, e.severity, e.payload`;

type EventRow = Omit<StoredEvent, 'seq' | 'at'> & { seq: string; at: Date };

const toStoredEvent = (r: EventRow): StoredEvent => ({ ...r, seq: Number(r.seq), at: new Date(r.at).toISOString() });

/**
 * The feed's reads of the event log. An event carries its own audience facts, so nothing here joins, locks or
 * knows the table of the record an event is about.
 */
@Injectable()
export class EventLogRepository {
  constructor(private readonly ds: DataSource) {}

  /** Each collaboration's last committed seq. */
  async lastSeqs(): Promise<{ collaborationId: string; lastSeq: number }[]> {
    const rows = await this.ds.query<{ collaborationId: string; lastSeq: string }[]>(
      'SELECT collaboration_id AS "collaborationId", last_seq AS "lastSeq" FROM event_counters',
    );
    return rows.map((r) => ({ collaborationId: r.collaborationId, lastSeq: Number(r.lastSeq) }));
  }

  /** The last seq of one collaboration and the oldest one still kept (events before it were pruned). */
  async bounds(collaborationId: string): Promise<{ last: number; oldest: number | null }> {
    const [row] = await this.ds.query<{ last: string | null; oldest: string | null }[]>(
      `SELECT (SELECT last_seq FROM event_counters WHERE collaboration_id = $1) AS last,
              (SELECT min(seq) FROM events WHERE collaboration_id = $1) AS oldest`,
      [collaborationId],
    );
    return { last: Number(row.last ?? 0), oldest: row.oldest === null ? null : Number(row.oldest) };
  }

  /** Every event of a collaboration after `afterSeq`, in seq order. */
  async after(collaborationId: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const rows = await this.ds.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.collaboration_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3`,
      [collaborationId, afterSeq, limit],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * The events in (afterSeq, upTo] that `viewer` may see, for a replay: visible by their own facts and by the
   * latest event of their subject (which carries the subject's current facts), so a record that has since been
   * hidden from the viewer is not replayed either.
   */
  async visibleBetween(viewer: Viewer, afterSeq: number, upTo: number, limit: number): Promise<StoredEvent[]> {
    const where = restrictToVisible(new SqlWhere(), viewer, 'e')
      .raw(visibleCondition('latest', '$1', '$2'), viewer.collaborationId, viewer.organisationId)
      .add('e.seq > ?', afterSeq)
      .add('e.seq <= ?', upTo);
    const rows = await this.ds.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM events e
       CROSS JOIN LATERAL (SELECT l.collaboration_id, l.visibility, l.organisation_id, l.shared_with FROM events l
         WHERE l.collaboration_id = e.collaboration_id AND l.subject_id = e.subject_id ORDER BY l.seq DESC LIMIT 1) latest
       WHERE ${where} ORDER BY e.seq LIMIT ${where.param(limit)}`,
      where.params,
    );
    return rows.map(toStoredEvent);
  }

  /** Deletes events older than `days`; how many. */
  async prune(days: number): Promise<number> {
    const [rows] = await this.ds.query<[unknown[], number]>('DELETE FROM events WHERE at < now() - make_interval(days => $1) RETURNING seq', [days]);
    return rows.length;
  }
}
