import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FeedEventType, Visibility } from '#contracts';

export const EVENTS_CHANNEL = 'lagesbild_events';

export interface NewEvent {
  collaborationId: string;
  type: FeedEventType;
  entityId: string;
  reportId?: string;
  visibility: Visibility;
  organisationId: string;
  sharedWith: readonly string[];
  areaId: string | null;
  placeId: string | null;
  category: string | null;
  severity: number | null;
  /** The record as the REST API returns it to its own organisation; `seq` is filled in here. */
  payload: Record<string, unknown>;
  /** The row whose `seq` column should carry this event's seq (the record's latest change). */
  stamp?: { table: 'reports' | 'report_comments'; id: string };
}

/**
 * Appends one feed event inside the writer's transaction. Call it as the LAST statement before commit (at most
 * once per transaction: it locks the event's report, then the counter, and a second call would lock a report
 * while holding the counter):
 * the per-collaboration counter row it increments stays locked until commit, so events commit in seq order
 * and a reader resuming "after N" never skips a smaller seq that commits later. A rolled-back write takes
 * its event and its seq with it (no gap), and the NOTIFY is delivered only on commit.
 */
@Injectable()
export class EventLogService {
  async append(m: Pick<EntityManager, 'query'>, event: NewEvent): Promise<{ seq: number; at: string }> {
    // An event about the report itself comes from a writer that holds the row (its facts are current); one about
    // something attached to a report (a comment) takes them from the row (see withCurrentReportFacts).
    const e = event.reportId && event.entityId !== event.reportId ? await this.withCurrentReportFacts(m, event) : event;
    const stamp = e.stamp
      ? `, stamped AS (UPDATE ${e.stamp.table === 'reports' ? 'reports' : 'report_comments'} SET seq = (SELECT last_seq FROM c) WHERE id = $13)`
      : '';
    const params: unknown[] = [
      e.collaborationId, e.type, e.entityId, e.reportId ?? null, e.visibility, e.organisationId, e.sharedWith,
      e.areaId, e.placeId, e.category, e.severity, e.payload,
    ];
    if (e.stamp) params.push(e.stamp.id);
    const [row] = await m.query(
      `WITH c AS (UPDATE collaborations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq),
       ins AS (
         INSERT INTO events (collaboration_id, seq, type, entity_id, report_id, visibility, organisation_id, shared_with,
                             area_id, place_id, category, severity, payload)
         SELECT $1, c.last_seq, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, jsonb_set($12::jsonb, '{seq}', to_jsonb(c.last_seq)) FROM c
         RETURNING seq, at)${stamp}
       SELECT ins.seq, ins.at, pg_notify('${EVENTS_CHANNEL}', $1 || ':' || ins.seq) FROM ins`,
      params,
    );
    if (!row) throw new Error(`collaboration ${e.collaborationId} has no event counter`);
    return { seq: Number(row.seq), at: new Date(row.at).toISOString() };
  }

  /**
   * Who may see an event about a report is decided by the report row as it is at commit, not as the writer read
   * it earlier: a comment whose transaction read the report (unlocked) just before the author narrowed it to "own"
   * would otherwise be appended after the narrowing with the old "partners" facts, and reach partners that REST
   * now answers 404. FOR SHARE waits for a concurrent change of the report to commit and then reads the new
   * version; taken before the counter row, it keeps the lock order of updates (report row, then counter).
   */
  private async withCurrentReportFacts(m: Pick<EntityManager, 'query'>, e: NewEvent): Promise<NewEvent> {
    const [r] = await m.query(
      'SELECT visibility, organisation_id, shared_with, area_id, place_id, category, severity FROM reports WHERE id = $1 FOR SHARE',
      [e.reportId],
    );
    if (!r) return e;
    return {
      ...e, visibility: r.visibility, organisationId: r.organisation_id, sharedWith: r.shared_with ?? [],
      areaId: r.area_id, placeId: r.place_id, category: r.category, severity: r.severity,
    };
  }
}
