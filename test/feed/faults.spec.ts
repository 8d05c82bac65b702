/**
 * Faults: a client flooding the server with messages is rate limited and then dropped while other sockets keep
 * receiving; an oversize frame drops only its own socket; losing every PostgreSQL connection (the listener too)
 * is survived: writes succeed again, live delivery resumes, a resuming socket gets every committed event, and
 * /api/health reports the feed up again.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { adminUrl, withDb } from '../support/db.js';
import { buildWorld, reportBody, type World } from '../support/world.js';
import { connectFeed, eventually, type FeedClient, postReport, sleep, subscribe } from '../support/feed-client.js';

let t: TestApp;
let w: World;
let bystander: FeedClient;
const sockets: FeedClient[] = [];

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t, { tokens: 'signed' });
  await subscribe(w.orgs.social.member.api, {});
  await subscribe(w.orgs.school.member.api, {});
  bystander = await connectFeed(t.url, w.orgs.social.member.token, 'bystander');
  sockets.push(bystander);
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await t?.close();
});

const alive = async () => {
  expect(t.process.exitCode).toBeNull();
  const r = await postReport(w.orgs.police.member.api, reportBody({ description: 'Lever servern?' }));
  await bystander.waitForSeq(r.seq);
  return r;
};

describe('rate limiting', () => {
  it('a short burst gets RATE_LIMITED acks, the socket stays connected and works again after a pause', async () => {
    const c = await connectFeed(t.url, w.orgs.school.member.token, 'burst', { resume: false });
    sockets.push(c);
    const acks = await Promise.all(Array.from({ length: 40 }, () => c.ackOrTimeout(3000, 'feed:resume', { afterSeq: 'x' })));
    const codes = acks.map((a) => (a === 'timeout' ? 'timeout' : a.error?.code));
    expect(codes.filter((x) => x === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(10);
    expect(codes.filter((x) => x !== 'RATE_LIMITED' && x !== 'BAD_REQUEST')).toEqual([]);
    expect(codes.slice(0, 20).every((x) => x === 'BAD_REQUEST')).toBe(true);
    expect(c.connected).toBe(true);
    await sleep(1200);
    const r = await alive();
    expect(await c.ack('feed:resume', { afterSeq: r.seq - 1 })).toEqual({ ok: true, replayed: 1, lastSeq: r.seq });
    c.close();
  });

  it('a flood of 500 messages is refused and ends that connection; another socket keeps receiving normally', async () => {
    const flooder = await connectFeed(t.url, w.orgs.school.member.token, 'flooder');
    sockets.push(flooder);
    const acks: Promise<unknown>[] = [];
    for (let i = 0; i < 500; i++) {
      acks.push(i % 2 ? flooder.ackOrTimeout(2000, 'feed:resume', { afterSeq: 0 }) : flooder.ackOrTimeout(2000, `no-such-event-${i}`, { i }));
      if (i === 250) void postReport(w.orgs.police.member.api, reportBody({ description: 'Under översvämningen' }));
    }
    await flooder.waitForDisconnect(5000);
    expect(flooder.disconnectReason).toBe('io server disconnect');
    const results = await Promise.all(acks);
    expect(results.filter((a) => (a as any)?.error?.code === 'RATE_LIMITED').length).toBeGreaterThan(0);
    // Others are unaffected, during and after.
    const r = await alive();
    expect(bystander.seqs().at(-1)).toBe(r.seq);
    // The flooder may connect again (the limit is per connection) and gets a working feed.
    const again = await connectFeed(t.url, w.orgs.school.member.token, 'flooder again');
    sockets.push(again);
    const next = await postReport(w.orgs.police.member.api, reportBody({ description: 'Efter översvämningen' }));
    await again.waitForSeq(next.seq);
    again.close();
  });
});

describe('oversize frames', () => {
  it('a frame just under 16 KB is handled as a normal (bad) message', async () => {
    const c = await connectFeed(t.url, w.orgs.school.member.token, 'large', { resume: false });
    sockets.push(c);
    const ack = await c.ack('feed:resume', { afterSeq: 0, pad: 'x'.repeat(15 * 1024) });
    expect(ack).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String) } });
    expect(c.connected).toBe(true);
    c.close();
  });

  it('a frame over 16 KB drops that socket only; the server and other sockets carry on', async () => {
    const c = await connectFeed(t.url, w.orgs.school.member.token, 'oversize', { resume: false });
    sockets.push(c);
    const res = await c.ackOrTimeout(2000, 'feed:resume', { afterSeq: 0, pad: 'x'.repeat(20 * 1024) });
    await c.waitForDisconnect(3000);
    expect(res).toBe('timeout');
    expect(c.disconnectReason).toMatch(/transport (close|error)/);
    const big = await connectFeed(t.url, w.orgs.school.member.token, 'oversize 2');
    sockets.push(big);
    big.socket.emit('nonsense', 'y'.repeat(1024 * 1024));
    await big.waitForDisconnect(3000);
    await alive();
    expect((await w.anonymous.get('/api/health')).status).toBe(200);
  });
});

describe('losing the database connections', () => {
  it('recovers: writes succeed again, live delivery resumes, a resuming socket gets every committed event, health says up', async () => {
    const watcher = await connectFeed(t.url, w.orgs.police.coordinator.token, 'through the outage');
    sockets.push(watcher);
    expect(await watcher.ack('feed:all', { enabled: true })).toEqual({ ok: true });
    const r0 = await postReport(w.orgs.police.member.api, reportBody({ description: 'Före avbrottet' }));
    await watcher.waitForSeq(r0.seq);
    const health0 = await w.anonymous.get('/api/health');
    expect(health0.body).toEqual(expect.objectContaining({ status: 'ok', db: 'up', feed: 'up' }));

    const database = new URL(t.databaseUrl).pathname.slice(1);
    const terminateAll = () => withDb(adminUrl(), async (db) => (await db.query(
      'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database])).rows);
    const killed = await terminateAll();
    expect(killed.length).toBeGreaterThanOrEqual(2); // the pool and the LISTEN connection at least

    // Write through the outage: retry each report until the service answers 201.
    const committed: number[] = [];
    const failures: number[] = [];
    for (let i = 0; i < 8; i++) {
      if (i === 4) await terminateAll(); // and once more while it is recovering
      const res = await eventually(async () => {
        const x = await w.orgs.police.member.api.post('/api/reports', reportBody({ description: `Under avbrottet ${i}` }));
        if (x.status !== 201) failures.push(x.status);
        return x.status === 201 ? x : undefined;
      }, 15_000, `report ${i} to be accepted`, 100);
      committed.push(res.body.seq);
    }
    // Failures, if any, were answered (5xx), not hung, and never claimed success.
    for (const f of failures) expect(f).toBeGreaterThanOrEqual(500);

    await eventually(async () => {
      const h = await w.anonymous.get('/api/health');
      return h.status === 200 && h.body.db === 'up' && h.body.feed === 'up' && h.body.status === 'ok';
    }, 15_000, 'health to report db and feed up');

    // Live delivery works again: the node catches up by itself with what was committed while it was not listening.
    await watcher.waitForAll(committed, 10_000);
    const after = await postReport(w.orgs.police.member.api, reportBody({ description: 'Efter avbrottet' }));
    await watcher.waitForSeq(after.seq, 10_000);
    const inDb: number[] = await withDb(t.databaseUrl, async (db) =>
      (await db.query('SELECT seq FROM events WHERE seq > $1 ORDER BY seq', [r0.seq])).rows.map((r: any) => Number(r.seq)));
    expect(inDb).toEqual([...committed, after.seq]);
    const live = watcher.seqs().filter((s) => s > r0.seq);
    expect(live).toEqual(inDb);

    // A socket that resumes from the last seq it saw before the outage gets every committed event, once, in order.
    const resumer = await connectFeed(t.url, w.orgs.school.member.token, 'resumer after outage', { resume: false });
    sockets.push(resumer);
    const ack = await resumer.ack('feed:resume', { afterSeq: r0.seq });
    expect(ack).toEqual({ ok: true, replayed: inDb.length, lastSeq: after.seq });
    expect(resumer.seqs()).toEqual(inDb);
    expect(t.process.exitCode).toBeNull();
  });
});
