import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LIMITS, type Page } from '#contracts';
import { cursorInstant, decodeCursor, toPage } from '../common/pagination.js';
import { SqlWhere } from '../common/sql-where.js';
import { entityTable } from '../common/write/entity-table.js';
import { MailOutboxEntity, type MailStatus } from './mail-outbox.entity.js';

const COLUMNS = entityTable(MailOutboxEntity).selectList('m');

export interface NewMail {
  collaborationId: string;
  recipientUserId: string;
  kind: string;
  dedupeKey: string;
  ref: Record<string, unknown>;
}

export type OutboxRow = MailOutboxEntity;
export type DeliveryRow = MailOutboxEntity & { recipientName: string; recipientEmail: string; cursorAt: string };

/**
 * The only place the outbox's SQL lives. Every change of a row after its insert is guarded by who holds it: a node
 * changes a message only while it holds it (status `sending` with its own attempt number), so a node whose lease ran
 * out and whose message another node took cannot mark it afterwards.
 */
@Injectable()
export class MailRepository {
  constructor(private readonly ds: DataSource) {}

  /** The messages not queued before (by dedupe key), inserted in the caller's transaction; the new ones' ids. */
  async insert(m: EntityManager, mails: NewMail[]): Promise<{ id: string; dedupeKey: string }[]> {
    if (!mails.length) return [];
    return m.query(
      `INSERT INTO mail_outbox (collaboration_id, recipient_user_id, kind, dedupe_key, ref)
       SELECT x.collaboration_id, x.recipient_user_id, x.kind, x.dedupe_key, x.ref
       FROM jsonb_to_recordset($1::jsonb) AS x(collaboration_id uuid, recipient_user_id uuid, kind text, dedupe_key text, ref jsonb)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id, dedupe_key AS "dedupeKey"`,
      [JSON.stringify(mails.map((x) => ({ collaboration_id: x.collaborationId, recipient_user_id: x.recipientUserId, kind: x.kind, dedupe_key: x.dedupeKey, ref: x.ref })))],
    );
  }

  /**
   * Takes the message for one attempt: only if nobody holds it (pending or retrying), or the lease of whoever held it
   * ran out (their node died mid-attempt). Sent, skipped and failed messages are never taken again.
   */
  async claim(id: string, node: string, leaseSeconds: number): Promise<OutboxRow | undefined> {
    const [rows] = await this.ds.query<[OutboxRow[], number]>(
      `UPDATE mail_outbox m SET status = 'sending', attempts = attempts + 1, claimed_by = $2,
         lease_until = now() + make_interval(secs => $3), updated_at = now()
       WHERE id = $1 AND (status IN ('pending', 'retrying') OR (status = 'sending' AND lease_until < now()))
       RETURNING ${COLUMNS}`,
      [id, node, leaseSeconds],
    );
    return rows[0];
  }

  async find(id: string): Promise<OutboxRow | undefined> {
    const [row] = await this.ds.query<OutboxRow[]>(`SELECT ${COLUMNS} FROM mail_outbox m WHERE id = $1`, [id]);
    return row;
  }

  /** The SMTP server accepted it. */
  markSent(held: OutboxRow, smtpResponse: string): Promise<boolean> {
    return this.settle(held, `status = 'sent', sent_at = now(), smtp_response = $3, last_error = NULL`, [smtpResponse.slice(0, 500)]);
  }

  /** Nothing to send any more (the context that queued it said why). */
  markSkipped(held: OutboxRow, reason: string): Promise<boolean> {
    return this.settle(held, `status = 'skipped', skip_reason = $3`, [reason]);
  }

  /** The attempt failed: retried after the backoff, or, after the last one, kept as failed for an admin. */
  markFailedAttempt(held: OutboxRow, error: string, final: boolean): Promise<boolean> {
    return this.settle(held, `status = $3, last_error = $4`, [final ? 'failed' : 'retrying', error]);
  }

  private async settle(held: OutboxRow, set: string, params: unknown[]): Promise<boolean> {
    const [, count] = await this.ds.query<[unknown[], number]>(
      `UPDATE mail_outbox SET ${set}, lease_until = NULL, updated_at = now()
       WHERE id = $1 AND status = 'sending' AND attempts = $2`,
      [held.id, held.attempts, ...params],
    );
    return count === 1;
  }

  /** Open messages whose row has not moved for `seconds` (their job was lost): queued again by the sweeper. */
  async stale(seconds: number, limit = 500): Promise<{ id: string }[]> {
    return this.ds.query(
      `SELECT id FROM mail_outbox
       WHERE status IN ('pending', 'retrying', 'sending') AND updated_at < now() - make_interval(secs => $1)
         AND (lease_until IS NULL OR lease_until < now())
       ORDER BY updated_at LIMIT $2`,
      [seconds, limit],
    );
  }

  /** Marks a stale message as looked at (so the sweeper does not queue it again before its new job ran). */
  async touch(m: EntityManager, id: string): Promise<void> {
    await m.query('UPDATE mail_outbox SET updated_at = now() WHERE id = $1', [id]);
  }

  /** A failed message back to pending, for a new round of attempts; false when it is not failed (or not in the collaboration). */
  async reopen(m: EntityManager, collaborationId: string, id: string): Promise<boolean> {
    const [, count] = await m.query<[unknown[], number]>(
      `UPDATE mail_outbox SET status = 'pending', lease_until = NULL, updated_at = now()
       WHERE id = $1 AND collaboration_id = $2 AND status = 'failed'`,
      [id, collaborationId],
    );
    return count === 1;
  }

  /** Which of these dedupe keys name a message that was sent. */
  async sentKeys(keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows = await this.ds.query<{ key: string }[]>(`SELECT dedupe_key AS key FROM mail_outbox WHERE dedupe_key = ANY($1::text[]) AND status = 'sent'`, [keys]);
    return new Set(rows.map((r) => r.key));
  }

  /** Whether a message with this dedupe key was ever queued (in the caller's transaction). */
  async queued(m: EntityManager, key: string): Promise<boolean> {
    const rows = await m.query<unknown[]>('SELECT 1 FROM mail_outbox WHERE dedupe_key = $1', [key]);
    return rows.length > 0;
  }

  /** A collaboration's messages, newest first, with their recipients. */
  async list(collaborationId: string, status: MailStatus | undefined, q: { limit?: number; cursor?: string }): Promise<Page<DeliveryRow>> {
    const limit = q.limit ?? LIMITS.listDefault;
    const where = new SqlWhere('m.collaboration_id = $1', collaborationId).add('m.status = ?', status);
    const after = decodeCursor(q.cursor, ['date', 'uuid']);
    if (after) where.raw(`(m.created_at, m.id) < ($1::timestamptz, $2::uuid)`, after[0], after[1]);
    const rows = await this.ds.query<DeliveryRow[]>(
      `SELECT ${COLUMNS}, ${cursorInstant('m.created_at', '"cursorAt"')}, u.name AS "recipientName", u.email AS "recipientEmail"
       FROM mail_outbox m JOIN users u ON u.id = m.recipient_user_id
       WHERE ${where} ORDER BY m.created_at DESC, m.id DESC LIMIT ${where.param(limit + 1)}`,
      where.params,
    );
    return toPage(rows, limit, (r) => r, (r) => [r.cursorAt, r.id]);
  }
}
