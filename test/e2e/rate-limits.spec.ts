import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Api, type ApiResponse } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { withDb } from '../support/db.js';
import { sleep } from '../support/feed-client.js';
import { fillPath, readSurface, type Route } from '../support/surface.js';
import { adminApi, createOrg, reportBody, type TestOrg } from '../support/world.js';
import { expectError } from './helpers.js';

jest.setTimeout(60_000);

/**
 * The write rate limit (src/auth/rate-limit.guard.ts, src/auth/fixed-window-storage.ts): WRITE_THROTTLE_LIMIT writes
 * per user per WRITE_THROTTLE_TTL_SECONDS, all write routes together; more answer 429 with Retry-After and
 * code TOO_MANY_WRITES. Reads are not limited; users do not share a budget. The write routes are read from the
 * service's OpenAPI document (test/support/surface.ts), so a new write route is counted here without a change.
 * The other suites run with WRITE_THROTTLE_LIMIT=100000 (test/support/app.ts); this one with a small limit and a short
 * window. The login throttles are tested in auth.spec.ts.
 */
// More than the service has write routes (the last test writes once on each within one budget).
const LIMIT = 72; // above the number of write routes (54 at this writing): the last test spends one on each
// Long enough that the longest sequence below (about 100 requests) fits in one window on a loaded machine.
const WINDOW_SECONDS = 20;

const LOGIN = 'POST /api/auth/login';
/** Public (no caller to count it against): limited per address, tested below on its own. */
const LOGOUT = 'POST /api/auth/logout';

let t: TestApp;
let admin: Api;
let org: TestOrg;
let routes: Route[];
let adminWindowOpened = 0;

beforeAll(async () => {
  t = await startTestApp({ env: { WRITE_THROTTLE_LIMIT: String(LIMIT), WRITE_THROTTLE_TTL_SECONDS: String(WINDOW_SECONDS) } });
  admin = await adminApi(t);
  // Four writes by the platform admin (the organisation and its three people): within its budget, in a window that
  // opens now (its first write) and has passed by the time the member's window has (see below).
  adminWindowOpened = Date.now();
  org = await createOrg(t, admin, 'police', 'rate');
  routes = (await readSurface(t.url)).routes;
});
afterAll(() => t?.close());

// Concern talks are held by police and social services organisations: for the platform admin (an organisation of its
// own kind) their guard answers 403 before any budget is counted, as it does for every caller it refuses.
// Public write routes (the login, logout, the one-time code of a sign-in) have no caller to count against: they are limited
// per address, logout tested below on its own.
const writes = () => routes.filter((r) => r.method !== 'GET' && r.bearer && r.key !== LOGIN && r.key !== LOGOUT && !r.path.startsWith('/api/concern-talks'));

/**
 * One write to `route` that passes every guard for the platform admin (it holds every role the routes ask for) and is
 * then refused by validation (`{}`) or not found (a random id): it counts toward the budget and changes nothing.
 */
const touch = (api: Api, route: Route): Promise<ApiResponse> => {
  const path = route.pathParams.length ? fillPath(route.path, Object.fromEntries(route.pathParams.map((p) => [p.name, randomUUID()]))) : route.path;
  return api.request(route.method, path, route.method === 'DELETE' ? undefined : {});
};

/** 429 in the API's error shape, naming the reason, with a Retry-After within the window. */
function expectThrottled(res: ApiResponse, what: string): number {
  expect({ what, status: res.status }).toEqual({ what, status: 429 });
  expectError(res, 429, { code: 'TOO_MANY_WRITES' });
  expect(res.body.error).toBe('Too Many Requests');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect({ what, retryAfter: Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= WINDOW_SECONDS }).toEqual({ what, retryAfter: true });
  expect(res.body.retryAfterSeconds).toBe(retryAfter);
  return retryAfter;
}

const reportsBy = (userId: string) =>
  withDb(t.databaseUrl, async (db) => Number((await db.query('SELECT count(*) AS n FROM reports WHERE author_id = $1', [userId])).rows[0].n));

