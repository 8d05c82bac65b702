import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { entityTable } from '../common/write/entity-table.js';
import type { Step, Values } from '../common/write/statement.js';
import type { Write } from '../common/write/write-path.js';
import { SubscriptionEntity } from './subscription.entity.js';

const SELECT_SUBSCRIPTION = `SELECT ${entityTable(SubscriptionEntity).selectList('s')} FROM subscriptions s`;

/** The only place the subscriptions' SQL lives. */
@Injectable()
export class SubscriptionsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Runs `work` in a transaction that holds the user's row (FOR NO KEY UPDATE, which does not block the KEY SHARE
   * locks of inserts referencing the user), with the user's current number of subscriptions: one create at a time
   * per user, so concurrent creates cannot all count 49 and all insert.
   */
  withUserLocked<T>(userId: string, work: (m: EntityManager, count: number) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (m) => {
      await m.query('SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
      const [{ n }] = await m.query<{ n: number }[]>('SELECT count(*)::int AS n FROM subscriptions WHERE user_id = $1', [userId]);
      return work(m, n);
    });
  }

  insert(w: Write, subscription: Values<SubscriptionEntity>): Step<SubscriptionEntity> {
    return w.s.insert(SubscriptionEntity, subscription, { guard: w.guard });
  }

  /** Changes the filter of the user's subscription (guarded by the write's requirements: it is theirs). */
  updateFilter(w: Write, userId: string, id: string, set: Values<SubscriptionEntity>): Step<SubscriptionEntity> {
    const s = w.s;
    return s.update(SubscriptionEntity, set, s.sql`t.id = ${id}::uuid AND t.user_id = ${userId}::uuid`, { guard: w.guard });
  }

  /** Deletes the user's subscription; no row if it is not theirs. */
  remove(w: Write, userId: string, id: string): Step<SubscriptionEntity> {
    const s = w.s;
    return w.require(s.select<SubscriptionEntity>(s.sql`DELETE FROM subscriptions WHERE id = ${id}::uuid AND user_id = ${userId}::uuid RETURNING id`));
  }

  ofUser(userId: string): Promise<SubscriptionEntity[]> {
    return this.ds.query(`${SELECT_SUBSCRIPTION} WHERE s.user_id = $1 ORDER BY s.created_at, s.id`, [userId]);
  }

  async find(userId: string, id: string): Promise<SubscriptionEntity | undefined> {
    const [row] = await this.ds.query<SubscriptionEntity[]>(`${SELECT_SUBSCRIPTION} WHERE s.id = $1 AND s.user_id = $2`, [id, userId]);
    return row;
  }
}
