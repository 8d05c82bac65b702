import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail alerts and digests (src/alerts): how each subscription is e-mailed, each person's e-mail settings (all
 * e-mail on or off, the language), how far the planner has read each collaboration's event log, and the reports
 * waiting for a subscription's next digest.
 */
export class CreateAlerts1796600100000 implements MigrationInterface {
  name = 'CreateAlerts1796600100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_settings (
        subscription_id uuid NOT NULL,
        collaboration_id uuid NOT NULL,
        user_id uuid NOT NULL,
        email text NOT NULL,
        email_min_severity smallint,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alert_settings_pkey PRIMARY KEY (subscription_id),
        CONSTRAINT alert_settings_email_check CHECK (email IN ('off','immediate','daily','weekly')),
        CONSTRAINT alert_settings_email_min_severity_check CHECK (email_min_severity BETWEEN 1 AND 5),
        CONSTRAINT alert_settings_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES subscriptions(id) ON DELETE CASCADE,
        CONSTRAINT alert_settings_user_id_collaboration_id_fkey
          FOREIGN KEY (user_id, collaboration_id) REFERENCES users(id, collaboration_id) ON DELETE CASCADE
      );
      CREATE INDEX ix_alert_settings_collaboration ON alert_settings (collaboration_id, email);

      CREATE TABLE alert_preferences (
        user_id uuid NOT NULL,
        collaboration_id uuid NOT NULL,
        email_alerts boolean NOT NULL DEFAULT true,
        language text NOT NULL DEFAULT 'sv',
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alert_preferences_pkey PRIMARY KEY (user_id),
        CONSTRAINT alert_preferences_language_check CHECK (language IN ('sv','en')),
        CONSTRAINT alert_preferences_user_id_collaboration_id_fkey
          FOREIGN KEY (user_id, collaboration_id) REFERENCES users(id, collaboration_id) ON DELETE CASCADE
      );

      CREATE TABLE alert_cursors (
        collaboration_id uuid NOT NULL,
        last_seq bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alert_cursors_pkey PRIMARY KEY (collaboration_id),
        CONSTRAINT alert_cursors_collaboration_id_fkey FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE
      );

      CREATE TABLE alert_digest_items (
        subscription_id uuid NOT NULL,
        report_id uuid NOT NULL,
        collaboration_id uuid NOT NULL,
        user_id uuid NOT NULL,
        first_at timestamptz NOT NULL,
        digest_key text,
        CONSTRAINT alert_digest_items_pkey PRIMARY KEY (subscription_id, report_id),
        CONSTRAINT alert_digest_items_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES subscriptions(id) ON DELETE CASCADE,
        CONSTRAINT alert_digest_items_user_id_collaboration_id_fkey
          FOREIGN KEY (user_id, collaboration_id) REFERENCES users(id, collaboration_id) ON DELETE CASCADE
      );
      CREATE INDEX ix_alert_digest_items_digest ON alert_digest_items (digest_key);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE alert_digest_items; DROP TABLE alert_cursors; DROP TABLE alert_preferences; DROP TABLE alert_settings');
  }
}
