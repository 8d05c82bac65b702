import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { AuditEntryResponse } from '#contracts';
import { Api } from '../support/api.js';
import { eventually } from '../support/feed-client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { halfWritten } from '../support/consistency.js';
import { withDb } from '../support/db.js';
import { buildOtherCollaboration, buildWorld, type OtherCollaboration, reportBody, type World } from '../support/world.js';
import { expectError, newId } from './helpers.js';

// Two services on one database and one world for the file; people are made in parallel (argon2 dominates set-up).
jest.setTimeout(90_000);

type Pos = [number, number];
/** A closed rectangle ring, counter-clockwise, [lng, lat]. */
const rect = (lng1: number, lat1: number, lng2: number, lat2: number): Pos[] => [[lng1, lat1], [lng2, lat1], [lng2, lat2], [lng1, lat2], [lng1, lat1]];
const polygon = (...rings: Pos[][]) => ({ type: 'Polygon', coordinates: rings });
let n = 0;
const uniq = (s: string) => `${s} ${++n}`;

/**
 * What the admin screens do through the API: areas renamed, redrawn and deleted (a boundary that crosses itself
 * refused), places renamed and deleted, and the audit log filtered and exported as CSV. A second node on the same
 * database shows that an area changed on one node is seen by the other at once (NOTIFY drops its cache of areas).
 */
