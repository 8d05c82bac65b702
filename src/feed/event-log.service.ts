import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FeedEventType, Visibility } from '#contracts';
import { CompositeStatement } from '../common/composite-statement.js';

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

/** An event appended in a transaction that has not committed yet: its seq is assigned at commit. */
export interface PendingEvent {
  id: string;
}

/**
 * Appends feed events inside the writer's transaction. The seq is NOT taken here: a deferred constraint trigger
 * (migration AssignEventSeqAtCommit) takes it from the per-collaboration counter while the transaction commits,
 * so events commit in seq order and a reader resuming "after N" never skips a smaller seq that commits later;
 * the counter is held only for the commit itself. A rolled-back write takes its event with it (no seq used, no
 * gap), and the NOTIFY is delivered only on commit. After commit, `committedSeq` tells the seq.
 */
@Injectable()
export class EventLogService {
  async append(m: Pick<EntityManager, 'query'>, event: NewEvent): Promise<PendingEvent> {
    // An event about the report itself comes from a writer that holds the row (its facts are current); one about
    // something attached to a report (a comment) takes them from the row (see withCurrentReportFacts).
    const e = event.reportId && event.entityId !== event.reportId ? await this.withCurrentReportFacts(m, event) : event;
    const statement = new CompositeStatement();
    this.addTo(statement, e);
    const [row] = await m.query(statement.sql('SELECT id FROM event'), statement.params);
    return { id: String(row.id) };
  }

  /**
   * The event as the CTE `event` (returning its id) of a composite write. Only for events about the record the
   * statement itself writes, whose facts are therefore current (not for comments: see append).
   */
  addTo(statement: CompositeStatement, e: NewEvent, guard?: string, seq?: string): void {
    statement.insert('event', 'events', {
      ...(seq && { seq: { sql: `${seq}.seq` } }),
      collaboration_id: [e.collaborationId, 'uuid'],
      type: [e.type, 'text'],
      entity_id: [e.entityId, 'uuid'],
      report_id: [e.reportId ?? null, 'uuid'],
      visibility: [e.visibility, 'text'],
      organisation_id: [e.organisationId, 'uuid'],
      shared_with: [e.sharedWith, 'uuid[]'],
      area_id: [e.areaId, 'uuid'],
      place_id: [e.placeId, 'uuid'],
      category: [e.category, 'text'],
      severity: [e.severity, 'smallint'],
      payload: seq ? { sql: `jsonb_set(${statement.value(e.payload, 'jsonb')}, '{seq}', to_jsonb(${seq}.seq))` } : [e.payload, 'jsonb'],
      stamp_table: [seq ? null : (e.stamp?.table ?? null), 'text'],
      stamp_id: [seq ? null : (e.stamp?.id ?? null), 'uuid'],
    }, { guard: [guard, seq].filter((g): g is string => !!g), returning: 'id' });
  }

  /**
   * For a writer that is ONE autocommit statement: takes the collaboration's next seq in the statement as the
   * CTE `seq` (only if `guard` returned a row). The counter row stays locked only until that statement's own
   * commit, with no client round trip in between, so seq order is still commit order. The statement must end
   * with `notifySql` and stamp the seq on its record itself.
   */
  takeSeq(statement: CompositeStatement, collaborationId: string, guard?: string): string {
    statement.add('seq', `UPDATE collaborations SET last_seq = last_seq + 1 WHERE id = ${statement.value(collaborationId, 'uuid')}
      ${guard ? `AND EXISTS (SELECT 1 FROM ${guard})` : ''} RETURNING last_seq AS seq`);
    return 'seq';
  }

  /** The final SELECT of a statement that took its seq: answers the seq and announces the event (sent on commit). */
  notifySql(statement: CompositeStatement, collaborationId: string, seq = 'seq'): string {
    return `SELECT ${seq}.seq, pg_notify('${EVENTS_CHANNEL}', ${statement.value(collaborationId, 'text')} || ':' || ${seq}.seq) FROM ${seq}`;
  }

  /** The seq of the first event about a record (its creation), for answers replayed from an idempotency key. */
  async creationSeq(db: Pick<EntityManager, 'query'>, entityId: string): Promise<number> {
    const [row] = await db.query('SELECT seq FROM events WHERE entity_id = $1 AND seq IS NOT NULL ORDER BY id LIMIT 1', [entityId]);
    return row ? Number(row.seq) : 0;
  }

  /** The seq an event got when its transaction committed. */
  async committedSeq(db: Pick<EntityManager, 'query'>, pending: PendingEvent): Promise<number> {
    const [row] = await db.query('SELECT seq FROM events WHERE id = $1', [pending.id]);
    if (!row || row.seq === null) throw new Error(`event ${pending.id} has no seq: it was not committed`);
    return Number(row.seq);
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
