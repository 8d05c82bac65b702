import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Collaborations (tenants), people, geography, reports with comments and history, the audit log,
 * idempotency keys and the event log that the live feed reads.
 * Every row carries collaboration_id; every foreign key stays inside one collaboration
 * through composite keys (id, collaboration_id), so a record can never point across tenants.
 */
export class CreateFoundation1764165600000 implements MigrationInterface {
  name = 'CreateFoundation1764165600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE collaborations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        municipality text NOT NULL,
        is_default boolean NOT NULL DEFAULT false,
        last_seq bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX uq_collaborations_default ON collaborations (is_default) WHERE is_default;

      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('police','municipality','property_owner','business','school','social_services','other')),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (id, collaboration_id)
      );
      CREATE UNIQUE INDEX uq_organisations_name ON organisations (collaboration_id, lower(name));

      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('member','coordinator','admin')),
        platform_admin boolean NOT NULL DEFAULT false,
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (id, collaboration_id),
        FOREIGN KEY (organisation_id, collaboration_id) REFERENCES organisations(id, collaboration_id) ON DELETE RESTRICT
      );
      CREATE UNIQUE INDEX uq_users_email ON users (lower(email));
      CREATE INDEX ix_users_organisation ON users (organisation_id);

      CREATE TABLE areas (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        name text NOT NULL,
        boundary jsonb,
        min_lat double precision, max_lat double precision, min_lng double precision, max_lng double precision,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (id, collaboration_id)
      );
      CREATE UNIQUE INDEX uq_areas_name ON areas (collaboration_id, lower(name));

      CREATE TABLE places (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        area_id uuid,
        name text NOT NULL,
        kind text,
        lat double precision NOT NULL,
        lng double precision NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (id, collaboration_id),
        FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE,
        FOREIGN KEY (area_id, collaboration_id) REFERENCES areas(id, collaboration_id)
      );
      CREATE INDEX ix_places_area ON places (collaboration_id, area_id);

      CREATE TABLE reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        seq bigint NOT NULL DEFAULT 0,
        category text NOT NULL,
        description text NOT NULL,
        observed_at timestamptz NOT NULL,
        severity smallint NOT NULL CHECK (severity BETWEEN 1 AND 5),
        status text NOT NULL CHECK (status IN ('new','acknowledged','in_progress','resolved','closed')),
        visibility text NOT NULL CHECK (visibility IN ('partners','organisations','own')),
        shared_with uuid[] NOT NULL DEFAULT '{}',
        place_id uuid,
        area_id uuid,
        lat double precision NOT NULL,
        lng double precision NOT NULL,
        organisation_id uuid NOT NULL,
        author_id uuid NOT NULL,
        version integer NOT NULL DEFAULT 1,
        -- Millisecond precision: keyset cursors carry these as JavaScript dates.
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (id, collaboration_id),
        FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE,
        FOREIGN KEY (place_id, collaboration_id) REFERENCES places(id, collaboration_id),
        FOREIGN KEY (area_id, collaboration_id) REFERENCES areas(id, collaboration_id),
        FOREIGN KEY (organisation_id, collaboration_id) REFERENCES organisations(id, collaboration_id),
        FOREIGN KEY (author_id, collaboration_id) REFERENCES users(id, collaboration_id)
      );
      CREATE INDEX ix_reports_list ON reports (collaboration_id, created_at DESC, id DESC);
      CREATE INDEX ix_reports_observed ON reports (collaboration_id, observed_at);
      CREATE INDEX ix_reports_place ON reports (place_id);
      CREATE INDEX ix_reports_area ON reports (collaboration_id, area_id);
      CREATE INDEX ix_reports_org ON reports (organisation_id);

      CREATE TABLE report_comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        report_id uuid NOT NULL,
        author_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        body text NOT NULL,
        seq bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        FOREIGN KEY (report_id, collaboration_id) REFERENCES reports(id, collaboration_id) ON DELETE CASCADE,
        FOREIGN KEY (author_id, collaboration_id) REFERENCES users(id, collaboration_id)
      );
      CREATE INDEX ix_report_comments_report ON report_comments (report_id, created_at, id);

      CREATE TABLE report_history (
        id bigserial PRIMARY KEY,
        collaboration_id uuid NOT NULL,
        report_id uuid NOT NULL,
        actor_id uuid NOT NULL,
        actor_organisation_id uuid NOT NULL,
        action text NOT NULL,
        changes jsonb NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (report_id, collaboration_id) REFERENCES reports(id, collaboration_id) ON DELETE CASCADE
      );
      CREATE INDEX ix_report_history_report ON report_history (report_id, id);

      -- One row per committed change the live feed carries. seq is taken from collaborations.last_seq in the
      -- last statement of the writing transaction: the counter row stays locked until commit, so seq order is
      -- commit order and a reader that resumes "after N" can never skip a later-committed smaller seq.
      CREATE TABLE events (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        type text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        entity_id uuid NOT NULL,
        report_id uuid,
        visibility text NOT NULL,
        organisation_id uuid NOT NULL,
        shared_with uuid[] NOT NULL DEFAULT '{}',
        area_id uuid,
        place_id uuid,
        category text,
        severity smallint,
        payload jsonb NOT NULL,
        PRIMARY KEY (collaboration_id, seq)
      );
      CREATE INDEX ix_events_at ON events (at);

      CREATE TABLE subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        user_id uuid NOT NULL,
        area_ids uuid[] NOT NULL DEFAULT '{}',
        place_ids uuid[] NOT NULL DEFAULT '{}',
        categories text[] NOT NULL DEFAULT '{}',
        min_severity smallint NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (user_id, collaboration_id) REFERENCES users(id, collaboration_id) ON DELETE CASCADE
      );
      CREATE INDEX ix_subscriptions_user ON subscriptions (user_id);

      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        key uuid NOT NULL,
        scope text NOT NULL,
        request_hash text NOT NULL,
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      );
      CREATE INDEX ix_idempotency_created ON idempotency_keys (created_at);

      -- Append-only: the application role may insert and read, the trigger refuses change.
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        collaboration_id uuid,
        user_id uuid,
        organisation_id uuid,
        action text NOT NULL,
        entity_type text,
        entity_id uuid,
        entity_ids uuid[],
        ip text,
        request_id text,
        details jsonb,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ix_audit_collab_at ON audit_log (collaboration_id, at DESC, id DESC);
      CREATE INDEX ix_audit_entity ON audit_log (entity_id);
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
      CREATE TRIGGER tr_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS audit_log, idempotency_keys, subscriptions, events, report_history, report_comments,
        reports, places, areas, users, organisations, collaborations CASCADE;
      DROP FUNCTION IF EXISTS audit_log_append_only();
    `);
  }
}
