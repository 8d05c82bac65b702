import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { entityTable } from '../common/write/entity-table.js';
import type { Step, Values } from '../common/write/statement.js';
import type { Write } from '../common/write/write-path.js';
import { PasswordResetTokenEntity } from './password-reset-token.entity.js';

export type ResetForMail = PasswordResetTokenEntity & { address: string; disabled: boolean; collaborationName: string };

const COLUMNS = entityTable(PasswordResetTokenEntity).selectList('t');

/** The only place the password reset links' SQL lives. */
@Injectable()
export class PasswordResetRepository {
  constructor(private readonly ds: DataSource) {}

  /** Links made for the account in the last hour. */
  async madeLastHour(userId: string): Promise<number> {
    const [row] = await this.ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM password_reset_tokens WHERE user_id = $1 AND created_at > now() - interval '1 hour'`, [userId]);
    return row.n;
  }

  insert(w: Write, token: Values<PasswordResetTokenEntity>): Step<PasswordResetTokenEntity> {
    return w.s.insert(PasswordResetTokenEntity, token, { guard: w.guard });
  }

  async find(id: string): Promise<PasswordResetTokenEntity | undefined> {
    const [row] = await this.ds.query<PasswordResetTokenEntity[]>(`SELECT ${COLUMNS} FROM password_reset_tokens t WHERE t.id = $1`, [id]);
    return row;
  }

  /** The link must still open (unused, not expired), locked until the write commits: two uses of one link, one wins. */
  requireUsable(w: Write, id: string): void {
    const s = w.s;
    w.require(s.select(s.sql`SELECT t.id FROM password_reset_tokens t
      WHERE t.id = ${id}::uuid AND t.used_at IS NULL AND t.expires_at > now() FOR UPDATE OF t`));
  }

  /** Every open link of the account is used up (this one, and any other sent before the password changed). */
  useAll(w: Write, userId: string): Step<unknown> {
    const s = w.s;
    return s.update(PasswordResetTokenEntity, { usedAt: s.sql`now()` }, s.sql`t.user_id = ${userId}::uuid AND t.used_at IS NULL`, { guard: w.guard, returning: 'marker' });
  }

  /** A link's row with its account's address, for its e-mail. */
  async forMail(id: string): Promise<ResetForMail | undefined> {
    const [row] = await this.ds.query<ResetForMail[]>(
      `SELECT ${COLUMNS}, u.email AS address, u.disabled, c.name AS "collaborationName"
       FROM password_reset_tokens t JOIN users u ON u.id = t.user_id JOIN collaborations c ON c.id = t.collaboration_id WHERE t.id = $1`, [id]);
    return row;
  }
}
