import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Page, SubscriptionResponse } from '#contracts';
import type { Actor } from '../common/actor.js';
import { CHANNELS } from '../common/channels.js';
import { conflict, notFound } from '../common/domain-error.js';
import { type Write, WritePath } from '../common/write/write-path.js';
import { CategoriesService } from '../categories/categories.service.js';
import { GeographyService } from '../geography/geography.service.js';
import type { SubscriptionEntity } from './subscription.entity.js';
import type { SubscriptionFilter } from './subscription-match.js';
import type { CreateSubscriptionDto } from './subscriptions.dto.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';

const MAX_PER_USER = 50;

/** The filter fields a change sets (each absent one is kept). */
export type SubscriptionFilterChange = Partial<Pick<SubscriptionEntity, 'areaIds' | 'placeIds' | 'categories' | 'minSeverity'>>;

const toResponse = (r: SubscriptionEntity): SubscriptionResponse => ({
  id: r.id, areaIds: r.areaIds, placeIds: r.placeIds, categories: r.categories, minSeverity: r.minSeverity,
  createdAt: new Date(r.createdAt).toISOString(),
});

/** What each user follows in the live feed. Every change is announced so that every node refreshes its sockets. */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly repo: SubscriptionsRepository,
    private readonly writes: WritePath,
    private readonly geography: GeographyService,
    private readonly categories: CategoriesService,
  ) {}

  async create(actor: Actor, dto: CreateSubscriptionDto): Promise<SubscriptionResponse> {
    const areaIds = [...new Set(dto.areaIds ?? [])];
    const placeIds = [...new Set(dto.placeIds ?? [])];
    await this.geography.assertAllExist('areas', actor.collaborationId, areaIds, 'areaIds');
    await this.geography.assertAllExist('places', actor.collaborationId, placeIds, 'placeIds');
    await this.categories.assertActive(actor.collaborationId, [...new Set(dto.categories ?? [])], 'categories');
    const id = randomUUID();
    return this.repo.withUserLocked(actor.id, async (manager, count) => {
      if (count >= MAX_PER_USER) throw conflict('TOO_MANY_SUBSCRIPTIONS', `you have ${MAX_PER_USER} subscriptions, the most allowed; delete one first`);
      const result = await this.writes.run(actor, { manager }, (w) => {
        w.audit({ action: 'subscription.create', entityType: 'subscription', entityId: id });
        w.notify(CHANNELS.subscriptions, actor.id);
        return this.repo.insert(w, {
          id, collaborationId: actor.collaborationId, userId: actor.id, areaIds, placeIds,
          categories: [...new Set(dto.categories ?? [])], minSeverity: dto.minSeverity ?? 1,
        });
      });
      if (result.kind !== 'written') throw new Error('a subscription insert has no requirement to refuse it');
      return toResponse(result.rows[0]);
    });
  }

  async list(actor: Actor): Promise<Page<SubscriptionResponse>> {
    return { items: (await this.repo.ofUser(actor.id)).map(toResponse), nextCursor: null };
  }

  async get(actor: Actor, id: string): Promise<SubscriptionResponse> {
    const row = await this.repo.find(actor.id, id);
    if (!row) throw notFound('subscription');
    return toResponse(row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const result = await this.writes.run(actor, {}, (w) => {
      this.repo.remove(w, actor.id, id);
      w.audit({ action: 'subscription.delete', entityType: 'subscription', entityId: id });
      w.notify(CHANNELS.subscriptions, actor.id);
    });
    if (result.kind !== 'written') throw notFound('subscription');
  }

  /**
   * The filter fields of a change to one of the user's subscriptions, checked as a create checks them: areas and places
   * of the collaboration, and categories it takes — one the subscription already follows may stay although it was
   * switched off since (its reports keep it). Only the fields given; undefined when none is.
   */
  async checkedFilterChange(actor: Actor, id: string, dto: CreateSubscriptionDto): Promise<SubscriptionFilterChange | undefined> {
    if (dto.areaIds === undefined && dto.placeIds === undefined && dto.categories === undefined && dto.minSeverity === undefined) return undefined;
    const current = await this.repo.find(actor.id, id);
    if (!current) throw notFound('subscription');
    const change: SubscriptionFilterChange = {};
    if (dto.areaIds !== undefined) {
      change.areaIds = [...new Set(dto.areaIds)];
      await this.geography.assertAllExist('areas', actor.collaborationId, change.areaIds, 'areaIds');
    }
    if (dto.placeIds !== undefined) {
      change.placeIds = [...new Set(dto.placeIds)];
      await this.geography.assertAllExist('places', actor.collaborationId, change.placeIds, 'placeIds');
    }
    if (dto.categories !== undefined) {
      change.categories = [...new Set(dto.categories)];
      const added = change.categories.filter((c) => !current.categories.includes(c));
      await this.categories.assertKnown(actor.collaborationId, change.categories, 'categories');
      await this.categories.assertActive(actor.collaborationId, added, 'categories');
    }
    if (dto.minSeverity !== undefined) change.minSeverity = dto.minSeverity;
    return change;
  }

  /**
   * Adds a checked filter change to a write (PATCH /api/subscriptions/:id makes it with the subscription's e-mail
   * setting, in one statement): the subscription keeps its id, and every node reloads the user's sockets' filters.
   */
  changeFilter(w: Write, userId: string, id: string, change: SubscriptionFilterChange): void {
    this.repo.updateFilter(w, userId, id, change);
    w.audit({ action: 'subscription.update', entityType: 'subscription', entityId: id, details: { fields: Object.keys(change) } });
    w.notify(CHANNELS.subscriptions, userId);
  }

  /** The filters of one user, for the gateway. */
  async filtersOf(userId: string): Promise<SubscriptionFilter[]> {
    return (await this.repo.ofUser(userId)).map((r) => ({ areaIds: r.areaIds, placeIds: r.placeIds, categories: r.categories, minSeverity: r.minSeverity }));
  }
}
