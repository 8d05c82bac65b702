/**
 * Two service nodes on one database: an event written through either node reaches sockets on both, with the
 * recipient's view of the record; a client that drops off node A and resumes on node B misses nothing and gets
 * nothing twice; concurrent writes through both nodes reach both nodes' sockets complete and in order.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { withDb } from '../support/db.js';
import { buildWorld, createUser, reportBody, type TestUser, type World } from '../support/world.js';
import { asOnTheFeed, connectFeed, eventually, type FeedClient, inParallel, postComment, postReport, subscribe } from '../support/feed-client.js';

let a: TestApp;
let b: TestApp;
let w: World;
const sockets: FeedClient[] = [];
const on = async (node: TestApp, u: TestUser, label: string, opts: { resume?: boolean } = {}) => {
  const c = await connectFeed(node.url, u.token, label, opts);
  sockets.push(c);
  return c;
};
/** The same user's API, through node B. */
const viaB = (u: TestUser) => new Api(b.url, u.token);

beforeAll(async () => {
  a = await startTestApp();
  [w, b] = await Promise.all([buildWorld(a, { tokens: 'signed' }), startTestApp({ databaseUrl: a.databaseUrl })]);
  await subscribe(w.orgs.school.member.api, {});
  await subscribe(w.orgs.social.member.api, { categories: ['vandalism'] });
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all([a?.close(), b?.close()]);
});

