import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OrganisationResponse, Page } from '#contracts';
import type { Actor } from '../common/actor.js';
import { conflict, notFound } from '../common/domain-error.js';
import { type PageQuery, pageByName } from '../common/pagination.js';
import { SqlWhere } from '../common/sql-where.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateOrganisationDto } from './organisations.dto.js';

const toResponse = (r: Record<string, any>): OrganisationResponse => ({
  id: r.id, name: r.name, kind: r.kind, createdAt: new Date(r.created_at).toISOString(),
});

/** The partners of a collaboration. */
@Injectable()
export class OrganisationsService {
  constructor(private readonly ds: DataSource, private readonly audit: AuditService) {}

  async create(actor: Actor, dto: CreateOrganisationDto): Promise<OrganisationResponse> {
    const collaborationId = dto.collaborationId ?? actor.collaborationId;
    if (collaborationId !== actor.collaborationId) {
      // An id from another collaboration answers 404 to everyone but a platform admin (api-contract.md, Collaborations).
      const [c] = actor.platformAdmin ? await this.ds.query('SELECT id FROM collaborations WHERE id = $1', [collaborationId]) : [];
      if (!c) throw notFound('collaborationId: collaboration');
    }
    return this.ds.transaction(async (m) => {
      const rows = await m.query(
        `INSERT INTO organisations (collaboration_id, name, kind) VALUES ($1,$2,$3)
         ON CONFLICT DO NOTHING RETURNING *`,
        [collaborationId, dto.name, dto.kind],
      );
      if (!rows.length) throw conflict('ORGANISATION_EXISTS', `an organisation named "${dto.name}" already exists`);
      // Logged in the collaboration that gains the partner, not the platform admin's own (nothing crosses over).
      await this.audit.record({ ...actor, collaborationId }, { action: 'organisation.create', entityType: 'organisation', entityId: rows[0].id }, m);
      return toResponse(rows[0]);
    });
  }

  list(actor: Actor, q: PageQuery): Promise<Page<OrganisationResponse>> {
    return pageByName(this.ds, 'SELECT * FROM organisations o', new SqlWhere('o.collaboration_id = $1', actor.collaborationId), 'o', q, toResponse);
  }

  /** Ids that are not organisations of the caller's collaboration answer 404 for the named field. */
  async assertAllInCollaboration(collaborationId: string, ids: string[], field: string): Promise<void> {
    if (!ids.length) return;
    const rows = await this.ds.query('SELECT id FROM organisations WHERE collaboration_id = $1 AND id = ANY($2::uuid[])', [collaborationId, ids]);
    if (rows.length !== new Set(ids).size) throw notFound(`${field}: organisation`);
  }
}
