import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Category, EmailMode, Language, Visibility } from '#contracts';
import { Sql, type Step } from '../common/write/statement.js';
import type { Write } from '../common/write/write-path.js';
import type { Cadence, PlannedEvent, Recipient, ReportFacts } from './alerts.rules.js';
import { MAX_EVENT_AGE_HOURS } from './alerts.rules.js';

/** A subscription of the caller's, as PATCH answers it. */
export interface OwnSubscription {
  id: string;
  collaborationId: string;
  areaIds: string[];
  placeIds: string[];
  categories: Category[];
  minSeverity: number;
  createdAt: Date;
  email: EmailMode | null;
  emailMinSeverity: number | null;
}

export interface Preferences {
  emailAlerts: boolean;
  language: Language;
}

/** A recipient as they are when their e-mail is made: their address, settings and the subscription. */
export interface RecipientNow {
  id: string;
  address: string;
  collaborationId: string;
  organisationId: string;
  disabled: boolean;
  emailAlerts: boolean;
  language: Language;
  subscription: { areaIds: string[]; placeIds: string[]; categories: string[]; minSeverity: number; email: EmailMode | null } | null;
}

/** A report now: the audience facts of its subject's latest event, and the report as its latest report event carries it. */
export interface ReportNow {
  id: string;
  facts: ReportFacts;
  payload: Record<string, unknown>;
}

type EventRow = Omit<PlannedEvent, 'seq' | 'at'> & { seq: string; at: Date };

/**
 * The only place the alerts' SQL lives. Besides its own tables it reads — never writes — the subscriptions (feed/),
 * the users and the event log, as meetings/ reads reports: with SQL of its own, no other context's code. The report a
 * mail is about is read from the event log only (its subject's latest event carries its current audience facts, its
 * latest report event the report itself), as the feed reads it: the alerts never touch the reports table.
 */
@Injectable()
export class AlertsRepository {
  constructor(private readonly ds: DataSource) {}

  // ---- settings (written through the write path) ----

  async ownSubscription(userId: string, id: string): Promise<OwnSubscription | undefined> {
    const [row] = await this.ds.query<OwnSubscription[]>(
      `SELECT s.id, s.collaboration_id AS "collaborationId", s.area_ids AS "areaIds", s.place_ids AS "placeIds", s.categories,
              s.min_severity AS "minSeverity", s.created_at AS "createdAt", a.email, a.email_min_severity AS "emailMinSeverity"
       FROM subscriptions s LEFT JOIN alert_settings a ON a.subscription_id = s.id
       WHERE s.id = $1 AND s.user_id = $2`,
      [id, userId],
    );
    return row;
  }

  /** Requires the subscription to be `userId`'s (any user's when null), share-locked so it is not deleted under the write. */
  requireSubscription(w: Write, id: string, userId: string | null): void {
    const s = w.s;
    const owner = userId === null ? s.sql`` : s.sql` AND s.user_id = ${userId}::uuid`;
    w.require(s.select(s.sql`SELECT s.id FROM subscriptions s WHERE s.id = ${id}::uuid${owner} FOR SHARE OF s`));
  }

  /** How the subscription is e-mailed, set (inserted or replaced) under the write's requirements. */
  putSetting(w: Write, v: { subscriptionId: string; collaborationId: string; userId: string; email: EmailMode; emailMinSeverity: number | null }): Step<{ email: EmailMode; emailMinSeverity: number | null }> {
    const s = w.s;
    return s.select(s.sql`INSERT INTO alert_settings (subscription_id, collaboration_id, user_id, email, email_min_severity)
      SELECT ${v.subscriptionId}::uuid, ${v.collaborationId}::uuid, ${v.userId}::uuid, ${v.email}::text, ${v.emailMinSeverity}::smallint FROM ${guards(w)}
      ON CONFLICT (subscription_id) DO UPDATE SET email = EXCLUDED.email, email_min_severity = EXCLUDED.email_min_severity, updated_at = now()
      RETURNING email, email_min_severity AS "emailMinSeverity"`);
  }

