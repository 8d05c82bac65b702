import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in with OpenID Connect (src/auth/oidc): the identity providers of a collaboration (the client secret sealed
 * with a key derived from the installation's JWT key, see secret-box.ts), the link of a provider's subject to an
 * account, and the one-time codes that hand a finished sign-in to the web client. An account made by a sign-in has
 * no password here (`password_hash` NULL). Sessions learn when they were last used.
 */
export class AddOidcSignIn1796700000000 implements MigrationInterface {
  name = 'AddOidcSignIn1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
      ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz;

      CREATE TABLE identity_providers (
        id uuid NOT NULL,
        collaboration_id uuid NOT NULL,
        display_name text NOT NULL,
        issuer text NOT NULL,
        client_id text NOT NULL,
        client_secret text,
        scopes text NOT NULL DEFAULT 'openid email profile',
        mapping jsonb NOT NULL DEFAULT '[]',
        link_by_email boolean NOT NULL DEFAULT false,
        enabled boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT identity_providers_pkey PRIMARY KEY (id),
        CONSTRAINT identity_providers_id_collaboration_id_key UNIQUE (id, collaboration_id),
        CONSTRAINT identity_providers_collaboration_id_issuer_client_id_key UNIQUE (collaboration_id, issuer, client_id),
        CONSTRAINT identity_providers_mapping_check CHECK (jsonb_typeof(mapping) = 'array'),
        CONSTRAINT identity_providers_collaboration_id_fkey FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE
      );

      CREATE TABLE user_identities (
        provider_id uuid NOT NULL,
        subject text NOT NULL,
        collaboration_id uuid NOT NULL,
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT user_identities_pkey PRIMARY KEY (provider_id, subject),
        CONSTRAINT user_identities_provider_id_user_id_key UNIQUE (provider_id, user_id),
        CONSTRAINT user_identities_provider_id_collaboration_id_fkey
          FOREIGN KEY (provider_id, collaboration_id) REFERENCES identity_providers(id, collaboration_id) ON DELETE CASCADE,
        CONSTRAINT user_identities_user_id_collaboration_id_fkey
          FOREIGN KEY (user_id, collaboration_id) REFERENCES users(id, collaboration_id) ON DELETE CASCADE
      );
      CREATE INDEX ix_user_identities_user ON user_identities (user_id);

      CREATE TABLE oidc_handoffs (
        id uuid NOT NULL,
        code_hash text NOT NULL,
        binder_hash text NOT NULL,
        collaboration_id uuid NOT NULL,
        provider_id uuid NOT NULL,
        user_id uuid NOT NULL,
        return_to text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT oidc_handoffs_pkey PRIMARY KEY (id),
        CONSTRAINT oidc_handoffs_code_hash_key UNIQUE (code_hash),
        CONSTRAINT oidc_handoffs_provider_id_collaboration_id_fkey
          FOREIGN KEY (provider_id, collaboration_id) REFERENCES identity_providers(id, collaboration_id) ON DELETE CASCADE,
        CONSTRAINT oidc_handoffs_user_id_collaboration_id_fkey
          FOREIGN KEY (user_id, collaboration_id) REFERENCES users(id, collaboration_id) ON DELETE CASCADE
      );
      CREATE INDEX ix_oidc_handoffs_expires ON oidc_handoffs (expires_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE oidc_handoffs;
      DROP TABLE user_identities;
      DROP TABLE identity_providers;
      ALTER TABLE sessions DROP COLUMN last_seen_at;
      -- An account made by a sign-in has no password: it gets one nobody knows (an admin sets a new one).
      UPDATE users SET password_hash = '!no-password' WHERE password_hash IS NULL;
      ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL;
    `);
  }
}
