import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Api } from '../support/api.js';
import { startTestApp, TEST_ADMIN, type TestApp } from '../support/app.js';
import { buildOtherCollaboration, buildWorld, createUser, type OtherCollaboration, PASSWORD, reportBody, type TestUser, type World } from '../support/world.js';
import { expectError, ISO_WITH_OFFSET, newId, UUID_RE, walk } from './helpers.js';

// Each file starts its own service and builds its people (argon2): generous on a busy 2-core machine.
jest.setTimeout(60_000);

const KINDS = ['police', 'municipality', 'property_owner', 'business', 'school', 'social_services', 'other'];
let n = 0;
const uniq = (s: string) => `${s} ${++n} ${Date.now().toString(36)}`;

describe('people: organisations, users, collaborations and tenant isolation', () => {
  let t: TestApp;
  let w: World;
  let other: OtherCollaboration;
  /** The municipality's collaboration admin: manages the organisations and every organisation's users. */
  let collab: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t);
    other = await buildOtherCollaboration(t, w.admin);
    collab = await createUser(t, w.admin, w.orgs.municipality.id, 'collaboration_admin');
  });
  afterAll(() => t?.close());

  describe('organisations', () => {
    it('a collaboration admin creates one of every kind; the answer has id, name, kind, createdAt', async () => {
      for (const kind of KINDS) {
        const name = uniq(`Partner ${kind}`);
        const res = await collab.api.post('/api/organisations', { name, kind });
        expect(res.status).toBe(201);
        expect(res.body).toEqual({ id: expect.stringMatching(UUID_RE), name, kind, createdAt: expect.stringMatching(ISO_WITH_OFFSET) });
      }
    });

    it("members, coordinators and an organisation's admin get 403, and nothing is created", async () => {
      const before = await w.orgs.police.member.api.get('/api/organisations?limit=500');
      for (const who of [w.orgs.police.member, w.orgs.school.coordinator, w.orgs.police.admin]) {
        expectError(await who.api.post('/api/organisations', { name: uniq('Inte tillåten'), kind: 'other' }), 403);
      }
      const after = await w.orgs.police.member.api.get('/api/organisations?limit=500');
      expect(after.body.items.length).toBe(before.body.items.length);
    });

    it('validates kind and name, and refuses a duplicate name (any case) with 409', async () => {
      const a = collab.api;
      expectError(await a.post('/api/organisations', { name: uniq('Kyrkan'), kind: 'church' }), 400, { field: 'kind' });
      expectError(await a.post('/api/organisations', { name: uniq('Utan kind') }), 400, { field: 'kind' });
      expectError(await a.post('/api/organisations', { kind: 'other' }), 400, { field: 'name' });
      expectError(await a.post('/api/organisations', { name: '   ', kind: 'other' }), 400, { field: 'name' });
      expectError(await a.post('/api/organisations', { name: 'x'.repeat(201), kind: 'other' }), 400, { field: 'name' });
      expect((await a.post('/api/organisations', { name: 'y'.repeat(200), kind: 'other' })).status).toBe(201);
      const name = uniq('Bostadsbolaget');
      expect((await a.post('/api/organisations', { name, kind: 'property_owner' })).status).toBe(201);
      expectError(await a.post('/api/organisations', { name: name.toUpperCase(), kind: 'property_owner' }), 409);
    });

    it('concurrent creations of one name: exactly one is created, the others are 409', async () => {
      const name = uniq('Samtidiga partnern');
      const answers = await Promise.all([0, 1, 2, 3].map(() => collab.api.post('/api/organisations', { name, kind: 'business' })));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
      for (const a of answers.filter((x) => x.status === 409)) expectError(a, 409);
    });

    it('lists the partners of the collaboration as { items, nextCursor }, paged by limit and cursor', async () => {
      const all = await w.orgs.school.member.api.get('/api/organisations?limit=500');
      expect(all.status).toBe(200);
      expect(Object.keys(all.body).sort()).toEqual(['items', 'nextCursor']);
      expect(all.body.nextCursor).toBeNull();
      const ids = all.body.items.map((o: { id: string }) => o.id);
      for (const key of ['police', 'municipality', 'school', 'social'] as const) expect(ids).toContain(w.orgs[key].id);
      expect(ids).not.toContain(other.org.id);
      expect(all.body.items.length).toBeGreaterThan(5);
      const first = await w.orgs.school.member.api.get('/api/organisations?limit=2');
      expect(first.body.items).toHaveLength(2);
      expect(typeof first.body.nextCursor).toBe('string');
      const paged = await walk(w.orgs.school.member.api, '/api/organisations', 2);
      expect(paged.items.map((o: { id: string }) => o.id)).toEqual(ids);
      expect(new Set(paged.items.map((o: { id: string }) => o.id)).size).toBe(ids.length);
      expect(paged.pages).toBe(Math.ceil(ids.length / 2));
    });
  });

  describe('users', () => {
    const userBody = (over: Record<string, unknown> = {}) => ({
      email: `person.${++n}.${Date.now()}@test.lagesbild`, name: 'Anna Berg', organisationId: '', role: 'member', password: 'twelve-chars', ...over,
    });

    it("an organisation's admin creates a user of its organisation: the answer has the contract fields and no password", async () => {
      const body = userBody({ organisationId: w.orgs.school.id, email: `Mixed.Case.${Date.now()}@Test.Lagesbild`, role: 'coordinator' });
      const res = await w.orgs.school.admin.api.post('/api/users', body);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID_RE), email: body.email.toLowerCase(), name: 'Anna Berg', role: 'coordinator', disabled: false,
        organisation: { id: w.orgs.school.id, name: w.orgs.school.name, kind: 'school' }, version: 1, createdAt: expect.stringMatching(ISO_WITH_OFFSET),
      });
      expect(res.text).not.toContain('twelve-chars');
      const login = await new Api(t.url).post('/api/auth/login', { email: body.email, password: 'twelve-chars' });
      expect(login.status).toBe(200);
      expect(login.body.user.role).toBe('coordinator');
    });

    it('members and coordinators get 403 on every users route', async () => {
      for (const who of [w.orgs.police.member, w.orgs.police.coordinator]) {
        expectError(await who.api.post('/api/users', userBody({ organisationId: w.orgs.police.id })), 403);
        expectError(await who.api.get('/api/users'), 403);
        expectError(await who.api.get(`/api/users/${w.orgs.police.member.id}`), 403);
        expectError(await who.api.patch(`/api/users/${w.orgs.police.member.id}`, { version: 1, name: 'Ny' }), 403);
      }
    });

    it('a password under 12 characters is 400 naming password; 12 is enough unless it is easy to guess', async () => {
      expectError(await w.orgs.police.admin.api.post('/api/users', userBody({ organisationId: w.orgs.police.id, password: 'elevenchars' })), 400, { field: 'password' });
      expect((await w.orgs.police.admin.api.post('/api/users', userBody({ organisationId: w.orgs.police.id, password: 'twelve-chars' }))).status).toBe(201);
      for (const password of ['123456789012', ' '.repeat(12), 'password1234', 'qwertyuiopasdf', 'aaaaaaaaaaaa']) {
        const res = await w.orgs.police.admin.api.post('/api/users', userBody({ organisationId: w.orgs.police.id, password }));
        expectError(res, 400, { field: 'password' });
        expect(res.text).not.toContain(password.trim() || 'xx');
      }
    });

    it("an organisation's admin reaches only its own organisation's users; a collaboration admin reaches all", async () => {
      const police = w.orgs.police;
      // Create in another organisation, set another organisation's coordinator's password, promote to collaboration admin.
      expectError(await w.orgs.school.admin.api.post('/api/users', userBody({ organisationId: police.id })), 403);
      const target = (await w.admin.get(`/api/users/${police.coordinator.id}`)).body;
      expectError(await w.orgs.school.admin.api.patch(`/api/users/${police.coordinator.id}`, { version: target.version, password: 'hijacked-password-123' }), 403);
      expectError(await police.admin.api.post('/api/users', userBody({ organisationId: police.id, role: 'collaboration_admin' })), 403);
      expectError(await police.admin.api.patch(`/api/users/${collab.id}`, { version: 1, disabled: true }), 403);
      // The police coordinator's password is unchanged: their token still works and the old password still logs in.
      expect((await police.coordinator.api.get('/api/me')).status).toBe(200);
      expect((await new Api(t.url).post('/api/auth/login', { email: police.coordinator.email, password: PASSWORD })).status).toBe(200);
      // A collaboration admin manages every organisation's users, and may make another collaboration admin.
      const made = await collab.api.post('/api/users', userBody({ organisationId: police.id, role: 'collaboration_admin' }));
      expect(made.status).toBe(201);
      expect((await collab.api.patch(`/api/users/${made.body.id}`, { version: 1, role: 'coordinator' })).status).toBe(200);
    });

    it('a duplicate e-mail address (any case) in the collaboration is 409; another collaboration does not tell', async () => {
      const body = userBody({ organisationId: w.orgs.police.id });
      expect((await w.orgs.police.admin.api.post('/api/users', body)).status).toBe(201);
      expectError(await collab.api.post('/api/users', { ...body, email: body.email.toUpperCase(), organisationId: w.orgs.school.id }), 409);
      expectError(await w.orgs.police.admin.api.post('/api/users', { ...body, email: TEST_ADMIN.email }), 409);
      // The same address is a new account in another collaboration: its admin learns nothing about this one's people.
      expect((await other.org.admin.api.post('/api/users', { ...body, organisationId: other.org.id })).status).toBe(201);
    });

    it('concurrent creations of one e-mail address: exactly one is created, the others are 409', async () => {
      const body = userBody({ organisationId: w.orgs.police.id });
      const answers = await Promise.all([0, 1, 2, 3].map((i) => w.orgs.police.admin.api.post('/api/users', { ...body, name: `Samtidig ${i}` })));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
      const all = await walk(w.orgs.police.admin.api, `/api/users?organisationId=${w.orgs.police.id}`, 500);
      expect(all.items.filter((u: { email: string }) => u.email === body.email)).toHaveLength(1);
    });

    it('validates role, e-mail and organisationId; an organisation of another collaboration or none at all is 404', async () => {
      const a = w.orgs.police.admin.api;
      expectError(await a.post('/api/users', userBody({ organisationId: w.orgs.police.id, role: 'superuser' })), 400, { field: 'role' });
      expectError(await a.post('/api/users', userBody({ organisationId: w.orgs.police.id, email: 'not-an-address' })), 400, { field: 'email' });
      expectError(await a.post('/api/users', userBody({ organisationId: 'not-a-uuid' })), 400, { field: 'organisationId' });
      expectError(await a.post('/api/users', userBody({ organisationId: other.org.id })), 404);
      expectError(await a.post('/api/users', userBody({ organisationId: newId() })), 404);
      expectError(await a.post('/api/users', userBody({ organisationId: w.orgs.police.id, platformAdmin: true })), 400, { field: 'platformAdmin' });
    });

    it('lists users of the collaboration, by organisation, paged', async () => {
      const a = w.orgs.social.admin.api;
      const all = await walk(a, '/api/users', 3);
      const ids = all.items.map((u: { id: string }) => u.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const key of ['police', 'municipality', 'school', 'social'] as const) expect(ids).toContain(w.orgs[key].member.id);
      expect(ids).not.toContain(other.org.member.id);
      const school = await a.get(`/api/users?organisationId=${w.orgs.school.id}&limit=500`);
      expect(school.body.items.length).toBeGreaterThanOrEqual(3);
      expect(school.body.items.every((u: { organisation: { id: string } }) => u.organisation.id === w.orgs.school.id)).toBe(true);
    });

    it('PATCH with the current version changes the user; a stale version is 409 and changes nothing', async () => {
      const a = w.orgs.school.admin.api;
      const target = w.orgs.school.member;
      const v = (await a.get(`/api/users/${target.id}`)).body.version;
      const ok = await a.patch(`/api/users/${target.id}`, { version: v, name: 'Nytt Namn', role: 'coordinator' });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual(expect.objectContaining({ name: 'Nytt Namn', role: 'coordinator', version: v + 1 }));
      const stale = await a.patch(`/api/users/${target.id}`, { version: v, name: 'Gammalt Namn', role: 'member' });
      expectError(stale, 409);
      const now = await a.get(`/api/users/${target.id}`);
      expect(now.body).toEqual(expect.objectContaining({ name: 'Nytt Namn', role: 'coordinator', version: v + 1 }));
      expectError(await a.patch(`/api/users/${newId()}`, { version: 1, name: 'Ingen' }), 404);
    });

    it("an organisation's admin cannot change, disable or take over a platform admin", async () => {
      const me = await w.admin.get('/api/me');
      const a = w.orgs.school.admin.api;
      const target = await a.get(`/api/users/${me.body.id}`);
      expect(target.status).toBe(200);
      expectError(await a.patch(`/api/users/${me.body.id}`, { version: target.body.version, password: 'hijacked-password-123' }), 403);
      expectError(await a.patch(`/api/users/${me.body.id}`, { version: target.body.version, disabled: true }), 403);
      expectError(await a.patch(`/api/users/${me.body.id}`, { version: target.body.version, role: 'member' }), 403);
      expect((await new Api(t.url).post('/api/auth/login', { email: TEST_ADMIN.email, password: 'hijacked-password-123' })).status).toBe(401);
      expect((await new Api(t.url).post('/api/auth/login', { email: TEST_ADMIN.email, password: TEST_ADMIN.password })).status).toBe(200);
      expect((await a.get(`/api/users/${me.body.id}`)).body.version).toBe(target.body.version);
    });
  });

  describe('collaborations', () => {
    it('the platform admin creates one: id, name, municipality, createdAt', async () => {
      const res = await w.admin.post('/api/collaborations', { name: 'Trygg i Vara', municipality: 'Vara' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.stringMatching(UUID_RE), name: 'Trygg i Vara', municipality: 'Vara', createdAt: expect.stringMatching(ISO_WITH_OFFSET) });
      const list = await walk(w.admin, '/api/collaborations', 500);
      expect(list.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([res.body.id, other.id]));
    });

    it('an organisation admin, a coordinator and a member get 403', async () => {
      for (const who of [w.orgs.police.admin, w.orgs.police.coordinator, w.orgs.police.member, other.org.admin]) {
        expectError(await who.api.post('/api/collaborations', { name: 'Trygg i Skara', municipality: 'Skara' }), 403);
        expectError(await who.api.get('/api/collaborations'), 403);
      }
    });

    it('validates its fields', async () => {
      expectError(await w.admin.post('/api/collaborations', { name: 'Utan kommun' }), 400, { field: 'municipality' });
      expectError(await w.admin.post('/api/collaborations', { name: 'x'.repeat(201), municipality: 'Vara' }), 400, { field: 'name' });
      expectError(await w.admin.post('/api/collaborations', { name: 'Okänt fält', municipality: 'Vara', region: 'VG' }), 400, { field: 'region' });
    });

    it('only a platform admin may add an organisation to another collaboration; for others that id is 404', async () => {
      expectError(await collab.api.post('/api/organisations', { name: uniq('Intrång'), kind: 'other', collaborationId: other.id }), 404);
      // An organisation's admin may not add organisations at all (403 whatever the id).
      expectError(await other.org.admin.api.post('/api/organisations', { name: uniq('Intrång'), kind: 'other', collaborationId: (await w.orgs.police.member.api.get('/api/me')).body.collaboration.id }), 403);
      expectError(await w.admin.post('/api/organisations', { name: uniq('Ingenstans'), kind: 'other', collaborationId: newId() }), 404);
      const names = (await other.org.member.api.get('/api/organisations?limit=500')).body.items.map((o: { name: string }) => o.name);
      expect(names.some((x: string) => x.startsWith('Intrång'))).toBe(false);
    });
  });

  describe('nothing crosses from one collaboration to another', () => {
    let reportA: string;
    let reportB: string;
    beforeAll(async () => {
      const a = await w.orgs.police.member.api.post('/api/reports', reportBody({ placeId: w.places.torget, description: 'Rapport i samverkan A.' }));
      const b = await other.org.member.api.post('/api/reports', reportBody({ description: 'Rapport i samverkan B.' }));
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      reportA = a.body.id;
      reportB = b.body.id;
    });

    it("a user of the other collaboration sees none of this one's organisations, areas, places, reports", async () => {
      const u = other.org.coordinator.api;
      const orgs = (await u.get('/api/organisations?limit=500')).body.items.map((o: { id: string }) => o.id);
      expect(orgs).toEqual([other.org.id]);
      const areas = (await u.get('/api/areas?limit=500')).body.items.map((o: { id: string }) => o.id);
      expect(areas).toEqual([other.area]);
      const places = (await u.get('/api/places?limit=500')).body.items.map((o: { id: string }) => o.id);
      expect(places).toEqual([other.place]);
      expect((await u.get(`/api/places?areaId=${w.areas.centrum}`)).body.items).toEqual([]);
      const reports = (await u.get('/api/reports?limit=500')).body.items.map((o: { id: string }) => o.id);
      expect(reports).toEqual([reportB]);
      expect((await u.get(`/api/reports?organisationId=${w.orgs.police.id}`)).body.items).toEqual([]);
      expect((await u.get(`/api/reports?areaId=${w.areas.centrum}`)).body.items).toEqual([]);
    });

    it("every id of this collaboration answers 404 to the other one's users, for reading and for writing", async () => {
      const { member, coordinator, admin } = other.org;
      const cases: [Api, string, string, unknown?][] = [
        [member.api, 'GET', `/api/reports/${reportA}`],
        [member.api, 'GET', `/api/reports/${reportA}/comments`],
        [member.api, 'GET', `/api/reports/${reportA}/history`],
        [member.api, 'POST', `/api/reports/${reportA}/comments`, { body: 'Hej från B.' }],
        [coordinator.api, 'PATCH', `/api/reports/${reportA}`, { version: 1, status: 'acknowledged' }],
        [admin.api, 'PATCH', `/api/reports/${reportA}`, { version: 1, severity: 5 }],
        [member.api, 'GET', `/api/areas/${w.areas.centrum}`],
        [member.api, 'GET', `/api/places/${w.places.torget}`],
        [member.api, 'POST', '/api/reports', reportBody({ placeId: w.places.torget })],
        [member.api, 'POST', '/api/reports', reportBody({ visibility: 'organisations', sharedWithOrganisationIds: [w.orgs.police.id] })],
        [coordinator.api, 'POST', '/api/places', { name: 'Intrång', areaId: w.areas.centrum, location: { lat: 58.5, lng: 13.16 } }],
        [admin.api, 'GET', `/api/users/${w.orgs.police.member.id}`],
        [admin.api, 'PATCH', `/api/users/${w.orgs.police.member.id}`, { version: 1, disabled: true }],
        [admin.api, 'POST', '/api/users', { email: `intrang.${Date.now()}@test.lagesbild`, name: 'Intrång', organisationId: w.orgs.police.id, role: 'admin', password: PASSWORD }],
        [coordinator.api, 'PATCH', `/api/reports/${reportB}`, { version: 1, placeId: w.places.torget }],
      ];
      for (const [api, method, path, body] of cases) {
        const res = await api.request(method, path, body);
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
        expectError(res, 404);
      }
      // And nothing was changed: the report of A is as it was, the police member still works.
      const a = await w.orgs.police.member.api.get(`/api/reports/${reportA}`);
      expect(a.body).toEqual(expect.objectContaining({ version: 1, status: 'new', severity: 2 }));
      expect((await w.orgs.police.member.api.get(`/api/reports/${reportA}/comments`)).body.items).toEqual([]);
      expect((await w.orgs.police.member.api.get('/api/me')).status).toBe(200);
    });

    it("this collaboration's users (also the platform admin) get 404 for the other one's report", async () => {
      for (const api of [w.orgs.police.coordinator.api, w.admin]) {
        expectError(await api.get(`/api/reports/${reportB}`), 404);
        expectError(await api.post(`/api/reports/${reportB}/comments`, { body: 'Hej från A.' }), 404);
        expectError(await api.patch(`/api/reports/${reportB}`, { version: 1, severity: 5 }), 404);
        expect((await api.get('/api/reports?limit=500')).body.items.map((r: { id: string }) => r.id)).not.toContain(reportB);
      }
    });

    it("a point is put in an area of the caller's own collaboration, never in another's at the same spot", async () => {
      const place = await other.org.member.api.post('/api/places', { name: 'Samma punkt', location: { lat: 58.5034, lng: 13.1575 } });
      expect(place.status).toBe(201);
      expect(place.body.area).toEqual(expect.objectContaining({ id: other.area }));
      const rep = await other.org.member.api.post('/api/reports', reportBody());
      expect(rep.body.area?.id).toBe(other.area);
      const mine = await w.orgs.police.member.api.post('/api/reports', reportBody());
      expect(mine.body.area?.id).toBe(w.areas.centrum);
    });

    it("the audit log of one collaboration holds nothing of the other's", async () => {
      const res = await other.org.admin.api.get(`/api/audit?entityId=${reportA}`);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
      const own = await w.orgs.police.admin.api.get(`/api/audit?entityId=${reportA}`);
      expect(own.body.items.length).toBeGreaterThan(0);
    });
  });
});
