import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Joint meetings (samverkansmöten) and rural councils: who was present, the agenda items discussed (with notes) and
 * the decisions recorded, each with the organisation answering for it and, once turned into one, its effort.
 * Every foreign key stays inside its collaboration (composite keys), as everywhere.
 */
export class CreateMeetings1764600000000 implements MigrationInterface {
  name = 'CreateMeetings1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE meetings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        kind text NOT NULL,
        starts_at timestamptz NOT NULL,
        title text,
        organisation_ids uuid[] NOT NULL,
        area_ids uuid[] NOT NULL DEFAULT '{}',
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT meetings_id_collaboration_id_key UNIQUE (id, collaboration_id),
        CONSTRAINT meetings_collaboration_id_fkey FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE,
        CONSTRAINT meetings_created_by_collaboration_id_fkey FOREIGN KEY (created_by, collaboration_id) REFERENCES users(id, collaboration_id),
        CONSTRAINT meetings_kind_check CHECK (kind IN ('joint','rural_council')),
        CONSTRAINT meetings_organisations_check CHECK (cardinality(organisation_ids) >= 1)
      );
      CREATE INDEX ix_meetings_list ON meetings (collaboration_id, starts_at, id);

      CREATE TABLE meeting_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        meeting_id uuid NOT NULL,
        kind text NOT NULL,
        ref_id uuid,
        title text NOT NULL,
        note text,
        position integer NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT meeting_items_meeting_id_position_key UNIQUE (meeting_id, position),
        CONSTRAINT meeting_items_meeting_id_collaboration_id_fkey FOREIGN KEY (meeting_id, collaboration_id) REFERENCES meetings(id, collaboration_id) ON DELETE CASCADE,
        CONSTRAINT meeting_items_created_by_collaboration_id_fkey FOREIGN KEY (created_by, collaboration_id) REFERENCES users(id, collaboration_id),
        CONSTRAINT meeting_items_kind_check CHECK (kind IN ('hotspot','report','effort','other')),
        CONSTRAINT meeting_items_ref_check CHECK ((kind = 'other') = (ref_id IS NULL))
      );

      CREATE TABLE meeting_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        meeting_id uuid NOT NULL,
        text text NOT NULL,
        owner_organisation_id uuid NOT NULL,
        due_at timestamptz,
        effort_id uuid,
        effort_key uuid NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT meeting_decisions_effort_id_key UNIQUE (effort_id),
        CONSTRAINT meeting_decisions_meeting_id_collaboration_id_fkey FOREIGN KEY (meeting_id, collaboration_id) REFERENCES meetings(id, collaboration_id) ON DELETE CASCADE,
        CONSTRAINT meeting_decisions_owner_organisation_id_collaboration_id_fkey FOREIGN KEY (owner_organisation_id, collaboration_id) REFERENCES organisations(id, collaboration_id),
        CONSTRAINT meeting_decisions_effort_id_collaboration_id_fkey FOREIGN KEY (effort_id, collaboration_id) REFERENCES efforts(id, collaboration_id),
        CONSTRAINT meeting_decisions_created_by_collaboration_id_fkey FOREIGN KEY (created_by, collaboration_id) REFERENCES users(id, collaboration_id)
      );
      CREATE INDEX ix_meeting_decisions_meeting ON meeting_decisions (meeting_id, created_at, id);`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE meeting_decisions; DROP TABLE meeting_items; DROP TABLE meetings');
  }
}
