/**
 * Subscriptions: the REST resource (create, list, get, delete, validation, ownership, auth) and what each kind of
 * filter lets through on a live socket (area, place, either, category, minSeverity, all together, several
 * subscriptions, none at all), and that a subscription made or removed while connected takes effect.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.js';
import {
  buildOtherCollaboration, buildWorld, createUser, IN_CENTRUM, type OtherCollaboration, OUTSIDE, reportBody, type TestUser, type World,
} from '../support/world.js';
import { connectFeed, eventually, type FeedClient, postReport, sleep, subscribe } from '../support/feed-client.js';

let t: TestApp;
let w: World;
const sockets: FeedClient[] = [];

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t, { tokens: 'signed' });
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await t?.close();
});

describe('the subscriptions resource', () => {
  let other: OtherCollaboration;

  beforeAll(async () => {
    // Another collaboration with its own area and place: their ids must be as unknown here as random ones.
    other = await buildOtherCollaboration(t, w.admin, { tokens: 'signed' });
  });

  it('creates a subscription with defaults, lists it, gets it and deletes it', async () => {
    const api = w.orgs.police.member.api;
    const empty = await api.post('/api/subscriptions', {});
    expect(empty.status).toBe(201);
    expect(empty.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/), areaIds: [], placeIds: [], categories: [], minSeverity: 1, createdAt: expect.any(String),
    });
    const full = await api.post('/api/subscriptions', {
      areaIds: [w.areas.centrum, w.areas.centrum], placeIds: [w.places.skolgarden], categories: ['fire', 'violence', 'fire'], minSeverity: 3,
    });
    expect(full.status).toBe(201);
    expect(full.body).toEqual(expect.objectContaining({ areaIds: [w.areas.centrum], placeIds: [w.places.skolgarden], minSeverity: 3 }));
    expect([...full.body.categories].sort()).toEqual(['fire', 'violence']);
    expect(Date.parse(full.body.createdAt)).not.toBeNaN();

    const list = await api.get('/api/subscriptions');
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: any) => s.id)).toEqual([empty.body.id, full.body.id]);
    expect(list.body.items[1]).toEqual(full.body);

    const one = await api.get(`/api/subscriptions/${full.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(full.body);

    expect((await api.delete(`/api/subscriptions/${full.body.id}`)).status).toBe(204);
    expect((await api.get(`/api/subscriptions/${full.body.id}`)).status).toBe(404);
    expect((await api.delete(`/api/subscriptions/${full.body.id}`)).status).toBe(404);
    expect((await api.get('/api/subscriptions')).body.items.map((s: any) => s.id)).toEqual([empty.body.id]);
    expect((await api.delete(`/api/subscriptions/${empty.body.id}`)).status).toBe(204);
    expect((await api.get('/api/subscriptions')).body.items).toEqual([]);
  });

  it.each([
    ['an unknown category', { categories: ['shoplifting'] }],
    ['a category that is not a string', { categories: [7] }],
    ['categories that are not an array', { categories: 'fire' }],
    ['minSeverity 0', { minSeverity: 0 }],
    ['minSeverity 6', { minSeverity: 6 }],
    ['a fractional minSeverity', { minSeverity: 2.5 }],
    ['a minSeverity that is a string', { minSeverity: 'high' }],
    ['an area id that is not a UUID', { areaIds: ['centrum'] }],
    ['a place id that is not a UUID', { placeIds: [randomUUID(), 'nope'] }],
    ['areaIds that are not an array', { areaIds: 'x' }],
    ['an unknown field', { keywords: ['klotter'] }],
    ['a userId (you can only subscribe yourself)', { userId: randomUUID() }],
  ])('refuses %s with 400', async (_, body) => {
    const res = await w.orgs.police.member.api.post('/api/subscriptions', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(expect.objectContaining({ statusCode: 400, error: expect.any(String) }));
  });

  it('answers 404 for an unknown area or place, and for those of another collaboration', async () => {
    const api = w.orgs.police.member.api;
    for (const body of [
      { areaIds: [randomUUID()] }, { placeIds: [randomUUID()] },
      { areaIds: [other.area] }, { placeIds: [other.place] },
      { areaIds: [w.areas.centrum, other.area] }, { placeIds: [w.places.torget, other.place] },
    ]) {
      const res = await api.post('/api/subscriptions', body);
      expect({ body, status: res.status }).toEqual({ body, status: 404 });
    }
    expect((await api.get('/api/subscriptions')).body.items).toEqual([]);
  });

  it("hides another user's subscription (404), even from a coordinator or admin of the same organisation", async () => {
    const mine = await subscribe(w.orgs.school.member.api, { categories: ['fire'] });
    for (const u of [w.orgs.school.coordinator, w.orgs.school.admin, w.orgs.police.member]) {
      expect((await u.api.get(`/api/subscriptions/${mine.id}`)).status).toBe(404);
      expect((await u.api.delete(`/api/subscriptions/${mine.id}`)).status).toBe(404);
      expect((await u.api.get('/api/subscriptions')).body.items.map((s: any) => s.id)).not.toContain(mine.id);
    }
    expect((await w.orgs.school.member.api.get(`/api/subscriptions/${mine.id}`)).body).toEqual(mine);
    expect((await w.orgs.school.member.api.delete(`/api/subscriptions/${mine.id}`)).status).toBe(204);
  });

  it('allows at most 50 subscriptions per user, also when they are created concurrently', async () => {
    const u = await createUser(t, w.admin, w.orgs.municipality.id, 'member', { label: 'many-subs', tokens: 'signed' });
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => u.api.post('/api/subscriptions', { minSeverity: 1 + (i % 5) })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((x) => x !== 201 && x !== 409)).toEqual([]);
    const list = await u.api.get('/api/subscriptions');
    expect({ created: statuses.filter((x) => x === 201).length, stored: list.body.items.length }).toEqual({ created: 50, stored: 50 });
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.body.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    // Deleting one makes room for exactly one more.
    expect((await u.api.delete(`/api/subscriptions/${list.body.items[0].id}`)).status).toBe(204);
    expect((await u.api.post('/api/subscriptions', {})).status).toBe(201);
    expect((await u.api.post('/api/subscriptions', {})).status).toBe(409);
  });

  it('answers 400 for an id that is not a UUID', async () => {
    expect((await w.orgs.police.member.api.get('/api/subscriptions/abc')).status).toBe(400);
    expect((await w.orgs.police.member.api.delete('/api/subscriptions/abc')).status).toBe(400);
  });

  it('answers 401 without a token', async () => {
    const id = randomUUID();
    expect((await w.anonymous.post('/api/subscriptions', {})).status).toBe(401);
    expect((await w.anonymous.get('/api/subscriptions')).status).toBe(401);
    expect((await w.anonymous.get(`/api/subscriptions/${id}`)).status).toBe(401);
    expect((await w.anonymous.delete(`/api/subscriptions/${id}`)).status).toBe(401);
  });
});

describe('what a subscription lets through', () => {
  type Key = 'area' | 'place' | 'areaOrPlace' | 'category' | 'severity' | 'combined' | 'several' | 'everything' | 'hamnen' | 'none';
  const feeds = {} as Record<Key, FeedClient>;
  const E = {} as Record<string, any>;

  beforeAll(async () => {
    const setup: [Key, TestUser, Record<string, unknown>[]][] = [
      ['area', w.orgs.police.coordinator, [{ areaIds: [w.areas.centrum] }]],
      ['hamnen', w.orgs.police.admin, [{ areaIds: [w.areas.hamnen] }]],
      ['place', w.orgs.school.coordinator, [{ placeIds: [w.places.skolgarden] }]],
      ['category', w.orgs.school.admin, [{ categories: ['drug_dealing', 'violence'] }]],
      ['severity', w.orgs.municipality.member, [{ minSeverity: 4 }]],
      ['combined', w.orgs.municipality.coordinator, [{ areaIds: [w.areas.centrum], categories: ['fire'], minSeverity: 3 }]],
      ['several', w.orgs.municipality.admin, [{ placeIds: [w.places.torget] }, { categories: ['violence'], minSeverity: 4 }]],
      ['areaOrPlace', w.orgs.social.coordinator, [{ areaIds: [w.areas.centrum], placeIds: [w.places.skolgarden] }]],
      ['everything', w.orgs.school.member, [{}]],
      ['none', w.orgs.social.admin, []],
    ];
    for (const [key, user, subs] of setup) {
      for (const s of subs) await subscribe(user.api, s);
      feeds[key] = await connectFeed(t.url, user.token, key);
      sockets.push(feeds[key]);
    }
    const post = (over: Record<string, unknown>) => {
      const { location, placeId, ...rest } = over;
      const body = reportBody(rest);
      if (placeId) delete (body as Record<string, unknown>).location;
      return postReport(w.orgs.police.member.api, { ...body, ...(placeId ? { placeId } : { location }) });
    };
    E.torgetVandalism2 = await post({ placeId: w.places.torget, category: 'vandalism', severity: 2 });
    E.skolgardenDrugs5 = await post({ placeId: w.places.skolgarden, category: 'drug_dealing', severity: 5 });
    E.outsideFire3 = await post({ location: OUTSIDE, category: 'fire', severity: 3 });
    E.centrumFire3 = await post({ location: IN_CENTRUM, category: 'fire', severity: 3 });
    E.centrumFire2 = await post({ location: IN_CENTRUM, category: 'fire', severity: 2 });
    E.skolgardenViolence1 = await post({ placeId: w.places.skolgarden, category: 'violence', severity: 1 });
    E.outsideViolence4 = await post({ location: OUTSIDE, category: 'violence', severity: 4 });
    // Visible to the police only: a subscription never widens what someone may see.
    E.torgetFireOwn5 = await post({ placeId: w.places.torget, category: 'fire', severity: 5, visibility: 'own' });
  });

  const expected: Record<Key, string[]> = {
    area: ['torgetVandalism2', 'centrumFire3', 'centrumFire2', 'torgetFireOwn5'],
    hamnen: ['skolgardenDrugs5', 'skolgardenViolence1'],
    place: ['skolgardenDrugs5', 'skolgardenViolence1'],
    areaOrPlace: ['torgetVandalism2', 'skolgardenDrugs5', 'centrumFire3', 'centrumFire2', 'skolgardenViolence1'],
    category: ['skolgardenDrugs5', 'skolgardenViolence1', 'outsideViolence4'],
    severity: ['skolgardenDrugs5', 'outsideViolence4'],
    combined: ['centrumFire3'],
    several: ['torgetVandalism2', 'outsideViolence4'],
    everything: ['torgetVandalism2', 'skolgardenDrugs5', 'outsideFire3', 'centrumFire3', 'centrumFire2', 'skolgardenViolence1', 'outsideViolence4'],
    none: [],
  };

  it('the reports landed where the filters expect them (place → its area, a point → the area containing it)', () => {
    expect(E.torgetVandalism2.area?.id).toBe(w.areas.centrum);
    expect(E.skolgardenDrugs5.area?.id).toBe(w.areas.hamnen);
    expect(E.centrumFire3.area?.id).toBe(w.areas.centrum);
    expect(E.centrumFire3.place).toBeNull();
    expect(E.outsideFire3.area).toBeNull();
  });

  it.each(Object.keys(expected) as Key[])('subscription "%s" receives exactly its events, in order', async (key) => {
    const want = expected[key].map((n) => E[n].seq);
    await feeds[key].waitForAll(want);
    // Anything that should not have come would have come with the others (same fan-out pass per event).
    await feeds.everything.waitForSeq(E.outsideViolence4.seq);
    await sleep(150);
    const got = feeds[key].events.map((e) => e.seq);
    expect(got).toEqual(want);
    for (const e of feeds[key].events) expect(e.name).toBe('report:created');
  });

  it('a subscription made while connected takes effect, and a deleted one stops', async () => {
    const u = w.orgs.social.member;
    const witness = feeds.everything;
    const feed = await connectFeed(t.url, u.token, 'late subscriber');
    sockets.push(feed);
    const probe = (description: string) => postReport(w.orgs.police.member.api, reportBody({ description, category: 'fire' }));
    const ignored = await probe('Innan prenumerationen');
    await witness.waitForSeq(ignored.seq);
    await sleep(150);
    expect(feed.has(ignored.seq)).toBe(false);

    const sub = await subscribe(u.api, { categories: ['fire'] });
    // Subscriptions reach the sockets through a notification: wait until a probe gets through.
    await eventually(async () => {
      const p = await probe('Efter prenumerationen');
      return feed.waitForSeq(p.seq, 400).then(() => true, () => false);
    }, 5000, 'the new subscription to take effect');
    const next = await probe('Ska komma fram');
    const other = await postReport(w.orgs.police.member.api, reportBody({ description: 'Annan kategori', category: 'littering' }));
    await feed.waitForSeq(next.seq);
    await witness.waitForSeq(other.seq);
    await sleep(150);
    expect(feed.has(other.seq)).toBe(false);

    expect((await u.api.delete(`/api/subscriptions/${sub.id}`)).status).toBe(204);
    await eventually(async () => {
      const p = await probe('Efter borttagen prenumeration');
      await witness.waitForSeq(p.seq);
      await sleep(150);
      return !feed.has(p.seq);
    }, 5000, 'the deleted subscription to stop');
    const after = await probe('Ska inte komma fram');
    await witness.waitForSeq(after.seq);
    await sleep(150);
    expect(feed.has(after.seq)).toBe(false);
  });

  it('a filter changed in place (PATCH, same id) takes effect while connected: the new category arrives, the old one stops', async () => {
    const u = w.orgs.social.coordinator;
    const witness = feeds.everything;
    // Only this subscription: none left by other tests.
    for (const other of (await u.api.get('/api/subscriptions')).body.items) await u.api.delete(`/api/subscriptions/${other.id}`);
    const sub = await subscribe(u.api, { categories: ['fire'] });
    const feed = await connectFeed(t.url, u.token, 'filter changed in place');
    sockets.push(feed);
    const post = (description: string, category: string) => postReport(w.orgs.police.member.api, reportBody({ description, category }));
    const changed = await u.api.patch(`/api/subscriptions/${sub.id}`, { categories: ['graffiti_x'] });
    expect({ status: changed.status, field: changed.body.field }).toEqual({ status: 400, field: 'categories' });
    const res = await u.api.patch(`/api/subscriptions/${sub.id}`, { categories: ['littering'], minSeverity: 2 });
    expect({ status: res.status, id: res.body.id, categories: res.body.categories, minSeverity: res.body.minSeverity })
      .toEqual({ status: 200, id: sub.id, categories: ['littering'], minSeverity: 2 });
    await eventually(async () => {
      const p = await post('Skräp efter ändringen', 'littering');
      return feed.waitForSeq(p.seq, 400).then(() => true, () => false);
    }, 5000, 'the changed filter to take effect');
    const fire = await post('Brand efter ändringen', 'fire');
    await witness.waitForSeq(fire.seq);
    await sleep(150);
    expect(feed.has(fire.seq)).toBe(false);
    expect((await u.api.get('/api/subscriptions')).body.items.map((x: { id: string }) => x.id)).toEqual([sub.id]);
  });

  it('subscriptions made all at once while connected all take effect (no stale reload wins)', async () => {
    const categories = ['drug_dealing', 'drug_use', 'youth_at_risk', 'disorder', 'nightlife', 'unsafe_place', 'lighting', 'burglary', 'gathering', 'event'];
    for (let round = 0; round < 3; round++) {
      const u = await createUser(t, w.admin, w.orgs.social.id, 'member', { label: `burst-${round}`, tokens: 'signed' });
      const feed = await connectFeed(t.url, u.token, `burst ${round}`);
      sockets.push(feed);
      await Promise.all(categories.map((c) => subscribe(u.api, { categories: [c] })));
      expect((await u.api.get('/api/subscriptions')).body.items).toHaveLength(categories.length);
      // Let every notification land, then probe each category.
      await eventually(async () => {
        const p = await postReport(w.orgs.police.member.api, reportBody({ description: 'Prov', category: categories[0] }));
        return feed.waitForSeq(p.seq, 400).then(() => true, () => false);
      }, 5000, 'the subscriptions to take effect');
      await sleep(200);
      const probes = [];
      for (const c of categories) probes.push(await postReport(w.orgs.police.member.api, reportBody({ description: `Prov ${c}`, category: c })));
      await feed.waitForAll(probes.map((p) => p.seq), 3000);
      feed.close();
    }
  });
});