describe('admin screens: areas, places and the audit log', () => {
  let t: TestApp;
  let second: TestApp;
  let w: World;
  let other: OtherCollaboration;
  let coordinator: Api;

  beforeAll(async () => {
    t = await startTestApp();
    [second, w] = await Promise.all([startTestApp({ databaseUrl: t.databaseUrl }), buildWorld(t)]);
    other = await buildOtherCollaboration(t, w.admin);
    coordinator = w.orgs.municipality.coordinator.api;
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  const area = async (boundary?: object) => {
    // ASCII names: the unique index is on lower(name), which the database's C locale folds for A-Z only.
    const res = await coordinator.post('/api/areas', { name: uniq('Zon'), ...(boundary && { boundary }) });
    expect(res.status).toBe(201);
    return res.body;
  };
  const place = async (over: Record<string, unknown> = {}) => {
    const res = await coordinator.post('/api/places', { name: uniq('Plats'), location: { lat: 57.55, lng: 14.55 }, ...over });
    expect(res.status).toBe(201);
    return res.body;
  };

  describe('areas', () => {
    it('a coordinator renames and redraws an area at the version read; a stale version is 409, a member 403', async () => {
      const a = await area(polygon(rect(14.0, 57.0, 14.1, 57.1)));
      const name = uniq('Omdöpt');
      const renamed = await coordinator.patch(`/api/areas/${a.id}`, { version: 1, name });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual({ ...a, name, version: 2 });
      const redrawn = await w.orgs.police.admin.api.patch(`/api/areas/${a.id}`, { version: 2, boundary: polygon(rect(14.0, 57.0, 14.2, 57.2)) });
      expect(redrawn.status).toBe(200);
      expect(redrawn.body).toEqual(expect.objectContaining({ name, version: 3, boundary: polygon(rect(14.0, 57.0, 14.2, 57.2)) }));
      const stale = await coordinator.patch(`/api/areas/${a.id}`, { version: 2, name: uniq('Sent') });
      expectError(stale, 409, { code: 'VERSION_CONFLICT' });
      expect(stale.body.currentVersion).toBe(3);
      expectError(await w.orgs.police.member.api.patch(`/api/areas/${a.id}`, { version: 3, name: uniq('Medlem') }), 403);
      expect((await w.orgs.school.member.api.get(`/api/areas/${a.id}`)).body).toEqual(redrawn.body);
    });

    it('a boundary that crosses itself is 400 naming boundary, and nothing changes; so is a name another area has', async () => {
      const a = await area(polygon(rect(15.0, 57.0, 15.1, 57.1)));
      const bowTie = polygon([[15.0, 57.0], [15.1, 57.1], [15.1, 57.0], [15.0, 57.1], [15.0, 57.0]]);
      const res = await coordinator.patch(`/api/areas/${a.id}`, { version: 1, boundary: bowTie });
      expectError(res, 400, { field: 'boundary', code: 'BOUNDARY_SELF_INTERSECTS' });
      expect(res.body.at).toEqual({ lat: expect.closeTo(57.05, 6), lng: expect.closeTo(15.05, 6) });
      expectError(await coordinator.post('/api/areas', { name: uniq('Fluga'), boundary: bowTie }), 400, { field: 'boundary', code: 'BOUNDARY_SELF_INTERSECTS' });
      const b = await area();
      expectError(await coordinator.patch(`/api/areas/${b.id}`, { version: 1, name: a.name.toUpperCase() }), 409, { code: 'AREA_EXISTS' });
      expect((await coordinator.get(`/api/areas/${a.id}`)).body).toEqual(a);
      expect((await coordinator.get(`/api/areas/${b.id}`)).body).toEqual(b);
    });

    it('an area redrawn on one node puts the next reports posted on the other node in it, long before its cache would expire', async () => {
      const a = await area(polygon(rect(16.0, 57.0, 16.1, 57.1)));
      const point = { lat: 57.15, lng: 16.05 };
      const secondApi = new Api(second.url, w.orgs.police.member.token);
      // The second node has the areas cached (a report outside them all).
      const before = await secondApi.post('/api/reports', reportBody({ location: point }));
      expect(before.body.area).toBeNull();
      const redrawnAt = Date.now();
      expect((await coordinator.patch(`/api/areas/${a.id}`, { version: 1, boundary: polygon(rect(16.0, 57.0, 16.1, 57.2)) })).status).toBe(200);
      // The NOTIFY reaches the other node a moment after the commit: wait for it, well within the 10 s its copy lives.
      const after = await eventually(async () => {
        const res = await secondApi.post('/api/reports', reportBody({ location: point }));
        return res.body.area?.id === a.id ? res : null;
      }, 3000, 'a report in the redrawn area on the second node', 100);
      expect(Date.now() - redrawnAt).toBeLessThan(5000);
      // Reports keep the area they were given when they were posted.
      const inArea = (await secondApi.get(`/api/reports?areaId=${a.id}`)).body.items.map((r: { id: string }) => r.id);
      expect(inArea).toContain(after.body.id);
      expect(inArea).not.toContain(before.body.id);
    });

    it('an area in use is kept: 409 AREA_IN_USE says by what; an unused one is deleted (204, then 404)', async () => {
      const used = await area(polygon(rect(17.0, 57.0, 17.1, 57.1)));
      await place({ location: { lat: 57.05, lng: 17.05 } });
      expect((await w.orgs.police.member.api.post('/api/reports', reportBody({ location: { lat: 57.06, lng: 17.06 } }))).status).toBe(201);
      const res = await coordinator.delete(`/api/areas/${used.id}`);
      expectError(res, 409, { code: 'AREA_IN_USE' });
      expect(res.body).toEqual(expect.objectContaining({ reports: 1, places: 1 }));
      expect((await coordinator.get(`/api/areas/${used.id}`)).status).toBe(200);

      const followed = await area();
      expect((await w.orgs.school.member.api.post('/api/subscriptions', { areaIds: [followed.id] })).status).toBe(201);
      expect((await coordinator.delete(`/api/areas/${followed.id}`)).body).toEqual(expect.objectContaining({ code: 'AREA_IN_USE', subscriptions: 1 }));

      const unused = await area(polygon(rect(18.0, 57.0, 18.1, 57.1)));
      expectError(await w.orgs.police.member.api.delete(`/api/areas/${unused.id}`), 403);
      expect((await coordinator.delete(`/api/areas/${unused.id}`)).status).toBe(204);
      expectError(await coordinator.get(`/api/areas/${unused.id}`), 404);
      expectError(await coordinator.delete(`/api/areas/${unused.id}`), 404);
      expectError(await coordinator.delete(`/api/areas/${other.area}`), 404);
      expectError(await coordinator.delete(`/api/areas/${newId()}`), 404);
    });
  });

  describe('places', () => {
    it('a coordinator renames a place and changes its kind; a stale version is 409; another collaboration\'s is 404', async () => {
      const p = await place({ kind: 'square' });
      const name = uniq('Stortorget');
      const res = await coordinator.patch(`/api/places/${p.id}`, { version: 1, name, kind: null });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...p, name, kind: null, version: 2 });
      expectError(await coordinator.patch(`/api/places/${p.id}`, { version: 1, name: uniq('Sent') }), 409, { code: 'VERSION_CONFLICT' });
      expectError(await w.orgs.school.member.api.patch(`/api/places/${p.id}`, { version: 2, name: uniq('Medlem') }), 403);
      expectError(await coordinator.patch(`/api/places/${other.place}`, { version: 1, name: uniq('Annan') }), 404);
    });

    it('a place in use is kept (409 PLACE_IN_USE); an unused one is deleted', async () => {
      const used = await place();
      expect((await w.orgs.police.member.api.post('/api/reports', reportBody({ placeId: used.id }))).status).toBe(201);
      expect((await coordinator.delete(`/api/places/${used.id}`)).body).toEqual(expect.objectContaining({ statusCode: 409, code: 'PLACE_IN_USE', reports: 1 }));
      const unused = await place();
      expect((await coordinator.delete(`/api/places/${unused.id}`)).status).toBe(204);
      expectError(await coordinator.get(`/api/places/${unused.id}`), 404);
    });
  });

  describe('the audit log', () => {
    const csv = async (api: Api, query: string) => {
      const res = await fetch(`${t.url}/api/audit?format=csv&${query}`, { headers: { authorization: `Bearer ${api.token}` } });
      return { res, bytes: Buffer.from(await res.arrayBuffer()) };
    };

    it('is filtered by the kind of record', async () => {
      const res = await w.orgs.municipality.admin.api.get('/api/audit?entityType=area&limit=500');
      expect(res.status).toBe(200);
      const actions = new Set(res.body.items.map((e: AuditEntryResponse) => e.action));
      expect([...actions].sort()).toEqual(['area.create', 'area.delete', 'area.update']);
      expectError(await w.orgs.municipality.admin.api.get('/api/audit?entityType=Area%20X'), 400, { field: 'entityType' });
    });

    it('exports as CSV: UTF-8 with a BOM, `;`, Swedish headers, the same entries as the JSON of the same filter, newest first', async () => {
      const admin = w.orgs.municipality.admin.api;
      // A person whose name begins like a formula: written as text, never run.
      const person = (await admin.get(`/api/users/${w.orgs.municipality.coordinator.id}`)).body;
      expect((await admin.patch(`/api/users/${person.id}`, { version: person.version, name: '=SUMMA(A1:A9)' })).status).toBe(200);
      expect((await coordinator.post('/api/areas', { name: uniq('Formel') })).status).toBe(201);
      const query = 'entityType=area';
      const json: AuditEntryResponse[] = (await admin.get(`/api/audit?${query}&limit=500`)).body.items;
      const { res, bytes } = await csv(admin, query);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="loggbok-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      expect(text.split('\n')[0]).toBe('Tid;Händelse;Användare;E-post;Organisation;Posttyp;Post-id;Poster;IP-adress;Anrops-id;Detaljer');
      const rows: Record<string, string>[] = parse(bytes, { bom: true, delimiter: ';', columns: true });
      expect(rows.map((r) => [r['Händelse'], r['Post-id']])).toEqual(json.map((e) => [e.action, e.entityId ?? '']));
      const first = rows.find((r) => r['Post-id'] === json[0].entityId)!;
      expect(first['E-post']).toBe(json[0].user?.email);
      expect(first['Tid']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(first.Organisation).toBe(w.orgs.municipality.name);
      const created = rows.find((r) => r['Händelse'] === 'area.create' && r['Post-id'] === json.find((e) => e.action === 'area.create')?.entityId);
      expect(created).toBeDefined();
      // The newest entry is the area made by the person named like a formula: an apostrophe before it in the file.
      expect(rows[0]).toEqual(expect.objectContaining({ 'Händelse': 'area.create', 'Användare': "'=SUMMA(A1:A9)" }));
    });

    it('the CSV follows the filters (who, action, time), and taking it is itself audited', async () => {
      const admin = w.orgs.municipality.admin;
      const since = new Date(Date.now() - 60_000).toISOString();
      const { bytes } = await csv(admin.api, `action=area.update&userId=${w.orgs.police.admin.id}&from=${encodeURIComponent(since)}`);
      const rows: Record<string, string>[] = parse(bytes, { bom: true, delimiter: ';', columns: true });
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows.every((r) => r['Händelse'] === 'area.update' && r['E-post'] === w.orgs.police.admin.email)).toBe(true);
      const exports = (await admin.api.get('/api/audit?action=audit.export&limit=500')).body.items as AuditEntryResponse[];
      expect(exports[0]).toEqual(expect.objectContaining({ action: 'audit.export', user: expect.objectContaining({ id: admin.id }) }));
      expect(exports[0].details).toEqual(expect.objectContaining({ action: 'area.update', userId: w.orgs.police.admin.id, format: 'csv' }));
    });

    it('is for admins: a coordinator or a member is 403, anonymous 401', async () => {
      expect((await csv(coordinator, '')).res.status).toBe(403);
      expect((await csv(w.orgs.school.member.api, '')).res.status).toBe(403);
      expect((await fetch(`${t.url}/api/audit?format=csv`)).status).toBe(401);
      expectError(await w.orgs.municipality.admin.api.get('/api/audit?format=xml'), 400, { field: 'format' });
    });
  });

  it('nothing is half-written', async () => {
    expect(await halfWritten(t.databaseUrl)).toEqual({});
    const orphans = await withDb(t.databaseUrl, async (db) => (await db.query(
      `SELECT count(*)::int AS n FROM reports r WHERE r.area_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.id = r.area_id)`)).rows[0].n);
    expect(orphans).toBe(0);
  });
});
