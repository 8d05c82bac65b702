import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { FeedEventType } from '#contracts';
import type { Actor } from '../actor.js';
import { type Channel, CHANNELS } from '../channels.js';
import { conflict } from '../domain-error.js';
import { AuditLogEntity } from './audit-log.entity.js';
import { EventCounterEntity } from './event-counter.entity.js';
import { EventEntity } from './event.entity.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { Sql, Statement, type Step, type Values } from './statement.js';

/** One line of the audit log. */
export interface AuditEntry {
  action: string;
  entityType?: string;
  entityId?: string;
  entityIds?: string[];
  details?: Record<string, unknown>;
}

/**
 * Who may receive an event, and what subscriptions match on: the visibility policy's facts (common/visibility.ts)
 * and where and what the record is. Each may be a value or a column of a step that locked the record the event is
 * about, which is how an event gets the facts as they are at commit (see `Write.require`).
 */
export type AudienceFacts = {
  [K in 'visibility' | 'organisationId' | 'sharedWith' | 'areaId' | 'placeId' | 'category' | 'severity']: EventEntity[K] | Sql;
};

export interface EventSpec {
  type: FeedEventType;
  /** The record the event carries. */
  entityId: string;
  /** The record whose audience governs the event: the entity itself, or the report a comment belongs to. */
  subjectId: string;
  /** The record as the REST API returns it to its own organisation; the feed redacts per audience, `seq` is set here. */
  payload: object;
  facts: AudienceFacts;
}

export interface IdempotencySpec {
  key: string;
  scope: string;
  body: unknown;
  /**
   * The answer a retry gets; stored with the key. Its `seq` is looked up again on a retry: that of the event which
   * wrote the answer's `version` (an update's own event), or, for an answer without a version, the record's first.
   */
  answer: { id: string; version?: number };
  /** The HTTP status of the first answer (stored with the key): 201 for a create (the default), 200 for an update. */
  status?: number;
}

/** What identifies a request for its Idempotency-Key: the key, where it was used, and the body it came with. */
export type IdempotencyRequest = Pick<IdempotencySpec, 'key' | 'scope' | 'body'>;

/**
 * The outcome of a write: written (with the rows of the step the builder returned, and the feed seq when it
 * appended an event), replayed (the same Idempotency-Key and body came before: the first answer), or refused
 * (a requirement found no row: the record is not visible, its version is stale, ...; the service says which).
 */
export type WriteResult<R> =
  | { kind: 'written'; rows: R[]; seq: number | null }
  | { kind: 'replayed'; answer: unknown; seq: number }
  | { kind: 'refused' };

/**
 * One write as the builder describes it, made into ONE statement: requirements (locks, version checks) first; then
 * the idempotency key, guarded by them; then the feed seqs (one per event), guarded by those; then the change, its
 * history, the audit rows, the events and the notifications. See `WritePath`.
 */
export class Write {
  readonly s = new Statement();
  private readonly requirements: Step<unknown>[] = [];
  private idem?: Step<unknown>;
  private sealed = false;
  private seqStep?: Step<EventCounterEntity>;
  /** The placeholder of how many seqs the write takes (one per event; its value is set when the statement is built). */
  private seqCount?: { index: number; sql: Sql };
  private readonly audits: AuditEntry[] = [];
  private readonly notifications: { channel: Channel; payload: Sql }[] = [];
  private readonly events: EventSpec[] = [];

  constructor(readonly actor: Actor | null, readonly collaborationId: string, private readonly idempotency?: IdempotencySpec) {}

  /**
   * A step that must return (exactly) one row for anything to be written: typically a SELECT ... FOR UPDATE (or
   * FOR SHARE) of the record the change is about, with the caller's visibility and the expected version in its
   * WHERE. Locking it in the statement also gives the event the record's facts as they are at commit: a
   * concurrent change that commits first is waited for and re-checked (READ COMMITTED re-evaluates a locked row),
   * and nobody changes the row after until this statement commits.
   */
  require<R>(step: Step<R>): Step<R> {
    if (this.sealed) throw new Error('requirements must come before the seq and the change');
    this.requirements.push(step as Step<unknown>);
    return step;
  }

  /** What every part of the change must be guarded by: the seq if taken, else the key, else the requirements. */
  get guard(): Step<unknown>[] {
    this.seal();
    if (this.seqStep) return [this.seqStep as Step<unknown>];
    return this.idem ? [this.idem] : [...this.requirements];
  }

  /**
   * The collaboration's next feed seq, taken in this statement from the counter row only if every requirement held
   * (so a refused write uses no seq and leaves no gap). The row stays locked until this statement's own commit
   * with no client round trip in between, so seq order is commit order: a reader of "everything after N" never
   * skips a smaller seq that commits later. Stamp it on the changed record (its `seq` column).
   */
  get seq(): Sql {
    return this.seqAt(0);
  }

