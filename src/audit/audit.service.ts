import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditEntryResponse, Page } from '#contracts';
import type { Actor } from '../common/actor.js';
import { decodeCursor, toPage } from '../common/pagination.js';
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
    await db.query(
      `INSERT INTO audit_log (collaboration_id, user_id, organisation_id, action, entity_type, entity_id, entity_ids, ip, request_id, details)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [
        actor?.collaborationId ?? null, actor?.id ?? null, actor?.organisationId ?? null, entry.action,
        entry.entityType ?? null, entry.entityId ?? null, entry.entityIds ?? null, actor?.ip ?? null,
        actor?.requestId ?? null, entry.details ?? null,
      ],
    );
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
