import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Page, SubscriptionResponse } from '#contracts';
import type { Actor } from '../common/actor.js';
import { conflict, notFound } from '../common/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateSubscriptionDto } from './subscriptions.dto.js';
import type { SubscriptionFilter } from './subscription-match.js';

export const SUBSCRIPTIONS_CHANNEL = 'lagesbild_subscriptions';
const MAX_PER_USER = 50;

const toResponse = (r: Record<string, any>): SubscriptionResponse => ({
  id: r.id, areaIds: r.area_ids, placeIds: r.place_ids, categories: r.categories, minSeverity: r.min_severity,
  createdAt: new Date(r.created_at).toISOString(),
});

/** What each user follows in the live feed. Every change is announced so that every node refreshes its sockets. */
@Injectable()
export class SubscriptionsService {
  constructor(private readonly ds: DataSource, private readonly audit: AuditService) {}

  async create(actor: Actor, dto: CreateSubscriptionDto): Promise<SubscriptionResponse> {
    const areaIds = [...new Set(dto.areaIds ?? [])];
    const placeIds = [...new Set(dto.placeIds ?? [])];
    await this.assertExist('areas', 'areaIds', actor.collaborationId, areaIds);
    await this.assertExist('places', 'placeIds', actor.collaborationId, placeIds);
    return this.ds.transaction(async (m) => {
      // One create at a time per user: without the lock, concurrent creates all counted 49 and all inserted.
      // NO KEY UPDATE does not block the KEY SHARE locks that inserts referencing the user take.
      await m.query('SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE', [actor.id]);
      const [{ n }] = await m.query('SELECT count(*)::int AS n FROM subscriptions WHERE user_id = $1', [actor.id]);
      if (n >= MAX_PER_USER) throw conflict('TOO_MANY_SUBSCRIPTIONS', `you have ${MAX_PER_USER} subscriptions, the most allowed; delete one first`);
      const [row] = await m.query(
        `INSERT INTO subscriptions (collaboration_id, user_id, area_ids, place_ids, categories, min_severity)
         VALUES ($1,$2,$3,$4,$5,$6) RETURNING *`,
        [actor.collaborationId, actor.id, areaIds, placeIds, [...new Set(dto.categories ?? [])], dto.minSeverity ?? 1],
      );
      await this.audit.record(actor, { action: 'subscription.create', entityType: 'subscription', entityId: row.id }, m);
      await m.query(`SELECT pg_notify('${SUBSCRIPTIONS_CHANNEL}', $1)`, [actor.id]);
      return toResponse(row);
    });
  }

  async list(actor: Actor): Promise<Page<SubscriptionResponse>> {
    const rows = await this.ds.query('SELECT * FROM subscriptions WHERE user_id = $1 ORDER BY created_at, id', [actor.id]);
    return { items: rows.map(toResponse), nextCursor: null };
  }

  async get(actor: Actor, id: string): Promise<SubscriptionResponse> {
    const [row] = await this.ds.query('SELECT * FROM subscriptions WHERE id = $1 AND user_id = $2', [id, actor.id]);
    if (!row) throw notFound('subscription');
    return toResponse(row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      const [rows] = await m.query('DELETE FROM subscriptions WHERE id = $1 AND user_id = $2 RETURNING id', [id, actor.id]);
      if (!rows.length) throw notFound('subscription');
      await this.audit.record(actor, { action: 'subscription.delete', entityType: 'subscription', entityId: id }, m);
      await m.query(`SELECT pg_notify('${SUBSCRIPTIONS_CHANNEL}', $1)`, [actor.id]);
    });
  }

  /** The filters of one user, for the gateway. */
  async filtersOf(userId: string): Promise<SubscriptionFilter[]> {
    const rows = await this.ds.query('SELECT area_ids, place_ids, categories, min_severity FROM subscriptions WHERE user_id = $1', [userId]);
    return rows.map((r: Record<string, any>) => ({ areaIds: r.area_ids, placeIds: r.place_ids, categories: r.categories, minSeverity: r.min_severity }));
  }

  private async assertExist(table: 'areas' | 'places', field: string, collaborationId: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const rows = await this.ds.query(`SELECT id FROM ${table} WHERE collaboration_id = $1 AND id = ANY($2::uuid[])`, [collaborationId, ids]);
    if (rows.length !== ids.length) throw notFound(`${field}: ${table === 'areas' ? 'area' : 'place'}`);
  }
}