describe('the write rate limit', () => {
  let retryAfter: number;

  it("answers a user's writes beyond the limit with 429, Retry-After and code TOO_MANY_WRITES, and stores nothing of them", async () => {
    const member = org.member;
    for (let i = 0; i < LIMIT; i++) {
      const res = await member.api.post('/api/reports', reportBody({ description: `Rapport ${i + 1} av ${LIMIT}.` }));
      expect({ i, status: res.status }).toEqual({ i, status: 201 });
    }
    retryAfter = expectThrottled(await member.api.post('/api/reports', reportBody({ description: 'En för mycket.' })), 'the write after the limit');
    // Every kind of write of theirs is refused now, not only the route that used up the budget.
    const [first] = (await member.api.get('/api/reports?limit=1')).body.items;
    expectThrottled(await member.api.post(`/api/reports/${first.id}/comments`, { body: 'Kommentar.' }), 'a comment');
    expectThrottled(await member.api.patch(`/api/reports/${first.id}`, { version: first.version, severity: 4 }), 'a change');
    expectThrottled(await member.api.post('/api/subscriptions', {}), 'a subscription');
    expect(await reportsBy(member.id)).toBe(LIMIT);
  });

  it("leaves another user's writes alone", async () => {
    const other = org.coordinator;
    const res = await other.api.post('/api/reports', reportBody({ description: 'Från en annan användare.' }));
    expect(res.status).toBe(201);
    expectThrottled(await org.member.api.post('/api/reports', reportBody()), 'the first user, still');
  });

  it('does not limit reads: every GET route of the OpenAPI document, more often than the write limit', async () => {
    const reads = routes.filter((r) => r.method === 'GET');
    const answers: string[] = [];
    for (let round = 0; round * reads.length <= LIMIT; round++) {
      for (const route of reads) {
        const path = route.pathParams.length ? fillPath(route.path, Object.fromEntries(route.pathParams.map((p) => [p.name, randomUUID()]))) : route.path;
        const res = await org.member.api.get(path);
        if (res.status === 429 || res.status >= 500) answers.push(`${route.key}: ${res.status}`);
      }
    }
    expect(answers).toEqual([]);
    expect((await org.member.api.get('/api/reports?limit=500')).body.items.length).toBeGreaterThanOrEqual(LIMIT);
  });

  it('lets the user write again once the window has passed', async () => {
    await sleep(retryAfter * 1000 + 250);
    const res = await org.member.api.post('/api/reports', reportBody({ description: 'Efter fönstret.' }));
    expect(res.status).toBe(201);
    expect(await reportsBy(org.member.id)).toBe(LIMIT + 1);
  });

  it('counts every write route (POST, PATCH, PUT, DELETE) of the OpenAPI document toward one budget per user, and refuses each once it is spent', async () => {
    const all = writes();
    expect(all.map((r) => r.method).sort()).toEqual(expect.arrayContaining(['DELETE', 'PATCH', 'POST']));
    expect({ writeRoutes: all.length, fitInOneBudget: all.length < LIMIT }).toEqual({ writeRoutes: all.length, fitInOneBudget: true });
    // A fresh window for the platform admin: its set-up writes opened one before the member's first write, and the test
    // before waited for the member's to pass, so this waits only if the tests run alone (-t).
    await sleep(Math.max(0, adminWindowOpened + WINDOW_SECONDS * 1000 + 250 - Date.now()));
    const padding = all.find((r) => r.key === 'POST /api/reports')!;
    // One write on every route, then the rest of the budget on one route: if any route were not counted (or counted
    // apart from the others), the budget would not be spent after these LIMIT writes.
    const spent: string[] = [];
    for (const route of all) {
      const res = await touch(admin, route);
      if (res.status === 429 || res.status >= 500) spent.push(`${route.key}: ${res.status} ${res.text.slice(0, 120)}`);
    }
    for (let i = all.length; i < LIMIT; i++) {
      const res = await touch(admin, padding);
      if (res.status === 429) spent.push(`${padding.key} (write ${i + 1} of ${LIMIT}): 429`);
    }
    expect(spent).toEqual([]);
    // Over the budget: every write route answers 429.
    for (const route of all) expectThrottled(await touch(admin, route), route.key);
    // Reads still answer.
    expect((await admin.get('/api/me')).status).toBe(200);
  });

  it('limits logout too: it is public, so it is counted per address', async () => {
    const anonymous = new Api(t.url);
    for (let i = 0; i < LIMIT; i++) expect({ i, status: (await anonymous.post('/api/auth/logout')).status }).toEqual({ i, status: 204 });
    expectThrottled(await anonymous.post('/api/auth/logout'), 'logout after the limit');
    // A signed-in user's writes from the same address have their own budget.
    expect((await org.coordinator.api.post('/api/reports', reportBody({ description: 'Samma adress.' }))).status).toBe(201);
  });
});
