/**
 * The /feed connection lifecycle: handshake authentication (no, forged, expired, disabled-user tokens), a socket
 * whose user is disabled, whose session is logged out or whose token expires is dropped, and the Prometheus metrics
 * of the feed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, TEST_JWT_SECRET, TEST_METRICS_TOKEN, type TestApp } from '../support/app.js';
import { decodeJwt, signJwt } from '../support/jwt.js';
import { buildWorld, createUser, reportBody, type TestUser, userToken, type World } from '../support/world.js';
import { connectFeed, eventually, type FeedClient, metric, postReport, refusedConnection, sleep, subscribe } from '../support/feed-client.js';

let t: TestApp;
let w: World;
const open: FeedClient[] = [];
const track = (c: FeedClient) => (open.push(c), c);

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t, { tokens: 'signed' });
});
afterAll(async () => {
  open.forEach((c) => c.close());
  await t?.close();
});

const now = () => Math.floor(Date.now() / 1000);

describe('handshake authentication', () => {
  const UNAUTHORIZED = /unauthori[sz]ed|token/i;

  it('refuses a connection without a token', async () => {
    const err = await refusedConnection(t.url, {});
    expect(err.message).toMatch(UNAUTHORIZED);
  });

  it('refuses a token that is not a string, empty, or not a JWT', async () => {
    for (const token of [12345, '', 'not-a-jwt', { sub: w.orgs.police.member.id }]) {
      const err = await refusedConnection(t.url, { token });
      expect(err.message).toMatch(UNAUTHORIZED);
    }
  });

  it('refuses a forged token (another secret, alg none, tampered claims)', async () => {
    const real = decodeJwt(w.orgs.police.member.token);
    const claims = { sub: real.sub, cid: real.cid, pwd: real.pwd, sid: real.sid, iat: now(), exp: now() + 3600 };
    const otherSecret = signJwt(claims, 'not-the-server-secret-but-long-enough-0123456789');
    const algNone = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    const [h, , s] = w.orgs.police.member.token.split('.');
    // Promote the member to the admin's identity by swapping the payload under the original signature.
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...real, sub: w.orgs.police.admin.id })).toString('base64url')}.${s}`;
    const hs512 = signJwt(claims, TEST_JWT_SECRET, { alg: 'HS512', typ: 'JWT' });
    for (const token of [otherSecret, algNone, tampered, hs512]) {
      const err = await refusedConnection(t.url, { token });
      expect(err.message).toMatch(UNAUTHORIZED);
    }
    // The control: the same claims signed with the server's secret are accepted.
    const ok = track(await connectFeed(t.url, signJwt(claims)));
    expect(ok.connected).toBe(true);
    ok.close();
  });

  it('refuses an expired token, and a well-signed token for a user that does not exist', async () => {
    const real = decodeJwt(w.orgs.police.member.token);
    const expired = signJwt({ sub: real.sub, cid: real.cid, pwd: real.pwd, sid: real.sid, iat: now() - 7200, exp: now() - 10 });
    expect((await refusedConnection(t.url, { token: expired })).message).toMatch(UNAUTHORIZED);
    const ghost = signJwt({ sub: '3f1c8a52-8f0e-4f57-9d3b-6a0f9b1f0c11', cid: real.cid, iat: now(), exp: now() + 3600 });
    expect((await refusedConnection(t.url, { token: ghost })).message).toMatch(UNAUTHORIZED);
    // A token whose collaboration claim does not match the user's.
    const otherCid = signJwt({ sub: real.sub, cid: '3f1c8a52-8f0e-4f57-9d3b-6a0f9b1f0c12', iat: now(), exp: now() + 3600 });
    expect((await refusedConnection(t.url, { token: otherCid })).message).toMatch(UNAUTHORIZED);
  });

  it("refuses a disabled user's token", async () => {
    const u = await createUser(t, w.admin, w.orgs.social.id, 'member');
    const probe = track(await connectFeed(t.url, u.token));
    probe.close();
    await disable(u);
    expect((await refusedConnection(t.url, { token: u.token })).message).toMatch(UNAUTHORIZED);
  });
});

async function disable(u: TestUser): Promise<void> {
  const current = await w.admin.get(`/api/users/${u.id}`);
  expect(current.status).toBe(200);
  const res = await w.admin.patch(`/api/users/${u.id}`, { version: current.body.version, disabled: true });
  expect(res.status).toBe(200);
  expect(res.body.disabled).toBe(true);
}

describe('a connected socket loses its right to the feed', () => {
  it('is disconnected promptly when its user is disabled, and the token no longer connects', async () => {
    const u = await createUser(t, w.admin, w.orgs.school.id, 'member', { label: 'feed-disabled-live', tokens: 'signed' });
    await subscribe(u.api, {});
    const victim = track(await connectFeed(t.url, u.token, 'to be disabled'));
    const bystander = track(await connectFeed(t.url, w.orgs.school.member.token, 'bystander'));
    // The victim receives events up to the moment it is disabled.
    const before = await postReport(w.orgs.police.member.api, reportBody({ description: 'Före avstängning' }));
    await victim.waitForSeq(before.seq);

    const t0 = Date.now();
    await disable(u);
    await victim.waitForDisconnect(3000);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(victim.disconnectReason).toBe('io server disconnect');
    expect(bystander.connected).toBe(true);
    expect((await refusedConnection(t.url, { token: u.token })).message).toMatch(/unauthori[sz]ed|token/i);
    expect((await u.api.get('/api/me')).status).toBe(401);
  });

  it("is disconnected when its session is logged out; the same user's other session keeps its socket", async () => {
    const u = await createUser(t, w.admin, w.orgs.school.id, 'member', { label: 'feed-logout', tokens: 'signed' });
    const other = await userToken(t.databaseUrl, u.id);
    const ending = track(await connectFeed(t.url, u.token, 'session to be logged out'));
    const staying = track(await connectFeed(t.url, other, 'other session'));
    expect((await u.api.post('/api/auth/logout')).status).toBe(204);
    await ending.waitForDisconnect(3000);
    expect(ending.disconnectReason).toBe('io server disconnect');
    await sleep(300);
    expect(staying.connected).toBe(true);
    expect((await refusedConnection(t.url, { token: u.token })).message).toMatch(/unauthori[sz]ed|token/i);
  });

  it('is disconnected when its token expires, and receives events until then', async () => {
    const real = decodeJwt(w.orgs.municipality.member.token);
    await subscribe(w.orgs.municipality.member.api, {});
    const exp = now() + 3;
    const shortLived = signJwt({ sub: real.sub, cid: real.cid, pwd: real.pwd, sid: real.sid, iat: now(), exp });
    const c = track(await connectFeed(t.url, shortLived, 'short-lived token'));
    const r = await postReport(w.orgs.police.member.api, reportBody({ description: 'Innan token går ut' }));
    await c.waitForSeq(r.seq);
    expect(c.connected).toBe(true);
    await c.waitForDisconnect(6000);
    // Not before the expiry (1 s slack for the second-resolution exp claim), and promptly after it.
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000 - 1000);
    expect(Date.now()).toBeLessThan(exp * 1000 + 2500);
    expect(c.disconnectReason).toBe('io server disconnect');
    expect((await refusedConnection(t.url, { token: shortLived })).message).toMatch(/unauthori[sz]ed|token/i);
  });
});

describe('a role change reaches a connected socket', () => {
  it('a coordinator demoted to member loses feed:all at once; promoted again, may ask for it again', async () => {
    const u = await createUser(t, w.admin, w.orgs.police.id, 'coordinator', { label: 'feed-role', tokens: 'signed' });
    const witness = track(await connectFeed(t.url, w.orgs.police.coordinator.token, 'role witness'));
    expect(await witness.ack('feed:all', { enabled: true })).toEqual({ ok: true });
    const c = track(await connectFeed(t.url, u.token, 'role changes'));
    expect(await c.ack('feed:all', { enabled: true })).toEqual({ ok: true });
    const before = await postReport(w.orgs.school.member.api, reportBody({ description: 'Före degraderingen' }));
    await c.waitForSeq(before.seq);

    const setRole = async (role: string) => {
      const cur = await w.admin.get(`/api/users/${u.id}`);
      const res = await w.admin.patch(`/api/users/${u.id}`, { version: cur.body.version, role });
      expect(res.status).toBe(200);
    };
    await setRole('member');
    await eventually(async () => {
      const p = await postReport(w.orgs.school.member.api, reportBody({ description: 'Efter degraderingen' }));
      await witness.waitForSeq(p.seq);
      await sleep(100);
      return !c.has(p.seq);
    }, 5000, 'feed:all to stop after the demotion');
    expect(await c.ack('feed:all', { enabled: true })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    expect(c.connected).toBe(true);

    // Two changes in a row (member → coordinator → member → coordinator): the last one decides.
    await setRole('coordinator');
    await setRole('member');
    await setRole('coordinator');
    await eventually(async () => (await c.ack('feed:all', { enabled: true })).ok, 5000, 'feed:all to be allowed again');
    await sleep(300);
    expect(await c.ack('feed:all', { enabled: true })).toEqual({ ok: true });
    const after = await postReport(w.orgs.school.member.api, reportBody({ description: 'Efter befordran' }));
    await c.waitForSeq(after.seq);
  });
});

describe('GET /api/metrics', () => {
  const scrape = async () => {
    const res = await w.anonymous.get('/api/metrics', { authorization: `Bearer ${TEST_METRICS_TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return res.text;
  };
  const sockets = async () => metric(await scrape(), 'lagesbild_feed_connected_sockets');
  const eventsTotal = async () => metric(await scrape(), 'lagesbild_feed_events_total');

  it('is not public: the METRICS_TOKEN or a platform admin only', async () => {
    expect((await w.anonymous.get('/api/metrics')).status).toBe(401);
    expect((await w.anonymous.get('/api/metrics', { authorization: 'Bearer not-the-metrics-token-0123456789' })).status).toBe(401);
    expect((await w.orgs.police.admin.api.get('/api/metrics')).status).toBe(403);
    expect((await w.admin.get('/api/metrics')).status).toBe(200);
  });

  it('is Prometheus text with the connected-socket gauge and the events counter', async () => {
    const text = await scrape();
    expect(text).toMatch(/^# HELP lagesbild_feed_connected_sockets /m);
    expect(text).toMatch(/^# TYPE lagesbild_feed_connected_sockets gauge$/m);
    expect(text).toMatch(/^# TYPE lagesbild_feed_events_total counter$/m);
    expect(metric(text, 'lagesbild_feed_connected_sockets')).toEqual(expect.any(Number));
    expect(metric(text, 'lagesbild_feed_events_total')).toEqual(expect.any(Number));
  });

  it('counts exactly the sockets connected to this node', async () => {
    open.forEach((c) => c.close());
    await eventually(async () => (await sockets()) === 0, 5000, 'gauge back to 0');
    const a = track(await connectFeed(t.url, w.orgs.police.member.token));
    const b = track(await connectFeed(t.url, w.orgs.school.member.token));
    const c = track(await connectFeed(t.url, w.orgs.police.member.token));
    await eventually(async () => (await sockets()) === 3, 3000, 'gauge 3');
    // Refused handshakes are not counted.
    await refusedConnection(t.url, { token: 'nope' });
    expect(await sockets()).toBe(3);
    b.close();
    await eventually(async () => (await sockets()) === 2, 3000, 'gauge 2 after one disconnect');
    a.close();
    c.close();
    await eventually(async () => (await sockets()) === 0, 3000, 'gauge 0 after all disconnected');
  });

  it('counts each event read from the log once', async () => {
    await subscribe(w.orgs.school.member.api, {});
    const c = track(await connectFeed(t.url, w.orgs.school.member.token));
    const first = await postReport(w.orgs.police.member.api, reportBody({ description: 'Räknas en gång' }));
    await c.waitForSeq(first.seq);
    const v0 = (await eventsTotal())!;
    expect(v0).toBeGreaterThanOrEqual(1);
    const more = [];
    for (let i = 0; i < 3; i++) more.push(await postReport(w.orgs.police.member.api, reportBody({ description: `Räknas ${i}` })));
    await c.waitForAll(more.map((r) => r.seq));
    await eventually(async () => (await eventsTotal()) === v0 + 3, 3000, `events_total ${v0 + 3}`);
    // An event nobody on this node receives is still read (and counted) once.
    await postReport(w.orgs.police.member.api, reportBody({ description: 'Ingen ser denna', visibility: 'own' }));
    await eventually(async () => (await eventsTotal()) === v0 + 4, 3000, `events_total ${v0 + 4}`);
  });
});
