import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Api, type ApiResponse } from '../support/api.js';
import { withDb } from '../support/db.js';
import { startTestApp, TEST_ADMIN, type TestApp } from '../support/app.js';
import {
  adminApi, buildOtherCollaboration, concernTalkBody, createOrg, createUser, type OtherCollaboration, reportBody, type TestOrg, type TestUser,
} from '../support/world.js';
import { expectError, newId } from './helpers.js';

// Each file starts its own service and builds its people (argon2): generous on a busy 2-core machine.
jest.setTimeout(60_000);

/**
 * Bad input on every write endpoint: 400 naming the field (413 for a body over 256 KB, 404 for ids that are not
 * yours to use), always in the error shape, never a 500, and nothing half-written.
 */
let t: TestApp;
let platformAdmin: Api;
let police: TestOrg;
let school: TestOrg;
let other: OtherCollaboration;
let areaId: string;
let placeId: string;
let reportId: string;
let hiddenReportId: string;
let patchTarget: TestUser;
/** A collaboration admin: organisations are theirs to add. */
let collab: TestUser;

interface Endpoint {
  name: string;
  method: string;
  path: () => string;
  api: () => Api;
  valid: () => Record<string, unknown>;
  /** A string field and the largest length it takes (none: a body of counts). */
  limited: [string, number][];
  /** Optional fields the endpoint knows besides those of `valid` (nested ones as `location.lat`). */
  optional?: string[];
}

let seq = 0;
const endpoints: Endpoint[] = [
  { name: 'POST /api/auth/login', method: 'POST', path: () => '/api/auth/login', api: () => new Api(t.url),
    valid: () => ({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }), limited: [['email', 200], ['password', 200]] },
  { name: 'POST /api/collaborations', method: 'POST', path: () => '/api/collaborations', api: () => platformAdmin,
    valid: () => ({ name: `Samverkan ${++seq}`, municipality: 'Vara' }), limited: [['name', 200], ['municipality', 200]] },
  { name: 'POST /api/organisations', method: 'POST', path: () => '/api/organisations', api: () => collab.api,
    valid: () => ({ name: `Partner ${++seq}`, kind: 'business' }), limited: [['name', 200]], optional: ['collaborationId'] },
  { name: 'POST /api/users', method: 'POST', path: () => '/api/users', api: () => police.admin.api,
    valid: () => ({ email: `bad.input.${++seq}@test.lagesbild`, name: 'Bo Ek', organisationId: police.id, role: 'member', password: 'a-long-password' }),
    limited: [['name', 200], ['password', 200]] },
  // A user of its own: the sweep below may well disable it.
  { name: 'PATCH /api/users/:id', method: 'PATCH', path: () => `/api/users/${patchTarget.id}`, api: () => police.admin.api,
    valid: () => ({ version: 1, name: 'Nytt namn' }), limited: [['name', 200]], optional: ['role', 'disabled', 'password'] },
  { name: 'POST /api/areas', method: 'POST', path: () => '/api/areas', api: () => police.coordinator.api,
    valid: () => ({ name: `Område ${++seq}` }), limited: [['name', 200]], optional: ['boundary', 'boundary.coordinates'] },
  { name: 'POST /api/places', method: 'POST', path: () => '/api/places', api: () => police.member.api,
    valid: () => ({ name: 'Plats', location: { lat: 58.5, lng: 13.1 }, kind: 'park' }), limited: [['name', 200], ['kind', 50]], optional: ['areaId', 'location.lat', 'location.lng'] },
  { name: 'POST /api/reports', method: 'POST', path: () => '/api/reports', api: () => police.member.api,
    valid: () => reportBody(), limited: [['description', 4000]],
    optional: ['placeId', 'severity', 'visibility', 'sharedWithOrganisationIds', 'location.lat', 'location.lng'] },
  { name: 'PATCH /api/reports/:id', method: 'PATCH', path: () => `/api/reports/${reportId}`, api: () => police.member.api,
    valid: () => ({ version: 1, severity: 3 }), limited: [['description', 4000]],
    optional: ['status', 'category', 'description', 'observedAt', 'placeId', 'location', 'location.lat', 'visibility', 'sharedWithOrganisationIds'] },
  { name: 'POST /api/reports/:id/comments', method: 'POST', path: () => `/api/reports/${reportId}/comments`, api: () => police.member.api,
    valid: () => ({ body: 'En kommentar.' }), limited: [['body', 4000]] },
  // Counts only: no text field has a length to exceed.
  { name: 'POST /api/concern-talks', method: 'POST', path: () => '/api/concern-talks', api: () => police.member.api,
    valid: () => concernTalkBody(), limited: [], optional: ['areaId'] },
];