  /** A person's e-mail settings, set under the write's requirements (a requirement-free write: always). */
  putPreferences(w: Write, v: { userId: string; collaborationId: string } & Preferences): Step<Preferences> {
    const s = w.s;
    const from = w.guard.length ? s.sql` FROM ${guards(w)}` : s.sql``;
    return s.select(s.sql`INSERT INTO alert_preferences (user_id, collaboration_id, email_alerts, language)
      SELECT ${v.userId}::uuid, ${v.collaborationId}::uuid, ${v.emailAlerts}::boolean, ${v.language}::text${from}
      ON CONFLICT (user_id) DO UPDATE SET email_alerts = EXCLUDED.email_alerts, language = EXCLUDED.language, updated_at = now()
      RETURNING email_alerts AS "emailAlerts", language`);
  }

  async preferences(userId: string): Promise<Preferences> {
    const [row] = await this.ds.query<Preferences[]>('SELECT email_alerts AS "emailAlerts", language FROM alert_preferences WHERE user_id = $1', [userId]);
    return row ?? { emailAlerts: true, language: 'sv' };
  }

  /** Every subscription of the user with how it is e-mailed (off when never set), oldest first as GET /api/subscriptions lists them. */
  subscriptionSettings(userId: string): Promise<{ id: string; email: EmailMode; emailMinSeverity: number | null }[]> {
    return this.ds.query(
      `SELECT s.id, coalesce(a.email, 'off') AS email, a.email_min_severity AS "emailMinSeverity"
       FROM subscriptions s LEFT JOIN alert_settings a ON a.subscription_id = s.id
       WHERE s.user_id = $1 ORDER BY s.created_at, s.id`,
      [userId],
    );
  }

  /** The subscription an unsubscribe token names, with its owner and their language. */
  async subscriptionOwner(id: string): Promise<{ id: string; userId: string; collaborationId: string; language: Language; email: EmailMode | null; emailMinSeverity: number | null; emailAlerts: boolean } | undefined> {
    const [row] = await this.ds.query(
      `SELECT s.id, s.user_id AS "userId", s.collaboration_id AS "collaborationId", coalesce(p.language, 'sv') AS language,
              coalesce(p.email_alerts, true) AS "emailAlerts", a.email, a.email_min_severity AS "emailMinSeverity"
       FROM subscriptions s LEFT JOIN alert_preferences p ON p.user_id = s.user_id LEFT JOIN alert_settings a ON a.subscription_id = s.id
       WHERE s.id = $1`,
      [id],
    );
    return row;
  }

  // ---- the planner: the event log to e-mails and digest entries, in one transaction per batch ----

  /**
   * The collaboration's cursor, locked for this transaction, or undefined while another node holds it (that node
   * plans, and reads again after its commit what committed meanwhile). A collaboration seen for the first time starts
   * at the last event older than MAX_EVENT_AGE_HOURS: e-mail switched on later does not mail a day-old past.
   */
  async lockCursor(m: EntityManager, collaborationId: string): Promise<number | undefined> {
    await m.query(
      `INSERT INTO alert_cursors (collaboration_id, last_seq)
       SELECT $1::uuid, (SELECT coalesce(max(seq), 0) FROM events WHERE collaboration_id = $1 AND at < now() - make_interval(hours => $2))
       WHERE NOT EXISTS (SELECT 1 FROM alert_cursors WHERE collaboration_id = $1)
       ON CONFLICT DO NOTHING`,
      [collaborationId, MAX_EVENT_AGE_HOURS],
    );
    const [row] = await m.query<{ lastSeq: string }[]>('SELECT last_seq AS "lastSeq" FROM alert_cursors WHERE collaboration_id = $1 FOR UPDATE SKIP LOCKED', [collaborationId]);
    return row ? Number(row.lastSeq) : undefined;
  }

  async moveCursor(m: EntityManager, collaborationId: string, seq: number): Promise<void> {
    await m.query('UPDATE alert_cursors SET last_seq = $2, updated_at = now() WHERE collaboration_id = $1 AND last_seq < $2', [collaborationId, seq]);
  }

  /** The collaboration's last committed seq (every event up to it has committed: seq order is commit order). */
  async lastSeq(m: EntityManager, collaborationId: string): Promise<number> {
    const [row] = await m.query<{ s: string | null }[]>('SELECT last_seq AS s FROM event_counters WHERE collaboration_id = $1', [collaborationId]);
    return Number(row?.s ?? 0);
  }

