import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OrganisationKind, Page } from '#contracts';
import { type PageQuery, pageByName } from '../common/pagination.js';
import { SqlWhere } from '../common/sql-where.js';
import { entityTable } from '../common/write/entity-table.js';
import type { Step, Values } from '../common/write/statement.js';
import type { Write } from '../common/write/write-path.js';
import { type SessionEndReason, SessionEntity } from './session.entity.js';
import { UserEntity } from './user.entity.js';

/** A user with the names of their organisation and collaboration, as every answer about a user needs them. */
export type UserView = UserEntity & { orgName: string; orgKind: OrganisationKind; collabName: string; collabMunicipality: string };

const SELECT_USER = `SELECT ${entityTable(UserEntity).selectList('u')}, o.name AS "orgName", o.kind AS "orgKind",
    c.name AS "collabName", c.municipality AS "collabMunicipality"
  FROM users u JOIN organisations o ON o.id = u.organisation_id JOIN collaborations c ON c.id = u.collaboration_id`;

/** The only place the users context's SQL lives. */
@Injectable()
export class UsersRepository {
  constructor(private readonly ds: DataSource) {}

  async findById(id: string): Promise<UserView | undefined> {
    const [row] = await this.ds.query<UserView[]>(`${SELECT_USER} WHERE u.id = $1`, [id]);
    return row;
  }

  /** Every account with this e-mail address (one per collaboration at most). */
  findAllByEmail(email: string): Promise<UserView[]> {
    return this.ds.query<UserView[]>(`${SELECT_USER} WHERE lower(u.email) = lower($1) ORDER BY u.created_at`, [email]);
  }

  list<T>(collaborationId: string, organisationId: string | undefined, q: PageQuery, map: (u: UserView) => T): Promise<Page<T>> {
    const where = new SqlWhere('u.collaboration_id = $1', collaborationId).add('u.organisation_id = ?', organisationId);
    return pageByName(this.ds, SELECT_USER, where, 'u', q, map);
  }

  /** A new user; no row when the e-mail address is taken in that collaboration (case-insensitive; uq_users_email). */
  insert(w: Write, user: Values<UserEntity>): Step<UserEntity> {
    return w.s.insert(UserEntity, user, { guard: w.guard, onConflictDoNothing: true });
  }

  /** Requires the user to be in the collaboration and still at `version`, locked until the write commits. */
  requireAtVersion(w: Write, collaborationId: string, id: string, version: number): void {
    const s = w.s;
    w.require(s.select(s.sql`SELECT u.id FROM users u
      WHERE u.id = ${id}::uuid AND u.collaboration_id = ${collaborationId}::uuid AND u.version = ${version}::int FOR UPDATE OF u`));
  }

  update(w: Write, id: string, set: Values<UserEntity>): Step<UserEntity> {
    const s = w.s;
    return s.update(UserEntity, { ...set, version: s.sql`t.version + 1`, updatedAt: s.sql`now()` }, s.sql`t.id = ${id}::uuid`, { guard: w.guard });
  }

  insertSession(w: Write, session: Values<SessionEntity>): Step<SessionEntity> {
    return w.s.insert(SessionEntity, session, { guard: w.guard });
  }

  /** Ends the user's live sessions (all, or only `sessionId`); written with the change that ends them. */
  endSessions(w: Write, userId: string, reason: SessionEndReason, sessionId?: string): Step<unknown> {
    const s = w.s;
    const only = sessionId ? s.sql` AND t.id = ${sessionId}::uuid` : s.sql``;
    return s.update(SessionEntity, { endedAt: s.sql`now()`, endedReason: reason },
      s.sql`t.user_id = ${userId}::uuid AND t.ended_at IS NULL${only}`, { guard: w.guard, returning: 'marker' });
  }

  /**
   * The session if it is live (not ended, not expired). Also notes when it was last used, at most every five minutes:
   * the caller's token is checked here once per AUTH_CACHE_MS at most, so that is a write per session every five
   * minutes of use, not per request. Bookkeeping, not a change of anyone's record: not through the write path.
   */
  async liveSession(id: string): Promise<Pick<SessionEntity, 'id' | 'userId'> | undefined> {
    const [row] = await this.ds.query<Pick<SessionEntity, 'id' | 'userId'>[]>(
      `WITH seen AS (UPDATE sessions SET last_seen_at = now() WHERE id = $1 AND ended_at IS NULL AND expires_at > now()
                       AND (last_seen_at IS NULL OR last_seen_at < now() - interval '5 minutes') RETURNING id)
       SELECT id, user_id AS "userId" FROM sessions WHERE id = $1 AND ended_at IS NULL AND expires_at > now()`, [id],
    );
    return row;
  }

  /** The user's live sessions, newest first (at most 100: a list for a person to read). */
  liveSessions(userId: string): Promise<Pick<SessionEntity, 'id' | 'createdAt' | 'lastSeenAt' | 'expiresAt' | 'ip'>[]> {
    return this.ds.query(
      `SELECT id, created_at AS "createdAt", last_seen_at AS "lastSeenAt", expires_at AS "expiresAt", ip FROM sessions
       WHERE user_id = $1 AND ended_at IS NULL AND expires_at > now() ORDER BY created_at DESC, id LIMIT 100`, [userId],
    );
  }

  /** Requires a live session of the user, locked until the write that ends it commits. */
  requireLiveSession(w: Write, userId: string, sessionId: string): void {
    const s = w.s;
    w.require(s.select(s.sql`SELECT t.id FROM sessions t
      WHERE t.id = ${sessionId}::uuid AND t.user_id = ${userId}::uuid AND t.ended_at IS NULL AND t.expires_at > now() FOR UPDATE OF t`));
  }

  /** Requires the user (enabled) to still have the password hash the caller checked, locked until the write commits. */
  requirePasswordHash(w: Write, userId: string, hash: string): void {
    const s = w.s;
    w.require(s.select(s.sql`SELECT u.id FROM users u
      WHERE u.id = ${userId}::uuid AND u.password_hash = ${hash}::text AND NOT u.disabled FOR UPDATE OF u`));
  }
}
