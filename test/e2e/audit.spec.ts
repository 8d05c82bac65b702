import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { AuditEntryResponse } from '#contracts';
import { Api } from '../support/api.js';
import { withDb } from '../support/db.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { adminApi, buildOtherCollaboration, createOrg, type OtherCollaboration, reportBody, type TestOrg } from '../support/world.js';
import { expectError, ISO_WITH_OFFSET, walk } from './helpers.js';

// Each file starts its own service and builds its people (argon2): generous on a busy 2-core machine.
jest.setTimeout(60_000);

/** An audit entry as the contract types it (libs/contracts). */
type Entry = AuditEntryResponse;

describe('audit log', () => {
  let t: TestApp;
  let police: TestOrg;
  let school: TestOrg;
  let other: OtherCollaboration;
  let reportId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminApi(t);
    [police, school, other] = await Promise.all([createOrg(t, admin, 'police', 'audit-police'), createOrg(t, admin, 'school', 'audit-school'), buildOtherCollaboration(t, admin)]);
    const r = await police.member.api.post('/api/reports', reportBody({ description: 'Granskad rapport.' }));
    expect(r.status).toBe(201);
    reportId = r.body.id;
  });
  afterAll(() => t?.close());

  const audit = async (query: string, api = police.admin.api): Promise<Entry[]> => {
    const res = await api.get(`/api/audit?limit=500&${query}`);
    expect(res.status).toBe(200);
    return res.body.items;
  };

  it('creating a report writes report.create with the author, their organisation and the address', async () => {
    const rows = await audit(`entityId=${reportId}&action=report.create`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual(expect.objectContaining({
      action: 'report.create', entityType: 'report', entityId: reportId, organisationId: police.id,
      user: { id: police.member.id, email: police.member.email, name: expect.any(String) }, at: expect.stringMatching(ISO_WITH_OFFSET),
    }));
    expect(rows[0].ip).toMatch(/127\.0\.0\.1/);
  });

  it('a member reading a report writes report.read with that user, organisation, address and request id', async () => {
    const requestId = `audit-test-${Date.now()}`;
    const before = await audit(`entityId=${reportId}&action=report.read`);
    const read = await school.member.api.get(`/api/reports/${reportId}`, { 'x-request-id': requestId });
    expect(read.status).toBe(200);
    expect(read.headers.get('x-request-id')).toBe(requestId);
    const rows = await audit(`entityId=${reportId}&action=report.read`);
    expect(rows).toHaveLength(before.length + 1);
    expect(rows[0]).toEqual(expect.objectContaining({
      action: 'report.read', entityType: 'report', entityId: reportId, organisationId: school.id,
      user: expect.objectContaining({ id: school.member.id }), requestId,
    }));
    expect(rows[0].ip).toMatch(/127\.0\.0\.1/);
    // A read that is refused (not visible) is not a read.
    const hidden = (await police.member.api.post('/api/reports', reportBody({ visibility: 'own' }))).body.id;
    expectError(await school.member.api.get(`/api/reports/${hidden}`), 404);
    expect(await audit(`entityId=${hidden}&action=report.read`)).toEqual([]);
  });

  it('lists, comments and history reads are recorded too', async () => {
    await school.coordinator.api.get('/api/reports?limit=5');
    const lists = await audit(`userId=${school.coordinator.id}&action=report.list`);
    expect(lists.length).toBeGreaterThanOrEqual(1);
    expect(lists[0].entityIds).toContain(reportId);
    await school.coordinator.api.get(`/api/reports/${reportId}/history`);
    await school.coordinator.api.post(`/api/reports/${reportId}/comments`, { body: 'Granskad kommentar.' });
    const mine = (await audit(`userId=${school.coordinator.id}&entityId=${reportId}`)).map((e) => e.action);
    expect(mine).toEqual(expect.arrayContaining(['report.history.read', 'report.comment']));
  });

  it('filters by userId, action and entityId: every row matches, and the filters combine', async () => {
    await police.coordinator.api.patch(`/api/reports/${reportId}`, { version: 1, status: 'acknowledged' });
    const byUser = await audit(`userId=${police.member.id}`);
    expect(byUser.length).toBeGreaterThan(0);
    expect(byUser.every((e) => e.user?.id === police.member.id)).toBe(true);
    const byAction = await audit('action=report.update');
    expect(byAction.length).toBeGreaterThan(0);
    expect(byAction.every((e) => e.action === 'report.update')).toBe(true);
    const byEntity = await audit(`entityId=${reportId}`);
    expect(byEntity.every((e) => e.entityId === reportId || e.entityIds?.includes(reportId))).toBe(true);
    expect([...new Set(byEntity.map((e) => e.action))]).toEqual(expect.arrayContaining(['report.create', 'report.read', 'report.update']));
    const update = await audit(`entityId=${reportId}&action=report.update&userId=${police.coordinator.id}`);
    expect(update).toHaveLength(1);
    expect(update[0].details).toEqual({ fields: ['status'] });
    expect(await audit(`entityId=${reportId}&action=report.update&userId=${police.member.id}`)).toEqual([]);
    const byOrg = await audit(`organisationId=${school.id}`);
    expect(byOrg.length).toBeGreaterThan(0);
    expect(byOrg.every((e) => e.organisationId === school.id)).toBe(true);
  });

  it('filters by time and pages newest first without repeats', async () => {
    const all = await audit('');
    const ids = all.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(all.length).toBeGreaterThan(14);
    expect(all.length).toBeLessThan(500);
    const paged = await walk(police.admin.api, '/api/audit', 7);
    expect(paged.items.map((e: Entry) => e.id)).toEqual(all.map((e) => e.id));
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(await audit(`from=${encodeURIComponent(future)}`)).toEqual([]);
    expect((await audit(`to=${encodeURIComponent(future)}`)).length).toBeGreaterThan(0);
    expectError(await police.admin.api.get('/api/audit?from=2024-W01'), 400, { field: 'from' });
    expectError(await police.admin.api.get('/api/audit?userId=me'), 400, { field: 'userId' });
  });

  it('failed logins are recorded, without the password', async () => {
    await new Api(t.url).post('/api/auth/login', { email: school.member.email, password: 'a-wrong-password-xyz' });
    const rows = await audit(`userId=${school.member.id}&action=auth.login_failed`);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('a-wrong-password-xyz');
  });

  it('members and coordinators get 403; an admin of another collaboration sees none of this one', async () => {
    for (const who of [police.member, police.coordinator, school.coordinator]) expectError(await who.api.get('/api/audit'), 403);
    expect(await audit(`entityId=${reportId}`, other.org.admin.api)).toEqual([]);
    expect((await audit('', other.org.admin.api)).every((e) => e.user === null || ![police.id, school.id].includes(e.organisationId ?? ''))).toBe(true);
    expect(await audit(`userId=${police.member.id}`, other.org.admin.api)).toEqual([]);
  });

  it("a platform admin staffing another collaboration is logged there, not in this collaboration's log", async () => {
    for (const id of [other.org.id, other.org.member.id, other.org.admin.id]) {
      expect(await audit(`entityId=${id}`)).toEqual([]);
      const there = (await audit(`entityId=${id}`, other.org.admin.api)).map((e) => e.action);
      expect(there.filter((a) => a.endsWith('.create'))).toEqual([id === other.org.id ? 'organisation.create' : 'user.create']);
    }
  });

  it('reveals nothing 404 hides: a report the caller may not see is not in their log, and partners see no persons', async () => {
    const hidden = (await police.member.api.post('/api/reports', reportBody({ description: 'Polisens egen.', visibility: 'own' }))).body;
    expect((await police.coordinator.api.get(`/api/reports/${hidden.id}`)).status).toBe(200);
    expect((await school.member.api.get(`/api/reports/${hidden.id}`)).status).toBe(404);
    // The police admin sees who created and read their own report; the school admin sees no entry about it at all.
    expect((await audit(`entityId=${hidden.id}`)).map((e) => e.action).sort()).toEqual(['report.create', 'report.read']);
    expect(await audit(`entityId=${hidden.id}`, school.admin.api)).toEqual([]);
    const lists = await audit('action=report.list', school.admin.api);
    expect(lists.some((e) => (e.entityIds ?? []).includes(hidden.id))).toBe(false);
    // On the shared report, the school admin sees that the police created and read it, not which person, nor from where.
    await police.coordinator.api.get(`/api/reports/${reportId}`);
    const shared = await audit(`entityId=${reportId}`, school.admin.api);
    const byPolice = shared.filter((e) => e.organisationId === police.id);
    expect(byPolice.map((e) => e.action)).toEqual(expect.arrayContaining(['report.create', 'report.read']));
    for (const e of byPolice) expect({ user: e.user, ip: e.ip, requestId: e.requestId }).toEqual({ user: null, ip: null, requestId: null });
    // The school's own reading of it is shown to the school admin in full.
    expect(shared.filter((e) => e.organisationId === school.id).every((e) => e.user !== null)).toBe(true);
  });

  it('the log is append-only in the database', async () => {
    await withDb(t.databaseUrl, async (db) => {
      await expect(db.query('UPDATE audit_log SET action = $1 WHERE entity_id = $2', ['tampered', reportId])).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM audit_log WHERE entity_id = $1', [reportId])).rejects.toThrow(/append-only/);
    });
    expect(await audit(`entityId=${reportId}&action=tampered`)).toEqual([]);
    expect((await audit(`entityId=${reportId}&action=report.create`))).toHaveLength(1);
  });
});
