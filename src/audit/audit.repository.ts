import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { holdsConcernTalks } from '#contracts';
import type { Actor } from '../common/actor.js';
import { SqlWhere } from '../common/sql-where.js';
import { visibleCondition } from '../common/visibility.js';
import { AuditLogEntity } from '../common/write/audit-log.entity.js';
import { entityTable } from '../common/write/entity-table.js';
import type { AuditQuery } from './audit.dto.js';

/** An audit row with who acted (when the caller may know) and the ids of a list read narrowed to what the caller may see. */
export type AuditView = AuditLogEntity & { userEmail: string | null; userName: string | null; organisationName: string | null; showActor: boolean };

/**
 * The only place the audit context's SQL lives: reading the log. Rows are appended by the write path
 * (common/write), in the same statement as the change they record.
 *
 * What a caller sees is narrowed by the visibility policy, so the log never reveals what 404 hides:
 * - an entry about a report (or an effort) only if the caller may see it; the ids of a list read only those they may see;
 * - who acted on a report (e-mail, name, address, request) only if they belong to the caller's organisation, or the
 *   report is the caller's organisation's own (the owner of the data sees who touched it) — as the report API shows
 *   authors to their own organisation only;
 * - entries about a subscription (its user's own) only to the admins of that user's organisation;
 * - entries about concern talks only to the organisations that hold them (police, social services: 404 to everyone
 *   else), and who acted only to the acting person's own organisation, as with reports;
 * - entries about the collaboration's people, organisations and places, which every admin may list anyway, as they are.
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly ds: DataSource) {}

  /** A page of a collaboration's log, newest first, before the id `beforeId`. */
  list(caller: Actor, q: AuditQuery, beforeId: number | undefined, limit: number): Promise<AuditView[]> {
    const { text, params } = this.select(caller, q, beforeId, limit);
    return this.ds.query(text, params);
  }

  /**
   * Every entry of the filter, newest first, from a cursor (pg-query-stream) in batches: a year's log is held a batch
   * at a time. The connection goes back to the pool when the iteration ends, fails or is abandoned.
   */
  async *stream(caller: Actor, q: AuditQuery): AsyncGenerator<AuditView> {
    const { text, params } = this.select(caller, q, undefined, null);
    const runner = this.ds.createQueryRunner('slave');
    const client = (await runner.connect()) as PoolClient;
    const stream = client.query(new QueryStream(text, params, { batchSize: 1000 }));
    try {
      yield* stream as AsyncIterable<AuditView>;
    } finally {
      if (!stream.destroyed) await new Promise((resolve) => stream.once('close', resolve).destroy());
      await runner.release();
    }
  }

  /** The statement of `list` and `stream`: the caller's part of the log by the filter, newest first (at most `limit`). */
  private select(caller: Actor, q: AuditQuery, beforeId: number | undefined, limit: number | null): { text: string; params: unknown[] } {
    // $1, $2: the caller's collaboration and organisation; $3: whether the caller's organisation holds concern talks.
    const where = new SqlWhere(`a.collaboration_id = $1 AND (CASE a.entity_type
        WHEN 'report' THEN a.entity_id IS NULL OR ${visibleCondition('r', '$1', '$2::uuid')}
        WHEN 'effort' THEN a.entity_id IS NULL OR ${visibleCondition('ef', '$1', '$2::uuid')}
        -- A subscription is its user's own (404 to everyone else): only their own organisation's admins see it in the log.
        WHEN 'subscription' THEN a.organisation_id = $2::uuid
        -- Concern talks exist for the police and social services only (404 to everyone else).
        WHEN 'concern_talk' THEN $3::boolean
        ELSE true END)`, caller.collaborationId, caller.organisationId, holdsConcernTalks(caller.organisationKind))
      .add('a.user_id = ?', q.userId)
      .add('a.organisation_id = ?', q.organisationId)
      .add('a.action = ?', q.action)
      .add('(a.entity_id = ? OR ? = ANY(a.entity_ids))', q.entityId)
      .add('a.at >= ?', q.from)
      .add('a.at < ?', q.to)
      .add('a.entity_type = ?', q.entityType)
      .add('a.id < ?', beforeId);
    const shown = where.param(caller.platformAdmin);
    const list = entityTable(AuditLogEntity).selectList('a').replace('a.entity_ids AS "entityIds"',
      `CASE WHEN a.entity_ids IS NULL THEN NULL WHEN a.entity_type = 'concern_talk' THEN a.entity_ids
         WHEN a.entity_type = 'effort' THEN ARRAY(SELECT x FROM unnest(a.entity_ids) x JOIN efforts le ON le.id = x WHERE ${visibleCondition('le', '$1', '$2')})
         -- Meetings: whoever reads the log (an admin) is a coordinator, who reads every meeting of the collaboration.
         WHEN a.entity_type = 'meeting' THEN a.entity_ids
         ELSE ARRAY(SELECT x FROM unnest(a.entity_ids) x JOIN reports lr ON lr.id = x WHERE ${visibleCondition('lr', '$1', '$2')}) END AS "entityIds"`);
    return {
      text: `SELECT ${list}, u.email AS "userEmail", u.name AS "userName", og.name AS "organisationName",
         (${shown}::boolean OR a.entity_type IS NULL OR a.entity_type NOT IN ('report', 'effort', 'concern_talk') OR a.organisation_id = $2
           OR r.organisation_id = $2 OR ef.organisation_id = $2) AS "showActor"
       FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN organisations og ON og.id = a.organisation_id
       LEFT JOIN reports r ON a.entity_type = 'report' AND r.id = a.entity_id
       LEFT JOIN efforts ef ON a.entity_type = 'effort' AND ef.id = a.entity_id
       WHERE ${where} ORDER BY a.id DESC${limit === null ? '' : ` LIMIT ${where.param(limit)}`}`,
      params: where.params,
    };
  }
}
