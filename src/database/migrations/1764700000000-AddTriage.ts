import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Triage: a report assigned to an organisation, merged into another (a duplicate), answered by a coordinator; the
 * collaboration's answer templates and its thresholds for suggesting duplicates.
 */
export class AddTriage1764700000000 implements MigrationInterface {
  name = 'AddTriage1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE reports
        ADD COLUMN assigned_to uuid,
        ADD COLUMN merged_into uuid,
        ADD COLUMN answer text,
        ADD COLUMN answered_at timestamptz,
        ADD COLUMN answered_by uuid,
        ADD CONSTRAINT reports_assigned_to_collaboration_id_fkey FOREIGN KEY (assigned_to, collaboration_id) REFERENCES organisations(id, collaboration_id),
        ADD CONSTRAINT reports_merged_into_collaboration_id_fkey FOREIGN KEY (merged_into, collaboration_id) REFERENCES reports(id, collaboration_id),
        ADD CONSTRAINT reports_answered_by_collaboration_id_fkey FOREIGN KEY (answered_by, collaboration_id) REFERENCES organisations(id, collaboration_id),
        ADD CONSTRAINT reports_merged_into_check CHECK (merged_into IS DISTINCT FROM id);
      CREATE INDEX ix_reports_assigned ON reports (collaboration_id, assigned_to);
      CREATE INDEX ix_reports_merged_into ON reports (merged_into);

      CREATE TABLE answer_templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT answer_templates_collaboration_id_fkey FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE,
        CONSTRAINT answer_templates_created_by_collaboration_id_fkey FOREIGN KEY (created_by, collaboration_id) REFERENCES users(id, collaboration_id)
      );
      CREATE INDEX ix_answer_templates_collaboration ON answer_templates (collaboration_id, title);

      CREATE TABLE triage_settings (
        collaboration_id uuid PRIMARY KEY,
        duplicate_distance_m integer NOT NULL DEFAULT 150,
        duplicate_window_hours integer NOT NULL DEFAULT 72,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT triage_settings_collaboration_id_fkey FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE,
        CONSTRAINT triage_settings_distance_check CHECK (duplicate_distance_m BETWEEN 1 AND 10000),
        CONSTRAINT triage_settings_window_check CHECK (duplicate_window_hours BETWEEN 1 AND 2160)
      );`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE triage_settings; DROP TABLE answer_templates;
      DROP INDEX ix_reports_merged_into; DROP INDEX ix_reports_assigned;
      ALTER TABLE reports DROP CONSTRAINT reports_merged_into_check, DROP COLUMN answered_by, DROP COLUMN answered_at, DROP COLUMN answer,
        DROP COLUMN merged_into, DROP COLUMN assigned_to`);
  }
}