  /** The collaboration's subscriptions that e-mail, of people who may get e-mail. */
  recipients(m: EntityManager, collaborationId: string): Promise<Recipient[]> {
    return m.query<Recipient[]>(
      `SELECT a.subscription_id AS "subscriptionId", a.user_id AS "userId", a.collaboration_id AS "collaborationId", u.organisation_id AS "organisationId",
              a.email, a.email_min_severity AS "emailMinSeverity",
              json_build_object('areaIds', s.area_ids, 'placeIds', s.place_ids, 'categories', s.categories, 'minSeverity', s.min_severity) AS following
       FROM alert_settings a JOIN subscriptions s ON s.id = a.subscription_id JOIN users u ON u.id = a.user_id
         LEFT JOIN alert_preferences p ON p.user_id = a.user_id
       WHERE a.collaboration_id = $1 AND a.email <> 'off' AND NOT u.disabled AND coalesce(p.email_alerts, true)
       ORDER BY s.created_at, s.id`,
      [collaborationId],
    );
  }

  /** The next events after `afterSeq`, every type (the cursor moves past them all), with what the planner decides on. */
  async eventsAfter(m: EntityManager, collaborationId: string, afterSeq: number, limit: number): Promise<PlannedEvent[]> {
    const rows = await m.query<EventRow[]>(
      `SELECT e.seq, e.at, e.type, e.entity_id AS "reportId", e.collaboration_id AS "collaborationId", e.visibility,
              e.organisation_id AS "organisationId", e.shared_with AS "sharedWith", e.area_id AS "areaId", e.place_id AS "placeId",
              e.category, e.severity, e.payload->>'status' AS status, e.payload->>'mergedInto' AS "mergedInto",
              e.payload->'author'->>'id' AS "authorId"
       FROM events e WHERE e.collaboration_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3`,
      [collaborationId, afterSeq, limit],
    );
    return rows.map((r) => ({ ...r, seq: Number(r.seq), at: new Date(r.at) }));
  }

