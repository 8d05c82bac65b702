import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { entityTable } from '../../common/write/entity-table.js';
import type { Step, Values } from '../../common/write/statement.js';
import type { Write } from '../../common/write/write-path.js';
import { IdentityProviderEntity } from './identity-provider.entity.js';
import { OidcHandoffEntity } from './oidc-handoff.entity.js';
import { UserIdentityEntity } from './user-identity.entity.js';

const providers = entityTable(IdentityProviderEntity);
const SELECT_PROVIDER = `SELECT ${providers.selectList('p')} FROM identity_providers p`;

/** The only place the SQL of sign-in with OpenID Connect lives: providers, identities, hand-off codes. */
@Injectable()
export class OidcRepository {
  constructor(private readonly ds: DataSource) {}

  async provider(id: string): Promise<IdentityProviderEntity | undefined> {
    const [row] = await this.ds.query<IdentityProviderEntity[]>(`${SELECT_PROVIDER} WHERE p.id = $1`, [id]);
    return row;
  }

  /** A collaboration's providers by name (at most a few: one per identity provider it trusts). */
  providers(collaborationId: string, enabledOnly = false): Promise<IdentityProviderEntity[]> {
    return this.ds.query(`${SELECT_PROVIDER} WHERE p.collaboration_id = $1${enabledOnly ? ' AND p.enabled' : ''} ORDER BY lower(p.display_name), p.id`, [collaborationId]);
  }

  /** The enabled providers of the default collaboration (the login page of an installation that names none). */
  defaultProviders(): Promise<IdentityProviderEntity[]> {
    return this.ds.query(`${SELECT_PROVIDER} JOIN collaborations c ON c.id = p.collaboration_id
      WHERE c.is_default AND p.enabled ORDER BY lower(p.display_name), p.id`);
  }

  /** A new provider; no row when the collaboration has one with this issuer and client id. */
  insertProvider(w: Write, p: Values<IdentityProviderEntity>): Step<IdentityProviderEntity> {
    return w.s.insert(IdentityProviderEntity, p, { guard: w.guard, onConflictDoNothing: true });
  }

  /** Requires the provider to be the collaboration's and still at `version`, locked until the write commits. */
  requireProviderAtVersion(w: Write, id: string, version: number): void {
    const s = w.s;
    w.require(s.select(s.sql`SELECT p.id FROM identity_providers p
      WHERE p.id = ${id}::uuid AND p.collaboration_id = ${w.collaborationId}::uuid AND p.version = ${version}::int FOR UPDATE OF p`));
  }

  updateProvider(w: Write, id: string, set: Values<IdentityProviderEntity>): Step<IdentityProviderEntity> {
    const s = w.s;
    return s.update(IdentityProviderEntity, { ...set, version: s.sql`t.version + 1`, updatedAt: s.sql`now()` }, s.sql`t.id = ${id}::uuid`, { guard: w.guard });
  }

  /** Deletes the collaboration's provider (its identities and waiting codes go with it); required to find it. */
  deleteProvider(w: Write, id: string): Step<{ id: string }> {
    const s = w.s;
    return w.require(s.select(s.sql`DELETE FROM identity_providers WHERE id = ${id}::uuid AND collaboration_id = ${w.collaborationId}::uuid RETURNING id`));
  }

  async identity(providerId: string, subject: string): Promise<{ userId: string } | undefined> {
    const [row] = await this.ds.query<{ userId: string }[]>('SELECT user_id AS "userId" FROM user_identities WHERE provider_id = $1 AND subject = $2', [providerId, subject]);
    return row;
  }

  /**
   * Links a subject to an account, written only if `after` (the account's insert, when the sign-in makes one) wrote;
   * no row when the subject or the account is linked already (a sign-in that raced this one).
   */
  insertIdentity(w: Write, identity: Values<UserIdentityEntity>, after?: Step<unknown>): Step<UserIdentityEntity> {
    return w.s.insert(UserIdentityEntity, identity, { guard: after ? [...w.guard, after] : w.guard, onConflictDoNothing: true });
  }

  insertHandoff(w: Write, h: Values<OidcHandoffEntity>): Step<unknown> {
    return w.s.insert(OidcHandoffEntity, h, { guard: w.guard, returning: 'marker' });
  }

  /** The finished sign-in a code names, if it is unused, unexpired and was made for the browser holding `binderHash`. */
  async handoff(codeHash: string, binderHash: string): Promise<Pick<OidcHandoffEntity, 'id' | 'userId' | 'providerId' | 'returnTo'> | undefined> {
    const [row] = await this.ds.query<Pick<OidcHandoffEntity, 'id' | 'userId' | 'providerId' | 'returnTo'>[]>(
      `SELECT id, user_id AS "userId", provider_id AS "providerId", return_to AS "returnTo" FROM oidc_handoffs
       WHERE code_hash = $1 AND binder_hash = $2 AND used_at IS NULL AND expires_at > now()`, [codeHash, binderHash]);
    return row;
  }

  /**
   * Uses the code, once: a requirement of the write that starts the session, so two exchanges of one code (a double
   * click, a stolen code raced against its owner) make one session between them. The second waits for the first's
   * row lock, then finds it used.
   */
  requireHandoffUnused(w: Write, id: string): void {
    const s = w.s;
    w.require(s.update(OidcHandoffEntity, { usedAt: s.sql`now()` }, s.sql`t.id = ${id}::uuid AND t.used_at IS NULL AND t.expires_at > now()`, { returning: 'marker' }));
  }

  /** Codes are kept a day after they ran out (what the audit log does not say, these do not need to). */
  async pruneHandoffs(): Promise<void> {
    await this.ds.query(`DELETE FROM oidc_handoffs WHERE expires_at < now() - interval '1 day'`);
  }
}
