/**
 * Whether the database holds only whole writes: every change goes out as one statement with its history row, audit
 * row, feed event and idempotency key (src/common/write), so none of them may exist without the others, and the feed
 * seq of each collaboration runs 1..event_counters.last_seq without a gap or a repeat. Each check is a query for the
 * rows that break it; after any test, however hostile its input, every one must come back empty. Not a spec file.
 */
import { withDb } from './db.js';

/** The feed event types these checks know how to tie to their records; a new type must be added here. */
export const CHECKED_EVENT_TYPES = ['report:created', 'report:updated', 'report:merged', 'comment:created', 'effort:created', 'effort:updated', 'effort:linked', 'effort:action'];

export const CONSISTENCY_CHECKS: { name: string; sql: string }[] = [
  {
    name: 'every collaboration has a feed counter, and its events are seq 1..last_seq, each once',
    sql: `SELECT c.id AS collaboration, n.last_seq, count(e.seq) AS events, count(DISTINCT e.seq) AS distinct_seqs,
            min(e.seq) AS first, max(e.seq) AS last
          FROM collaborations c LEFT JOIN event_counters n ON n.collaboration_id = c.id
            LEFT JOIN events e ON e.collaboration_id = c.id
          GROUP BY c.id, n.last_seq
          HAVING n.last_seq IS NULL OR count(e.seq) <> n.last_seq OR count(DISTINCT e.seq) <> count(e.seq)
            OR coalesce(min(e.seq), 1) <> 1 OR coalesce(max(e.seq), 0) <> n.last_seq`,
  },
  {
    name: 'every event is of a known type, about a record that exists in its collaboration, carrying its own seq and id',
    sql: `SELECT e.collaboration_id, e.seq, e.type, e.entity_id FROM events e
          WHERE e.type <> ALL ($1::text[])
            OR (e.payload->>'seq')::bigint IS DISTINCT FROM e.seq
            OR e.payload->>'id' IS DISTINCT FROM e.entity_id::text
            OR (e.type LIKE 'report:%' AND NOT EXISTS (
                  SELECT 1 FROM reports r WHERE r.id = e.entity_id AND r.id = e.subject_id AND r.collaboration_id = e.collaboration_id))
            OR (e.type = 'comment:created' AND NOT EXISTS (
                  SELECT 1 FROM report_comments c WHERE c.id = e.entity_id AND c.report_id = e.subject_id AND c.collaboration_id = e.collaboration_id))
            OR (e.type = 'effort:action' AND NOT EXISTS (
                  SELECT 1 FROM effort_actions x WHERE x.id = e.entity_id AND x.effort_id = e.subject_id AND x.collaboration_id = e.collaboration_id))
            OR (e.type LIKE 'effort:%' AND e.type <> 'effort:action' AND NOT EXISTS (
                  SELECT 1 FROM efforts f WHERE f.id = e.entity_id AND f.id = e.subject_id AND f.collaboration_id = e.collaboration_id))`,
  },
  {
    name: 'every effort has one created history row, one effort:created event and audit row, and a history row, event and audit row per version after the first; its seq and version are those of its last event',
    sql: `SELECT f.id, f.version, f.seq, h.created, h.later, ev.created AS created_events, ev.later AS later_events, ev.last_seq, ev.last_version,
            au.created AS create_audits, au.later AS later_audits
          FROM efforts f
          CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE action = 'created') AS created,
                                     count(*) FILTER (WHERE action IN ('updated', 'linked', 'unlinked')) AS later FROM effort_history WHERE effort_id = f.id) h
          CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE type = 'effort:created') AS created, count(*) FILTER (WHERE type <> 'effort:created') AS later,
                                     max(seq) AS last_seq, (array_agg((payload->>'version')::int ORDER BY seq DESC))[1] AS last_version
                              FROM events WHERE entity_id = f.id AND collaboration_id = f.collaboration_id) ev
          CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE action = 'effort.create') AS created,
                                     count(*) FILTER (WHERE action IN ('effort.update', 'effort.link', 'effort.unlink')) AS later FROM audit_log WHERE entity_id = f.id) au
          WHERE h.created <> 1 OR ev.created <> 1 OR au.created <> 1
            OR h.later <> f.version - 1 OR ev.later <> f.version - 1 OR au.later <> f.version - 1
            OR ev.last_seq IS DISTINCT FROM f.seq OR ev.last_version IS DISTINCT FROM f.version`,
  },
  {
    name: 'every link of an effort and a report is of one collaboration; every action has its history row, audit row and one effort:action event',
    sql: `SELECT 'link' AS what, l.effort_id AS id FROM effort_reports l JOIN efforts f ON f.id = l.effort_id JOIN reports r ON r.id = l.report_id
            WHERE f.collaboration_id <> r.collaboration_id OR l.collaboration_id <> f.collaboration_id
          UNION ALL
          SELECT 'action', x.id FROM effort_actions x
            WHERE NOT EXISTS (SELECT 1 FROM effort_history h WHERE h.effort_id = x.effort_id AND h.action = 'action')
               OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'effort.action' AND a.details->>'actionId' = x.id::text)
               OR (SELECT count(*) FROM events e WHERE e.entity_id = x.id AND e.type = 'effort:action' AND e.subject_id = x.effort_id
                     AND e.collaboration_id = x.collaboration_id) <> 1`,
  },
  {
    name: 'every report has one created history row, one report:created event, and an updated history row, report:updated event and audit row per version after the first; its seq and version are those of its last event',
    sql: `SELECT r.id, r.version, r.seq, h.created AS created_rows, h.updated AS updated_rows, ev.created AS created_events,
            ev.updated AS updated_events, ev.last_seq, ev.last_version, au.created AS create_audits, au.updated AS update_audits
          FROM reports r
          CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE action = 'created') AS created, count(*) FILTER (WHERE action = 'updated') AS updated
                              FROM report_history WHERE report_id = r.id) h
          CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE type = 'report:created') AS created, count(*) FILTER (WHERE type IN ('report:updated', 'report:merged')) AS updated,
                                     max(seq) AS last_seq, (array_agg((payload->>'version')::int ORDER BY seq DESC))[1] AS last_version
                              FROM events WHERE entity_id = r.id AND collaboration_id = r.collaboration_id) ev
          CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE action = 'report.create') AS created,
                                     count(*) FILTER (WHERE action IN ('report.update', 'report.assign', 'report.answer', 'report.merge')) AS updated
                              FROM audit_log WHERE entity_id = r.id) au
          WHERE h.created <> 1 OR ev.created <> 1 OR au.created <> 1
            OR h.updated <> r.version - 1 OR ev.updated <> r.version - 1 OR au.updated <> r.version - 1
            OR ev.last_seq IS DISTINCT FROM r.seq OR ev.last_version IS DISTINCT FROM r.version`,
  },
  {
    name: 'every comment has its comment:created event (with the seq stamped on it) and its audit row',
    sql: `SELECT c.id, c.report_id, c.seq FROM report_comments c
          WHERE (SELECT count(*) FROM events e WHERE e.entity_id = c.id AND e.type = 'comment:created'
                   AND e.subject_id = c.report_id AND e.seq = c.seq AND e.collaboration_id = c.collaboration_id) <> 1
             OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'report.comment' AND a.entity_id = c.report_id
                   AND a.details->>'commentId' = c.id::text)`,
  },
  {
    name: 'no idempotency key without the record it answered (by its user, in its scope)',
    sql: `SELECT k.user_id, k.key, k.scope FROM idempotency_keys k
          WHERE NOT (
            (k.scope = 'report.create' AND EXISTS (
               SELECT 1 FROM reports r WHERE r.id::text = k.response_body->>'id' AND r.author_id = k.user_id))
            OR (k.scope LIKE 'comment.create:%' AND EXISTS (
               SELECT 1 FROM report_comments c WHERE c.id::text = k.response_body->>'id' AND c.author_id = k.user_id
                 AND k.scope = 'comment.create:' || c.report_id))
            OR (k.scope = 'effort.create' AND EXISTS (
               SELECT 1 FROM efforts f WHERE f.id::text = k.response_body->>'id' AND f.author_id = k.user_id))
            -- An update's or a link's answer is the effort at the version that write left it at (an event wrote it).
            OR ((k.scope LIKE 'effort.update:%' OR k.scope LIKE 'effort.link:%') AND EXISTS (
               SELECT 1 FROM events e WHERE e.entity_id::text = k.response_body->>'id' AND e.type LIKE 'effort:%'
                 AND (e.payload->>'version')::int = (k.response_body->>'version')::int
                 AND k.scope IN ('effort.update:' || e.entity_id, 'effort.link:' || e.entity_id)))
            OR (k.scope LIKE 'effort.action:%' AND EXISTS (
               SELECT 1 FROM effort_actions x WHERE x.id::text = k.response_body->>'id' AND x.author_id = k.user_id
                 AND k.scope = 'effort.action:' || x.effort_id))
            -- A concern talk may have been deleted since (a mistaken entry): its creation, by the key's user, stays in the log.
            OR (k.scope = 'concern_talk.create' AND EXISTS (
               SELECT 1 FROM audit_log a WHERE a.action = 'concern_talk.create' AND a.entity_id::text = k.response_body->>'id'
                 AND a.user_id = k.user_id))
            OR (k.scope = 'meeting.create' AND EXISTS (
               SELECT 1 FROM meetings m WHERE m.id::text = k.response_body->>'id' AND m.created_by = k.user_id))
            OR (k.scope LIKE 'meeting.item:%' AND EXISTS (
               SELECT 1 FROM meeting_items i WHERE i.id::text = k.response_body->>'id' AND i.created_by = k.user_id
                 AND k.scope = 'meeting.item:' || i.meeting_id))
            OR (k.scope LIKE 'meeting.decision:%' AND EXISTS (
               SELECT 1 FROM meeting_decisions d WHERE d.id::text = k.response_body->>'id' AND d.created_by = k.user_id
                 AND k.scope = 'meeting.decision:' || d.meeting_id)))`,
  },
  {
    name: 'every concern talk was entered by a police or social services organisation, has the audit row of its creation by a user of that organisation, an update audit row per version after the first, and no delete audit row',
    sql: `SELECT c.id, c.version, o.kind, au.created, au.creator_org, au.updated, au.deleted FROM concern_talks c
          JOIN organisations o ON o.id = c.organisation_id
          CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE action = 'concern_talk.create') AS created,
                                     min(organisation_id::text) FILTER (WHERE action = 'concern_talk.create') AS creator_org,
                                     count(*) FILTER (WHERE action = 'concern_talk.update') AS updated,
                                     count(*) FILTER (WHERE action = 'concern_talk.delete') AS deleted
                              FROM audit_log WHERE entity_id = c.id AND entity_type = 'concern_talk') au
          WHERE o.kind NOT IN ('police', 'social_services') OR au.created <> 1 OR au.creator_org IS DISTINCT FROM c.organisation_id::text
            OR au.updated <> c.version - 1 OR au.deleted <> 0`,
  },
  {
    name: 'a deleted concern talk is gone, with the audit row of its creation; no feed event is about a concern talk, deleted or not',
    sql: `SELECT 'deleted' AS problem, a.entity_id FROM audit_log a
          WHERE a.action = 'concern_talk.delete' AND (EXISTS (SELECT 1 FROM concern_talks c WHERE c.id = a.entity_id)
            OR NOT EXISTS (SELECT 1 FROM audit_log b WHERE b.action = 'concern_talk.create' AND b.entity_id = a.entity_id))
          UNION ALL
          SELECT 'event', e.entity_id FROM events e
          WHERE e.entity_id IN (SELECT entity_id FROM audit_log WHERE entity_type = 'concern_talk' AND entity_id IS NOT NULL)
             OR e.subject_id IN (SELECT entity_id FROM audit_log WHERE entity_type = 'concern_talk' AND entity_id IS NOT NULL)`,
  },
  {
    name: 'every meeting has the audit row of its creation, organisations present and areas of its collaboration, and a version one more than its items and decisions',
    sql: `SELECT m.id, m.version FROM meetings m
          WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'meeting.create' AND a.entity_id = m.id AND a.collaboration_id = m.collaboration_id)
             OR EXISTS (SELECT 1 FROM unnest(m.organisation_ids) x WHERE NOT EXISTS (
                  SELECT 1 FROM organisations o WHERE o.id = x AND o.collaboration_id = m.collaboration_id))
             OR EXISTS (SELECT 1 FROM unnest(m.area_ids) x WHERE NOT EXISTS (SELECT 1 FROM areas a WHERE a.id = x AND a.collaboration_id = m.collaboration_id))
             OR m.version <> 1 + (SELECT count(*) FROM meeting_items i WHERE i.meeting_id = m.id)
                               + (SELECT count(*) FROM meeting_decisions d WHERE d.meeting_id = m.id)`,
  },
  {
    name: 'every meeting item and decision has its audit row; a decision has an effort exactly when its conversion is audited, and no effort was made under its key that it does not record (half a conversion)',
    sql: `SELECT 'item' AS what, i.id FROM meeting_items i
            WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'meeting.item' AND a.entity_id = i.meeting_id AND a.details->>'itemId' = i.id::text)
               OR i.position > (SELECT m.version FROM meetings m WHERE m.id = i.meeting_id)
          UNION ALL
          SELECT 'decision', d.id FROM meeting_decisions d
            WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'meeting.decision' AND a.entity_id = d.meeting_id AND a.details->>'decisionId' = d.id::text)
               OR (d.effort_id IS NOT NULL) <> EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'meeting.decision.effort'
                    AND a.entity_id = d.meeting_id AND a.details->>'decisionId' = d.id::text)
               OR EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.key = d.effort_key AND k.scope = 'effort.create'
                    AND k.response_body->>'id' IS DISTINCT FROM d.effort_id::text)`,
  },
  {
    name: 'every report left out of a picture has the audit row of it',
    sql: `SELECT x.id, x.report_id FROM picture_exclusions x
          WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'picture.exclude' AND a.entity_id = x.report_id AND a.collaboration_id = x.collaboration_id)`,
  },
  {
    name: 'every frozen week has the audit row of its freezing and its five files, each matching its sha256, and the content hash of those',
    sql: `SELECT s.id, s.week FROM picture_snapshots s
          WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'picture.freeze' AND a.entity_id = s.id AND a.collaboration_id = s.collaboration_id)
             OR (SELECT array_agg(f.format ORDER BY f.format) FROM picture_snapshot_files f WHERE f.snapshot_id = s.id)
                  IS DISTINCT FROM ARRAY['csv', 'geojson', 'json', 'pdf', 'xlsx']
             OR EXISTS (SELECT 1 FROM picture_snapshot_files f WHERE f.snapshot_id = s.id AND encode(sha256(f.content), 'hex') <> f.sha256)
             OR s.content_hash <> (SELECT encode(sha256(convert_to(string_agg(f.format || ':' || f.sha256, E'\n'
                  ORDER BY array_position(ARRAY['json', 'pdf', 'xlsx', 'csv', 'geojson'], f.format)), 'UTF8')), 'hex')
                FROM picture_snapshot_files f WHERE f.snapshot_id = s.id)`,
  },
  {
    name: 'every organisation, user, area, place, subscription and (not default) collaboration has the audit row of its creation',
    sql: `SELECT kind, id FROM (
            SELECT 'organisation' AS kind, o.id, ARRAY['organisation.create'] AS actions FROM organisations o
            UNION ALL SELECT 'user', u.id, ARRAY['user.create', 'user.seed'] FROM users u
            UNION ALL SELECT 'area', a.id, ARRAY['area.create'] FROM areas a
            UNION ALL SELECT 'place', p.id, ARRAY['place.create'] FROM places p
            UNION ALL SELECT 'subscription', s.id, ARRAY['subscription.create'] FROM subscriptions s
            UNION ALL SELECT 'collaboration', c.id, ARRAY['collaboration.create'] FROM collaborations c WHERE NOT c.is_default
          ) x WHERE NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.entity_id = x.id AND l.action = ANY (x.actions))`,
  },

  // ---- police-reported crime (src/crime-stats): an upload replaces whole months, in one transaction with its audit row ----
  {
    name: "a month of a collaboration's police-reported crime holds the rows of one upload, whose audit row (by the uploader, at the upload's time) names that month",
    sql: `SELECT s.collaboration_id, to_char(s.month, 'YYYY-MM') AS month, count(DISTINCT (s.uploaded_by, s.uploaded_at)) AS uploads
          FROM crime_stats s
          GROUP BY s.collaboration_id, s.month
          HAVING count(DISTINCT (s.uploaded_by, s.uploaded_at)) <> 1
              OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'crime_stats.upload' AND a.collaboration_id = s.collaboration_id
                   AND a.user_id = (array_agg(s.uploaded_by))[1] AND a.at = (array_agg(s.uploaded_at))[1]
                   AND a.details->'months' ? to_char(s.month, 'YYYY-MM'))`,
  },
  {
    name: 'every upload of police-reported crime stored all its rows (as many as its audit row says, unless a later upload replaced some of its months) and no more',
    sql: `SELECT a.id, a.details->>'rows' AS rows, n.stored FROM audit_log a
          CROSS JOIN LATERAL (SELECT count(*)::int AS stored FROM crime_stats s
                              WHERE s.collaboration_id = a.collaboration_id AND s.uploaded_by = a.user_id AND s.uploaded_at = a.at) n
          WHERE a.action = 'crime_stats.upload'
            AND (n.stored > (a.details->>'rows')::int
              OR (n.stored <> (a.details->>'rows')::int AND NOT EXISTS (
                   SELECT 1 FROM audit_log b WHERE b.action = 'crime_stats.upload' AND b.collaboration_id = a.collaboration_id AND b.id > a.id
                     AND b.details->'months' ?| ARRAY(SELECT jsonb_array_elements_text(a.details->'months')))))`,
  },
  // ---- end of police-reported crime ----

  // ---- sign-in with OpenID Connect (src/auth/oidc): an account, its link and a used code are each written with their audit row ----
  {
    name: 'every identity provider has the audit row of its creation in its collaboration',
    sql: `SELECT p.id FROM identity_providers p
          WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'identity_provider.create' AND a.entity_id = p.id AND a.collaboration_id = p.collaboration_id)`,
  },
  {
    name: 'every link of a subject to an account was written with the audit row of the account made for it or of the linking',
    sql: `SELECT i.provider_id, i.subject, i.user_id FROM user_identities i
          WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_id = i.user_id AND a.collaboration_id = i.collaboration_id
                  AND a.action IN ('user.create', 'auth.oidc_link') AND a.details->>'providerId' = i.provider_id::text)`,
  },
  {
    name: 'an account without a password was made by a sign-in through an identity provider',
    sql: `SELECT u.id FROM users u
          WHERE u.password_hash IS NULL AND NOT EXISTS (
            SELECT 1 FROM audit_log a WHERE a.entity_id = u.id AND a.action = 'user.create' AND a.details->>'via' = 'oidc')`,
  },
  {
    name: "every used one-time code of a sign-in started a session (the login's audit row names its provider)",
    sql: `SELECT h.id FROM oidc_handoffs h
          WHERE h.used_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'auth.login' AND a.entity_id = h.user_id
                  AND a.details->>'via' = 'oidc' AND a.details->>'providerId' = h.provider_id::text AND a.at >= h.created_at)`,
  },
  // ---- end of sign-in ----
  // ---- e-mail (src/mail, src/alerts, password reset links): the outbox's states, the alerts' rows, the reset links ----
  {
    name: 'every queued e-mail is in a state its columns agree with: held only with a lease, sent with the server\'s reply, failed with its error, skipped with its reason, tried unless pending',
    sql: `SELECT m.id, m.status, m.attempts FROM mail_outbox m
          WHERE (m.status = 'sending') <> (m.lease_until IS NOT NULL)
             OR (m.status = 'sent' AND m.smtp_response IS NULL)
             OR (m.status IN ('failed', 'retrying') AND m.last_error IS NULL)
             OR (m.status = 'skipped') <> (m.skip_reason IS NOT NULL)
             OR (m.status <> 'pending' AND m.attempts < 1)`,
  },
  {
    name: 'every alert e-mail is the one of its report and recipient, for a subscription of the recipient\'s (or one deleted since); every digest took waiting entries of its subscription; every reset link e-mail names a link of its recipient',
    sql: `SELECT m.id, m.kind, m.dedupe_key FROM mail_outbox m
          WHERE (m.kind = 'alert' AND (m.dedupe_key <> 'alert:' || (m.ref->>'reportId') || ':' || m.recipient_user_id
                  OR EXISTS (SELECT 1 FROM subscriptions s WHERE s.id = (m.ref->>'subscriptionId')::uuid AND s.user_id <> m.recipient_user_id)))
             OR (m.kind = 'digest' AND (m.dedupe_key <> m.ref->>'digestKey' OR NOT EXISTS (
                  SELECT 1 FROM alert_digest_items i WHERE i.digest_key = m.dedupe_key AND i.subscription_id = (m.ref->>'subscriptionId')::uuid
                    AND i.user_id = m.recipient_user_id)))
             OR (m.kind = 'password_reset' AND (m.dedupe_key <> 'password_reset:' || (m.ref->>'tokenId') OR NOT EXISTS (
                  SELECT 1 FROM password_reset_tokens t WHERE t.id = (m.ref->>'tokenId')::uuid AND t.user_id = m.recipient_user_id)))
             OR m.kind NOT IN ('alert', 'digest', 'password_reset')`,
  },
  {
    name: 'every e-mail setting and digest entry is of its subscription\'s owner and collaboration, and every setting has the audit row of a change',
    sql: `SELECT 'setting' AS what, a.subscription_id AS id FROM alert_settings a JOIN subscriptions s ON s.id = a.subscription_id
            WHERE s.user_id <> a.user_id OR s.collaboration_id <> a.collaboration_id
               OR NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.action = 'subscription.email' AND l.entity_id = a.subscription_id)
          UNION ALL
          SELECT 'entry', i.subscription_id FROM alert_digest_items i JOIN subscriptions s ON s.id = i.subscription_id
            WHERE s.user_id <> i.user_id OR s.collaboration_id <> i.collaboration_id`,
  },
  {
    name: 'every password reset link has the audit row of its request; every used one, the audit row of the reset that used it',
    sql: `SELECT t.id FROM password_reset_tokens t
          WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'auth.password_reset_requested' AND a.entity_id = t.user_id
                  AND a.at = t.created_at)
             OR (t.used_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'auth.password_reset' AND a.entity_id = t.user_id
                  AND a.at = t.used_at))`,
  },
  // ---- end of e-mail ----
  // ---- citizen promises (src/promises): a promise with its parts and the audit row of each write, one statement each;
  // a document's versions 1..version, each with the audit row of the write that made it, published ones audited too ----
  {
    name: 'every promise has the audit row of its creation and one update audit row per version after the first; its focus areas and commitments are of it, in its collaboration, each focus area with a commitment',
    sql: `SELECT p.id, p.version, au.created, au.updated FROM promises p
          CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE action = 'promise.create') AS created,
                                     count(*) FILTER (WHERE action = 'promise.update') AS updated
                              FROM audit_log WHERE entity_id = p.id AND entity_type = 'promise' AND collaboration_id = p.collaboration_id) au
          WHERE au.created <> 1 OR au.updated <> p.version - 1
             OR NOT EXISTS (SELECT 1 FROM promise_focus_areas f WHERE f.promise_id = p.id)
             OR EXISTS (SELECT 1 FROM promise_focus_areas f WHERE f.promise_id = p.id
                          AND NOT EXISTS (SELECT 1 FROM promise_commitments c WHERE c.focus_area_id = f.id))
             OR EXISTS (SELECT 1 FROM promise_commitments c JOIN promise_focus_areas f ON f.id = c.focus_area_id
                          WHERE c.promise_id = p.id AND f.promise_id <> p.id)
             OR EXISTS (SELECT 1 FROM promise_commitments c, unnest(c.area_ids) x WHERE c.promise_id = p.id
                          AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.id = x AND a.collaboration_id = p.collaboration_id))`,
  },
  {
    name: 'every document has its versions 1..version (the latest with its status and title), the audit row of the write that made each, and the audit row of each publishing; its published version is its latest published one',
    sql: `SELECT d.id, d.version, d.status, d.published_version, v.n, v.latest_status, au.made, au.published, v.published FROM promise_documents d
          CROSS JOIN LATERAL (SELECT count(*) AS n, count(DISTINCT version) AS distinct_versions, min(version) AS first, max(version) AS last,
                                     (array_agg(status ORDER BY version DESC))[1] AS latest_status,
                                     (array_agg(text->>'title' ORDER BY version DESC))[1] AS latest_title,
                                     count(*) FILTER (WHERE status = 'published') AS published,
                                     max(version) FILTER (WHERE status = 'published') AS last_published
                              FROM promise_document_versions WHERE document_id = d.id AND collaboration_id = d.collaboration_id) v
          CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE action IN ('promise_document.generate', 'promise_document.edit', 'promise_document.regenerate')) AS made,
                                     count(*) FILTER (WHERE action = 'promise_document.publish') AS published
                              FROM audit_log WHERE entity_id = d.id AND entity_type = 'promise_document') au
          WHERE v.n <> d.version OR v.distinct_versions <> v.n OR v.first <> 1 OR v.last <> d.version
             OR v.latest_status <> d.status OR v.latest_title <> d.title
             OR au.made <> d.version OR au.published <> v.published
             OR d.published_version IS DISTINCT FROM v.last_published`,
  },
  // ---- end of citizen promises ----
  // ---- the admin screens: a collaboration's categories (src/categories), areas and places edited and deleted ----
  {
    name: "every row of a collaboration's categories has the audit rows of its changes: its creation (its own categories), and an update per version after the first",
    sql: `SELECT c.collaboration_id, c.code, c.version, c.custom, au.created, au.updated FROM collaboration_categories c
          CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE action = 'category.create') AS created, count(*) FILTER (WHERE action = 'category.update') AS updated
                              FROM audit_log WHERE collaboration_id = c.collaboration_id AND entity_type = 'category' AND details->>'code' = c.code) au
          WHERE au.created <> (CASE WHEN c.custom THEN 1 ELSE 0 END) OR au.updated <> c.version - 1`,
  },
  {
    name: 'every area and place has an update audit row per version after the first; a deleted one is gone, with the audit row of its creation',
    sql: `SELECT 'area' AS kind, a.id, a.version FROM areas a
            WHERE (SELECT count(*) FROM audit_log l WHERE l.entity_id = a.id AND l.action = 'area.update') <> a.version - 1
          UNION ALL
          SELECT 'place', p.id, p.version FROM places p
            WHERE (SELECT count(*) FROM audit_log l WHERE l.entity_id = p.id AND l.action = 'place.update') <> p.version - 1
          UNION ALL
          SELECT split_part(l.action, '.', 1), l.entity_id, NULL FROM audit_log l
            WHERE (l.action = 'area.delete' AND (EXISTS (SELECT 1 FROM areas a WHERE a.id = l.entity_id)
                     OR NOT EXISTS (SELECT 1 FROM audit_log c WHERE c.action = 'area.create' AND c.entity_id = l.entity_id)))
               OR (l.action = 'place.delete' AND (EXISTS (SELECT 1 FROM places p WHERE p.id = l.entity_id)
                     OR NOT EXISTS (SELECT 1 FROM audit_log c WHERE c.action = 'place.create' AND c.entity_id = l.entity_id)))`,
  },
  // ---- end of the admin screens ----
];

/** The rows that break each check, by the check's name; `{}` when the database is whole. */
export async function halfWritten(databaseUrl: string): Promise<Record<string, unknown[]>> {
  return withDb(databaseUrl, async (db) => {
    const broken: Record<string, unknown[]> = {};
    for (const check of CONSISTENCY_CHECKS) {
      const { rows } = await db.query(check.sql, check.sql.includes('$1') ? [CHECKED_EVENT_TYPES] : []);
      if (rows.length) broken[check.name] = rows.slice(0, 10);
    }
    return broken;
  });
}
