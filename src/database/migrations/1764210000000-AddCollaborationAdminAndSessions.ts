import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roles that match the partnership: `collaboration_admin` manages the organisations and the users of every
 * organisation (an organisation's `admin` only its own). Sessions: every login is a row, so a token can be ended
 * (logout, disable, new password) and stays ended (re-enabling a user does not revive old tokens). E-mail addresses
 * are unique per collaboration, not per installation: one officer may serve two municipalities, and an admin of one
 * collaboration must not learn from a 409 which addresses exist in another.
 */
export class AddCollaborationAdminAndSessions1764210000000 implements MigrationInterface {
  name = 'AddCollaborationAdminAndSessions1764210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users DROP CONSTRAINT users_role_check;
      ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('member','coordinator','admin','collaboration_admin'));
      DROP INDEX uq_users_email;
      CREATE UNIQUE INDEX uq_users_email ON users (collaboration_id, lower(email));
      CREATE INDEX ix_users_email ON users (lower(email));

      CREATE TABLE sessions (
        id uuid PRIMARY KEY,
        collaboration_id uuid NOT NULL,
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        ended_reason text CHECK (ended_reason IN ('logout','disabled','password','ended_by_user')),
        ip text,
        FOREIGN KEY (user_id, collaboration_id) REFERENCES users(id, collaboration_id) ON DELETE CASCADE
      );
      CREATE INDEX ix_sessions_user ON sessions (user_id, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE sessions;
      DROP INDEX ix_users_email;
      DROP INDEX uq_users_email;
      CREATE UNIQUE INDEX uq_users_email ON users (lower(email));
      UPDATE users SET role = 'admin' WHERE role = 'collaboration_admin';
      ALTER TABLE users DROP CONSTRAINT users_role_check;
      ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('member','coordinator','admin'));
    `);
  }
}
