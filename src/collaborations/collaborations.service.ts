import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CollaborationResponse, Page } from '#contracts';
import type { Actor } from '../common/actor.js';
import { type PageQuery, pageByName } from '../common/pagination.js';
import { SqlWhere } from '../common/sql-where.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateCollaborationDto } from './collaborations.dto.js';

const toResponse = (r: Record<string, any>): CollaborationResponse => ({
  id: r.id, name: r.name, municipality: r.municipality, createdAt: new Date(r.created_at).toISOString(),
});

/** Collaborations (samverkan) are the tenants: one municipality's partnership each. */
@Injectable()
export class CollaborationsService {
  constructor(private readonly ds: DataSource, private readonly audit: AuditService) {}

  create(actor: Actor, dto: CreateCollaborationDto): Promise<CollaborationResponse> {
    return this.ds.transaction(async (m) => {
      const [row] = await m.query('INSERT INTO collaborations (name, municipality) VALUES ($1,$2) RETURNING *', [dto.name, dto.municipality]);
      await this.audit.record(actor, { action: 'collaboration.create', entityType: 'collaboration', entityId: row.id }, m);
      return toResponse(row);
    });
  }

  list(q: PageQuery): Promise<Page<CollaborationResponse>> {
    return pageByName(this.ds, 'SELECT * FROM collaborations c', new SqlWhere(), 'c', q, toResponse);
  }

  /** The collaboration the bootstrap admin and the demo data live in; created on first start. */
  async ensureDefault(name: string, municipality: string): Promise<string> {
    await this.ds.query(
      `INSERT INTO collaborations (name, municipality, is_default) VALUES ($1,$2,true) ON CONFLICT (is_default) WHERE is_default DO NOTHING`,
      [name, municipality],
    );
    const [row] = await this.ds.query('SELECT id FROM collaborations WHERE is_default');
    return row.id;
  }
}
