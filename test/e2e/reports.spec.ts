import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Api } from '../support/api.js';
import { withDb } from '../support/db.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildWorld, createUser, reportBody, type TestUser, type World } from '../support/world.js';
import { ago, expectError, ISO_WITH_OFFSET, messageText, newId, UUID_RE, walk } from './helpers.js';

// Each file starts its own service and builds its people (argon2): generous on a busy 2-core machine.
jest.setTimeout(60_000);

/** The categories of api-contract.md with their Swedish labels. */
const CONTRACT_CATEGORIES: Record<string, string> = {
  drug_dealing: 'narkotikaförsäljning', drug_use: 'narkotikabruk', youth_at_risk: 'ungdomar i riskzon', disorder: 'ordningsstörning',
  nightlife: 'krogmiljö', unsafe_place: 'otrygg plats', vandalism: 'skadegörelse', littering: 'nedskräpning', lighting: 'belysning',
  traffic_speeding: 'hastighet', traffic_drunk_driving: 'rattfylleri', gathering: 'folksamling', reckless_driving: 'buskörning',
  violence: 'våld', burglary: 'inbrott', fire: 'brand, anlagd brand', threat_to_staff: 'hot mot personal', event: 'arrangemang', other: 'övrigt',
};

const STATUSES = ['new', 'acknowledged', 'in_progress', 'resolved', 'closed'] as const;
type Status = (typeof STATUSES)[number];
/** The lifecycle: closed is final, resolved may be reopened, triage states are for coordinators. */
const LEGAL: Record<Status, Status[]> = {
  new: ['acknowledged', 'in_progress', 'resolved', 'closed'],
  acknowledged: ['in_progress', 'resolved', 'closed'],
  in_progress: ['acknowledged', 'resolved', 'closed'],
  resolved: ['in_progress', 'closed'],
  closed: [],
};

type Report = Record<string, any>;

