import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The picture's own records: reports left out in review, and frozen weekly snapshots with their files. Snapshots are
 * immutable: a trigger refuses any UPDATE of them or their files (a frozen week never changes); they go only with
 * their collaboration.
 */
export class CreatePictures1764850000000 implements MigrationInterface {
  name = 'CreatePictures1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE picture_exclusions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        report_id uuid NOT NULL,
        week text NOT NULL,
        reason text NOT NULL,
        organisation_id uuid NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT picture_exclusions_report_id_key UNIQUE (report_id),
        CONSTRAINT picture_exclusions_collaboration_id_fkey FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE,
        CONSTRAINT picture_exclusions_report_id_collaboration_id_fkey
          FOREIGN KEY (report_id, collaboration_id) REFERENCES reports(id, collaboration_id) ON DELETE CASCADE,
        CONSTRAINT picture_exclusions_organisation_id_collaboration_id_fkey
          FOREIGN KEY (organisation_id, collaboration_id) REFERENCES organisations(id, collaboration_id),
        CONSTRAINT picture_exclusions_created_by_collaboration_id_fkey
          FOREIGN KEY (created_by, collaboration_id) REFERENCES users(id, collaboration_id)
      );
      CREATE INDEX ix_picture_exclusions_week ON picture_exclusions (collaboration_id, week);

      CREATE TABLE picture_snapshots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        week text NOT NULL,
        picture jsonb NOT NULL,
        content_hash text NOT NULL,
        frozen_by uuid NOT NULL,
        frozen_by_organisation uuid NOT NULL,
        frozen_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT picture_snapshots_collaboration_id_week_key UNIQUE (collaboration_id, week),
        CONSTRAINT picture_snapshots_collaboration_id_fkey FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE,
        CONSTRAINT picture_snapshots_frozen_by_organisation_collaboration_id_fkey
          FOREIGN KEY (frozen_by_organisation, collaboration_id) REFERENCES organisations(id, collaboration_id),
        CONSTRAINT picture_snapshots_frozen_by_collaboration_id_fkey
          FOREIGN KEY (frozen_by, collaboration_id) REFERENCES users(id, collaboration_id)
      );
      CREATE TABLE picture_snapshot_files (
        snapshot_id uuid NOT NULL,
        format text NOT NULL,
        file_name text NOT NULL,
        content bytea NOT NULL,
        sha256 text NOT NULL,
        CONSTRAINT picture_snapshot_files_pkey PRIMARY KEY (snapshot_id, format),
        CONSTRAINT picture_snapshot_files_snapshot_id_fkey FOREIGN KEY (snapshot_id) REFERENCES picture_snapshots(id) ON DELETE CASCADE
      );

      CREATE FUNCTION refuse_snapshot_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a frozen picture is never changed (%)', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
      END $$;
      CREATE TRIGGER picture_snapshots_immutable BEFORE UPDATE ON picture_snapshots FOR EACH ROW EXECUTE FUNCTION refuse_snapshot_update();
      CREATE TRIGGER picture_snapshot_files_immutable BEFORE UPDATE ON picture_snapshot_files FOR EACH ROW EXECUTE FUNCTION refuse_snapshot_update();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE picture_snapshot_files;
      DROP TABLE picture_snapshots;
      DROP FUNCTION refuse_snapshot_update();
      DROP TABLE picture_exclusions;
    `);
  }
}
