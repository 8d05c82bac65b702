import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Password reset links (src/auth/password-reset.*): single use, expiring; the link is the id signed with the service's key. */
export class CreatePasswordResetTokens1796600200000 implements MigrationInterface {
  name = 'CreatePasswordResetTokens1796600200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE password_reset_tokens (
        id uuid NOT NULL,
        collaboration_id uuid NOT NULL,
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        requested_ip text,
        CONSTRAINT password_reset_tokens_pkey PRIMARY KEY (id),
        CONSTRAINT password_reset_tokens_user_id_collaboration_id_fkey
          FOREIGN KEY (user_id, collaboration_id) REFERENCES users(id, collaboration_id) ON DELETE CASCADE
      );
      CREATE INDEX ix_password_reset_tokens_user ON password_reset_tokens (user_id, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE password_reset_tokens');
  }
}
