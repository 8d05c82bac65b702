import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { OrganisationRef, OrganisationResponse, Page } from '#contracts';
import type { Actor } from '../common/actor.js';
import { conflict, DomainError, notFound } from '../common/domain-error.js';
import type { PageQuery } from '../common/pagination.js';
import { WritePath } from '../common/write/write-path.js';
import { CollaborationsService } from '../collaborations/collaborations.service.js';
import type { OrganisationEntity } from './organisation.entity.js';
import type { CreateOrganisationDto } from './organisations.dto.js';
import { OrganisationsRepository } from './organisations.repository.js';

const toResponse = (r: OrganisationEntity): OrganisationResponse => ({
  id: r.id, name: r.name, kind: r.kind, createdAt: new Date(r.createdAt).toISOString(),
});

/** The partners of a collaboration. */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly repo: OrganisationsRepository,
    private readonly writes: WritePath,
    private readonly collaborations: CollaborationsService,
  ) {}

  async create(actor: Actor, dto: CreateOrganisationDto): Promise<OrganisationResponse> {
    const collaborationId = dto.collaborationId ?? actor.collaborationId;
    // An id from another collaboration answers 404 to everyone but a platform admin (api-contract.md, Collaborations).
    if (collaborationId !== actor.collaborationId && !(actor.platformAdmin && (await this.collaborations.exists(collaborationId)))) {
      throw notFound('collaborationId: collaboration');
    }
    const id = randomUUID();
    // Logged in the collaboration that gains the partner, not the platform admin's own (nothing crosses over).
    const result = await this.writes.run(actor, { collaborationId }, (w) => {
      w.audit({ action: 'organisation.create', entityType: 'organisation', entityId: id });
      return this.repo.insert(w, { id, collaborationId, name: dto.name, kind: dto.kind });
    });
    if (result.kind !== 'written') throw conflict('ORGANISATION_EXISTS', `an organisation named "${dto.name}" already exists`);
    return toResponse(result.rows[0]);
  }

  /** The organisation of this name, created (without an actor: at start-up, by the demo seed) if there is none. */
  async ensure(collaborationId: string, name: string, kind: OrganisationEntity['kind']): Promise<OrganisationEntity> {
    const id = randomUUID();
    await this.writes.run(null, { collaborationId }, (w) => {
      w.audit({ action: 'organisation.create', entityType: 'organisation', entityId: id });
      return this.repo.insert(w, { id, collaborationId, name, kind });
    });
    return (await this.repo.findByName(collaborationId, name))!;
  }

  list(actor: Actor, q: PageQuery): Promise<Page<OrganisationResponse>> {
    return this.repo.list(actor.collaborationId, q, toResponse);
  }

  /** An organisation by id, for other contexts (which collaboration it belongs to decides who may use it). */
  find(id: string): Promise<{ id: string; collaborationId: string } | undefined> {
    return this.repo.find(id);
  }

  /** The organisations of `ids` in the order given; 404 for the named field if one is not the collaboration's. */
  async refs(collaborationId: string, ids: string[], field: string): Promise<OrganisationRef[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const found = await this.repo.refsIn(collaborationId, unique);
    if (found.length !== unique.length) throw new DomainError('not_found', 'NOT_FOUND', `${field}: organisation not found`, { field });
    return unique.map((id) => found.find((f) => f.id === id)!);
  }

  /** Ids that are not organisations of the caller's collaboration answer 404 for the named field. */
  async assertAllInCollaboration(collaborationId: string, ids: string[], field: string): Promise<void> {
    if (!ids.length) return;
    if ((await this.repo.countIn(collaborationId, ids)) !== new Set(ids).size) {
      throw new DomainError('not_found', 'NOT_FOUND', `${field}: organisation not found`, { field });
    }
  }
}
