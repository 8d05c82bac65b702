import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { startTestApp } from '../support/app.js';
import { halfWritten } from '../support/consistency.js';
import { connectFeed, type FeedClient, inParallel, postConcernTalk, postReport, subscribe } from '../support/feed-client.js';
import { authHeaders, type FuzzContext, type FuzzRequest, nasty, requestFor, socketPayload } from '../support/fuzz.js';
import { gatewayEvents, readSurface, type Surface } from '../support/surface.js';
import { badTokens, buildTrustWorld, CALLERS, type TrustWorld } from '../support/trust.js';
import { concernTalkBody, createUser, monthAgo, reportBody, userToken } from '../support/world.js';

// One service and one world; the runs are bounded so that the file stays well under a minute.
jest.setTimeout(60_000);

/**
 * Every route of the OpenAPI document and every event the feed gateway handles, fed generated hostile input with
 * fast-check (test/support/fuzz.ts): the service never answers 5xx, still answers /api/health and serves the feed
 * afterwards, and the database holds no half-written change (test/support/consistency.ts). Seed and runs are fixed;
 * FUZZ_SEED / FUZZ_RUNS override them to explore (the seed is printed, and a failure names its counterexample).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const CONCURRENT = 4 * RUNS;
const SOCKET_RUNS = 3 * RUNS;

/** Routes whose valid call ends the caller's session: they are sent with a session of their own. */
const SESSION_ENDING = new Set(['POST /api/auth/logout']);

/** A /feed handshake with `auth` that the service must refuse (connect_error) or cut (an oversized packet); within 4 s. */
async function refused(auth: Record<string, unknown>): Promise<string> {
  const socket = io(`${tw.t.url}/feed`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  const what = JSON.stringify(auth)?.slice(0, 120);
  try {
    return await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`a handshake with auth ${what} was neither refused nor accepted in 4 s`)), 4000);
      const done = (how: string) => () => {
        clearTimeout(timer);
        ok(how);
      };
      socket.once('connect', () => fail(new Error(`connected with auth ${what}`)));
      socket.once('connect_error', done('refused'));
      socket.io.once('close', done('closed'));
    });
  } finally {
    socket.disconnect();
  }
}

let tw: TrustWorld;

/**
 * Citizen promises for the fuzz to read, change, generate and publish: a promise of this year in each collaboration,
 * the follow-up of ours (published, then edited into a draft) and this year's action plan.
 */
async function promiseIds(): Promise<{ promise: string[]; document: string[] }> {
  const year = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' }).slice(0, 4));
  const body = (owner: string) => ({ year, title: 'Löfte i fuzzningen', focusAreas: [{ title: 'Trygghet', text: 'Närvaro.', commitments: [
    { text: 'Patruller.', ownerOrganisationId: owner, target: { kind: 'efforts', count: 5 } }] }] });
  const ours = tw.w.orgs.municipality.coordinator.api;
  const made = (res: { status: number; text: string; body: any }) => {
    if (res.status >= 300) throw new Error(`promise fixture: ${res.status} ${res.text.slice(0, 300)}`);
    return res.body.id as string;
  };
  const [mine, theirs] = await Promise.all([made(await ours.post('/api/promises', body(tw.w.orgs.police.id))), made(await tw.other.org.coordinator.api.post('/api/promises', body(tw.other.org.id)))]);
  const followUp = made(await ours.post(`/api/promises/${mine}/follow-ups`, {}));
  made(await ours.post(`/api/follow-ups/${followUp}/publish`, { version: 1 }));
  const plan = made(await ours.post('/api/action-plans', { year }));
  return { promise: [mine, theirs], document: [followUp, plan] };
}
let surface: Surface;
let ctx: FuzzContext;
/** Callers by label: their token (none for anonymous) and, for real people, their id. */
const callers: Record<string, { token?: string; id?: string }> = {};
const stats = { requests: 0, writes: 0, byStatus: {} as Record<number, number>, socketEvents: 0, handshakes: 0 };