/** A string field of the endpoint's body: its first limited one, else the first that is text in a valid body. */
const textField = (e: Endpoint) => e.limited[0]?.[0] ?? Object.entries(e.valid()).find(([, v]) => typeof v === 'string')![0];

const TABLES = ['collaborations', 'organisations', 'users', 'areas', 'places', 'reports', 'report_comments', 'report_history', 'events', 'idempotency_keys', 'concern_talks'];
const counts = () => withDb(t.databaseUrl, async (db) => {
  const { rows } = await db.query(`SELECT ${TABLES.map((x) => `(SELECT count(*) FROM ${x})::int AS ${x}`).join(', ')},
    (SELECT string_agg(id::text || ':' || version, ',' ORDER BY id) FROM reports) AS report_versions,
    (SELECT string_agg(id::text || ':' || version, ',' ORDER BY id) FROM users) AS user_versions`);
  return rows[0];
});

beforeAll(async () => {
  t = await startTestApp();
  platformAdmin = await adminApi(t);
  [police, school, other] = await Promise.all([
    createOrg(t, platformAdmin, 'police', 'bad-police'), createOrg(t, platformAdmin, 'school', 'bad-school'), buildOtherCollaboration(t, platformAdmin),
  ]);
  collab = await createUser(t, platformAdmin, police.id, 'collaboration_admin');
  patchTarget = await createUser(t, platformAdmin, police.id, 'member');
  areaId = (await police.coordinator.api.post('/api/areas', { name: 'Centrum' })).body.id;
  placeId = (await police.coordinator.api.post('/api/places', { name: 'Torget', areaId, location: { lat: 58.5, lng: 13.1 } })).body.id;
  reportId = (await police.member.api.post('/api/reports', reportBody({ placeId }))).body.id;
  hiddenReportId = (await school.member.api.post('/api/reports', reportBody({ visibility: 'own' }))).body.id;
  expect([areaId, placeId, reportId, hiddenReportId].every(Boolean)).toBe(true);
});
afterAll(() => t?.close());

const send = (e: Endpoint, body: unknown, headers?: Record<string, string>) => e.api().request(e.method, e.path(), body, headers);
const noServerError = (res: ApiResponse, what: string) => expect({ what, status: res.status, serverError: res.status >= 500 }).toEqual({ what, status: res.status, serverError: false });

