/**
 * feed:resume: exactly the matching, visible events after afterSeq, in seq order, with the ack
 * { ok, replayed, lastSeq }; then live events with no gap and no duplicate, also while reports are written
 * concurrently; bad payloads answered with an error ack on a connection that keeps working; resync when the
 * asked position is older than the kept log or ahead of it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { canSee, type VisibilityFacts } from '../../src/common/visibility.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { withDb } from '../support/db.js';
import { buildWorld, reportBody, type TestUser, type World } from '../support/world.js';
import { asOnTheFeed, connectFeed, type FeedClient, inParallel, patchReport, postComment, postReport, sleep, subscribe } from '../support/feed-client.js';

let t: TestApp;
let w: World;
let witness: FeedClient;
const sockets: FeedClient[] = [];
const open = async (u: TestUser, label: string) => {
  const c = await connectFeed(t.url, u.token, label, { resume: false }); // each test resumes itself
  sockets.push(c);
  return c;
};

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t, { tokens: 'signed' });
  // The police coordinator sees every event of this file (all are the police's or partners'): proof of delivery.
  witness = await connectFeed(t.url, w.orgs.police.coordinator.token, 'witness'); // live at once (resumes from feed:hello)
  sockets.push(witness);
  expect(await witness.ack('feed:all', { enabled: true })).toEqual({ ok: true });
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await t?.close();
});

const lastSeqInDb = () => withDb(t.databaseUrl, async (db) => Number((await db.query('SELECT max(last_seq) AS s FROM event_counters')).rows[0].s));

/**
 * The seqs of the logged events `viewer` may see, in order, by `canSee` (src/common/visibility.ts): the policy the
 * service applies in SQL and in memory, applied here to the audience facts stored with each event and its report.
 */
async function visibleSeqs(viewer: TestUser): Promise<number[]> {
  const me = await viewer.api.get('/api/me');
  expect(me.status).toBe(200);
  const who = { collaborationId: me.body.collaboration.id, organisationId: viewer.organisationId };
  const facts = (prefix: 'e' | 'r', row: Record<string, any>): VisibilityFacts => ({
    collaborationId: row[`${prefix}_collaboration`], visibility: row[`${prefix}_visibility`],
    organisationId: row[`${prefix}_organisation`], sharedWith: row[`${prefix}_shared`] ?? [],
  });
  const rows = await withDb(t.databaseUrl, async (db) => (await db.query(
    `SELECT e.seq, e.collaboration_id AS e_collaboration, e.visibility AS e_visibility, e.organisation_id AS e_organisation,
            e.shared_with AS e_shared, r.id AS report, r.collaboration_id AS r_collaboration, r.visibility AS r_visibility,
            r.organisation_id AS r_organisation, r.shared_with AS r_shared
     FROM events e LEFT JOIN reports r ON r.id = e.subject_id ORDER BY e.seq`)).rows);
  return rows.filter((row) => canSee(who, facts('e', row)) && (row.report === null || canSee(who, facts('r', row)))).map((row) => Number(row.seq));
}

/** A partners report the witness receives: afterwards this node has read everything before it. */
async function settle(): Promise<number> {
  const s = await postReport(w.orgs.police.coordinator.api, reportBody({ description: 'Avstämning', category: 'other' }));
  await witness.waitForSeq(s.seq);
  return s.seq;
}