  async insertDigestItems(m: EntityManager, items: { reportId: string; userId: string; subscriptionId: string; collaborationId: string; firstAt: Date }[]): Promise<void> {
    if (!items.length) return;
    await m.query(
      `INSERT INTO alert_digest_items (subscription_id, report_id, collaboration_id, user_id, first_at)
       SELECT x.subscription_id, x.report_id, x.collaboration_id, x.user_id, x.first_at
       FROM jsonb_to_recordset($1::jsonb) AS x(subscription_id uuid, report_id uuid, collaboration_id uuid, user_id uuid, first_at timestamptz)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(items.map((i) => ({ subscription_id: i.subscriptionId, report_id: i.reportId, collaboration_id: i.collaborationId, user_id: i.userId, first_at: i.firstAt })))],
    );
  }

  /** Collaborations whose log has events the planner has not read (or that it has never read). */
  async behind(): Promise<string[]> {
    const rows = await this.ds.query<{ id: string }[]>(
      `SELECT n.collaboration_id AS id FROM event_counters n LEFT JOIN alert_cursors c ON c.collaboration_id = n.collaboration_id
       WHERE c.last_seq IS NULL OR c.last_seq < n.last_seq`,
    );
    return rows.map((r) => r.id);
  }

  /** Whether any subscription e-mails at all (the planner does nothing, and reads nothing, until one does). */
  async anyEmailing(): Promise<boolean> {
    const rows = await this.ds.query<unknown[]>(`SELECT 1 FROM alert_settings WHERE email <> 'off' LIMIT 1`);
    return rows.length > 0;
  }

  // ---- digests ----

  /** The subscriptions of a cadence with entries before `end` that no digest took yet. */
  dueDigests(cadence: Cadence, end: Date): Promise<{ subscriptionId: string; userId: string; collaborationId: string }[]> {
    return this.ds.query(
      `SELECT a.subscription_id AS "subscriptionId", a.user_id AS "userId", a.collaboration_id AS "collaborationId" FROM alert_settings a
       WHERE a.email = $1 AND EXISTS (SELECT 1 FROM alert_digest_items i WHERE i.subscription_id = a.subscription_id AND i.digest_key IS NULL AND i.first_at < $2)`,
      [cadence, end],
    );
  }

  /** One run at a time makes a digest (two nodes running the digest job for the same instant wait for each other). */
  async lockDigest(m: EntityManager, key: string): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }

  /** Takes the subscription's waiting entries before `end` into the digest `key`; how many. */
  async takeDigestItems(m: EntityManager, subscriptionId: string, end: Date, key: string): Promise<number> {
    const [, count] = await m.query<[unknown[], number]>(
      'UPDATE alert_digest_items SET digest_key = $3 WHERE subscription_id = $1 AND digest_key IS NULL AND first_at < $2',
      [subscriptionId, end, key],
    );
    return count;
  }

  /** The reports a digest took. */
  async digestReports(key: string): Promise<string[]> {
    const rows = await this.ds.query<{ reportId: string }[]>('SELECT report_id AS "reportId" FROM alert_digest_items WHERE digest_key = $1', [key]);
    return rows.map((r) => r.reportId);
  }

  /** Forgets entries no digest will take any more (their subscription stopped its digest) and those of old digests. */
  async pruneDigestItems(days = 35): Promise<void> {
    await this.ds.query('DELETE FROM alert_digest_items WHERE first_at < now() - make_interval(days => $1)', [days]);
  }

  // ---- what a mail says, when it is sent ----

  async recipientNow(userId: string, subscriptionId: string): Promise<RecipientNow | undefined> {
    const [row] = await this.ds.query<(Omit<RecipientNow, 'subscription'> & { subscription: RecipientNow['subscription'] })[]>(
      `SELECT u.id, u.email AS address, u.collaboration_id AS "collaborationId", u.organisation_id AS "organisationId", u.disabled,
              coalesce(p.email_alerts, true) AS "emailAlerts", coalesce(p.language, 'sv') AS language,
              CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('areaIds', s.area_ids, 'placeIds', s.place_ids, 'categories', s.categories,
                'minSeverity', s.min_severity, 'email', a.email) END AS subscription
       FROM users u LEFT JOIN alert_preferences p ON p.user_id = u.id
         LEFT JOIN subscriptions s ON s.id = $2 AND s.user_id = u.id
         LEFT JOIN alert_settings a ON a.subscription_id = s.id
       WHERE u.id = $1`,
      [userId, subscriptionId],
    );
    return row;
  }

  /** The reports as they are now (from the event log), in the order asked; a report without events is left out. */
  async reportsNow(collaborationId: string, reportIds: string[]): Promise<ReportNow[]> {
    if (!reportIds.length) return [];
    const rows = await this.ds.query<(ReportNow['facts'] & { id: string; payload: Record<string, unknown> })[]>(
      `SELECT r.id, f.collaboration_id AS "collaborationId", f.visibility, f.organisation_id AS "organisationId", f.shared_with AS "sharedWith",
              f.area_id AS "areaId", f.place_id AS "placeId", f.category, f.severity, p.payload
       FROM unnest($2::uuid[]) WITH ORDINALITY AS r(id, n)
       CROSS JOIN LATERAL (SELECT e.collaboration_id, e.visibility, e.organisation_id, e.shared_with, e.area_id, e.place_id, e.category, e.severity
                           FROM events e WHERE e.collaboration_id = $1 AND e.subject_id = r.id ORDER BY e.seq DESC LIMIT 1) f
       CROSS JOIN LATERAL (SELECT e.payload FROM events e WHERE e.collaboration_id = $1 AND e.entity_id = r.id AND e.type LIKE 'report:%'
                           ORDER BY e.seq DESC LIMIT 1) p
       ORDER BY r.n`,
      [collaborationId, reportIds],
    );
    return rows.map(({ id, payload, ...facts }) => ({ id, payload, facts: { ...facts, visibility: facts.visibility as Visibility } }));
  }
}

/** The write's guards as the FROM list of a hand-written step. */
const guards = (w: Write) => new Sql(w.guard.map((g) => g.name).join(', '));
