import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable e-mail outbox (src/mail): one row per message ever planned, unique by its dedupe key, whose status says
 * whether it was sent. The pg-boss queue that schedules the attempts keeps its own schema (`pgboss`), which pg-boss
 * creates and migrates itself when e-mail is configured (SMTP_URL); without e-mail it is never created.
 */
export class CreateMailOutbox1796600000000 implements MigrationInterface {
  name = 'CreateMailOutbox1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        recipient_user_id uuid NOT NULL,
        kind text NOT NULL,
        dedupe_key text NOT NULL,
        ref jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        claimed_by text,
        lease_until timestamptz,
        last_error text,
        skip_reason text,
        smtp_response text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT uq_mail_outbox_dedupe_key UNIQUE (dedupe_key),
        CONSTRAINT mail_outbox_status_check CHECK (status IN ('pending','sending','retrying','sent','skipped','failed')),
        CONSTRAINT mail_outbox_kind_check CHECK (char_length(kind) BETWEEN 1 AND 50),
        CONSTRAINT mail_outbox_sent_check CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
        CONSTRAINT mail_outbox_collaboration_id_fkey FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE,
        CONSTRAINT mail_outbox_recipient_user_id_collaboration_id_fkey
          FOREIGN KEY (recipient_user_id, collaboration_id) REFERENCES users(id, collaboration_id) ON DELETE CASCADE
      );
      CREATE INDEX ix_mail_outbox_list ON mail_outbox (collaboration_id, status, created_at);
      CREATE INDEX ix_mail_outbox_open ON mail_outbox (status, updated_at);
      CREATE INDEX ix_mail_outbox_recipient ON mail_outbox (recipient_user_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE mail_outbox');
  }
}
