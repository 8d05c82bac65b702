import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Citizen promises (medborgarlöften) with their focus areas and commitments, and the yearly documents written from the
 * data (a promise's follow-up, the action plan of lag 2023:196 and its follow-up), each document with its versions:
 * the generated draft beside the edited words. A version is never changed once written, only published (a trigger
 * says so, as the frozen pictures' does). Every foreign key stays inside its collaboration (composite keys).
 */
export class CreatePromises1796500000000 implements MigrationInterface {
  name = 'CreatePromises1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE promises (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        year integer NOT NULL,
        to_year integer NOT NULL,
        title text NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT promises_id_collaboration_id_key UNIQUE (id, collaboration_id),
        CONSTRAINT promises_collaboration_id_fkey FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE,
        CONSTRAINT promises_created_by_collaboration_id_fkey FOREIGN KEY (created_by, collaboration_id) REFERENCES users(id, collaboration_id),
        CONSTRAINT promises_year_check CHECK (year BETWEEN 2000 AND 2099 AND to_year BETWEEN year AND year + 4)
      );
      CREATE INDEX ix_promises_list ON promises (collaboration_id, year, id);

      CREATE TABLE promise_focus_areas (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        promise_id uuid NOT NULL,
        position integer NOT NULL,
        title text NOT NULL,
        text text NOT NULL,
        CONSTRAINT promise_focus_areas_id_collaboration_id_key UNIQUE (id, collaboration_id),
        CONSTRAINT promise_focus_areas_promise_id_collaboration_id_fkey FOREIGN KEY (promise_id, collaboration_id)
          REFERENCES promises(id, collaboration_id) ON DELETE CASCADE
      );
      CREATE INDEX ix_promise_focus_areas_promise ON promise_focus_areas (promise_id, position);

      CREATE TABLE promise_commitments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        promise_id uuid NOT NULL,
        focus_area_id uuid NOT NULL,
        position integer NOT NULL,
        text text NOT NULL,
        owner_organisation_id uuid NOT NULL,
        effort_types text[] NOT NULL DEFAULT '{}',
        area_ids uuid[] NOT NULL DEFAULT '{}',
        categories text[] NOT NULL DEFAULT '{}',
        target_kind text NOT NULL,
        target_count integer,
        due_at date NOT NULL,
        CONSTRAINT promise_commitments_promise_id_collaboration_id_fkey FOREIGN KEY (promise_id, collaboration_id)
          REFERENCES promises(id, collaboration_id) ON DELETE CASCADE,
        CONSTRAINT promise_commitments_focus_area_id_collaboration_id_fkey FOREIGN KEY (focus_area_id, collaboration_id)
          REFERENCES promise_focus_areas(id, collaboration_id) ON DELETE CASCADE,
        CONSTRAINT promise_commitments_owner_organisation_id_collaboration_id_fkey FOREIGN KEY (owner_organisation_id, collaboration_id)
          REFERENCES organisations(id, collaboration_id),
        CONSTRAINT promise_commitments_target_kind_check CHECK (target_kind IN ('efforts','actions','reports_trend')),
        CONSTRAINT promise_commitments_target_count_check CHECK (target_count IS NULL OR target_count BETWEEN 0 AND 100000),
        CONSTRAINT promise_commitments_target_check CHECK (target_kind = 'reports_trend' OR target_count IS NOT NULL)
      );
      CREATE INDEX ix_promise_commitments_promise ON promise_commitments (promise_id, focus_area_id, position);

      CREATE TABLE promise_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        kind text NOT NULL,
        year integer NOT NULL,
        scope_key text NOT NULL,
        promise_id uuid,
        action_plan_id uuid,
        title text NOT NULL,
        version integer NOT NULL,
        status text NOT NULL,
        published_version integer,
        published_at timestamptz,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT promise_documents_id_collaboration_id_key UNIQUE (id, collaboration_id),
        CONSTRAINT promise_documents_collaboration_id_scope_key_key UNIQUE (collaboration_id, scope_key),
        CONSTRAINT promise_documents_collaboration_id_fkey FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE,
        CONSTRAINT promise_documents_promise_id_collaboration_id_fkey FOREIGN KEY (promise_id, collaboration_id) REFERENCES promises(id, collaboration_id),
        CONSTRAINT promise_documents_action_plan_id_collaboration_id_fkey FOREIGN KEY (action_plan_id, collaboration_id)
          REFERENCES promise_documents(id, collaboration_id),
        CONSTRAINT promise_documents_created_by_collaboration_id_fkey FOREIGN KEY (created_by, collaboration_id) REFERENCES users(id, collaboration_id),
        CONSTRAINT promise_documents_kind_check CHECK (kind IN ('follow_up','action_plan','action_plan_follow_up')),
        CONSTRAINT promise_documents_status_check CHECK (status IN ('draft','published')),
        CONSTRAINT promise_documents_year_check CHECK (year BETWEEN 2000 AND 2099),
        CONSTRAINT promise_documents_promise_check CHECK ((kind = 'follow_up') = (promise_id IS NOT NULL)),
        CONSTRAINT promise_documents_action_plan_check CHECK ((kind = 'action_plan_follow_up') = (action_plan_id IS NOT NULL)),
        CONSTRAINT promise_documents_published_check CHECK ((published_version IS NULL) = (published_at IS NULL)
          AND (published_version IS NULL OR published_version BETWEEN 1 AND version))
      );

      CREATE TABLE promise_document_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        document_id uuid NOT NULL,
        version integer NOT NULL,
        status text NOT NULL,
        origin text NOT NULL,
        generated jsonb NOT NULL,
        text jsonb NOT NULL,
        figures jsonb NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        published_at timestamptz,
        published_by uuid,
        CONSTRAINT promise_document_versions_document_id_version_key UNIQUE (document_id, version),
        CONSTRAINT promise_document_versions_document_id_collaboration_id_fkey FOREIGN KEY (document_id, collaboration_id)
          REFERENCES promise_documents(id, collaboration_id) ON DELETE CASCADE,
        CONSTRAINT promise_document_versions_created_by_collaboration_id_fkey FOREIGN KEY (created_by, collaboration_id) REFERENCES users(id, collaboration_id),
        CONSTRAINT promise_document_versions_published_by_collaboration_id_fkey FOREIGN KEY (published_by, collaboration_id) REFERENCES users(id, collaboration_id),
        CONSTRAINT promise_document_versions_status_check CHECK (status IN ('draft','published')),
        CONSTRAINT promise_document_versions_origin_check CHECK (origin IN ('generate','edit','regenerate')),
        CONSTRAINT promise_document_versions_published_check CHECK ((status = 'published') = (published_at IS NOT NULL)
          AND (published_at IS NULL) = (published_by IS NULL))
      );

      -- A version's words and figures are never changed, and a published version not at all: publishing a draft is the
      -- one update there is (an edit makes the next version).
      CREATE FUNCTION refuse_document_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'published' OR NEW.status <> 'published' OR NEW.generated IS DISTINCT FROM OLD.generated
           OR NEW.text IS DISTINCT FROM OLD.text OR NEW.figures IS DISTINCT FROM OLD.figures OR NEW.version <> OLD.version
           OR NEW.document_id <> OLD.document_id OR NEW.origin <> OLD.origin OR NEW.created_by <> OLD.created_by THEN
          RAISE EXCEPTION 'a version of a document is never changed, only published once (%)', OLD.id USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER promise_document_versions_immutable BEFORE UPDATE ON promise_document_versions
        FOR EACH ROW EXECUTE FUNCTION refuse_document_version_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE promise_document_versions;
      DROP FUNCTION refuse_document_version_change();
      DROP TABLE promise_documents;
      DROP TABLE promise_commitments;
      DROP TABLE promise_focus_areas;
      DROP TABLE promises;
    `);
  }
}