  /**
   * The seq of the write's `i`-th event (0 = the first emitted). A write that changes several records (an effort and
   * the reports it takes up) emits an event per record and stamps each record with its event's seq.
   */
  seqAt(i: number): Sql {
    if (!Number.isSafeInteger(i) || i < 0) throw new Error(`not an event index: ${i}`);
    if (!this.seqStep) {
      const guard = this.guard;
      this.seqCount = { index: this.s.params.length, sql: this.s.param(1, 'int') };
      this.seqStep = this.s.update(EventCounterEntity, { lastSeq: this.s.sql`t.last_seq + ${this.seqCount.sql}` },
        this.s.sql`t.collaboration_id = ${this.collaborationId}::uuid`, { guard });
    }
    return new Sql(`(${this.seqStep.col('lastSeq').text} - ${this.seqCount!.sql.text} + ${i + 1})`);
  }

  /** The seq the next event emitted will take: stamp the record it is about with it, then emit. */
  get nextSeq(): Sql {
    return this.seqAt(this.events.length);
  }

  /** Appends a feed event of this change; the n-th emitted takes `seqAt(n)`. */
  emit(event: EventSpec): void {
    this.seqAt(this.events.length);
    this.events.push(event);
  }

  audit(entry: AuditEntry): void {
    this.audits.push(entry);
  }

  /** A notification sent when (and only if) the statement commits. */
  notify(channel: Channel, payload: string): void {
    this.notifications.push({ channel, payload: this.s.param(payload, 'text') });
  }

  /** @internal Builds the statement; `result` is the step whose rows the write answers with. */
  finish(result: Step<unknown> | undefined): { text: string; params: unknown[] } {
    const s = this.s;
    const gate = result ?? this.guard[0];
    if (this.seqCount) s.params[this.seqCount.index] = Math.max(1, this.events.length);
    this.events.forEach((e, i) => {
      const f = e.facts;
      const seq = this.seqAt(i);
      s.insert(EventEntity, {
        collaborationId: this.collaborationId, seq, type: e.type, entityId: e.entityId, subjectId: e.subjectId,
        visibility: f.visibility as Values<EventEntity>['visibility'], organisationId: f.organisationId, sharedWith: f.sharedWith,
        areaId: f.areaId, placeId: f.placeId, category: f.category, severity: f.severity,
        payload: s.sql`jsonb_set(${s.param(e.payload, 'jsonb')}, '{seq}', to_jsonb(${seq}))`,
      } as Values<EventEntity>, { guard: [...this.guard, ...this.requirements], returning: 'marker' }); // facts may be columns of a requirement
    });
    if (this.events.length) {
      this.notifications.unshift({ channel: CHANNELS.events, payload: s.sql`${this.collaborationId}::text || ':' || ${this.seqStep!.col('lastSeq')}` });
    }
    for (const entry of this.audits) auditRow(s, this.actor, this.collaborationId, entry, gate ? [gate] : []);
    const from = [gate, this.seqStep].filter((g, i, all): g is Step<unknown> => !!g && all.indexOf(g) === i).map((g) => g.name);
    const columns = [
      gate ? `${gate.name}.*` : '1 AS "ok"',
      this.seqStep ? `${this.seqAt(0).text} AS "__seq"` : 'NULL AS "__seq"',
      ...this.notifications.map((n, i) => `pg_notify('${n.channel}', ${n.payload.text}) AS "__n${i}"`),
    ];
    return { text: s.text(new Sql(`SELECT ${columns.join(', ')}${from.length ? ` FROM ${from.join(', ')}` : ''}`)), params: s.params };
  }

  private seal(): void {
    if (this.sealed) return;
    this.sealed = true;
    const i = this.idempotency;
    if (!i) return;
    if (!this.actor) throw new Error('an idempotent write needs the user the key belongs to');
    this.idem = this.s.insert(IdempotencyKeyEntity, {
      userId: this.actor.id, key: i.key, scope: i.scope, requestHash: requestHash(i.scope, i.body), responseStatus: i.status ?? 201, responseBody: i.answer,
    }, { guard: this.requirements, onConflictDoNothing: true, returning: 'marker' }) as Step<unknown>;
  }
}

function auditRow(s: Statement, actor: Actor | null | undefined, collaborationId: string | null, entry: AuditEntry, guard: Step<unknown>[]): void {
  s.insert(AuditLogEntity, {
    collaborationId, userId: actor?.id ?? null, organisationId: actor?.organisationId ?? null, action: entry.action,
    entityType: entry.entityType ?? null, entityId: entry.entityId ?? null, entityIds: entry.entityIds ?? null,
    ip: actor?.ip ?? null, requestId: actor?.requestId ?? null, details: entry.details ?? null,
  }, { guard, returning: 'marker' });
}

/**
 * The one write path: every change of every context — its record, history, audit rows, feed event and
 * idempotency key — goes through `run` as ONE statement, so it commits whole or not at all in one round trip.
 * The statement runs as a named prepared statement (named by a hash of its text): PostgreSQL then plans each
 * writer's statement once per connection, which on the report post was as much PostgreSQL CPU as the writes.
 * Inside a caller's transaction (`manager`), the counter row is held until that transaction commits.
 */