describe('reports', () => {
  let t: TestApp;
  let w: World;
  let author: TestUser;
  let coordinator: Api;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t);
    author = w.orgs.police.member;
    coordinator = w.orgs.municipality.coordinator.api;
  });
  afterAll(() => t?.close());

  const create = async (api: Api, over: Record<string, unknown> = {}): Promise<Report> => {
    const res = await api.post('/api/reports', reportBody(over));
    expect({ status: res.status, text: res.status === 201 ? '' : res.text }).toEqual({ status: 201, text: '' });
    return res.body;
  };
  const patch = async (api: Api, id: string, body: Record<string, unknown>) => {
    const version = (await api.get(`/api/reports/${id}`)).body.version;
    return api.patch(`/api/reports/${id}`, { version, ...body });
  };

  describe('categories', () => {
    it('GET /api/categories is public and lists the 19 codes of the contract with Swedish and English labels', async () => {
      const res = await w.anonymous.get('/api/categories');
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(19);
      expect(res.body.items.map((c: { code: string }) => c.code).sort()).toEqual(Object.keys(CONTRACT_CATEGORIES).sort());
      for (const c of res.body.items) {
        expect(c.sv.toLowerCase()).toBe(CONTRACT_CATEGORIES[c.code]);
        expect(typeof c.en).toBe('string');
        expect(c.en.length).toBeGreaterThan(2);
      }
    });

    it('every category is accepted for a report, an unknown one is 400', async () => {
      for (const code of Object.keys(CONTRACT_CATEGORIES)) expect((await create(author.api, { category: code })).category).toBe(code);
      expectError(await author.api.post('/api/reports', reportBody({ category: 'shoplifting' })), 400, { field: 'category' });
    });
  });

  describe('creating', () => {
    it('answers 201 with every field of the contract, at a place', async () => {
      const observedAt = new Date(Date.now() - 2 * 3600_000).toISOString().replace('Z', '+00:00');
      const res = await author.api.post('/api/reports', {
        category: 'drug_dealing', description: '  Misstänkt försäljning vid bänkarna.  ', observedAt, placeId: w.places.torget, severity: 4,
      });
      expect(res.status).toBe(201);
      const r = res.body;
      expect(r).toEqual({
        id: expect.stringMatching(UUID_RE),
        seq: expect.any(Number),
        category: 'drug_dealing',
        description: 'Misstänkt försäljning vid bänkarna.',
        observedAt: new Date(observedAt).toISOString(),
        severity: 4,
        status: 'new',
        visibility: 'partners',
        sharedWithOrganisationIds: [],
        place: { id: w.places.torget, name: 'Nya Stadens torg' },
        location: { lat: 58.5034, lng: 13.1575 },
        area: { id: w.areas.centrum, name: expect.stringMatching(/^Centrum/) },
        organisation: { id: w.orgs.police.id, name: w.orgs.police.name, kind: 'police' },
        author: { id: author.id, name: expect.any(String) },
        assignedTo: null,
        mergedInto: null,
        answer: null,
        createdAt: expect.stringMatching(ISO_WITH_OFFSET),
        updatedAt: expect.stringMatching(ISO_WITH_OFFSET),
        version: 1,
      });
      expect(Number.isInteger(r.seq) && r.seq > 0).toBe(true);
      expect(Math.abs(Date.parse(r.createdAt) - Date.now())).toBeLessThan(60_000);
      // What was answered is what is stored, with the efforts that took it up (none yet).
      const read = await author.api.get(`/api/reports/${r.id}`);
      expect(read.body).toEqual({ ...r, efforts: [] });
    });

    it('seq grows with every report', async () => {
      const a = await create(author.api);
      const b = await create(w.orgs.school.member.api);
      expect(b.seq).toBeGreaterThan(a.seq);
    });

    it('with a location only: no place, the containing area, default severity 2; outside every area: no area', async () => {
      const inside = await create(author.api, { location: { lat: 58.505, lng: 13.16 } });
      expect(inside).toEqual(expect.objectContaining({ place: null, location: { lat: 58.505, lng: 13.16 }, severity: 2 }));
      expect(inside.area?.id).toBe(w.areas.centrum);
      const outside = await create(author.api, { location: { lat: 59.9, lng: 10.7 } });
      expect(outside.area).toBeNull();
      expect(outside.place).toBeNull();
    });

    it('a place: the place, its area and its point; a place and a location together is 400 naming location (neither wins silently)', async () => {
      const r = await create(author.api, { placeId: w.places.skolgarden });
      expect(r.place).toEqual({ id: w.places.skolgarden, name: 'Skolgården' });
      expect(r.area?.id).toBe(w.areas.hamnen);
      expect(r.location).toEqual({ lat: 58.52, lng: 13.2 });
      const both = await author.api.post('/api/reports', reportBody({ placeId: w.places.skolgarden, location: { lat: 58.5201, lng: 13.2001 } }));
      expectError(both, 400, { field: 'location', code: 'PLACE_AND_LOCATION' });
    });

    it('needs a placeId or a location (400), and an unknown placeId is 404', async () => {
      const { location: _omit, ...body } = reportBody();
      const res = await author.api.post('/api/reports', body);
      expectError(res, 400, { code: 'LOCATION_REQUIRED' });
      expect(messageText(res)).toMatch(/placeId|location/);
      expectError(await author.api.post('/api/reports', { ...body, placeId: newId() }), 404, { mentions: /placeId/ });
    });

    it('observedAt more than 5 minutes ahead is 400; 4 minutes ahead (a clock that runs fast) is fine', async () => {
      expectError(await author.api.post('/api/reports', reportBody({ observedAt: new Date(Date.now() + 6 * 60_000).toISOString() })), 400, { field: 'observedAt' });
      expectError(await author.api.post('/api/reports', reportBody({ observedAt: new Date(Date.now() + 24 * 3600_000).toISOString() })), 400, { field: 'observedAt' });
      const soon = new Date(Date.now() + 4 * 60_000).toISOString();
      expect((await create(author.api, { observedAt: soon })).observedAt).toBe(soon);
    });
  });

  describe('status lifecycle', () => {
    const pairs: [Status, Status][] = STATUSES.flatMap((from) => STATUSES.filter((to) => to !== from).map((to) => [from, to] as [Status, Status]));

    it.each(pairs)('%s → %s by a coordinator: legal per the lifecycle, otherwise 400 ILLEGAL_TRANSITION', async (from, to) => {
      const r = await create(author.api);
      if (from !== 'new') expect((await patch(coordinator, r.id, { status: from })).status).toBe(200);
      const res = await patch(coordinator, r.id, { status: to });
      const after = (await author.api.get(`/api/reports/${r.id}`)).body;
      if (LEGAL[from].includes(to)) {
        expect(res.status).toBe(200);
        expect(res.body.status).toBe(to);
        expect(after.status).toBe(to);
      } else {
        expectError(res, 400, { code: 'ILLEGAL_TRANSITION' });
        expect(messageText(res)).toContain(from);
        expect(messageText(res)).toContain(to);
        expect(after.status).toBe(from);
      }
    });

    it('closed is final: no status leads out of it, and it stays closed', async () => {
      const r = await create(author.api);
      expect((await patch(author.api, r.id, { status: 'closed' })).status).toBe(200);
      for (const to of STATUSES.filter((s) => s !== 'closed')) {
        expectError(await patch(w.orgs.police.admin.api, r.id, { status: to }), 400, { code: 'ILLEGAL_TRANSITION' });
      }
      expect((await author.api.get(`/api/reports/${r.id}`)).body.status).toBe('closed');
    });

    it('members may not set acknowledged or in_progress, not even on their own report (403)', async () => {
      const r = await create(author.api);
      expectError(await patch(author.api, r.id, { status: 'acknowledged' }), 403);
      expectError(await patch(author.api, r.id, { status: 'in_progress' }), 403);
      expect((await author.api.get(`/api/reports/${r.id}`)).body).toEqual(expect.objectContaining({ status: 'new', version: 1 }));
    });

    it('the author may resolve and then close their report', async () => {
      const r = await create(author.api);
      const resolved = await patch(author.api, r.id, { status: 'resolved' });
      expect(resolved.status).toBe(200);
      expect(resolved.body.status).toBe('resolved');
      expect((await patch(author.api, r.id, { status: 'closed' })).body.status).toBe('closed');
    });

    it('a member who is not the author may change nothing (403), in the same or another organisation', async () => {
      const colleague = await createUser(t, w.admin, w.orgs.police.id, 'member');
      const r = await create(author.api);
      for (const api of [colleague.api, w.orgs.school.member.api]) {
        expectError(await patch(api, r.id, { severity: 5 }), 403);
        expectError(await patch(api, r.id, { status: 'resolved' }), 403);
        expectError(await patch(api, r.id, { description: 'Ändrad av någon annan.' }), 403);
      }
      expect((await author.api.get(`/api/reports/${r.id}`)).body).toEqual(expect.objectContaining({ version: 1, severity: 2, status: 'new' }));
    });

    it('coordinators and admins of any partner may triage a partners report', async () => {
      const r = await create(author.api);
      expect((await patch(w.orgs.school.coordinator.api, r.id, { status: 'acknowledged' })).status).toBe(200);
      expect((await patch(w.orgs.social.admin.api, r.id, { status: 'in_progress', severity: 3 })).status).toBe(200);
      expect((await author.api.get(`/api/reports/${r.id}`)).body).toEqual(expect.objectContaining({ status: 'in_progress', severity: 3, version: 3 }));
    });
  });

  describe('history', () => {
    it('has a row for the creation and one for every change, with field, from and to; actors shown inside their organisation only', async () => {
      const r = await create(author.api, { placeId: w.places.torget, category: 'vandalism', severity: 2 });
      const munCoordinator = w.orgs.municipality.coordinator;
      expect((await patch(munCoordinator.api, r.id, { severity: 4 })).status).toBe(200);
      expect((await patch(author.api, r.id, { description: 'Klotter på busskuren och bänken.', category: 'littering' })).status).toBe(200);
      expect((await patch(munCoordinator.api, r.id, { status: 'acknowledged' })).status).toBe(200);
      expect((await patch(author.api, r.id, { location: { lat: 59.9, lng: 10.7 } })).status).toBe(200);
      // A PATCH that changes nothing writes no history.
      expect((await patch(author.api, r.id, { severity: 4 })).status).toBe(200);

      const asPolice = await w.orgs.police.coordinator.api.get(`/api/reports/${r.id}/history`);
      expect(asPolice.status).toBe(200);
      const items = asPolice.body.items;
      expect(items.map((h: { action: string }) => h.action)).toEqual(['created', 'updated', 'updated', 'updated', 'updated']);
      const created = items[0];
      expect(created.changes.map((c: { field: string }) => c.field).sort()).toEqual(
        ['area', 'category', 'description', 'location', 'observedAt', 'place', 'severity', 'sharedWithOrganisationIds', 'status', 'visibility'].sort(),
      );
      expect(created.changes.every((c: { from: unknown }) => c.from === null)).toBe(true);
      expect(created.changes.find((c: { field: string }) => c.field === 'category').to).toBe('vandalism');
      expect(created.actor).toEqual({ id: author.id, name: expect.any(String) });
      expect(items[1].changes).toEqual([{ field: 'severity', from: 2, to: 4 }]);
      expect(items[1].organisation.id).toBe(w.orgs.municipality.id);
      expect(items[1].actor).toBeNull();
      expect(items[2].changes).toEqual(expect.arrayContaining([
        { field: 'category', from: 'vandalism', to: 'littering' },
        { field: 'description', from: r.description, to: 'Klotter på busskuren och bänken.' },
      ]));
      expect(items[2].changes).toHaveLength(2);
      expect(items[3].changes).toEqual([{ field: 'status', from: 'new', to: 'acknowledged' }]);
      expect(items[4].changes).toEqual(expect.arrayContaining([
        { field: 'location', from: { lat: 58.5034, lng: 13.1575 }, to: { lat: 59.9, lng: 10.7 } },
      ]));
      for (const h of items) {
        expect(h.at).toMatch(ISO_WITH_OFFSET);
        expect(h.id).toBeDefined();
      }
      const asMunicipality = await munCoordinator.api.get(`/api/reports/${r.id}/history`);
      expect(asMunicipality.body.items[0].actor).toBeNull();
      expect(asMunicipality.body.items[1].actor).toEqual({ id: munCoordinator.id, name: expect.any(String) });
    });
  });

  describe('comments', () => {
    it('are created (201) and listed oldest first; the commenter is shown inside their organisation only', async () => {
      const r = await create(author.api);
      const first = await w.orgs.school.member.api.post(`/api/reports/${r.id}/comments`, { body: 'Vi har sett samma sak vid skolan.' });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        id: expect.stringMatching(UUID_RE), reportId: r.id, seq: expect.any(Number), body: 'Vi har sett samma sak vid skolan.',
        organisation: { id: w.orgs.school.id, name: w.orgs.school.name, kind: 'school' },
        author: { id: w.orgs.school.member.id, name: expect.any(String) }, createdAt: expect.stringMatching(ISO_WITH_OFFSET),
      });
      expect(first.body.seq).toBeGreaterThan(r.seq);
      const second = await author.api.post(`/api/reports/${r.id}/comments`, { body: '  Tack, vi följer upp.  ' });
      expect(second.body.body).toBe('Tack, vi följer upp.');
      const asPolice = await w.orgs.police.coordinator.api.get(`/api/reports/${r.id}/comments`);
      expect(asPolice.status).toBe(200);
      expect(asPolice.body.items.map((c: { id: string }) => c.id)).toEqual([first.body.id, second.body.id]);
      expect(asPolice.body.items[0].author).toBeNull();
      expect(asPolice.body.items[1].author).toEqual({ id: author.id, name: expect.any(String) });
      expect(asPolice.body.nextCursor).toBeNull();
      expectError(await author.api.post(`/api/reports/${r.id}/comments`, { body: '   ' }), 400, { field: 'body' });
      expectError(await author.api.post(`/api/reports/${r.id}/comments`, {}), 400, { field: 'body' });
      expectError(await author.api.post(`/api/reports/${newId()}/comments`, { body: 'Finns inte.' }), 404);
    });

    it('are paged without repeats or gaps', async () => {
      const r = await create(author.api);
      const bodies: string[] = [];
      for (let i = 0; i < 7; i++) {
        bodies.push(`Kommentar nummer ${i}`);
        expect((await w.orgs.social.member.api.post(`/api/reports/${r.id}/comments`, { body: bodies[i] })).status).toBe(201);
      }
      for (const limit of [1, 2, 3]) {
        const paged = await walk(author.api, `/api/reports/${r.id}/comments`, limit);
        expect(paged.items.map((c: { body: string }) => c.body)).toEqual(bodies);
      }
    });

    it('are paged without repeats or gaps also when several share a millisecond', async () => {
      const r = await create(author.api);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await author.api.post(`/api/reports/${r.id}/comments`, { body: `Samtidig ${i}` })).body.id);
      // Three with the very same instant (ordered by id), two a few microseconds apart within that millisecond.
      const at = ['2026-01-01T10:00:00.123Z', '2026-01-01T10:00:00.123Z', '2026-01-01T10:00:00.123Z', '2026-01-01T10:00:00.123041Z', '2026-01-01T10:00:00.123051Z'];
      await withDb(t.databaseUrl, async (db) => {
        for (let i = 0; i < ids.length; i++) await db.query('UPDATE report_comments SET created_at = $2 WHERE id = $1', [ids[i], at[i]]);
      });
      const expected = [...ids.slice(0, 3).sort(), ...ids.slice(3)];
      const whole = await author.api.get(`/api/reports/${r.id}/comments?limit=500`);
      expect(whole.body.items.map((c: { id: string }) => c.id)).toEqual(expected);
      for (const limit of [1, 2]) {
        const paged = await walk(author.api, `/api/reports/${r.id}/comments`, limit);
        expect(paged.items.map((c: { id: string }) => c.id)).toEqual(expected);
      }
    });
  });

  describe('filters and pagination', () => {
    let universe: Report[];
    const ids = (rs: Report[]) => rs.map((r) => r.id);

    beforeAll(async () => {
      const cats = ['vandalism', 'drug_dealing', 'littering', 'nightlife'];
      const authors = [w.orgs.police.member, w.orgs.school.member, w.orgs.municipality.coordinator];
      const where = [{ placeId: w.places.torget }, { placeId: w.places.skolgarden }, { location: { lat: 58.6, lng: 13.4 } }, { location: { lat: 58.505, lng: 13.155 } }];
      for (let i = 0; i < 30; i++) {
        const { location: _l, ...base } = reportBody();
        const r = await create(authors[(i >> 1) % 3].api, {
          ...base, ...where[i % 4], category: cats[(i + (i >> 2)) % 4], severity: 1 + (i % 5), observedAt: ago((i * 5 + 1) * 3600_000),
        });
        if (i % 4 === 1) expect((await coordinator.patch(`/api/reports/${r.id}`, { version: 1, status: 'acknowledged' })).status).toBe(200);
        if (i % 6 === 2) expect((await coordinator.patch(`/api/reports/${r.id}`, { version: 1, status: 'resolved' })).status).toBe(200);
      }
      const all = await w.orgs.police.coordinator.api.get('/api/reports?limit=500');
      expect(all.body.nextCursor).toBeNull();
      universe = all.body.items;
      expect(universe.length).toBeGreaterThan(50);
    });

    const cases: [string, (q: { centrum: string; torget: string; school: string; t30: string; t80: string }) => string, (r: Report, q: any) => boolean][] = [
      ['areaId', (q) => `areaId=${q.centrum}`, (r, q) => r.area?.id === q.centrum],
      ['placeId', (q) => `placeId=${q.torget}`, (r, q) => r.place?.id === q.torget],
      ['one category', () => 'category=littering', (r) => r.category === 'littering'],
      ['a comma list of categories', () => 'category=drug_dealing,nightlife', (r) => ['drug_dealing', 'nightlife'].includes(r.category)],
      ['one status', () => 'status=acknowledged', (r) => r.status === 'acknowledged'],
      ['a comma list of statuses', () => 'status=new,resolved', (r) => ['new', 'resolved'].includes(r.status)],
      ['minSeverity', () => 'minSeverity=4', (r) => r.severity >= 4],
      ['from (observed at or after)', (q) => `from=${encodeURIComponent(q.t30)}`, (r, q) => Date.parse(r.observedAt) >= Date.parse(q.t30)],
      ['to (observed before)', (q) => `to=${encodeURIComponent(q.t30)}`, (r, q) => Date.parse(r.observedAt) < Date.parse(q.t30)],
      ['from and to', (q) => `from=${encodeURIComponent(q.t80)}&to=${encodeURIComponent(q.t30)}`, (r, q) => Date.parse(r.observedAt) >= Date.parse(q.t80) && Date.parse(r.observedAt) < Date.parse(q.t30)],
      ['organisationId', (q) => `organisationId=${q.school}`, (r, q) => r.organisation.id === q.school],
      ['several at once', (q) => `areaId=${q.centrum}&minSeverity=2&status=new,acknowledged`, (r, q) => r.area?.id === q.centrum && r.severity >= 2 && ['new', 'acknowledged'].includes(r.status)],
    ];

    it.each(cases)('%s: exactly the matching reports, newest first', async (_label, query, match) => {
      const q = { centrum: w.areas.centrum, torget: w.places.torget, school: w.orgs.school.id, t30: ago(30 * 3600_000), t80: ago(80 * 3600_000) };
      const expected = universe.filter((r) => match(r, q));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(universe.length);
      const res = await w.orgs.police.coordinator.api.get(`/api/reports?limit=500&${query(q)}`);
      expect(res.status).toBe(200);
      expect(ids(res.body.items)).toEqual(ids(expected));
      // The same through small pages.
      const paged = await walk(w.orgs.police.coordinator.api, `/api/reports?${query(q)}`, 4);
      expect(ids(paged.items)).toEqual(ids(expected));
    });

    it('bad filters are 400 naming the parameter', async () => {
      const api = w.orgs.police.member.api;
      for (const [query, field] of [
        ['category=shoplifting', 'category'], ['category=vandalism,shoplifting', 'category'], ['status=open', 'status'], ['minSeverity=0', 'minSeverity'],
        ['minSeverity=6', 'minSeverity'], ['minSeverity=two', 'minSeverity'], ['from=yesterday', 'from'], ['to=2026-13-01T00:00:00Z', 'to'],
        ['from=2024-W01', 'from'], ['areaId=centrum', 'areaId'], ['placeId=1', 'placeId'], ['organisationId=police', 'organisationId'],
        ['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=ten', 'limit'], ['cursor=not-a-cursor', 'cursor'], ['colour=red', 'colour'],
      ]) expectError(await api.get(`/api/reports?${query}`), 400, { field });
    });

    it('walks every page with no repeats and no gaps, for several page sizes', async () => {
      for (const limit of [1, 7, 50]) {
        const paged = await walk(w.orgs.police.coordinator.api, '/api/reports', limit);
        expect(ids(paged.items)).toEqual(ids(universe));
        expect(paged.pages).toBe(Math.ceil(universe.length / limit));
      }
    });

    it('the default page size is 50, the largest 500', async () => {
      const res = await w.orgs.police.coordinator.api.get('/api/reports');
      expect(res.body.items).toHaveLength(50);
      expect(typeof res.body.nextCursor).toBe('string');
      expect((await w.orgs.police.coordinator.api.get('/api/reports?limit=500')).status).toBe(200);
    });

    it('walks without repeats or gaps also when reports share a millisecond', async () => {
      const batch: Report[] = [];
      for (let i = 0; i < 6; i++) batch.push(await create(author.api, { description: `Samma millisekund ${i}` }));
      // Three with the very same instant (then ordered by id), three a few microseconds apart within that millisecond.
      await withDb(t.databaseUrl, async (db) => {
        for (let i = 0; i < batch.length; i++) {
          await db.query('UPDATE reports SET created_at = $2 WHERE id = $1', [batch[i].id, i < 3 ? '2026-01-01T10:00:00.456Z' : `2026-01-01T10:00:00.4560${9 - i}1Z`]);
        }
      });
      const all = (await w.orgs.police.coordinator.api.get('/api/reports?limit=500')).body.items;
      // The six are the oldest, newest first: the three by their microseconds, then the three of .456000 by id (descending).
      expect(ids(all.slice(-6))).toEqual([...ids(batch.slice(3)), ...ids(batch.slice(0, 3)).sort().reverse()]);
      for (const limit of [1, 2, 4]) {
        const paged = await walk(w.orgs.police.coordinator.api, '/api/reports', limit);
        expect(ids(paged.items)).toEqual(ids(all));
      }
    });
  });
});
