import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditEntryResponse, Page } from '#contracts';
import type { Actor } from '../common/actor.js';
import { decodeCursor, toPage } from '../common/pagination.js';
import { CompositeStatement } from '../common/composite-statement.js';
import { SqlWhere } from '../common/sql-where.js';
import type { AuditQuery } from './audit.dto.js';

export interface AuditEntry {
  action: string;
  entityType?: string;
  entityId?: string;
  entityIds?: string[];
  details?: Record<string, unknown>;
}

type Db = Pick<EntityManager, 'query'>;

/**
 * Who did and saw what. Writes go into the caller's transaction, so an audited write cannot commit without
 * its audit row; reads are recorded before the response is sent, so a successful read is never unaudited.
 */
@Injectable()
export class AuditService {
  constructor(private readonly ds: DataSource) {}

  async record(actor: Actor | undefined, entry: AuditEntry, db: Db = this.ds): Promise<void> {
    const statement = new CompositeStatement();
    this.addTo(statement, actor, entry);
    await db.query(statement.sql('SELECT 1'), statement.params);
  }

  /** The audit row as part of a composite write, committed with it. */
  addTo(statement: CompositeStatement, actor: Actor | undefined, entry: AuditEntry, guard?: string): void {
    statement.insert(`audit_${statement.params.length}`, 'audit_log', {
      collaboration_id: [actor?.collaborationId ?? null, 'uuid'],
      user_id: [actor?.id ?? null, 'uuid'],
      organisation_id: [actor?.organisationId ?? null, 'uuid'],
      action: [entry.action, 'text'],
      entity_type: [entry.entityType ?? null, 'text'],
      entity_id: [entry.entityId ?? null, 'uuid'],
      entity_ids: [entry.entityIds ?? null, 'uuid[]'],
      ip: [actor?.ip ?? null, 'text'],
      request_id: [actor?.requestId ?? null, 'text'],
      details: [entry.details ?? null, 'jsonb'],
    }, { guard });
  }

  async list(actor: Actor, q: AuditQuery): Promise<Page<AuditEntryResponse>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, ['number']);
    const where = new SqlWhere('a.collaboration_id = $1', actor.collaborationId)
      .add('a.user_id = ?', q.userId)
      .add('a.organisation_id = ?', q.organisationId)
      .add('a.action = ?', q.action)
      .add('(a.entity_id = ? OR ? = ANY(a.entity_ids))', q.entityId)
      .add('a.at >= ?', q.from)
      .add('a.at < ?', q.to)
      .add('a.id < ?', after?.[0]);
    const rows = await this.ds.query(
      `SELECT a.*, u.email AS user_email, u.name AS user_name FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
       WHERE ${where} ORDER BY a.id DESC LIMIT ${where.param(limit + 1)}`,
      where.params,
    );
    return toPage(rows, limit, toAuditResponse, (r: { id: string }) => [Number(r.id)]);
  }
}

function toAuditResponse(r: Record<string, any>): AuditEntryResponse {
  return {
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    action: r.action,
    user: r.user_id ? { id: r.user_id, email: r.user_email, name: r.user_name } : null,
    organisationId: r.organisation_id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    entityIds: r.entity_ids,
    ip: r.ip,
    requestId: r.request_id,
    details: r.details,
  };
}