describe('two nodes on one database', () => {
  it('both nodes answer from the same data', async () => {
    expect(b.databaseUrl).toBe(a.databaseUrl);
    expect(b.url).not.toBe(a.url);
    expect(b.process.pid).not.toBe(a.process.pid);
    const r = await postReport(w.orgs.police.member.api, reportBody({ description: 'Skriven via A' }));
    const readB = await viaB(w.orgs.school.member).get(`/api/reports/${r.id}`);
    expect(readB.status).toBe(200);
  });

  it('a socket on A receives a report posted through B, and one on B a report posted through A', async () => {
    const onA = await on(a, w.orgs.school.member, 'school on A');
    const onB = await on(b, w.orgs.school.member, 'school on B');
    const fromB = await postReport(viaB(w.orgs.police.member), reportBody({ description: 'Skriven via B' }));
    const fromA = await postReport(w.orgs.police.member.api, reportBody({ description: 'Skriven via A igen' }));
    for (const c of [onA, onB]) {
      await c.waitForAll([fromB.seq, fromA.seq]);
      expect(c.seqs()).toEqual([fromB.seq, fromA.seq]);
      expect(c.bySeq(fromB.seq)!.data).toEqual(asOnTheFeed((await w.orgs.school.member.api.get(`/api/reports/${fromB.id}`)).body));
      expect(c.bySeq(fromB.seq)!.data.author).toBeNull();
    }
    // Visibility holds on both nodes: the police's own report reaches neither school socket.
    const own = await postReport(viaB(w.orgs.police.member), reportBody({ description: 'Polisens egen', visibility: 'own' }));
    const comment = await postComment(viaB(w.orgs.police.member), fromA.id, 'Kommentar via B');
    for (const c of [onA, onB]) {
      await c.waitForSeq(comment.seq);
      expect(c.has(own.seq)).toBe(false);
      expect(c.bySeq(comment.seq)!.name).toBe('comment:created');
    }
    onA.close();
    onB.close();
  });

  it('a client that leaves A, misses events, and resumes on B gets exactly what it missed, then live events', async () => {
    const viewer = w.orgs.social.member; // follows vandalism only
    // A witness on B that sees everything: once it has an event, node B has read the log up to there.
    const witnessB = await on(b, w.orgs.police.coordinator, 'witness on B');
    expect(await witnessB.ack('feed:all', { enabled: true })).toEqual({ ok: true });
    const first = await on(a, viewer, 'social on A');
    const seen = await postReport(w.orgs.police.member.api, reportBody({ description: 'Sedd på A', category: 'vandalism' }));
    await first.waitForSeq(seen.seq);
    first.close();
    await first.waitForDisconnect();

    // Meanwhile, through both nodes: some it follows, some it does not, some it may not see.
    const missed: number[] = [];
    const police = w.orgs.police.member;
    for (const [i, api] of [w.orgs.police.member.api, viaB(police), w.orgs.school.member.api, viaB(w.orgs.school.member)].entries()) {
      missed.push((await postReport(api, reportBody({ description: `Missad ${i}`, category: 'vandalism' }))).seq);
      await postReport(api, reportBody({ description: `Annat ${i}`, category: 'littering' }));
      await postReport(api, reportBody({ description: `Dold ${i}`, category: 'vandalism', visibility: 'own' }));
    }
    const commentSeq = (await postComment(viaB(police), seen.id, 'Följer upp')).seq;
    missed.push(commentSeq);
    await witnessB.waitForSeq(commentSeq);

    const second = await on(b, viewer, 'social on B', { resume: false });
    const ack = await second.ack('feed:resume', { afterSeq: seen.seq });
    expect(ack).toEqual({ ok: true, replayed: missed.length, lastSeq: expect.any(Number) });
    expect(second.seqs()).toEqual(missed);
    const live = await postReport(w.orgs.police.member.api, reportBody({ description: 'Live efter bytet', category: 'vandalism' }));
    const liveB = await postReport(viaB(police), reportBody({ description: 'Live via B efter bytet', category: 'vandalism' }));
    await second.waitForAll([live.seq, liveB.seq]);
    expect(second.seqs()).toEqual([...missed, live.seq, liveB.seq]);
    second.close();
  });

  it('concurrent writes through both nodes reach the sockets of both nodes complete and in order', async () => {
    const onA = await on(a, w.orgs.police.coordinator, 'all on A');
    const onB = await on(b, w.orgs.police.coordinator, 'all on B');
    for (const c of [onA, onB]) expect(await c.ack('feed:all', { enabled: true })).toEqual({ ok: true });
    const start = await withDb(a.databaseUrl, async (db) => Number((await db.query('SELECT max(last_seq) AS s FROM event_counters')).rows[0].s));
    const writers = [w.orgs.police.member, w.orgs.municipality.member, w.orgs.school.member, w.orgs.social.member];
    const created = await inParallel(120, 8, (i, worker) => {
      const u = writers[worker % writers.length];
      return postReport(worker % 2 ? viaB(u) : u.api, reportBody({ description: `Båda noderna ${i}` }));
    });
    const end = Math.max(...created.map((c) => c.seq));
    const expected = Array.from({ length: end - start }, (_, i) => start + 1 + i);
    expect(created.map((c) => c.seq).sort((x, y) => x - y)).toEqual(expected);
    for (const c of [onA, onB]) {
      await c.waitForSeq(end, 10_000);
      expect(c.seqs().filter((s) => s > start)).toEqual(expected);
    }
  });

  it('a user disabled through A is dropped from B, and a subscription made through B applies on A', async () => {
    const u = await createUser(a, w.admin, w.orgs.municipality.id, 'member', { label: 'two-nodes', tokens: 'signed' });
    const onA = await on(a, u, 'late subscriber on A');
    const onB = await on(b, u, 'to be disabled on B');
    await subscribe(viaB(u), { categories: ['burglary'] });
    await eventually(async () => {
      const p = await postReport(w.orgs.police.member.api, reportBody({ description: 'Inbrott', category: 'burglary' }));
      return onA.waitForSeq(p.seq, 400).then(() => true, () => false);
    }, 5000, 'the subscription made through B to apply on A');
    const cur = await w.admin.get(`/api/users/${u.id}`);
    const t0 = Date.now();
    expect((await w.admin.patch(`/api/users/${u.id}`, { version: cur.body.version, disabled: true })).status).toBe(200);
    await Promise.all([onA.waitForDisconnect(3000), onB.waitForDisconnect(3000)]);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect([onA.disconnectReason, onB.disconnectReason]).toEqual(['io server disconnect', 'io server disconnect']);
  });
});