async function send(r: FuzzRequest): Promise<{ status: number; text: string }> {
  const c = callers[r.caller];
  const token = c.id && SESSION_ENDING.has(r.route) ? await userToken(tw.t.databaseUrl, c.id) : c.token;
  const res = await fetch(tw.t.url + r.url, {
    method: r.method,
    headers: { ...r.headers, ...authHeaders(token, r.auth) },
    body: r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : new Uint8Array(r.body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  stats.requests++;
  stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
  if (r.method !== 'GET' && res.status < 300) stats.writes++;
  return { status: res.status, text };
}

const serverError = (r: FuzzRequest, res: { status: number; text: string }) =>
  `${r.method} ${r.url.slice(0, 200)} as ${r.caller} answered ${res.status}: ${res.text.slice(0, 300)}`;

/** A failed fast-check run, short enough to read (a counterexample may carry a body of 300 KB). */
const report = <T>(what: string, details: fc.RunDetails<T>) =>
  `${what}: ${(details.errorInstance as Error | undefined)?.message ?? ''}\n${(fc.defaultReportMessage(details) ?? '').slice(0, 3000)}`;

beforeAll(async () => {
  const t = await startTestApp();
  [tw, surface] = await Promise.all([buildTrustWorld(t), readSurface(t.url)]);
  const { w, other } = tw;
  // People the fuzz may change (disable, demote, give a new password): never the callers.
  const victims = await Promise.all([createUser(t, w.admin, w.orgs.police.id, 'member', { tokens: 'signed' }), createUser(t, w.admin, w.orgs.social.id, 'coordinator', { tokens: 'signed' })]);
  const people = { ...Object.fromEntries(CALLERS.filter((k) => k !== 'anonymous').map((k) => [k, tw.callers[k]])), 'another collaboration': other.org.coordinator };
  for (const [label, p] of Object.entries(people)) callers[label] = { token: p.token, id: p.id };
  callers.anonymous = {};
  for (const [label, token] of Object.entries(badTokens(w.orgs.police.member.token))) callers[label] = { token };
  const subscriptions = await Promise.all(Object.values(people).map((p) => subscribe(p.api, {})));
  // Concern talks for the fuzz to read, change and delete (the trust world's few would soon be gone).
  const talks = await Promise.all([w.orgs.police.member, w.orgs.police.coordinator, w.orgs.social.member, w.orgs.social.admin]
    .map((p, i) => postConcernTalk(p.api, concernTalkBody({ month: monthAgo(i), ...(i % 2 ? { areaId: w.areas.hamnen } : {}) }))));
  ctx = {
    surface,
    callers: Object.keys(callers).map((label) => ({ label, person: !!callers[label].id })),
    keys: ['6f1c3d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f', '0b5e7a3c-2d4f-4a6b-8c9d-1e2f3a4b5c6d', 'c9d8e7f6-a5b4-4c3d-8e1f-0a9b8c7d6e5f'],
    pool: {
      report: [...tw.reports.map((r) => r.id), tw.otherReport],
      user: [...victims.map((v) => v.id), w.orgs.school.member.id, w.orgs.social.admin.id, w.orgs.municipality.coordinator.id, other.org.member.id],
      organisation: [...Object.values(w.orgs).map((o) => o.id), other.org.id, tw.callers.platform_admin.organisationId],
      collaboration: [tw.collaborationId, other.id],
      area: [w.areas.centrum, w.areas.hamnen, other.area],
      place: [w.places.torget, w.places.skolgarden, other.place],
      subscription: [tw.schoolSubscription, tw.otherSubscription, ...subscriptions.map((s) => s.id)],
      concernTalk: [...Object.values(tw.concernTalks), ...talks.map((t) => t.id)],
      meeting: [...tw.meetings.map((m) => m.id), tw.otherMeeting.id],
      decision: [...tw.meetings.map((m) => m.decisionId), tw.otherMeeting.decisionId],
      ...(await promiseIds()),
      // Category codes: never `vandalism`, which the reports posted after the fuzz take (reportBody).
      category: ['other', 'event', 'littering', 'no_such_code'],
    },
  };
  console.log(`fuzz: seed ${SEED} (FUZZ_SEED), ${RUNS} runs per route (FUZZ_RUNS), ${surface.routes.length} routes, socket events ${gatewayEvents().join(', ')}`);
});

afterAll(async () => {
  const statuses = Object.entries(stats.byStatus).map(([s, n]) => `${s}×${n}`).join(' ');
  console.log(`fuzz: seed ${SEED}: ${stats.requests} HTTP requests (${statuses}; ${stats.writes} writes accepted), ${stats.socketEvents} socket events, ${stats.handshakes} handshakes`);
  await tw?.t.close();
});

describe('fuzzing every endpoint and every socket event', () => {
  it('answers every route of its OpenAPI document without a 5xx, whatever the caller, path, query, headers and body', async () => {
    const failures: string[] = [];
    for (const route of surface.routes) {
      const details = await fc.check(fc.asyncProperty(requestFor(ctx, route), async (r) => {
        const res = await send(r);
        if (res.status >= 500) throw new Error(serverError(r, res));
      }), { seed: SEED, numRuns: RUNS });
      if (details.failed) failures.push(report(route.key, details));
    }
    expect(failures).toEqual([]);
    // Its own budget: the sweep grows with every route (39 with the concern talks), and argon2 on the login and user
    // routes is most of it (about 20 of some 45 s on 2 busy cores); past the file's minute, with no 5xx, on a loaded machine.
  }, 180_000);

  it('answers concurrent writes (valid bodies, shared Idempotency-Keys) without a 5xx', async () => {
    const writes = surface.routes.filter((r) => r.method !== 'GET' && r.key !== 'POST /api/auth/login');
    const batch = fc.sample(fc.oneof(...writes.map((r) => requestFor(ctx, r, true))), { seed: SEED, numRuns: CONCURRENT });
    const answers = await inParallel(batch.length, 8, async (i) => ({ r: batch[i], res: await send(batch[i]) }));
    expect(answers.filter((a) => a.res.status >= 500).map((a) => serverError(a.r, a.res))).toEqual([]);
    // Some of them got through to the database: the consistency checks below are about real writes. (About one in
    // ten does, 16 of 160 at seed 20261126 with 117 routes: many valid bodies meet a state that refuses them.)
    expect(answers.filter((a) => a.res.status < 300).length).toBeGreaterThan(CONCURRENT / 20);
  });

  it('handles random events and payloads on /feed (every event its gateways handle) and refuses random handshakes', async () => {
    const known = gatewayEvents();
    expect(known.length).toBeGreaterThan(0);
    const RESERVED = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];
    const people = ctx.callers.filter((c) => c.person).map((c) => c.label);
    const sockets = new Map<string, FeedClient>();
    const socketOf = async (who: string): Promise<Socket> => {
      const open = sockets.get(who);
      if (open?.connected) return open.socket;
      const feed = await connectFeed(tw.t.url, callers[who].token!, `fuzz ${who}`);
      sockets.set(who, feed);
      return feed.socket;
    };
    const event = fc.oneof(
      { arbitrary: fc.constantFrom(...known), weight: 4 },
      { arbitrary: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('feed:hello', 'report:created', 'feed:resume ', 'FEED:ALL')).filter((e) => !RESERVED.includes(e)), weight: 1 },
    );
    try {
      const details = await fc.check(fc.asyncProperty(fc.constantFrom(...people), event, fc.array(socketPayload, { minLength: 0, maxLength: 2 }), async (who, name, args) => {
        const socket = await socketOf(who);
        stats.socketEvents++;
        if (!known.includes(name)) {
          socket.emit(name, ...args);
          // An oversized packet ends the connection (the namespace takes 16 KB): wait for that, so that the next event
          // is not sent on a socket the server is closing (no ack would come; seed 7 found it).
          if (JSON.stringify(args ?? null)?.length > 16_000) await sockets.get(who)!.waitForDisconnect(3000).catch(() => undefined);
          return;
        }
        let ack: unknown;
        try {
          ack = await socket.timeout(5000).emitWithAck(name, ...args);
        } catch {
          ack = 'no ack';
        }
        // Oversized packets (the namespace takes 16 KB) end the connection; anything else is answered.
        const oversized = JSON.stringify(args ?? null)?.length > 16_000;
        if (oversized && !socket.connected) return;
        if (typeof ack !== 'object' || ack === null || typeof (ack as { ok?: unknown }).ok !== 'boolean') {
          throw new Error(`${name} ${JSON.stringify(args).slice(0, 200)} as ${who}: ack ${JSON.stringify(ack)}, socket ${socket.connected ? 'connected' : 'disconnected'}`);
        }
      }), { seed: SEED, numRuns: SOCKET_RUNS });
      expect(details.failed ? report('socket events', details) : 'ok').toBe('ok');

      const handshakes = await fc.check(fc.asyncProperty(fc.oneof(
        fc.record({ token: fc.oneof(fc.string({ maxLength: 300 }), nasty, fc.constantFrom(...Object.values(callers).filter((c) => !c.id).map((c) => c.token))) }, { requiredKeys: [] }),
        fc.dictionary(fc.string({ maxLength: 10 }), nasty, { maxKeys: 3 }),
      ), async (auth) => {
        stats.handshakes++;
        await refused(auth as Record<string, unknown>);
      }), { seed: SEED, numRuns: RUNS });
      expect(handshakes.failed ? report('handshakes', handshakes) : 'ok').toBe('ok');
    } finally {
      for (const s of sockets.values()) s.close();
    }
  });

  it('answers feed:resume and feed:all with NUL, a lone surrogate or a prototype key in the payload like any bad payload: an error ack', async () => {
    const feed = await connectFeed(tw.t.url, tw.callers.coordinator.token!, 'bad payloads');
    try {
      const payloads: [string, unknown][] = [
        ['feed:resume', JSON.parse('{"afterSeq":0,"__proto__":{"x":1}}')], ['feed:all', { enabled: 'a\u0000' }], ['feed:resume', { afterSeq: 0, note: '\ud800' }],
      ];
      for (const [event, payload] of payloads) {
        expect({ event, ack: await feed.ackOrTimeout(2000, event, payload) }).toEqual({ event, ack: { ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST' }) } });
      }
      expect(feed.others.filter((o) => o.name === 'exception')).toEqual([]);
    } finally {
      feed.close();
    }
  });

  it('still answers /api/health and serves the live feed afterwards', async () => {
    expect(tw.t.process.exitCode).toBeNull();
    const health = await tw.w.anonymous.get('/api/health');
    expect({ status: health.status, body: health.body }).toEqual({ status: 200, body: expect.objectContaining({ status: 'ok' }) });
    const { member, coordinator } = tw.callers;
    await subscribe(member.api, {});
    const feed = await connectFeed(tw.t.url, member.token!, 'after the fuzz');
    try {
      const r = await postReport(coordinator.api, reportBody({ description: 'Efter fuzzningen.' }));
      await feed.waitForSeq(r.seq);
    } finally {
      feed.close();
    }
  });

  it('leaves no half-written rows behind', async () => {
    expect(await halfWritten(tw.t.databaseUrl)).toEqual({});
  });
});