describe('bad input is refused and nothing is written', () => {
  let before: Record<string, unknown>;
  beforeAll(async () => {
    before = await counts();
  });

  describe.each(endpoints)('$name', (e) => {
    it('refuses an unknown field, naming it', async () => {
      expectError(await send(e, { ...e.valid(), isAdmin: true }), 400, { field: 'isAdmin' });
      expectError(await send(e, { ...e.valid(), constructor: { prototype: { polluted: true } } }), 400);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('refuses malformed JSON, a JSON array, a bare JSON value, an empty object and a non-JSON body', async () => {
      const bad = await send(e, '{"name": "x", ');
      expectError(bad, 400);
      expect(bad.body.message).toMatch(/JSON/);
      expectError(await send(e, JSON.stringify([e.valid()])), 400);
      expectError(await send(e, '"just a string"'), 400);
      expectError(await send(e, 'null'), 400);
      expectError(await send(e, {}), 400);
      expectError(await send(e, 'name=x&kind=y', { 'content-type': 'application/x-www-form-urlencoded' }), 400);
      const latin1 = await send(e, JSON.stringify(e.valid()), { 'content-type': 'application/json; charset=latin1' });
      expect(latin1.status).toBeGreaterThanOrEqual(400);
      expect(latin1.status).toBeLessThan(500);
    });

    it('answers 413 to a body over 256 KB', async () => {
      const field = textField(e);
      const res = await send(e, { ...e.valid(), [field]: 'x'.repeat(300 * 1024) });
      expectError(res, 413);
      expect(res.body.error).toBe('Payload Too Large');
    });

    // (Jest refuses an empty table: a body of counts has no text limit to exceed.)
    if (e.limited.length) it.each(e.limited)('refuses %s over its limit of %i characters, naming it (never truncated)', async (field, limit) => {
      expectError(await send(e, { ...e.valid(), [field]: 'x'.repeat(limit + 1) }), 400, { field });
    });

    it('refuses wrong types for every field, naming the field', async () => {
      for (const [field, value] of Object.entries(e.valid())) {
        for (const wrong of [typeof value === 'string' ? 12345 : 'text', typeof value === 'object' ? 'text' : { nested: true }, ['array']]) {
          const res = await send(e, { ...e.valid(), [field]: wrong });
          expectError(res, 400);
          expect(res.body.field === field || String(res.body.field).startsWith(`${field}.`) || String(res.body.field).startsWith(`${field}[`)).toBe(true);
        }
      }
    });

    it('refuses a NUL character in text, naming the field', async () => {
      const field = textField(e);
      expectError(await send(e, { ...e.valid(), [field]: 'före\u0000efter' }), 400, { field });
    });
  });

  it('out-of-range and malformed values are 400 naming the field', async () => {
    const m = police.member.api;
    const cases: [Api, string, string, unknown, string][] = [
      [m, 'POST', '/api/reports', reportBody({ severity: 0 }), 'severity'],
      [m, 'POST', '/api/reports', reportBody({ severity: 6 }), 'severity'],
      [m, 'POST', '/api/reports', reportBody({ severity: 2.5 }), 'severity'],
      [m, 'POST', '/api/reports', reportBody({ severity: '3' }), 'severity'],
      [m, 'POST', '/api/reports', reportBody({ location: { lat: 91, lng: 13 } }), 'location.lat'],
      [m, 'POST', '/api/reports', reportBody({ location: { lat: -90.5, lng: 13 } }), 'location.lat'],
      [m, 'POST', '/api/reports', reportBody({ location: { lat: 58, lng: 180.1 } }), 'location.lng'],
      [m, 'POST', '/api/reports', reportBody({ location: { lat: 58, lng: 13, alt: 40 } }), 'location.alt'],
      [m, 'POST', '/api/reports', reportBody({ location: [{ lat: 58, lng: 13 }] }), 'location'],
      [m, 'POST', '/api/reports', reportBody({ location: [] }), 'location'],
      [m, 'POST', '/api/reports', JSON.stringify(reportBody({ location: { lat: 'INF', lng: 13 } })).replace('"INF"', '1e400'), 'location.lat'],
      [m, 'POST', '/api/reports', reportBody({ observedAt: 'igår kväll' }), 'observedAt'],
      [m, 'POST', '/api/reports', reportBody({ observedAt: '2026-02-30T10:00:00Z' }), 'observedAt'],
      [m, 'POST', '/api/reports', reportBody({ observedAt: '2024-W01' }), 'observedAt'],
      [m, 'POST', '/api/reports', reportBody({ observedAt: '2024-W01-1T10:00:00Z' }), 'observedAt'],
      [m, 'POST', '/api/reports', reportBody({ observedAt: 1764165600000 }), 'observedAt'],
      [m, 'POST', '/api/reports', reportBody({ category: 'VANDALISM' }), 'category'],
      [m, 'POST', '/api/reports', reportBody({ placeId: 'torget' }), 'placeId'],
      [m, 'POST', '/api/reports', reportBody({ visibility: 'organisations', sharedWithOrganisationIds: 'x' }), 'sharedWithOrganisationIds'],
      [m, 'POST', '/api/reports', reportBody({ visibility: 'organisations', sharedWithOrganisationIds: Array.from({ length: 51 }, () => newId()) }), 'sharedWithOrganisationIds'],
      [m, 'POST', '/api/reports', reportBody({ description: '' }), 'description'],
      [m, 'POST', '/api/reports', reportBody({ description: '  \n\t ' }), 'description'],
      [m, 'PATCH', `/api/reports/${'REPORT'}`, { version: 1, status: 'done' }, 'status'],
      [m, 'PATCH', `/api/reports/${'REPORT'}`, { version: 1, observedAt: '2024-W01' }, 'observedAt'],
      [m, 'PATCH', `/api/reports/${'REPORT'}`, { version: 1, location: [{ lat: 58, lng: 13 }] }, 'location'],
      [m, 'PATCH', `/api/reports/${'REPORT'}`, { version: 1, severity: 6 }, 'severity'],
      [m, 'PATCH', `/api/reports/${'REPORT'}`, { version: 1, observedAt: new Date(Date.now() + 3600_000).toISOString() }, 'observedAt'],
      [m, 'PATCH', `/api/reports/${'REPORT'}`, { version: 1, id: newId() }, 'id'],
      [m, 'PATCH', `/api/reports/${'REPORT'}`, { version: 1, organisationId: newId() }, 'organisationId'],
      [m, 'PATCH', `/api/reports/${'REPORT'}`, { version: 1, author: { id: newId() } }, 'author'],
      [m, 'POST', '/api/places', { name: 'P', location: { lat: 91, lng: 13 } }, 'location.lat'],
      [m, 'POST', '/api/places', { name: 'P', location: { lat: 58, lng: 13 }, areaId: 'centrum' }, 'areaId'],
      [m, 'PATCH', '/api/reports/not-a-uuid', { version: 1, severity: 3 }, 'id'],
      [m, 'POST', '/api/reports/not-a-uuid/comments', { body: 'Hej.' }, 'id'],
      [m, 'GET', '/api/reports/not-a-uuid/history', undefined, 'id'],
      [m, 'GET', '/api/reports/not-a-uuid/comments', undefined, 'id'],
      [m, 'GET', '/api/places/123', undefined, 'id'],
    ];
    for (const [api, method, rawPath, body, field] of cases) {
      const path = rawPath.replace('REPORT', reportId);
      const res = await api.request(method, path, body);
      expect({ method, path, body, status: res.status }).toEqual({ method, path, body, status: 400 });
      expectError(res, 400, { field });
    }
    const admin = police.admin.api;
    expectError(await admin.patch('/api/users/not-a-uuid', { version: 1, name: 'X' }), 400, { field: 'id' });
    expectError(await admin.patch(`/api/users/${patchTarget.id}`, { version: 1, role: 'owner' }), 400, { field: 'role' });
    expectError(await admin.patch(`/api/users/${patchTarget.id}`, { version: 1, password: 'short' }), 400, { field: 'password' });
    expectError(await admin.patch(`/api/users/${patchTarget.id}`, { version: 1, disabled: 'yes' }), 400, { field: 'disabled' });
    expectError(await admin.patch(`/api/users/${patchTarget.id}`, { version: 1, email: 'new@test.lagesbild' }), 400, { field: 'email' });
  });

  it('ids of records that are not visible, not yours or do not exist are 404', async () => {
    const m = police.member.api;
    const cases: [Api, string, string, unknown][] = [
      [m, 'PATCH', `/api/reports/${hiddenReportId}`, { version: 1, severity: 3 }],
      [police.coordinator.api, 'PATCH', `/api/reports/${hiddenReportId}`, { version: 1, status: 'acknowledged' }],
      [m, 'POST', `/api/reports/${hiddenReportId}/comments`, { body: 'Hej.' }],
      [m, 'PATCH', `/api/reports/${newId()}`, { version: 1, severity: 3 }],
      [m, 'POST', `/api/reports/${newId()}/comments`, { body: 'Hej.' }],
      [m, 'POST', '/api/reports', reportBody({ placeId: other.place })],
      [m, 'POST', '/api/reports', reportBody({ placeId: newId() })],
      [m, 'POST', '/api/reports', reportBody({ visibility: 'organisations', sharedWithOrganisationIds: [other.org.id] })],
      [m, 'PATCH', `/api/reports/${reportId}`, { version: 1, placeId: other.place }],
      [m, 'PATCH', `/api/reports/${reportId}`, { version: 1, visibility: 'organisations', sharedWithOrganisationIds: [newId()] }],
      [m, 'POST', '/api/places', { name: 'P', areaId: other.area, location: { lat: 58, lng: 13 } }],
      [police.admin.api, 'POST', '/api/users', { email: `x.${Date.now()}@test.lagesbild`, name: 'X', organisationId: other.org.id, role: 'member', password: 'a-long-password' }],
      [police.admin.api, 'PATCH', `/api/users/${other.org.member.id}`, { version: 1, disabled: true }],
      [police.admin.api, 'PATCH', `/api/users/${newId()}`, { version: 1, name: 'X' }],
      [collab.api, 'POST', '/api/organisations', { name: 'X', kind: 'other', collaborationId: other.id }],
      [m, 'POST', '/api/concern-talks', concernTalkBody({ areaId: other.area })],
      [m, 'POST', '/api/concern-talks', concernTalkBody({ areaId: newId() })],
      [m, 'PATCH', `/api/concern-talks/${newId()}`, { version: 1, talks: 5 }],
    ];
    for (const [api, method, path, body] of cases) {
      const res = await api.request(method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      expectError(res, 404);
    }
  });

  it('unknown routes and methods answer 404 in the error shape', async () => {
    expectError(await police.member.api.get('/api/nothing-here'), 404);
    expectError(await police.member.api.delete(`/api/reports/${reportId}`), 404);
    expectError(await police.member.api.request('PUT', `/api/reports/${reportId}`, reportBody()), 404);
  });

  it('after all of the above, nothing was written', async () => {
    expect(await counts()).toEqual(before);
  });
});

describe('never a 500, whatever the value of any field', () => {
  const WEIRD: unknown[] = [
    null, true, false, 0, -1, 1.5, 1e308, -1e308, '', ' ', '\u0000', '💥🚓', '<script>alert(1)</script>', "'; DROP TABLE reports; --",
    '2024-W01', '00000000-0000-0000-0000-000000000000', 'x'.repeat(5000), [], {}, [null], { $gt: '' }, { __proto__: { admin: true } },
  ];

  // Logins and new users spend ~0.2 s in argon2 for every string that passes validation: ordinary odd strings are
  // covered on the other endpoints, these get the structural ones.
  const hashing = new Set(['POST /api/auth/login', 'POST /api/users']);

  /** The valid body with `path` (possibly nested, `location.lat`) set to `value`. */
  const withValue = (body: Record<string, any>, path: string, value: unknown) => {
    const [head, tail] = path.split('.');
    if (!tail) return { ...body, [head]: value };
    return { ...body, [head]: { ...(typeof body[head] === 'object' && body[head] ? body[head] : head === 'boundary' ? { type: 'Polygon' } : { lat: 58.5, lng: 13.1 }), [tail]: value } };
  };

  it.each(endpoints)('$name: every field set to odd values', async (e) => {
    const values = hashing.has(e.name) ? WEIRD.filter((v) => typeof v !== 'string' || v === '' || v.includes('\u0000')) : WEIRD;
    for (const field of [...Object.keys(e.valid()), ...(e.optional ?? [])]) {
      for (const value of values) {
        const res = await send(e, withValue(e.valid(), field, value));
        noServerError(res, `${e.name} ${field}=${JSON.stringify(value)?.slice(0, 40)}`);
        if (res.status >= 400) expect(res.body).toEqual(expect.objectContaining({ statusCode: res.status, error: expect.any(String), message: expect.anything() }));
      }
    }
  });

  it('odd query strings on the lists and odd ids in paths', async () => {
    const m = police.admin.api;
    const queries = [
      'limit=-1', 'limit=1e3', 'limit=1&limit=2', 'cursor=', 'cursor=%00', `cursor=${Buffer.from('["1","00000000-0000-4000-8000-000000000000"]').toString('base64url')}`,
      `cursor=${Buffer.from('["2026-02-31T00:00:00Z","00000000-0000-4000-8000-000000000000"]').toString('base64url')}`,
      `cursor=${Buffer.from('[1e400]').toString('base64url')}`, 'areaId=a&areaId=b', 'category[]=x', 'category=', 'status=,,,',
      'from=2024-W01', 'to=2024-123', 'from=%00', 'action=%00', 'minSeverity=1e1', 'organisationId[$ne]=x', 'userId=x', 'entityId=%27',
    ];
    for (const list of ['/api/reports', '/api/audit', '/api/organisations', '/api/users', '/api/areas', '/api/places', `/api/reports/${reportId}/comments`,
      '/api/concern-talks', '/api/concern-talks/summary']) {
      for (const q of queries) {
        const res = await m.get(`${list}?${q}`);
        noServerError(res, `${list}?${q}`);
      }
    }
    for (const id of ['%00', '..%2F..%2Fetc', "1'%20OR%201=1", 'x'.repeat(2000), '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF']) {
      for (const path of [`/api/reports/${id}`, `/api/reports/${id}/history`, `/api/reports/${id}/comments`, `/api/areas/${id}`, `/api/places/${id}`, `/api/users/${id}`,
        `/api/concern-talks/${id}`]) {
        noServerError(await m.get(path), path);
      }
      noServerError(await m.patch(`/api/reports/${id}`, { version: 1 }), `PATCH ${id}`);
    }
  });

  it('JSON nested deeper than 32 levels, cursors holding NUL or a lone surrogate, and a lone surrogate in a login e-mail are 400s, not 500s', async () => {
    const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    for (const e of endpoints) {
      const res = await send(e, `{"x":${deep(40)}}`);
      expectError(res, 400);
      expect({ endpoint: e.name, message: res.body.message }).toEqual({ endpoint: e.name, message: expect.stringMatching(/nests .* more than 32 levels/) });
    }
    // 32 levels are fine for the parser (the DTO then refuses the unknown field).
    expectError(await send(endpoints.find((x) => x.name === 'POST /api/reports')!, `{"x":${deep(31)}}`), 400, { field: 'x' });
    const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    for (const name of ['a\u0000b', '\ud800']) {
      const res = await police.admin.api.get(`/api/organisations?cursor=${cursor([name, newId()])}`);
      expectError(res, 400, { field: 'cursor' });
    }
    expectError(await new Api(t.url).post('/api/auth/login', { email: 'a\ud800@test.lagesbild', password: 'whatever-password' }), 400, { field: 'email' });
  });

  it('odd headers', async () => {
    const m = police.member.api;
    const odd: Record<string, string>[] = [
      { 'Idempotency-Key': 'x'.repeat(5000) }, { 'Idempotency-Key': newId(), 'content-type': 'text/plain' }, { authorization: 'Bearer ' + 'a.b.c' },
      { 'content-type': 'application/json', 'content-encoding': 'gzip' }, { 'content-type': 'application/json', 'content-encoding': 'deflate' },
      { 'content-type': 'application/json', 'content-encoding': 'br' }, { 'content-type': 'application/json', 'content-encoding': 'zstd-nope' },
      { 'x-request-id': '<script>' }, { 'x-request-id': 'x'.repeat(500) },
    ];
    for (const headers of odd) {
      const res = await m.post('/api/reports', reportBody(), headers);
      noServerError(res, JSON.stringify(headers).slice(0, 80));
    }
  });

  it('the service still answers after all of it', async () => {
    expect((await police.member.api.get('/api/me')).status).toBe(200);
    expect(t.output()).not.toMatch(/unhandled error/);
  });
});
