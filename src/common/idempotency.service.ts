import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from './actor.js';
import type { CompositeStatement } from './composite-statement.js';
import { conflict } from './domain-error.js';

const hashOf = (scope: string, body: unknown) => createHash('sha256').update(scope).update('\0').update(canonical(body)).digest('hex');

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What a retryable create wrote: its answer, and the id of the feed event it appended (seq comes at commit). */
export interface Written<T> {
  value: T;
  eventId: string;
}

/**
 * Runs a create exactly once per (user, Idempotency-Key): the key row is inserted in the same transaction as
 * the record, so a retry after a lost answer gets the first result, a concurrent retry waits for the first to
 * commit, and a failed first try leaves no key behind. The same key with another body is a 409.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly ds: DataSource) {}

  async run<T>(actor: Actor, key: string | undefined, scope: string, body: unknown, work: (m: EntityManager) => Promise<Written<T>>): Promise<Written<T>> {
    if (!key) return this.ds.transaction(work);
    const hash = hashOf(scope, body);
    return this.ds.transaction(async (m) => {
      const inserted = await m.query(
        `INSERT INTO idempotency_keys (user_id, key, scope, request_hash) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING RETURNING key`,
        [actor.id, key, scope, hash],
      );
      if (!inserted.length) {
        const [prior] = await m.query('SELECT scope, request_hash, response_body, event_id FROM idempotency_keys WHERE user_id = $1 AND key = $2', [actor.id, key]);
        if (!prior || prior.scope !== scope || prior.request_hash !== hash) {
          throw conflict('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with another request body');
        }
        return { value: prior.response_body as T, eventId: String(prior.event_id) };
      }
      const written = await work(m);
      await m.query('UPDATE idempotency_keys SET response_status = 201, response_body = $3, event_id = $4 WHERE user_id = $1 AND key = $2', [
        actor.id, key, written.value, written.eventId,
      ]);
      return written;
    });
  }

  /**
   * For a composite write (one statement): the key row as the CTE `idem`, inserted only if the key is new; every
   * other part of the statement is guarded by it, so a repeated key writes nothing. Returns the guard's name.
   */
  guard(statement: CompositeStatement, actor: Actor, key: string, scope: string, body: unknown, answer: unknown): string {
    statement.add('idem', `INSERT INTO idempotency_keys (user_id, key, scope, request_hash, response_status, response_body)
      VALUES (${statement.value(actor.id, 'uuid')}, ${statement.value(key, 'uuid')}, ${statement.value(scope, 'text')},
              ${statement.value(hashOf(scope, body), 'text')}, 201, ${statement.value(answer, 'jsonb')})
      ON CONFLICT DO NOTHING RETURNING key`);
    return 'idem';
  }

  /** After a guarded write that wrote nothing: the first answer for this key and body, or 409 for another body. */
  async prior<T>(actor: Actor, key: string, scope: string, body: unknown): Promise<T> {
    const [prior] = await this.ds.query('SELECT scope, request_hash, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2', [actor.id, key]);
    if (!prior || prior.scope !== scope || prior.request_hash !== hashOf(scope, body)) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with another request body');
    }
    return prior.response_body as T;
  }

  /** Keys are kept for a week: long enough for any offline client to retry, short enough to stay small. */
  @Interval(6 * 60 * 60 * 1000)
  async prune(): Promise<void> {
    await this.ds.query(`DELETE FROM idempotency_keys WHERE created_at < now() - interval '7 days'`).catch(() => undefined);
  }
}
