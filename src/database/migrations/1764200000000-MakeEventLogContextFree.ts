import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event log stops knowing the contexts that write to it. Every writer now takes its seq inside the one
 * statement that writes the change (common/write: the counter row is held only until that statement's own
 * commit) and stamps the seq on its record itself, so the deferred trigger with its list of tables goes. An
 * event names its `subject` (the record whose audience governs it: a report for its comments) instead of a
 * report, and replay decides from the latest event of the subject instead of joining the subject's table.
 * The per-collaboration counter moves out of `collaborations` into the event log's own `event_counters`, created
 * with each collaboration by a trigger (a collaboration without a counter could not write at all).
 */
export class MakeEventLogContextFree1764200000000 implements MigrationInterface {
  name = 'MakeEventLogContextFree1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER tr_events_assign_seq ON events;
      DROP FUNCTION events_assign_seq();
      DELETE FROM events WHERE seq IS NULL;
      ALTER TABLE events ALTER COLUMN seq SET NOT NULL;
      ALTER TABLE events DROP COLUMN stamp_table, DROP COLUMN stamp_id;
      ALTER TABLE events RENAME COLUMN report_id TO subject_id;
      UPDATE events SET subject_id = entity_id WHERE subject_id IS NULL;
      ALTER TABLE events ALTER COLUMN subject_id SET NOT NULL;
      CREATE INDEX ix_events_subject ON events (collaboration_id, subject_id, seq);
      ALTER TABLE idempotency_keys DROP COLUMN event_id;

      CREATE TABLE event_counters (
        collaboration_id uuid PRIMARY KEY REFERENCES collaborations(id) ON DELETE CASCADE,
        last_seq bigint NOT NULL DEFAULT 0
      );
      INSERT INTO event_counters (collaboration_id, last_seq) SELECT id, last_seq FROM collaborations;
      ALTER TABLE collaborations DROP COLUMN last_seq;
      CREATE FUNCTION event_counters_create() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO event_counters (collaboration_id) VALUES (NEW.id);
        RETURN NULL;
      END $$;
      CREATE TRIGGER tr_event_counters_create AFTER INSERT ON collaborations
        FOR EACH ROW EXECUTE FUNCTION event_counters_create();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE collaborations ADD COLUMN last_seq bigint NOT NULL DEFAULT 0;
      UPDATE collaborations c SET last_seq = n.last_seq FROM event_counters n WHERE n.collaboration_id = c.id;
      DROP TRIGGER tr_event_counters_create ON collaborations;
      DROP FUNCTION event_counters_create();
      DROP TABLE event_counters;
      ALTER TABLE idempotency_keys ADD COLUMN event_id bigint;
      DROP INDEX ix_events_subject;
      ALTER TABLE events ALTER COLUMN subject_id DROP NOT NULL;
      ALTER TABLE events RENAME COLUMN subject_id TO report_id;
      ALTER TABLE events ADD COLUMN stamp_table text CHECK (stamp_table IN ('reports', 'report_comments')), ADD COLUMN stamp_id uuid;
      ALTER TABLE events ALTER COLUMN seq DROP NOT NULL;
      CREATE FUNCTION events_assign_seq() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE next_seq bigint;
      BEGIN
        IF NEW.seq IS NOT NULL THEN RETURN NULL; END IF;
        UPDATE collaborations SET last_seq = last_seq + 1 WHERE id = NEW.collaboration_id RETURNING last_seq INTO next_seq;
        UPDATE events SET seq = next_seq, payload = jsonb_set(payload, '{seq}', to_jsonb(next_seq)) WHERE id = NEW.id;
        IF NEW.stamp_table = 'reports' THEN UPDATE reports SET seq = next_seq WHERE id = NEW.stamp_id;
        ELSIF NEW.stamp_table = 'report_comments' THEN UPDATE report_comments SET seq = next_seq WHERE id = NEW.stamp_id;
        END IF;
        PERFORM pg_notify('lagesbild_events', NEW.collaboration_id::text || ':' || next_seq);
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER tr_events_assign_seq AFTER INSERT ON events
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION events_assign_seq();
    `);
  }
}
