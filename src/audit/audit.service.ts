import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { AuditEntryResponse, Page } from '#contracts';
import type { Actor } from '../common/actor.js';
import { decodeCursor, toPage } from '../common/pagination.js';
import { WritePath } from '../common/write/write-path.js';
import { auditCsv } from './audit.csv.js';
import type { AuditQuery } from './audit.dto.js';
import { AuditRepository, type AuditView } from './audit.repository.js';

/**
 * Who did and saw what. Writes are recorded by the write path in the same statement as the change, so an audited
 * write cannot commit without its audit row; reads are recorded before the response is sent.
 */
@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository, private readonly writes: WritePath) {}

  /**
   * Every entry of the filter as a CSV file (audit.csv.ts), streamed. The export is itself recorded (`audit.export`,
   * with its filter) before the first byte: who took a copy of the log is part of the log.
   */
  async csv(actor: Actor, q: AuditQuery): Promise<{ fileName: string; body: Readable }> {
    const { limit, cursor, format, ...filter } = q;
    await this.writes.audit(actor, { action: 'audit.export', details: { ...filter, format: 'csv' } });
    return { fileName: `loggbok-${new Date().toISOString().slice(0, 10)}.csv`, body: auditCsv(this.repo.stream(actor, filter)) };
  }

  async list(actor: Actor, q: AuditQuery): Promise<Page<AuditEntryResponse>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, ['number']);
    const rows = await this.repo.list(actor, q, after?.[0] as number | undefined, limit + 1);
    return toPage(rows, limit, toAuditResponse, (r) => [Number(r.id)]);
  }
}

function toAuditResponse(r: AuditView): AuditEntryResponse {
  return {
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    action: r.action,
    user: r.userId && r.showActor ? { id: r.userId, email: r.userEmail!, name: r.userName! } : null,
    organisationId: r.organisationId,
    entityType: r.entityType,
    entityId: r.entityId,
    entityIds: r.entityIds,
    ip: r.showActor ? r.ip : null,
    requestId: r.showActor ? r.requestId : null,
    details: r.details,
  };
}
