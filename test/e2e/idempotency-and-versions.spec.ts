import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { withDb } from '../support/db.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { adminApi, createOrg, reportBody, type TestOrg } from '../support/world.js';
import { expectError, newId } from './helpers.js';

// Each file starts its own service and builds its people (argon2): generous on a busy 2-core machine.
jest.setTimeout(60_000);

describe('idempotency keys and versions', () => {
  let t: TestApp;
  let org: TestOrg;
  let partner: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminApi(t);
    [org, partner] = await Promise.all([createOrg(t, admin, 'police', 'idem'), createOrg(t, admin, 'school', 'idem-partner')]);
  });
  afterAll(() => t?.close());

  const stored = (description: string) =>
    withDb(t.databaseUrl, async (db) => Number((await db.query('SELECT count(*) FROM reports WHERE description = $1', [description])).rows[0].count));
  const storedComments = (body: string) =>
    withDb(t.databaseUrl, async (db) => Number((await db.query('SELECT count(*) FROM report_comments WHERE body = $1', [body])).rows[0].count));
  let n = 0;
  const text = (s: string) => `${s} (${++n}).`;

  describe('Idempotency-Key on POST /api/reports', () => {
    it('the same key and body returns the first result, and one report is stored', async () => {
      const key = newId();
      const body = reportBody({ description: text('Upprepad rapport') });
      const first = await org.member.api.post('/api/reports', body, { 'Idempotency-Key': key });
      const again = await org.member.api.post('/api/reports', body, { 'Idempotency-Key': key });
      const upper = await org.member.api.post('/api/reports', body, { 'Idempotency-Key': key.toUpperCase() });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(upper.body.id).toBe(first.body.id);
      expect(await stored(body.description)).toBe(1);
      const list = await org.member.api.get('/api/reports?limit=500');
      expect(list.body.items.filter((r: { description: string }) => r.description === body.description)).toHaveLength(1);
    });

    it('the same body without a key, or with another key, is a new report', async () => {
      const body = reportBody({ description: text('Två nycklar') });
      const a = await org.member.api.post('/api/reports', body, { 'Idempotency-Key': newId() });
      const b = await org.member.api.post('/api/reports', body, { 'Idempotency-Key': newId() });
      const c = await org.member.api.post('/api/reports', body);
      expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(3);
      expect(await stored(body.description)).toBe(3);
    });

    it('the same key with another body is 409 and stores nothing', async () => {
      const key = newId();
      const body = reportBody({ description: text('Första kroppen') });
      expect((await org.member.api.post('/api/reports', body, { 'Idempotency-Key': key })).status).toBe(201);
      const other = { ...body, description: text('Annan kropp') };
      expectError(await org.member.api.post('/api/reports', other, { 'Idempotency-Key': key }), 409);
      expectError(await org.member.api.post('/api/reports', { ...body, severity: 5 }, { 'Idempotency-Key': key }), 409);
      expect(await stored(other.description)).toBe(0);
      expect(await stored(body.description)).toBe(1);
    });

    it('keys belong to one user: another user with the same key creates their own report', async () => {
      const key = newId();
      const body = reportBody({ description: text('Samma nyckel, två personer') });
      const mine = await org.member.api.post('/api/reports', body, { 'Idempotency-Key': key });
      const theirs = await partner.member.api.post('/api/reports', body, { 'Idempotency-Key': key });
      expect(theirs.status).toBe(201);
      expect(theirs.body.id).not.toBe(mine.body.id);
      expect(theirs.body.organisation.id).toBe(partner.id);
    });

    it('a key that is not a UUID is 400 naming the header, and nothing is stored', async () => {
      const body = reportBody({ description: text('Dålig nyckel') });
      for (const key of ['abc', '12345', `${newId()}x`, ' ']) {
        expectError(await org.member.api.post('/api/reports', body, { 'Idempotency-Key': key }), 400, { field: 'Idempotency-Key' });
      }
      expect(await stored(body.description)).toBe(0);
    });

    it('a first try that failed leaves the key unused', async () => {
      const key = newId();
      const body = reportBody({ description: text('Efter fel') });
      expectError(await org.member.api.post('/api/reports', { ...body, location: undefined, placeId: newId() }, { 'Idempotency-Key': key }), 404);
      expectError(await org.member.api.post('/api/reports', { ...body, severity: 9 }, { 'Idempotency-Key': key }), 400);
      const ok = await org.member.api.post('/api/reports', body, { 'Idempotency-Key': key });
      expect(ok.status).toBe(201);
      expect(await stored(body.description)).toBe(1);
    });

    it('concurrent identical requests with one key create exactly one report, and all get it', async () => {
      const key = newId();
      const body = reportBody({ description: text('Samtidiga försök') });
      const answers = await Promise.all(Array.from({ length: 8 }, () => org.member.api.post('/api/reports', body, { 'Idempotency-Key': key })));
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(await stored(body.description)).toBe(1);
    });

    it('concurrent requests with one key and different bodies: exactly one is created, the others are 409', async () => {
      const key = newId();
      const bodies = Array.from({ length: 6 }, (_, i) => reportBody({ description: text(`Kapplöpning ${i}`) }));
      const answers = await Promise.all(bodies.map((b) => org.member.api.post('/api/reports', b, { 'Idempotency-Key': key })));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      let total = 0;
      for (const b of bodies) total += await stored(b.description);
      expect(total).toBe(1);
    });
  });

  describe('Idempotency-Key on POST /api/reports/:id/comments', () => {
    let reportId: string;
    beforeAll(async () => {
      reportId = (await org.member.api.post('/api/reports', reportBody())).body.id;
    });

    it('the same key and body returns the first comment, once stored', async () => {
      const key = newId();
      const body = { body: text('Upprepad kommentar') };
      const a = await partner.member.api.post(`/api/reports/${reportId}/comments`, body, { 'Idempotency-Key': key });
      const b = await partner.member.api.post(`/api/reports/${reportId}/comments`, body, { 'Idempotency-Key': key });
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect(b.body.id).toBe(a.body.id);
      expect(await storedComments(body.body)).toBe(1);
      expectError(await partner.member.api.post(`/api/reports/${reportId}/comments`, { body: text('Annan') }, { 'Idempotency-Key': key }), 409);
      expectError(await partner.member.api.post(`/api/reports/${reportId}/comments`, body, { 'Idempotency-Key': 'nope' }), 400, { field: 'Idempotency-Key' });
    });

    it('concurrent identical comments with one key store one', async () => {
      const key = newId();
      const body = { body: text('Samtidig kommentar') };
      const answers = await Promise.all(Array.from({ length: 6 }, () => partner.member.api.post(`/api/reports/${reportId}/comments`, body, { 'Idempotency-Key': key })));
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(await storedComments(body.body)).toBe(1);
    });

    it('a key used for a report cannot be replayed on a comment (409)', async () => {
      const key = newId();
      expect((await org.member.api.post('/api/reports', reportBody({ description: text('Nyckel för rapport') }), { 'Idempotency-Key': key })).status).toBe(201);
      const res = await org.member.api.post(`/api/reports/${reportId}/comments`, { body: text('Samma nyckel') }, { 'Idempotency-Key': key });
      expectError(res, 409);
    });
  });

  describe('versions (optimistic concurrency)', () => {
    it('a report PATCH with a stale version is 409 and changes nothing, history included', async () => {
      const r = (await org.member.api.post('/api/reports', reportBody({ severity: 2 }))).body;
      const first = await org.coordinator.api.patch(`/api/reports/${r.id}`, { version: 1, severity: 4 });
      expect(first.status).toBe(200);
      expect(first.body.version).toBe(2);
      const stale = await org.member.api.patch(`/api/reports/${r.id}`, { version: 1, severity: 1, description: 'Skriver över.' });
      expectError(stale, 409, { code: 'VERSION_CONFLICT' });
      const ahead = await org.member.api.patch(`/api/reports/${r.id}`, { version: 3, severity: 1 });
      expectError(ahead, 409);
      const now = (await org.member.api.get(`/api/reports/${r.id}`)).body;
      expect(now).toEqual(expect.objectContaining({ version: 2, severity: 4, description: r.description }));
      const history = (await org.member.api.get(`/api/reports/${r.id}/history`)).body.items;
      expect(history).toHaveLength(2);
    });

    it('version is required and must be a positive integer', async () => {
      const r = (await org.member.api.post('/api/reports', reportBody())).body;
      for (const body of [{ severity: 3 }, { version: 0, severity: 3 }, { version: '1', severity: 3 }, { version: 1.5, severity: 3 }, { version: null, severity: 3 }]) {
        expectError(await org.member.api.patch(`/api/reports/${r.id}`, body), 400, { field: 'version' });
      }
      expect((await org.member.api.get(`/api/reports/${r.id}`)).body.version).toBe(1);
    });

    it('concurrent PATCHes with the same version: exactly one wins, the others get 409', async () => {
      const r = (await org.member.api.post('/api/reports', reportBody())).body;
      // Five real changes (the report has the default severity 2, so severity 2 would be a no-op PATCH, which is
      // legitimately 200 when it takes the lock before the winner: see the next test).
      const answers = await Promise.all([1, 3, 4, 5].map((severity) => org.coordinator.api.patch(`/api/reports/${r.id}`, { version: 1, severity }))
        .concat(org.coordinator.api.patch(`/api/reports/${r.id}`, { version: 1, severity: 1, description: 'En annan ändring.' })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
      const winner = answers.find((a) => a.status === 200)!;
      const now = (await org.member.api.get(`/api/reports/${r.id}`)).body;
      expect(now.version).toBe(2);
      expect(now.severity).toBe(winner.body.severity);
      expect((await org.member.api.get(`/api/reports/${r.id}/history`)).body.items).toHaveLength(2);
    });

    it('a PATCH that changes nothing answers 200 at the current version (no new version, no history) and 409 at a stale one', async () => {
      const r = (await org.member.api.post('/api/reports', reportBody({ severity: 3 }))).body;
      const same = await org.member.api.patch(`/api/reports/${r.id}`, { version: 1, severity: 3 });
      expect(same.status).toBe(200);
      expect(same.body.version).toBe(1);
      expect((await org.member.api.patch(`/api/reports/${r.id}`, { version: 1, severity: 4 })).status).toBe(200);
      expectError(await org.member.api.patch(`/api/reports/${r.id}`, { version: 1, severity: 4 }), 409, { code: 'VERSION_CONFLICT' });
      expect((await org.member.api.get(`/api/reports/${r.id}/history`)).body.items).toHaveLength(2);
    });

    it('a user PATCH with a stale version is 409 and changes nothing', async () => {
      const u = (await org.admin.api.get(`/api/users/${org.member.id}`)).body;
      expect((await org.admin.api.patch(`/api/users/${org.member.id}`, { version: u.version, name: 'Första ändringen' })).status).toBe(200);
      expectError(await org.admin.api.patch(`/api/users/${org.member.id}`, { version: u.version, name: 'Andra ändringen', role: 'admin' }), 409);
      const now = (await org.admin.api.get(`/api/users/${org.member.id}`)).body;
      expect(now).toEqual(expect.objectContaining({ name: 'Första ändringen', role: 'member', version: u.version + 1 }));
    });
  });
});
