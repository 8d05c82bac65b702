import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { withDb } from '../support/db.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { adminApi, createOrg, type TestOrg } from '../support/world.js';
import { expectError, ISO_WITH_OFFSET, newId, UUID_RE, walk } from './helpers.js';

// Each file starts its own service and builds its people (argon2): generous on a busy 2-core machine.
jest.setTimeout(60_000);

type Pos = [number, number];
/** A closed rectangle ring, counter-clockwise, [lng, lat]. */
const rect = (lng1: number, lat1: number, lng2: number, lat2: number): Pos[] => [[lng1, lat1], [lng2, lat1], [lng2, lat2], [lng1, lat2], [lng1, lat1]];
const polygon = (...rings: unknown[][]) => ({ type: 'Polygon', coordinates: rings });
let n = 0;
const uniq = (s: string) => `${s} ${++n}`;

describe('geography: areas and places', () => {
  let t: TestApp;
  let org: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrg(t, await adminApi(t), 'municipality', 'geo');
  });
  afterAll(() => t?.close());

  const countAreas = () => withDb(t.databaseUrl, async (db) => Number((await db.query('SELECT count(*) FROM areas')).rows[0].count));

  describe('areas', () => {
    it('coordinators and admins create areas; members get 403', async () => {
      const boundary = polygon(rect(16.0, 59.0, 16.1, 59.1));
      const byCoordinator = await org.coordinator.api.post('/api/areas', { name: uniq('Norra'), boundary });
      expect(byCoordinator.status).toBe(201);
      expect(byCoordinator.body).toEqual({ id: expect.stringMatching(UUID_RE), name: expect.stringMatching(/^Norra/), boundary, createdAt: expect.stringMatching(ISO_WITH_OFFSET), version: 1 });
      const byAdmin = await org.admin.api.post('/api/areas', { name: uniq('Södra') });
      expect(byAdmin.status).toBe(201);
      expect(byAdmin.body.boundary).toBeNull();
      const before = await countAreas();
      expectError(await org.member.api.post('/api/areas', { name: uniq('Medlemmens') }), 403);
      expect(await countAreas()).toBe(before);
      const read = await org.member.api.get(`/api/areas/${byCoordinator.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body.boundary).toEqual(boundary);
    });

    it('a second area with the same name (any case) is 409', async () => {
      const name = uniq('Hamnen');
      expect((await org.coordinator.api.post('/api/areas', { name })).status).toBe(201);
      expectError(await org.coordinator.api.post('/api/areas', { name: name.toUpperCase() }), 409);
    });

    const bad: [string, unknown, string][] = [
      ['an unclosed ring', polygon([[16, 59], [16.1, 59], [16.1, 59.1], [16, 59.1], [16.05, 59.05]]), 'boundary.coordinates[0]'],
      ['a ring of three positions', polygon([[16, 59], [16.1, 59], [16, 59]]), 'boundary.coordinates[0]'],
      ['a longitude over 180', polygon([[16, 59], [181, 59], [16.1, 59.1], [16, 59]]), 'boundary.coordinates[0][1]'],
      ['a latitude under -90', polygon([[16, 59], [16.1, -91], [16.1, 59.1], [16, 59]]), 'boundary.coordinates[0][1]'],
      ['a latitude over 90 in a hole', polygon(rect(16, 59, 16.1, 59.1), [[16.02, 59.02], [16.03, 91], [16.03, 59.03], [16.02, 59.02]]), 'boundary.coordinates[1][1]'],
      ['a position that is not numbers', polygon([[16, 59], ['16.1', 59], [16.1, 59.1], [16, 59]]), 'boundary.coordinates[0][1]'],
      ['a position with one number', polygon([[16, 59], [16.1], [16.1, 59.1], [16, 59]]), 'boundary.coordinates[0][1]'],
      ['the type Point', { type: 'Point', coordinates: [16, 59] }, 'boundary.type'],
      ['the type LineString', { type: 'LineString', coordinates: [[16, 59], [16.1, 59]] }, 'boundary.type'],
      ['no type', { coordinates: [rect(16, 59, 16.1, 59.1)] }, 'boundary.type'],
      ['a Feature instead of a geometry', { type: 'Feature', geometry: polygon(rect(16, 59, 16.1, 59.1)) }, 'boundary'],
      ['an unknown member', { ...polygon(rect(16, 59, 16.1, 59.1)), properties: { name: 'x' } }, 'boundary'],
      ['no rings', polygon(), 'boundary.coordinates'],
      ['a MultiPolygon without polygons', { type: 'MultiPolygon', coordinates: [] }, 'boundary.coordinates'],
      ['a MultiPolygon with a bad second polygon', { type: 'MultiPolygon', coordinates: [[rect(16, 59, 16.1, 59.1)], [[[17, 59], [17.1, 59], [17, 59]]]] }, 'boundary.coordinates[1][0]'],
      ['coordinates that are a string', { type: 'Polygon', coordinates: 'POLYGON((16 59, 16.1 59))' }, 'boundary.coordinates'],
      ['a string', 'POLYGON((16 59, 16.1 59, 16.1 59.1, 16 59))', 'boundary'],
      ['an array', [rect(16, 59, 16.1, 59.1)], 'boundary'],
    ];
    it.each(bad)('a boundary with %s is 400 naming the field, and nothing is stored', async (_label, boundary, field) => {
      const before = await countAreas();
      const res = await org.coordinator.api.post('/api/areas', { name: uniq('Felaktig'), boundary });
      expectError(res, 400, { field });
      expect(await countAreas()).toBe(before);
    });

    /** A closed ring of `count` positions on a circle (the last equals the first). */
    const circle = (count: number, lng = 16.5, lat = 59.5, r = 0.01): Pos[] => {
      const ring: Pos[] = [];
      for (let i = 0; i < count - 1; i++) {
        const a = (2 * Math.PI * i) / (count - 1);
        ring.push([Number((lng + r * Math.cos(a)).toFixed(5)), Number((lat + r * Math.sin(a)).toFixed(5))]);
      }
      ring.push(ring[0]);
      return ring;
    };

    it('takes a boundary of 5,000 positions and refuses one of 5,001 (counted over all rings)', async () => {
      const ok = await org.coordinator.api.post('/api/areas', { name: uniq('Stor'), boundary: polygon(circle(5000)) });
      expect(ok.status).toBe(201);
      expect(ok.body.boundary.coordinates[0]).toHaveLength(5000);
      const before = await countAreas();
      expectError(await org.coordinator.api.post('/api/areas', { name: uniq('För stor'), boundary: polygon(circle(5001)) }), 400, { field: 'boundary' });
      expectError(await org.coordinator.api.post('/api/areas', { name: uniq('För stor'), boundary: polygon(circle(4000), circle(1001, 16.5, 59.5, 0.001)) }), 400, { field: 'boundary' });
      expect(await countAreas()).toBe(before);
    });

    it('lists areas as a page, by limit and cursor', async () => {
      const all = await org.member.api.get('/api/areas?limit=500');
      expect(all.status).toBe(200);
      expect(all.body.nextCursor).toBeNull();
      const paged = await walk(org.member.api, '/api/areas', 2);
      expect(paged.items.map((a: { id: string }) => a.id)).toEqual(all.body.items.map((a: { id: string }) => a.id));
      expect(all.body.items.length).toBeGreaterThanOrEqual(4);
    });

    it('an unknown area id is 404, a malformed one 400', async () => {
      expectError(await org.member.api.get(`/api/areas/${newId()}`), 404);
      expectError(await org.member.api.get('/api/areas/123'), 400, { field: 'id' });
    });
  });

  describe('places', () => {
    // Areas far from each other and from anything else in this file, so "the area that contains it" is unambiguous.
    let plain: string;
    let multi: string;
    let holed: string;
    beforeAll(async () => {
      const c = org.coordinator.api;
      plain = (await c.post('/api/areas', { name: uniq('Rektangel'), boundary: polygon(rect(14.0, 57.0, 14.1, 57.1)) })).body.id;
      multi = (await c.post('/api/areas', {
        name: uniq('Två öar'),
        boundary: { type: 'MultiPolygon', coordinates: [[rect(15.0, 57.0, 15.1, 57.1)], [rect(15.3, 57.0, 15.4, 57.1)]] },
      })).body.id;
      holed = (await c.post('/api/areas', { name: uniq('Med hål'), boundary: polygon(rect(17.0, 57.0, 17.3, 57.3), rect(17.1, 57.1, 17.2, 57.2)) })).body.id;
      expect([plain, multi, holed].every((id) => UUID_RE.test(id))).toBe(true);
    });

    const place = async (lat: number, lng: number, extra: Record<string, unknown> = {}) => {
      const res = await org.member.api.post('/api/places', { name: uniq('Plats'), location: { lat, lng }, ...extra });
      expect(res.status).toBe(201);
      return res.body;
    };

    it('anyone creates a place; the answer has id, name, kind, location, area, createdAt, version', async () => {
      const res = await org.member.api.post('/api/places', { name: 'Stationen', kind: 'station', location: { lat: 57.05, lng: 14.05 } });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID_RE), name: 'Stationen', kind: 'station', location: { lat: 57.05, lng: 14.05 },
        area: { id: plain, name: expect.stringMatching(/^Rektangel/) }, createdAt: expect.stringMatching(ISO_WITH_OFFSET), version: 1,
      });
      const read = await org.coordinator.api.get(`/api/places/${res.body.id}`);
      expect(read.body).toEqual(res.body);
    });

    it('a place given only a point is put in the area that contains it, or in none', async () => {
      expect((await place(57.05, 14.05)).area?.id).toBe(plain);
      expect((await place(58.0, 14.05)).area).toBeNull();
      expect((await place(57.05, 14.15)).area).toBeNull();
      const noKind = await place(57.01, 14.01);
      expect(noKind.kind).toBeNull();
    });

    it('either polygon of a MultiPolygon contains its points; the gap between them does not', async () => {
      expect((await place(57.05, 15.05)).area?.id).toBe(multi);
      expect((await place(57.05, 15.35)).area?.id).toBe(multi);
      expect((await place(57.05, 15.2)).area).toBeNull();
    });

    it('a point in the hole of a polygon is not inside it; a point between hole and outer ring is', async () => {
      expect((await place(57.15, 17.15)).area).toBeNull();
      expect((await place(57.05, 17.05)).area?.id).toBe(holed);
      expect((await place(57.25, 17.25)).area?.id).toBe(holed);
    });

    it('an explicit areaId wins over the containing area; an unknown areaId is 404, a malformed one 400', async () => {
      expect((await place(57.05, 14.05, { areaId: multi })).area?.id).toBe(multi);
      const before = await withDb(t.databaseUrl, async (db) => (await db.query('SELECT count(*) FROM places')).rows[0].count);
      expectError(await org.member.api.post('/api/places', { name: 'X', areaId: newId(), location: { lat: 57, lng: 14 } }), 404, { mentions: /areaId/ });
      expectError(await org.member.api.post('/api/places', { name: 'X', areaId: 'nope', location: { lat: 57, lng: 14 } }), 400, { field: 'areaId' });
      expect(await withDb(t.databaseUrl, async (db) => (await db.query('SELECT count(*) FROM places')).rows[0].count)).toBe(before);
    });

    it('validates the location and name', async () => {
      const p = org.member.api;
      expectError(await p.post('/api/places', { name: 'X' }), 400, { field: 'location' });
      expectError(await p.post('/api/places', { name: 'X', location: { lat: 91, lng: 14 } }), 400, { field: 'location.lat' });
      expectError(await p.post('/api/places', { name: 'X', location: { lat: 57, lng: -181 } }), 400, { field: 'location.lng' });
      expectError(await p.post('/api/places', { name: 'X', location: { lat: '57', lng: 14 } }), 400, { field: 'location.lat' });
      expectError(await p.post('/api/places', { name: 'X', location: { lat: 57 } }), 400, { field: 'location.lng' });
      expectError(await p.post('/api/places', { name: 'X', location: [{ lat: 57, lng: 14 }] }), 400, { field: 'location' });
      expectError(await p.post('/api/places', { name: 'X', location: [] }), 400, { field: 'location' });
      expectError(await p.post('/api/places', { name: 'X', location: 'Storgatan 1' }), 400, { field: 'location' });
      expectError(await p.post('/api/places', { location: { lat: 57, lng: 14 } }), 400, { field: 'name' });
      expectError(await p.post('/api/places', { name: 'n'.repeat(201), location: { lat: 57, lng: 14 } }), 400, { field: 'name' });
      expectError(await p.post('/api/places', { name: 'X', kind: 'k'.repeat(51), location: { lat: 57, lng: 14 } }), 400, { field: 'kind' });
    });

    it('GET /api/places?areaId= lists exactly the places of that area', async () => {
      const inMulti = await walk(org.member.api, `/api/places?areaId=${multi}`, 2);
      expect(inMulti.items.length).toBeGreaterThanOrEqual(3);
      expect(inMulti.items.every((p: { area: { id: string } | null }) => p.area?.id === multi)).toBe(true);
      const all = await walk(org.member.api, '/api/places', 500);
      const expected = all.items.filter((p: { area: { id: string } | null }) => p.area?.id === multi).map((p: { id: string }) => p.id).sort();
      expect(inMulti.items.map((p: { id: string }) => p.id).sort()).toEqual(expected);
      expect(all.items.length).toBeGreaterThan(inMulti.items.length);
      expect((await org.member.api.get(`/api/places?areaId=${newId()}`)).body.items).toEqual([]);
      expectError(await org.member.api.get('/api/places?areaId=nope'), 400, { field: 'areaId' });
    });
  });
});
