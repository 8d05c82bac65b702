import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqlWhere } from '../common/sql-where.js';
import { AuditLogEntity } from '../common/write/audit-log.entity.js';
import { entityTable } from '../common/write/entity-table.js';
import type { AuditQuery } from './audit.dto.js';

/** An audit row with the e-mail and name of who acted. */
export type AuditView = AuditLogEntity & { userEmail: string | null; userName: string | null };

/**
 * The only place the audit context's SQL lives: reading the log. Rows are appended by the write path
 * (common/write), in the same statement as the change they record.
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly ds: DataSource) {}

  /** A page of a collaboration's log, newest first, before the id `beforeId`. */
  list(collaborationId: string, q: AuditQuery, beforeId: number | undefined, limit: number): Promise<AuditView[]> {
    const where = new SqlWhere('a.collaboration_id = $1', collaborationId)
      .add('a.user_id = ?', q.userId)
      .add('a.organisation_id = ?', q.organisationId)
      .add('a.action = ?', q.action)
      .add('(a.entity_id = ? OR ? = ANY(a.entity_ids))', q.entityId)
      .add('a.at >= ?', q.from)
      .add('a.at < ?', q.to)
      .add('a.id < ?', beforeId);
    return this.ds.query(
      `SELECT ${entityTable(AuditLogEntity).selectList('a')}, u.email AS "userEmail", u.name AS "userName"
       FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
       WHERE ${where} ORDER BY a.id DESC LIMIT ${where.param(limit)}`,
      where.params,
    );
  }
}
