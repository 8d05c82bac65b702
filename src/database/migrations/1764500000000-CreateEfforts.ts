import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Efforts (insatser): what the partners did about the picture, linked to the reports they took up, with the actions
 * each organisation took and a history. `shared_with` follows the one visibility policy (common/visibility.ts): it
 * lists every organisation besides the owner that may see the effort, its other organisations included.
 */
export class CreateEfforts1764500000000 implements MigrationInterface {
  name = 'CreateEfforts1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE efforts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        seq bigint NOT NULL DEFAULT 0,
        type text NOT NULL,
        title text NOT NULL,
        description text,
        mode text NOT NULL,
        organisation_id uuid NOT NULL,
        organisation_ids uuid[] NOT NULL,
        visibility text NOT NULL,
        shared_with uuid[] NOT NULL DEFAULT '{}',
        area_ids uuid[] NOT NULL DEFAULT '{}',
        place_ids uuid[] NOT NULL DEFAULT '{}',
        area_id uuid,
        place_id uuid,
        planned_start timestamptz NOT NULL,
        planned_end timestamptz,
        actual_start timestamptz,
        actual_end timestamptz,
        follow_up_at timestamptz,
        status text NOT NULL,
        outcome text,
        author_id uuid NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT efforts_id_collaboration_id_key UNIQUE (id, collaboration_id),
        CONSTRAINT efforts_collaboration_id_fkey FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE,
        CONSTRAINT efforts_organisation_id_collaboration_id_fkey FOREIGN KEY (organisation_id, collaboration_id) REFERENCES organisations(id, collaboration_id),
        CONSTRAINT efforts_author_id_collaboration_id_fkey FOREIGN KEY (author_id, collaboration_id) REFERENCES users(id, collaboration_id),
        CONSTRAINT efforts_area_id_collaboration_id_fkey FOREIGN KEY (area_id, collaboration_id) REFERENCES areas(id, collaboration_id),
        CONSTRAINT efforts_place_id_collaboration_id_fkey FOREIGN KEY (place_id, collaboration_id) REFERENCES places(id, collaboration_id),
        CONSTRAINT efforts_type_check CHECK (type IN ('visibility_patrol','school_visit','dog_search','drug_operation','concern_talk','speed_check','sobriety_check','lighting_fix','cleanup','rural_council','meeting','other')),
        CONSTRAINT efforts_mode_check CHECK ((mode = 'separate' AND cardinality(organisation_ids) = 1) OR (mode = 'joint' AND cardinality(organisation_ids) >= 2)),
        CONSTRAINT efforts_owner_check CHECK (organisation_id = organisation_ids[1]),
        CONSTRAINT efforts_status_check CHECK (status IN ('planned','ongoing','done','cancelled')),
        CONSTRAINT efforts_visibility_check CHECK (visibility IN ('partners','organisations','own')),
        CONSTRAINT efforts_planned_check CHECK (planned_end IS NULL OR planned_end >= planned_start),
        CONSTRAINT efforts_actual_check CHECK (actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start)
      );
      CREATE INDEX ix_efforts_list ON efforts (collaboration_id, created_at, id);
      CREATE INDEX ix_efforts_follow_up ON efforts (collaboration_id, follow_up_at);

      CREATE TABLE effort_reports (
        effort_id uuid NOT NULL,
        report_id uuid NOT NULL,
        collaboration_id uuid NOT NULL,
        linked_by uuid NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT effort_reports_pkey PRIMARY KEY (effort_id, report_id),
        CONSTRAINT effort_reports_effort_id_collaboration_id_fkey FOREIGN KEY (effort_id, collaboration_id) REFERENCES efforts(id, collaboration_id) ON DELETE CASCADE,
        CONSTRAINT effort_reports_report_id_collaboration_id_fkey FOREIGN KEY (report_id, collaboration_id) REFERENCES reports(id, collaboration_id) ON DELETE CASCADE
      );
      CREATE INDEX ix_effort_reports_report ON effort_reports (report_id);

      CREATE TABLE effort_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        effort_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        author_id uuid NOT NULL,
        kind text NOT NULL,
        count integer,
        at timestamptz NOT NULL,
        note text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT effort_actions_effort_id_collaboration_id_fkey FOREIGN KEY (effort_id, collaboration_id) REFERENCES efforts(id, collaboration_id) ON DELETE CASCADE,
        CONSTRAINT effort_actions_organisation_id_collaboration_id_fkey FOREIGN KEY (organisation_id, collaboration_id) REFERENCES organisations(id, collaboration_id),
        CONSTRAINT effort_actions_author_id_collaboration_id_fkey FOREIGN KEY (author_id, collaboration_id) REFERENCES users(id, collaboration_id),
        CONSTRAINT effort_actions_count_check CHECK (count IS NULL OR count >= 0)
      );
      CREATE INDEX ix_effort_actions_effort ON effort_actions (effort_id, at, id);

      CREATE TABLE effort_history (
        id bigserial PRIMARY KEY,
        collaboration_id uuid NOT NULL,
        effort_id uuid NOT NULL,
        actor_id uuid NOT NULL,
        actor_organisation_id uuid NOT NULL,
        action text NOT NULL,
        changes jsonb NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT effort_history_effort_id_collaboration_id_fkey FOREIGN KEY (effort_id, collaboration_id) REFERENCES efforts(id, collaboration_id) ON DELETE CASCADE
      );
      CREATE INDEX ix_effort_history_effort ON effort_history (effort_id, id);`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE effort_history; DROP TABLE effort_actions; DROP TABLE effort_reports; DROP TABLE efforts');
  }
}
