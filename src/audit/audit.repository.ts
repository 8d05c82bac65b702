import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { isCollaborationAdmin } from '../common/actor.js';
import { SqlWhere } from '../common/sql-where.js';
import { visibleCondition } from '../common/visibility.js';
import { AuditLogEntity } from '../common/write/audit-log.entity.js';
import { entityTable } from '../common/write/entity-table.js';
import type { AuditQuery } from './audit.dto.js';

/** An audit row with who acted (when the caller may know) and the ids of a list read narrowed to what the caller may see. */
export type AuditView = AuditLogEntity & { userEmail: string | null; userName: string | null; showActor: boolean };

/**
 * The only place the audit context's SQL lives: reading the log. Rows are appended by the write path
 * (common/write), in the same statement as the change they record.
 *
 * What a caller sees is narrowed by the visibility policy, so the log never reveals what 404 hides:
 * - an entry about a report only if the caller may see that report; the ids of a list read only those they may see;
 * - who acted (e-mail, name, address, request) only if they belong to the caller's organisation, or the entry is
 *   about the caller's organisation's own report (the owner of the data sees who touched it), or the caller manages
 *   the whole collaboration and the entry is not about a report;
 * - other entries (users, organisations, places, logins): an organisation's admin sees those of its own
 *   organisation's people, a collaboration admin all of the collaboration's.
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly ds: DataSource) {}

  /** A page of a collaboration's log, newest first, before the id `beforeId`. */
  list(caller: Actor, q: AuditQuery, beforeId: number | undefined, limit: number): Promise<AuditView[]> {
    const manager = isCollaborationAdmin(caller);
    // $1, $2, $3: the caller's collaboration, organisation and whether they manage the whole collaboration.
    const where = new SqlWhere(`a.collaboration_id = $1 AND (CASE WHEN a.entity_type = 'report'
        THEN (a.entity_id IS NULL OR ${visibleCondition('r', '$1', '$2')})
        ELSE ($3::boolean OR a.organisation_id = $2 OR (a.entity_type = 'user' AND tu.organisation_id = $2)) END)`,
    caller.collaborationId, caller.organisationId, manager)
      .add('a.user_id = ?', q.userId)
      .add('a.organisation_id = ?', q.organisationId)
      .add('a.action = ?', q.action)
      .add('(a.entity_id = ? OR ? = ANY(a.entity_ids))', q.entityId)
      .add('a.at >= ?', q.from)
      .add('a.at < ?', q.to)
      .add('a.id < ?', beforeId);
    const shown = where.param(caller.platformAdmin);
    const list = entityTable(AuditLogEntity).selectList('a').replace('a.entity_ids AS "entityIds"',
      `CASE WHEN a.entity_ids IS NULL THEN NULL ELSE ARRAY(SELECT x FROM unnest(a.entity_ids) x JOIN reports lr ON lr.id = x
         WHERE ${visibleCondition('lr', '$1', '$2')}) END AS "entityIds"`);
    return this.ds.query(
      `SELECT ${list}, u.email AS "userEmail", u.name AS "userName",
         (${shown}::boolean OR a.organisation_id = $2 OR (a.entity_type = 'report' AND r.organisation_id = $2)
           OR ($3::boolean AND a.entity_type IS DISTINCT FROM 'report')) AS "showActor"
       FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
       LEFT JOIN reports r ON a.entity_type = 'report' AND r.id = a.entity_id
       LEFT JOIN users tu ON a.entity_type = 'user' AND tu.id = a.entity_id
       WHERE ${where} ORDER BY a.id DESC LIMIT ${where.param(limit)}`,
      where.params,
    );
  }
}
