import { Injectable } from '@nestjs/common';
import type { AuditEntryResponse, Page } from '#contracts';
import type { Actor } from '../common/actor.js';
import { decodeCursor, toPage } from '../common/pagination.js';
import type { AuditQuery } from './audit.dto.js';
import { AuditRepository, type AuditView } from './audit.repository.js';

/**
 * Who did and saw what. Writes are recorded by the write path in the same statement as the change, so an audited
 * write cannot commit without its audit row; reads are recorded before the response is sent.
 */
@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

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