@Injectable()
export class WritePath {
  constructor(private readonly ds: DataSource) {}

  async run<R>(
    actor: Actor | null,
    opts: { idempotency?: IdempotencySpec; collaborationId?: string; manager?: EntityManager },
    build: (w: Write) => Step<R> | void,
  ): Promise<WriteResult<R>> {
    const w = new Write(actor, collaborationOf(actor, opts.collaborationId), opts.idempotency);
    const result = build(w) ?? undefined;
    const { text, params } = w.finish(result as Step<unknown> | undefined);
    const rows = await this.execute(text, params, opts.manager);
    if (rows.length) {
      const seq = rows[0].__seq;
      return { kind: 'written', rows: rows.map(stripInternal) as R[], seq: seq === null || seq === undefined ? null : Number(seq) };
    }
    if (opts.idempotency && actor) {
      const prior = await this.replayed(actor, opts.idempotency, opts.manager);
      if (prior) return prior;
    }
    return { kind: 'refused' };
  }

  /** An audit row on its own (reads of reports, logins): written before the answer is sent. */
  async audit(actor: Actor | null, entry: AuditEntry, collaborationId = actor?.collaborationId ?? null): Promise<void> {
    const s = new Statement();
    auditRow(s, actor, collaborationId, entry, []);
    await this.execute(s.text(new Sql('SELECT 1')), s.params);
  }

  /** The statement text a build makes, for the snapshot tests of each writer's SQL. */
  static sqlOf(actor: Actor | null, opts: { idempotency?: IdempotencySpec; collaborationId?: string }, build: (w: Write) => Step<unknown> | void): string {
    const w = new Write(actor, collaborationOf(actor, opts.collaborationId), opts.idempotency);
    return w.finish(build(w) ?? undefined).text;
  }

  /**
   * The first answer to this Idempotency-Key of `actor`, if the key was used: for a write whose requirements would
   * no longer hold on a retry (an update at a version its first try moved on), the service asks before checking
   * them, so that a retry gets the first answer rather than a stale-version 409. The same key with another scope or
   * body is a 409 IDEMPOTENCY_KEY_REUSED; an unused key answers undefined (and the write stores it).
   */
  async replayed(actor: Actor, i: IdempotencyRequest, manager?: EntityManager): Promise<Extract<WriteResult<never>, { kind: 'replayed' }> | undefined> {
    const q = manager ?? this.ds;
    const [prior] = await q.query<{ scope: string; requestHash: string; answer: { id: string; version?: unknown } }[]>(
      'SELECT scope, request_hash AS "requestHash", response_body AS answer FROM idempotency_keys WHERE user_id = $1 AND key = $2',
      [actor.id, i.key],
    );
    if (!prior) return undefined;
    if (prior.scope !== i.scope || prior.requestHash !== requestHash(i.scope, i.body)) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with another request body');
    }
    // The seq of the event that wrote the answer: an update's answer names its version, which its event's payload
    // carries (a create's is version 1, its creation event); an answer without a version (a comment, an action) is
    // about a record whose first event is its creation.
    const version = typeof prior.answer.version === 'number' ? prior.answer.version : null;
    const [event] = await q.query<{ seq: string }[]>(
      `SELECT seq FROM events WHERE entity_id = $1 AND ($2::int IS NULL OR (payload->>'version')::int = $2::int) ORDER BY seq LIMIT 1`,
      [prior.answer.id, version],
    );
    return { kind: 'replayed', answer: prior.answer, seq: event ? Number(event.seq) : 0 };
  }

  private async execute(text: string, params: unknown[], manager?: EntityManager): Promise<Record<string, unknown>[]> {
    if (manager) return manager.query(text, params);
    const runner = this.ds.createQueryRunner('master');
    try {
      const client = (await runner.connect()) as PoolClient;
      const name = `w_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      return (await client.query({ name, text, values: params })).rows;
    } finally {
      await runner.release();
    }
  }
}

/** The answer of a create: the record with the seq its write took (or, for a repeated key, the first answer's). */
export function withSeq<T extends { seq: number }>(result: WriteResult<unknown>, value: T): T {
  if (result.kind === 'refused') throw new Error('a create without requirements was refused');
  return result.kind === 'replayed' ? { ...(result.answer as T), seq: result.seq } : { ...value, seq: result.seq! };
}

function collaborationOf(actor: Actor | null, given: string | undefined): string {
  const id = given ?? actor?.collaborationId;
  if (!id) throw new Error('a write without an actor must name its collaboration');
  return id;
}

function stripInternal(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!k.startsWith('__')) out[k] = v;
  return out;
}

const requestHash = (scope: string, body: unknown) => createHash('sha256').update(scope).update('\0').update(canonical(body)).digest('hex');

/** JSON with sorted keys and without undefined members: the same body hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
