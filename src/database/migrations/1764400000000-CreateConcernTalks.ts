import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Concern talks (orossamtal): per organisation, month and optionally area, how many talks were held, with how many
 * youths, and in how many a guardian or social services took part. Counts only: no names, no free text. Kept apart
 * from reports and the event log; the foreign keys stay inside the collaboration as every other table's do.
 */
export class CreateConcernTalks1764400000000 implements MigrationInterface {
  name = 'CreateConcernTalks1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE concern_talks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        month date NOT NULL,
        area_id uuid,
        talks integer NOT NULL,
        youths integer NOT NULL,
        guardians_present integer NOT NULL,
        social_services_present integer NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT concern_talks_month_check CHECK (month >= DATE '2000-01-01' AND EXTRACT(DAY FROM month) = 1),
        CONSTRAINT concern_talks_talks_check CHECK (talks >= 0),
        CONSTRAINT concern_talks_youths_check CHECK (youths >= 0),
        CONSTRAINT concern_talks_guardians_present_check CHECK (guardians_present >= 0 AND guardians_present <= talks),
        CONSTRAINT concern_talks_social_services_present_check CHECK (social_services_present >= 0 AND social_services_present <= talks),
        CONSTRAINT concern_talks_collaboration_id_fkey FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE,
        CONSTRAINT concern_talks_organisation_id_collaboration_id_fkey
          FOREIGN KEY (organisation_id, collaboration_id) REFERENCES organisations(id, collaboration_id),
        CONSTRAINT concern_talks_area_id_collaboration_id_fkey
          FOREIGN KEY (area_id, collaboration_id) REFERENCES areas(id, collaboration_id)
      );
      CREATE INDEX ix_concern_talks_month ON concern_talks (collaboration_id, month, id);
      CREATE INDEX ix_concern_talks_area ON concern_talks (collaboration_id, area_id);
      CREATE INDEX ix_concern_talks_org ON concern_talks (organisation_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE concern_talks');
  }
}
