import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CollaborationResponse, Page } from '#contracts';
import type { Actor } from '../common/actor.js';
import type { PageQuery } from '../common/pagination.js';
import { WritePath } from '../common/write/write-path.js';
import type { CollaborationEntity } from './collaboration.entity.js';
import type { CreateCollaborationDto } from './collaborations.dto.js';
import { CollaborationsRepository } from './collaborations.repository.js';

const toResponse = (r: CollaborationEntity): CollaborationResponse => ({
  id: r.id, name: r.name, municipality: r.municipality, createdAt: new Date(r.createdAt).toISOString(),
});

/** Collaborations (samverkan) are the tenants: one municipality's partnership each. */
@Injectable()
export class CollaborationsService {
  constructor(private readonly repo: CollaborationsRepository, private readonly writes: WritePath) {}

  async create(actor: Actor, dto: CreateCollaborationDto): Promise<CollaborationResponse> {
    const id = randomUUID();
    const result = await this.writes.run(actor, {}, (w) => {
      w.audit({ action: 'collaboration.create', entityType: 'collaboration', entityId: id });
      return this.repo.insert(w, { id, name: dto.name, municipality: dto.municipality });
    });
    if (result.kind !== 'written') throw new Error('a collaboration insert has no requirement to refuse it');
    return toResponse(result.rows[0]);
  }

  list(q: PageQuery): Promise<Page<CollaborationResponse>> {
    return this.repo.list(q, toResponse);
  }

  exists(id: string): Promise<boolean> {
    return this.repo.exists(id);
  }

  /** The collaboration the bootstrap admin and the demo data live in; created on first start. */
  ensureDefault(demo: boolean): Promise<string> {
    const [name, municipality] = demo ? ['Trygg i Lidköping', 'Lidköping'] : ['Standardsamverkan', 'Ej angiven'];
    return this.repo.ensureDefault(name, municipality);
  }
}
