/**
 * The event log's seq under concurrency, the classic trap: many connections write at once, yet per collaboration
 * the seqs are exactly 1..N, a reader polling "seq > last seen" while they commit never skips one that commits
 * later with a smaller seq, and the live feed hands them out complete and in order. A write that fails (before
 * or after its event was appended) leaves no event and no gap.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startTestApp, type TestApp } from '../support/app.js';
import { withDb } from '../support/db.js';
import { buildOtherCollaboration, buildWorld, reportBody, type TestUser, type World } from '../support/world.js';
import { connectFeed, type FeedClient, inParallel, patchReport, postReport, subscribe } from '../support/feed-client.js';

let t: TestApp;
let w: World;
let collaborationId: string;
let all: FeedClient;

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t, { tokens: 'signed' });
  collaborationId = await withDb(t.databaseUrl, async (db) =>
    (await db.query('SELECT collaboration_id FROM users WHERE id = $1', [w.orgs.police.member.id])).rows[0].collaboration_id);
  all = await connectFeed(t.url, w.orgs.municipality.coordinator.token, 'feed:all');
  expect(await all.ack('feed:all', { enabled: true })).toEqual({ ok: true });
});
afterAll(async () => {
  all?.close();
  await t?.close();
});

const seqsInLog = () => withDb(t.databaseUrl, async (db) =>
  (await db.query('SELECT seq FROM events WHERE collaboration_id = $1 ORDER BY seq', [collaborationId])).rows.map((r: any) => Number(r.seq)));
const counter = () => withDb(t.databaseUrl, async (db) =>
  Number((await db.query('SELECT last_seq FROM event_counters WHERE collaboration_id = $1', [collaborationId])).rows[0].last_seq));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('seq under concurrent writers', () => {
  it('is gap-free 1..N, never skipped by a polling reader, and delivered live in order (16 writers, 400 reports)', async () => {
    const before = await counter();
    const writers: TestUser[] = Object.values(w.orgs).flatMap((o) => [o.member, o.coordinator, o.admin]);
    expect(writers.length).toBe(12);

    // The reader: what a resuming client does against the log, as fast as it can while the writes run.
    const reader = new pg.Client({ connectionString: t.databaseUrl });
    await reader.connect();
    const seen: number[] = [];
    const gapsSeen: string[] = [];
    let last = before;
    let writing = true;
    let polls = 0;
    const poll = async () => {
      const rows = (await reader.query('SELECT seq FROM events WHERE collaboration_id = $1 AND seq > $2 ORDER BY seq', [collaborationId, last])).rows;
      polls++;
      for (const r of rows) {
        const seq = Number(r.seq);
        // A hole here means a smaller seq was still uncommitted while a larger one was visible: a reader that
        // moves on to "after the largest" would never see it.
        if (seq !== last + 1) gapsSeen.push(`after ${last} saw ${seq}`);
        seen.push(seq);
        last = seq;
      }
    };
    const reading = (async () => {
      while (writing) await poll();
    })();

    const total = 400;
    let created: any[];
    try {
      created = await inParallel(total, 16, (i, worker) => postReport(writers[worker % writers.length].api, reportBody({
        description: `Samtidig skrivning ${i}`,
        category: i % 2 ? 'vandalism' : 'littering',
        severity: 1 + (i % 5),
        ...(i % 4 === 0 ? { placeId: w.places.skolgarden, location: undefined } : {}),
      })));
    } finally {
      writing = false;
      await reading;
    }
    await poll();
    await reader.end();

    const after = await counter();
    expect(after - before).toBe(total);
    expect(gapsSeen).toEqual([]);
    expect(seen).toEqual(range(before + 1, after));
    expect(polls).toBeGreaterThan(10);
    // The log holds exactly 1..N, one event per report, with the report's seq stamped on it.
    expect(await seqsInLog()).toEqual(range(1, after));
    expect(created.map((c) => c.seq).sort((a, b) => a - b)).toEqual(range(before + 1, after));
    const rows = await withDb(t.databaseUrl, async (db) => (await db.query(
      `SELECT e.seq, e.type, e.entity_id, r.seq AS report_seq, (e.payload->>'seq')::bigint AS payload_seq
       FROM events e JOIN reports r ON r.id = e.entity_id WHERE e.collaboration_id = $1 AND e.seq > $2`, [collaborationId, before])).rows);
    expect(rows).toHaveLength(total);
    for (const r of rows) {
      expect(r.type).toBe('report:created');
      expect(Number(r.report_seq)).toBe(Number(r.seq));
      expect(Number(r.payload_seq)).toBe(Number(r.seq));
    }
    expect(new Set(rows.map((r: any) => r.entity_id))).toEqual(new Set(created.map((c) => c.id)));

    // The live feed got every one of them, once, in seq order.
    await all.waitForSeq(after, 15_000);
    expect(all.seqs().filter((s) => s > before)).toEqual(range(before + 1, after));
  });

  it('stays gap-free when updates and creates race on the same reports', async () => {
    const before = await counter();
    const targets = await Promise.all([0, 1, 2, 3].map((i) => postReport(w.orgs.police.member.api, reportBody({ description: `Mål ${i}` }))));
    const coordinators = [w.orgs.police.coordinator, w.orgs.municipality.coordinator, w.orgs.school.coordinator, w.orgs.social.coordinator];
    const results = await inParallel(80, 12, async (i) => {
      if (i % 2) return postReport(coordinators[i % 4].api, reportBody({ description: `Ny ${i}` })).then(() => 'created');
      // Concurrent edits of one report: some lose with 409 and must leave nothing behind.
      const target = targets[i % 4];
      const cur = await w.orgs.police.coordinator.api.get(`/api/reports/${target.id}`);
      const res = await w.orgs.police.coordinator.api.patch(`/api/reports/${target.id}`, { version: cur.body.version, description: `Ändrad ${i}` });
      return res.status === 200 ? 'updated' : res.status === 409 ? 'conflict' : `unexpected ${res.status} ${res.text}`;
    });
    expect(results.filter((r) => r.startsWith('unexpected'))).toEqual([]);
    const succeeded = targets.length + results.filter((r) => r !== 'conflict').length;
    const after = await counter();
    expect(after - before).toBe(succeeded);
    expect(await seqsInLog()).toEqual(range(1, after));
    await all.waitForSeq(after, 10_000);
    expect(all.seqs().filter((s) => s > before)).toEqual(range(before + 1, after));
  });
});

describe('a write that fails leaves no event and no gap', () => {
  it('refused before the transaction: personal data, an unknown place, a future time, a stale version, an invisible report', async () => {
    const api = w.orgs.police.member.api;
    const target = await postReport(api, reportBody({ description: 'Före felen' }));
    const before = await counter();
    expect(before).toBe(target.seq);

    const pd = await api.post('/api/reports', reportBody({ description: 'Ring mig på 070-123 45 67 om du ser något' }));
    expect(pd.status).toBe(400);
    expect(pd.body.code).toBe('PERSONAL_DATA');
    const pdComment = await api.post(`/api/reports/${target.id}/comments`, { body: 'Maila kalle.svensson@example.se' });
    expect(pdComment.status).toBe(400);
    expect(pdComment.body.code).toBe('PERSONAL_DATA');
    expect((await api.post('/api/reports', { ...reportBody(), location: undefined, placeId: randomUUID() })).status).toBe(404);
    expect((await api.post('/api/reports', reportBody({ observedAt: new Date(Date.now() + 3600_000).toISOString() }))).status).toBe(400);
    expect((await api.post('/api/reports', reportBody({ severity: 9 }))).status).toBe(400);
    expect((await api.patch(`/api/reports/${target.id}`, { version: 99, severity: 5 })).status).toBe(409);
    const hidden = await postReport(w.orgs.school.member.api, reportBody({ description: 'Skolans egen', visibility: 'own' }));
    expect((await api.post(`/api/reports/${hidden.id}/comments`, { body: 'Syns inte för polisen' })).status).toBe(404);
    expect((await api.patch(`/api/reports/${hidden.id}`, { version: 1, severity: 5 })).status).toBe(404);

    const next = await postReport(api, reportBody({ description: 'Efter felen' }));
    expect(next.seq).toBe(hidden.seq + 1);
    expect(hidden.seq).toBe(before + 1);
    expect(await seqsInLog()).toEqual(range(1, next.seq));
    await all.waitForSeq(next.seq);
    // The feed:all coordinator (municipality) does not see the school's own report; nothing else came between.
    expect(all.seqs().filter((s) => s > before)).toEqual([next.seq]);
  });

  it('rolled back after its event was appended (a failure later in the same transaction)', async () => {
    // Make the commit of an idempotent create fail for one marked description, in a deferred trigger that runs
    // after the one assigning the seq (deferred triggers on one row fire in name order): by then the counter was
    // incremented, the event stamped and its NOTIFY queued; all of it must go with the rollback.
    await withDb(t.databaseUrl, (db) => db.query(`
      CREATE OR REPLACE FUNCTION feed_test_fail_late() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.payload->>'description' LIKE '%FAIL-AFTER-APPEND%' THEN RAISE EXCEPTION 'injected failure after the event append'; END IF;
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER zz_feed_test_fail_late AFTER INSERT ON events DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION feed_test_fail_late();`));
    try {
      const api = w.orgs.police.member.api;
      const first = await postReport(api, reportBody({ description: 'Före återställningen' }));
      await all.waitForSeq(first.seq);
      const failed = await Promise.all([0, 1, 2].map((i) =>
        api.post('/api/reports', reportBody({ description: `FAIL-AFTER-APPEND ${i}` }), { 'idempotency-key': randomUUID() })));
      for (const f of failed) expect(f.status).toBe(500);
      expect(await counter()).toBe(first.seq);
      // The same idempotent path works when nothing fails, and takes the very next seq.
      const ok = await api.post('/api/reports', reportBody({ description: 'Efter återställningen' }), { 'idempotency-key': randomUUID() });
      expect(ok.status).toBe(201);
      expect(ok.body.seq).toBe(first.seq + 1);
      expect(await seqsInLog()).toEqual(range(1, ok.body.seq));
      const reports = await withDb(t.databaseUrl, async (db) => (await db.query(`SELECT count(*)::int AS n FROM reports WHERE description LIKE 'FAIL-AFTER-APPEND%'`)).rows[0].n);
      expect(reports).toBe(0);
      await all.waitForSeq(ok.body.seq);
      expect(all.seqs().filter((s) => s > first.seq)).toEqual([ok.body.seq]);
      // The node was not confused by the rolled-back notifications: live delivery continues.
      const later = await postReport(api, reportBody({ description: 'Och sedan' }));
      await all.waitForSeq(later.seq);
    } finally {
      await withDb(t.databaseUrl, (db) => db.query('DROP TRIGGER zz_feed_test_fail_late ON events; DROP FUNCTION feed_test_fail_late()'));
    }
  });

  it('an update that changes nothing appends no event', async () => {
    const api = w.orgs.police.member.api;
    const r = await postReport(api, reportBody({ description: 'Oförändrad', severity: 3 }));
    const same = await patchReport(api, r.id, { severity: 3 });
    expect(same.version).toBe(r.version);
    expect(await counter()).toBe(r.seq);
  });
});

describe('seq is per collaboration', () => {
  it('another collaboration counts from 1 on its own, and nothing crosses between them (live or replayed)', async () => {
    const other = (await buildOtherCollaboration(t, w.admin, { tokens: 'signed' })).org.coordinator;
    await subscribe(other.api, {});
    const otherFeed = await connectFeed(t.url, other.token, 'Götene');
    expect(await otherFeed.ack('feed:all', { enabled: true })).toEqual({ ok: true });
    const here = await counter();

    const theirs: any[] = [];
    const ours: any[] = [];
    for (let i = 0; i < 3; i++) {
      theirs.push(await postReport(other.api, reportBody({ description: `Götene ${i}` })));
      ours.push(await postReport(w.orgs.police.member.api, reportBody({ description: `Lidköping ${i}` })));
    }
    expect(theirs.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(ours.map((r) => r.seq)).toEqual([here + 1, here + 2, here + 3]);
    await otherFeed.waitForSeq(3);
    await all.waitForSeq(here + 3);
    expect(otherFeed.events.map((e) => e.data.id)).toEqual(theirs.map((r) => r.id));
    expect(all.events.some((e) => theirs.some((r) => r.id === e.data.id))).toBe(false);

    // Replays stay inside the collaboration too, and a position only the other one has reached is a resync.
    const replay = await connectFeed(t.url, other.token, 'Götene replay', { resume: false });
    expect(await replay.ack('feed:all', { enabled: true })).toEqual({ ok: true });
    expect(await replay.ack('feed:resume', { afterSeq: 0 })).toEqual({ ok: true, replayed: 3, lastSeq: 3 });
    expect(replay.events.map((e) => e.data.id)).toEqual(theirs.map((r) => r.id));
    expect(await replay.ack('feed:resume', { afterSeq: Math.max(ours[2].seq, 4) })).toEqual({ ok: false, resync: true, lastSeq: 3 });
    [otherFeed, replay].forEach((f) => f.close());
  });
});
