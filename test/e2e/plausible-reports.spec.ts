import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { halfWritten } from '../support/consistency.js';
import { withDb } from '../support/db.js';
import { buildWorld, IN_CENTRUM, OUTSIDE, reportBody, type World } from '../support/world.js';
import { ago, expectError, newId } from './helpers.js';

// One service and one world for the file; people are made in parallel (argon2 dominates set-up).
jest.setTimeout(60_000);

const DAY = 86_400_000;

/**
 * Plausible reports (api-contract.md, "Reports"): with the checks on as an installation has them by default (the other
 * suites turn them off, test/support/app.ts), an observation is a place or a point, at most REPORT_MAX_AGE_DAYS old,
 * and a point further than REPORT_OUTSIDE_MARGIN_KM outside the collaboration's areas only when the client confirms it.
 * The world's areas: centrum with a boundary (58.50–58.51 N, 13.15–13.17 E), hamnen without one.
 */
describe('plausible reports', () => {
  let t: TestApp;
  let w: World;
  let author: Api;

  beforeAll(async () => {
    t = await startTestApp({ env: { REPORT_MAX_AGE_DAYS: '30', REPORT_OUTSIDE_MARGIN_KM: '5' } });
    w = await buildWorld(t);
    author = w.orgs.police.member.api;
  });
  afterAll(() => t?.close());

  const post = (body: Record<string, unknown>, headers?: Record<string, string>) => author.post('/api/reports', reportBody(body), headers);
  const stored = (description: string) =>
    withDb(t.databaseUrl, async (db) => Number((await db.query('SELECT count(*) FROM reports WHERE description = $1', [description])).rows[0].count));

  describe('a place or a point', () => {
    it('a place alone, or a point alone, is taken', async () => {
      const atPlace = await post({ placeId: w.places.torget });
      expect(atPlace.status).toBe(201);
      expect(atPlace.body.place.id).toBe(w.places.torget);
      expect(atPlace.body.location).toEqual(IN_CENTRUM);
      expect((await post({ location: { lat: 58.505, lng: 13.16 } })).status).toBe(201);
    });

    it('both together is 400 naming location, and nothing is stored', async () => {
      const description = 'Plats och punkt på en gång.';
      const res = await post({ placeId: w.places.torget, location: IN_CENTRUM, description });
      expectError(res, 400, { field: 'location', code: 'PLACE_AND_LOCATION' });
      expect(await stored(description)).toBe(0);
      const report = (await post({})).body;
      expectError(await author.patch(`/api/reports/${report.id}`, { version: report.version, placeId: w.places.torget, location: IN_CENTRUM }), 400,
        { field: 'location', code: 'PLACE_AND_LOCATION' });
    });
  });

  describe('when', () => {
    it(`an observation more than 30 days back is 400 naming observedAt; 29 days back is taken`, async () => {
      const description = 'En gammal iakttagelse.';
      const old = await post({ observedAt: ago(31 * DAY), description });
      expectError(old, 400, { field: 'observedAt', code: 'OBSERVED_TOO_LONG_AGO' });
      expect(old.body.maxAgeDays).toBe(30);
      expect(await stored(description)).toBe(0);
      expect((await post({ observedAt: ago(29 * DAY) })).status).toBe(201);
    });

    it('the future is refused as before', async () => {
      expectError(await post({ observedAt: new Date(Date.now() + 3_600_000).toISOString() }), 400, { field: 'observedAt' });
    });
  });

  describe('where', () => {
    it('a point more than 5 km outside the areas is 400 naming location; confirmed, it is taken, in no area', async () => {
      const description = 'Utanför kommunen.';
      const refused = await post({ location: OUTSIDE, description });
      expectError(refused, 400, { field: 'location', code: 'LOCATION_OUTSIDE' });
      expect(refused.body.marginKm).toBe(5);
      expect(await stored(description)).toBe(0);
      const confirmed = await post({ location: OUTSIDE, description, confirmOutside: true });
      expect(confirmed.status).toBe(201);
      expect(confirmed.body).toEqual(expect.objectContaining({ area: null, place: null, location: OUTSIDE }));
      expect(await stored(description)).toBe(1);
    });

    it('a point within the margin outside every area is taken without asking', async () => {
      // About 3 km north of centrum's boundary.
      const res = await post({ location: { lat: 58.537, lng: 13.16 } });
      expect(res.status).toBe(201);
      expect(res.body.area).toBeNull();
    });

    it('a refused point leaves its Idempotency-Key unused: the confirmed retry with the same key is taken once', async () => {
      const key = newId();
      const description = 'Bekräftad med samma nyckel.';
      const body = reportBody({ location: OUTSIDE, description });
      expectError(await author.post('/api/reports', body, { 'Idempotency-Key': key }), 400, { code: 'LOCATION_OUTSIDE' });
      const first = await author.post('/api/reports', { ...body, confirmOutside: true }, { 'Idempotency-Key': key });
      const again = await author.post('/api/reports', { ...body, confirmOutside: true }, { 'Idempotency-Key': key });
      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.body.id).toBe(first.body.id);
      expect(await stored(description)).toBe(1);
    });

    it('moving a report outside asks too; confirmed, it moves', async () => {
      const report = (await post({})).body;
      expectError(await author.patch(`/api/reports/${report.id}`, { version: report.version, location: OUTSIDE }), 400, { field: 'location', code: 'LOCATION_OUTSIDE' });
      const moved = await author.patch(`/api/reports/${report.id}`, { version: report.version, location: OUTSIDE, confirmOutside: true });
      expect(moved.status).toBe(200);
      expect(moved.body.location).toEqual(OUTSIDE);
    });

    it("a place far outside is the collaboration's own: a report at it is taken", async () => {
      const place = await w.orgs.municipality.coordinator.api.post('/api/places', { name: 'Kinnekulle', location: OUTSIDE });
      expect(place.status).toBe(201);
      expect((await post({ placeId: place.body.id })).status).toBe(201);
    });

    it('an area drawn larger takes in the point at once (the cache of areas is dropped on the change)', async () => {
      const far = { lat: 58.6, lng: 13.3 };
      expectError(await post({ location: far }), 400, { code: 'LOCATION_OUTSIDE' });
      const coordinator = w.orgs.municipality.coordinator.api;
      const area = await coordinator.post('/api/areas', { name: 'Norra landsbygden', boundary: { type: 'Polygon', coordinates: [[[13.25, 58.55], [13.35, 58.55], [13.35, 58.62], [13.25, 58.62], [13.25, 58.55]]] } });
      expect(area.status).toBe(201);
      const inside = await post({ location: far });
      expect(inside.status).toBe(201);
      expect(inside.body.area?.id).toBe(area.body.id);
    });
  });

  it('nothing is half-written', async () => {
    expect(await halfWritten(t.databaseUrl)).toEqual({});
  });
});