describe('feed:resume', () => {
  it('replays exactly the matching events the viewer may see after afterSeq, in order, then goes live', async () => {
    const viewer = w.orgs.school.member;
    await subscribe(viewer.api, { categories: ['vandalism', 'fire'] });
    const start = await settle();
    const police = w.orgs.police.member.api;
    const a = await postReport(police, reportBody({ description: 'Klotter A', category: 'vandalism' }));
    await postReport(police, reportBody({ description: 'Brand, internt', category: 'fire', visibility: 'own' }));
    await postReport(police, reportBody({ description: 'Skräp', category: 'littering' }));
    const d = await postReport(police, reportBody({
      description: 'Brand, delad med skolan', category: 'fire', visibility: 'organisations', sharedWithOrganisationIds: [viewer.organisationId],
    }));
    const e = await postComment(police, a.id, 'Sanerat i morse');
    const f = await patchReport(police, a.id, { severity: 3 });
    await postReport(police, reportBody({
      description: 'Klotter, delat med socialtjänsten', category: 'vandalism', visibility: 'organisations', sharedWithOrganisationIds: [w.orgs.social.id],
    }));
    const last = await settle();

    const feed = await open(viewer, 'resumer');
    const ack = await feed.ack('feed:resume', { afterSeq: start });
    expect(ack).toEqual({ ok: true, replayed: 4, lastSeq: last });
    expect(feed.events.map((x) => [x.name, x.seq])).toEqual([
      ['report:created', a.seq], ['report:created', d.seq], ['comment:created', e.seq], ['report:updated', f.seq],
    ]);
    for (const x of feed.events) expect(Object.keys(x.raw).sort()).toEqual(['at', 'data', 'seq', 'type']);
    // Replayed data is the record as it was then, as this viewer may see it (no author from another organisation).
    expect(feed.bySeq(a.seq)!.data).toEqual(expect.objectContaining({ id: a.id, seq: a.seq, version: 1, severity: a.severity, author: null }));
    expect(feed.bySeq(d.seq)!.data).toEqual(asOnTheFeed((await viewer.api.get(`/api/reports/${d.id}`)).body));
    expect(feed.bySeq(f.seq)!.data).toEqual(asOnTheFeed((await viewer.api.get(`/api/reports/${a.id}`)).body));
    expect(feed.bySeq(e.seq)!.data).toEqual({ ...e, author: null });

    // Live from here: the next matching event, and nothing that was replayed comes again.
    const g = await postReport(police, reportBody({ description: 'Nytt klotter', category: 'vandalism' }));
    await feed.waitForSeq(g.seq);
    expect(feed.seqs()).toEqual([a.seq, d.seq, e.seq, f.seq, g.seq]);

    // From the middle, and from the end.
    const mid = await open(viewer, 'resumer from the middle');
    expect(await mid.ack('feed:resume', { afterSeq: d.seq })).toEqual({ ok: true, replayed: 3, lastSeq: g.seq });
    expect(mid.seqs()).toEqual([e.seq, f.seq, g.seq]);
    const end = await open(viewer, 'resumer from the end');
    expect(await end.ack('feed:resume', { afterSeq: g.seq })).toEqual({ ok: true, replayed: 0, lastSeq: g.seq });
    expect(end.events).toEqual([]);
    const h = await postReport(police, reportBody({ description: 'Klotter igen', category: 'vandalism' }));
    await Promise.all([feed, mid, end].map((c) => c.waitForSeq(h.seq)));
    expect(end.seqs()).toEqual([h.seq]);
    [mid, end].forEach((c) => c.close());
  });

  it('does not replay events about a report that has since been hidden from the viewer', async () => {
    const viewer = w.orgs.social.member;
    await subscribe(viewer.api, {});
    const start = await settle();
    const r = await postReport(w.orgs.police.member.api, reportBody({ description: 'Snart hemlig' }));
    await postComment(w.orgs.police.member.api, r.id, 'En kommentar');
    const visible = await postReport(w.orgs.police.member.api, reportBody({ description: 'Fortsatt synlig' }));
    await patchReport(w.orgs.police.member.api, r.id, { visibility: 'own' });
    const last = await settle();
    expect((await viewer.api.get(`/api/reports/${r.id}`)).status).toBe(404);
    const feed = await open(viewer, 'after hiding');
    expect(await feed.ack('feed:resume', { afterSeq: start })).toEqual({ ok: true, replayed: 2, lastSeq: last });
    expect(feed.seqs()).toEqual([visible.seq, last]);
    feed.close();
  });

  it("holds live events from a new socket until its first feed:resume, which then sends them once, in order, after what it missed", async () => {
    const viewer = w.orgs.municipality.coordinator;
    await subscribe(viewer.api, {});
    const start = await settle();
    const missed = await postReport(w.orgs.police.member.api, reportBody({ description: 'Medan klienten var borta' }));
    await witness.waitForSeq(missed.seq);
    const feed = await open(viewer, 'held until resume');
    expect(feed.hello).toEqual({ lastSeq: missed.seq });
    const live = await postReport(w.orgs.police.member.api, reportBody({ description: 'Medan klienten anslöt' }));
    await witness.waitForSeq(live.seq);
    await sleep(300);
    // Sent now, the live event would arrive before the one the client missed, and "the last seq seen" would skip it.
    expect(feed.events).toEqual([]);
    expect(await feed.ack('feed:resume', { afterSeq: start })).toEqual({ ok: true, replayed: 2, lastSeq: live.seq });
    expect(feed.seqs()).toEqual([missed.seq, live.seq]);
    const next = await postReport(w.orgs.police.member.api, reportBody({ description: 'Efter återupptagandet' }));
    await feed.waitForSeq(next.seq);
    expect(feed.seqs()).toEqual([missed.seq, live.seq, next.seq]);
    feed.close();
  });

  it('refuses a second resume while one is running, without replaying anything twice', async () => {
    const viewer = w.orgs.social.member;
    const start = await settle();
    const posted = [];
    for (let i = 0; i < 10; i++) posted.push(await postReport(w.orgs.municipality.member.api, reportBody({ description: `Dubbel ${i}` })));
    const last = await settle();
    const feed = await open(viewer, 'double resume');
    const [first, second] = await Promise.all([
      feed.ack('feed:resume', { afterSeq: start }),
      feed.ack('feed:resume', { afterSeq: start }),
    ]);
    const acks = [first, second].sort((x, y) => Number(y.ok) - Number(x.ok));
    expect(acks[0]).toEqual({ ok: true, replayed: 11, lastSeq: last });
    expect(acks[1]).toEqual({ ok: false, error: { code: 'RESUME_IN_PROGRESS', message: expect.any(String) } });
    expect(feed.seqs()).toEqual([...posted.map((p) => p.seq), last]);
    feed.close();
  });

  it('hands over from replay to live with no gap and no duplicate while 8 writers post reports', async () => {
    // A coordinator without subscriptions: nothing reaches it live until it asks for feed:all together with the
    // resume, so every event it gets comes from that resume (replay, then live) and must arrive once, in order.
    const viewer = w.orgs.social.coordinator;
    const writers = [
      w.orgs.police.member, w.orgs.police.admin, w.orgs.municipality.member, w.orgs.municipality.admin,
      w.orgs.school.member, w.orgs.school.coordinator, w.orgs.social.member, w.orgs.social.admin,
    ];
    const first = await settle();
    const feed = await open(viewer, 'concurrent resume');
    const total = 240;
    let ack: Promise<any> | undefined;
    const writing = inParallel(total, 8, async (i, worker) => {
      const author = writers[worker];
      const r = await postReport(author.api, reportBody({
        description: `Samtidig ${i}`,
        category: i % 3 ? 'vandalism' : 'disorder',
        // Some the social services may not see: the police's own, and reports shared with the school only.
        ...(i % 10 === 3 && author.organisationId === w.orgs.police.id ? { visibility: 'own' } : {}),
        ...(i % 10 === 7 && author.organisationId !== w.orgs.social.id
          ? { visibility: 'organisations', sharedWithOrganisationIds: [author.organisationId === w.orgs.school.id ? w.orgs.police.id : w.orgs.school.id] }
          : {}),
      }));
      // A third of the way in, with writers still busy, the viewer resumes from the very beginning.
      if (i === Math.floor(total / 3)) {
        feed.socket.emit('feed:all', { enabled: true }, () => undefined);
        ack = feed.ack('feed:resume', { afterSeq: 0 });
      }
      return r;
    });
    const created = await writing;
    const res = await ack!;
    expect(res).toEqual({ ok: true, replayed: expect.any(Number), lastSeq: expect.any(Number) });
    expect(res.lastSeq).toBeGreaterThan(first);
    const final = await settle();

    // Every event the social services may see, as the replay decides it: the one visibility policy applied to the
    // event's audience and to its report's current one (a report hidden since is not replayed).
    const expected = await visibleSeqs(viewer);
    expect(expected).toContain(final);
    expect(created.filter((c) => c.visibility !== 'partners').length).toBeGreaterThan(10);
    expect(expected.length).toBeLessThan(created.length + first);
    await feed.waitForSeq(final, 10_000);
    const seqs = feed.seqs();
    // feed:all and feed:resume are two packets: an event may go out live between them. Such a live prefix is
    // legitimate (the resume from 0 then covers it again: clients dedupe by seq); from the replay's first event on,
    // the stream must be exactly the expected seqs, strictly increasing.
    const j = seqs.indexOf(expected[0]);
    expect(j).toBeGreaterThanOrEqual(0);
    const prefix = seqs.slice(0, j);
    const stream = seqs.slice(j);
    expect(prefix.length).toBeLessThan(20);
    for (const p of prefix) expect({ p, coveredByReplay: p <= res.lastSeq && expected.includes(p) }).toEqual({ p, coveredByReplay: true });
    const disorder = stream.findIndex((x, i) => i > 0 && x <= stream[i - 1]);
    expect({ disorder, around: disorder < 0 ? [] : stream.slice(Math.max(0, disorder - 3), disorder + 3) }).toEqual({ disorder: -1, around: [] });
    expect(stream).toEqual(expected);
    expect(res.replayed).toBe(stream.filter((x) => x <= res.lastSeq).length);
    // The writers were still committing after the replay's end: the hand-over to live was exercised.
    expect(stream.filter((x) => x > res.lastSeq).length).toBeGreaterThan(0);
    feed.close();
  });

  it.each([
    ['afterSeq is a string', { afterSeq: 'x' }],
    ['afterSeq is negative', { afterSeq: -1 }],
    ['afterSeq is fractional', { afterSeq: 1.5 }],
    ['afterSeq is too large to be exact', { afterSeq: 2 ** 53 }],
    ['afterSeq is missing', {}],
    ['afterSeq is null', { afterSeq: null }],
    ['there is an extra field', { afterSeq: 0, all: true }],
    ['the payload is a number', 5],
    ['the payload is a string', 'afterSeq=0'],
    ['the payload is null', null],
    ['the payload is an array', [0]],
  ])('answers an error ack when %s, and the socket keeps working', async (_, payload) => {
    const viewer = w.orgs.social.member;
    const before = await settle();
    const feed = await open(viewer, 'bad payload');
    const ack = await feed.ack('feed:resume', payload);
    expect(ack).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String) } });
    expect(feed.connected).toBe(true);
    const res = await feed.ack('feed:resume', { afterSeq: before - 1 });
    expect(res).toEqual({ ok: true, replayed: 1, lastSeq: before });
    const next = await postReport(w.orgs.police.member.api, reportBody({ description: 'Efter fel' }));
    await feed.waitForSeq(next.seq);
    expect(feed.seqs()).toEqual([before, next.seq]);
    feed.close();
  });

  it('answers an error ack to a resume without any payload', async () => {
    const feed = await open(w.orgs.social.member, 'no payload');
    const ack = await feed.ack('feed:resume');
    expect(ack).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String) } });
    expect(feed.connected).toBe(true);
    feed.close();
  });

  it('asks for a resync when afterSeq is ahead of the log', async () => {
    const last = await settle();
    const feed = await open(w.orgs.social.member, 'ahead');
    expect(await feed.ack('feed:resume', { afterSeq: last + 1 })).toEqual({ ok: false, resync: true, lastSeq: last });
    expect(await feed.ack('feed:resume', { afterSeq: Number.MAX_SAFE_INTEGER })).toEqual({ ok: false, resync: true, lastSeq: last });
    expect(feed.events).toEqual([]);
    // Still live after a resync answer.
    const next = await postReport(w.orgs.police.member.api, reportBody({ description: 'Efter resync' }));
    await feed.waitForSeq(next.seq);
    feed.close();
  });

  it('asks for a resync when afterSeq is older than the kept events (pruned), and replays from the oldest kept one', async () => {
    const last = await settle();
    const keepFrom = last - 5;
    await withDb(t.databaseUrl, (db) => db.query('DELETE FROM events WHERE seq < $1', [keepFrom]));
    expect(await lastSeqInDb()).toBe(last);
    const feed = await open(w.orgs.social.member, 'pruned');
    for (const afterSeq of [0, 1, keepFrom - 2]) {
      expect(await feed.ack('feed:resume', { afterSeq })).toEqual({ ok: false, resync: true, lastSeq: last });
    }
    expect(feed.events).toEqual([]);
    // Right before the oldest kept event: nothing is missing, so it replays.
    const ack = await feed.ack('feed:resume', { afterSeq: keepFrom - 1 });
    expect(ack).toEqual({ ok: true, replayed: expect.any(Number), lastSeq: last });
    expect(feed.seqs()[0]).toBeGreaterThanOrEqual(keepFrom);
    expect(feed.seqs().at(-1)).toBe(last);
    // Everything pruned: only "up to date" is answered normally.
    await withDb(t.databaseUrl, (db) => db.query('DELETE FROM events'));
    expect(await feed.ack('feed:resume', { afterSeq: last - 1 })).toEqual({ ok: false, resync: true, lastSeq: last });
    expect(await feed.ack('feed:resume', { afterSeq: last })).toEqual({ ok: true, replayed: 0, lastSeq: last });
    const next = await postReport(w.orgs.police.member.api, reportBody({ description: 'Efter gallring' }));
    expect(next.seq).toBe(last + 1);
    await feed.waitForSeq(next.seq);
    feed.close();
  });
});
