import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { CATEGORIES, type CategoryResponse } from '#contracts';
import type { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { halfWritten } from '../support/consistency.js';
import { withDb } from '../support/db.js';
import { buildOtherCollaboration, buildWorld, type OtherCollaboration, reportBody, type World } from '../support/world.js';
import { expectError } from './helpers.js';

// One service and one world for the file; people are made in parallel (argon2 dominates set-up).
jest.setTimeout(60_000);

/**
 * A collaboration's own categories (src/categories): switching defaults off, renaming them, adding its own, and what
 * follows — reports, subscriptions, the report list's filter, the weekly picture and its files.
 */
describe('categories of a collaboration', () => {
  let t: TestApp;
  let w: World;
  let other: OtherCollaboration;
  let coordinator: Api;
  let member: Api;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t);
    other = await buildOtherCollaboration(t, w.admin);
    coordinator = w.orgs.municipality.coordinator.api;
    member = w.orgs.school.member.api;
  });
  afterAll(() => t?.close());

  const list = async (api: Api, query = ''): Promise<CategoryResponse[]> => {
    const res = await api.get(`/api/categories${query}`);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const one = async (code: string) => (await list(coordinator, '?includeInactive=true')).find((c) => c.code === code)!;
  const post = (api: Api, over: Record<string, unknown>) => api.post('/api/reports', reportBody(over));
  /** The ISO week (Stockholm) an hour ago, when reportBody's observations are made. */
  const week = () => withDb(t.databaseUrl, async (db) =>
    (await db.query(`SELECT to_char((now() - interval '1 hour') AT TIME ZONE 'Europe/Stockholm', 'IYYY-"W"IW') AS week`)).rows[0].week as string);

  it('lists the defaults, active, version 1, for anyone; a token that is not valid is 401', async () => {
    const anonymous = await list(w.anonymous);
    expect(anonymous.map((c) => c.code)).toEqual(CATEGORIES.map((c) => c.code));
    expect(anonymous[0]).toEqual({
      code: 'drug_dealing', sv: 'Narkotikaförsäljning', en: 'Drug dealing', active: true, custom: false,
      defaultLabels: { sv: 'Narkotikaförsäljning', en: 'Drug dealing' }, version: 1,
    });
    expect(await list(member)).toEqual(anonymous);
    expectError(await member.as('not-a-token').get('/api/categories'), 401);
  });

  it('a coordinator adds a category of its own: every member of the collaboration gets it, no other collaboration does', async () => {
    const res = await coordinator.post('/api/categories', { code: 'moped_noise', sv: '  Mopedbuller ', en: 'Moped noise' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ code: 'moped_noise', sv: 'Mopedbuller', en: 'Moped noise', active: true, custom: true, defaultLabels: null, version: 1 });
    const ours = await list(member);
    expect(ours.at(-1)).toEqual(res.body);
    expect(ours).toHaveLength(CATEGORIES.length + 1);
    expect((await list(other.org.member.api)).map((c) => c.code)).not.toContain('moped_noise');
    expect((await list(w.anonymous)).map((c) => c.code)).not.toContain('moped_noise');
  });

  it('a report, a subscription and the list filter take the new category; another collaboration may not use it', async () => {
    const r = await post(member, { category: 'moped_noise', description: 'Mopeder i parken hela kvällen.' });
    expect(r.status).toBe(201);
    expect(r.body.category).toBe('moped_noise');
    expect((await member.post('/api/subscriptions', { categories: ['moped_noise'] })).status).toBe(201);
    const listed = await member.get('/api/reports?category=moped_noise');
    expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([r.body.id]);
    expectError(await post(other.org.member.api, { category: 'moped_noise', placeId: other.place }), 400, { field: 'category', code: 'CATEGORY_UNKNOWN' });
    expectError(await member.get('/api/reports?category=no_such_code'), 400, { field: 'category' });
  });

  it('new categories are checked: a code taken (a default or its own), a label taken, a bad code or label, a member: refused', async () => {
    expectError(await coordinator.post('/api/categories', { code: 'vandalism', sv: 'Annan skadegörelse', en: 'Other damage' }), 409, { code: 'CATEGORY_EXISTS' });
    expectError(await coordinator.post('/api/categories', { code: 'moped_noise', sv: 'Buller', en: 'Noise' }), 409, { code: 'CATEGORY_EXISTS' });
    expectError(await coordinator.post('/api/categories', { code: 'graffiti', sv: 'skadegörelse', en: 'Graffiti' }), 409, { field: 'sv', code: 'CATEGORY_LABEL_TAKEN' });
    expectError(await coordinator.post('/api/categories', { code: 'Graffiti', sv: 'Klotter', en: 'Graffiti' }), 400, { field: 'code' });
    expectError(await coordinator.post('/api/categories', { code: 'graffiti', sv: '', en: 'Graffiti' }), 400, { field: 'sv' });
    expectError(await coordinator.post('/api/categories', { code: 'graffiti', sv: 'x'.repeat(101), en: 'Graffiti' }), 400, { field: 'sv' });
    expectError(await coordinator.post('/api/categories', { code: 'graffiti', sv: 'Ring 070-123 45 67', en: 'Graffiti' }), 400, { field: 'sv', code: 'PERSONAL_DATA' });
    expectError(await member.post('/api/categories', { code: 'graffiti', sv: 'Klotter', en: 'Graffiti' }), 403);
    expect((await list(member)).map((c) => c.code)).not.toContain('graffiti');
  });

  it('renaming a default shows the new label everywhere, keeps the default labels at hand, and takes them back with null', async () => {
    const renamed = await coordinator.patch('/api/categories/littering', { version: 1, sv: 'Skräp och nedskräpning' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual(expect.objectContaining({ code: 'littering', sv: 'Skräp och nedskräpning', en: 'Littering', version: 2, defaultLabels: { sv: 'Nedskräpning', en: 'Littering' } }));
    expect((await list(member)).find((c) => c.code === 'littering')?.sv).toBe('Skräp och nedskräpning');
    expectError(await coordinator.patch('/api/categories/littering', { version: 1, sv: 'Annat' }), 409, { code: 'VERSION_CONFLICT' });
    const back = await coordinator.patch('/api/categories/littering', { version: 2, sv: null });
    expect(back.body).toEqual(expect.objectContaining({ sv: 'Nedskräpning', version: 3 }));
    expectError(await coordinator.patch('/api/categories/moped_noise', { version: 1, sv: null }), 400, { field: 'sv' });
    expectError(await coordinator.patch('/api/categories/no_such_code', { version: 1, sv: 'X' }), 404);
    expectError(await coordinator.patch('/api/categories/BAD%20CODE', { version: 1, sv: 'X' }), 400, { field: 'code' });
    expectError(await member.patch('/api/categories/littering', { version: 3, sv: 'Skräp' }), 403);
  });

  it('switching off a category in use asks first (409 with the counts), then force switches it off; its reports keep it and their label', async () => {
    const used = await post(member, { category: 'gathering', description: 'Folksamling vid torget.' });
    expect(used.status).toBe(201);
    await member.post('/api/subscriptions', { categories: ['gathering'] });
    const version = (await one('gathering')).version;
    const asked = await coordinator.patch('/api/categories/gathering', { version, active: false });
    expectError(asked, 409, { code: 'CATEGORY_IN_USE' });
    expect(asked.body).toEqual(expect.objectContaining({ field: 'active', openReports: 1, subscriptions: 1 }));
    expect((await one('gathering')).active).toBe(true);

    const forced = await coordinator.patch('/api/categories/gathering', { version, active: false, force: true });
    expect(forced.status).toBe(200);
    expect(forced.body).toEqual(expect.objectContaining({ active: false, version: version + 1 }));
    expect((await list(member)).map((c) => c.code)).not.toContain('gathering');
    expect((await list(member, '?includeInactive=true')).find((c) => c.code === 'gathering')).toEqual(expect.objectContaining({ active: false, sv: 'Folksamling' }));

    // A new report, a new subscription and a change of category to it: 400 naming the field.
    expectError(await post(member, { category: 'gathering' }), 400, { field: 'category', code: 'CATEGORY_INACTIVE' });
    expectError(await member.post('/api/subscriptions', { categories: ['gathering'] }), 400, { field: 'categories', code: 'CATEGORY_INACTIVE' });
    const another = (await post(member, { category: 'disorder' })).body;
    expectError(await member.patch(`/api/reports/${another.id}`, { version: another.version, category: 'gathering' }), 400, { field: 'category' });
    // The report keeps it, may still be changed otherwise, and is found by it.
    const kept = await member.get(`/api/reports/${used.body.id}`);
    expect(kept.body.category).toBe('gathering');
    expect((await member.patch(`/api/reports/${used.body.id}`, { version: kept.body.version, severity: 3 })).status).toBe(200);
    expect((await member.get('/api/reports?category=gathering')).body.items.map((x: { id: string }) => x.id)).toContain(used.body.id);

    // Switched on again, it takes new reports.
    expect((await coordinator.patch('/api/categories/gathering', { version: version + 1, active: true })).status).toBe(200);
    expect((await post(member, { category: 'gathering' })).status).toBe(201);
  });

  it('a category nothing uses is switched off without asking', async () => {
    const res = await coordinator.patch('/api/categories/traffic_drunk_driving', { version: 1, active: false });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
  });

  it('switching off the last two active categories at once: one is refused (LAST_ACTIVE_CATEGORY), one stays on', async () => {
    // In the other collaboration, so that this one keeps its categories for the tests after.
    const api = other.org.coordinator.api;
    const [keepA, keepB, ...rest] = (await list(api)).filter((c) => c.active);
    for (const c of rest) expect((await api.patch(`/api/categories/${c.code}`, { version: c.version, active: false, force: true })).status).toBe(200);
    const both = await Promise.all([keepA, keepB].map((c) => api.patch(`/api/categories/${c.code}`, { version: c.version, active: false, force: true })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)!.body.code).toBe('LAST_ACTIVE_CATEGORY');
    expect((await list(api)).filter((c) => c.active)).toHaveLength(1);
  });

  it('the weekly picture counts its own categories, filters by them and names them by the collaboration\'s labels in its files', async () => {
    expect((await coordinator.patch('/api/categories/vandalism', { version: (await one('vandalism')).version, sv: 'Klotter och skadegörelse' })).status).toBe(200);
    expect((await post(member, { category: 'vandalism', description: 'Klotter på skolans vägg.' })).status).toBe(201);
    const wk = await week();
    const picture = await member.get(`/api/pictures/weekly?week=${wk}`);
    expect(picture.status).toBe(200);
    expect(picture.body.totals.byCategory.moped_noise).toBe(1);
    expect(Object.keys(picture.body.change.byCategory)).toContain('moped_noise');
    const narrowed = await member.get(`/api/pictures/weekly?week=${wk}&categories=moped_noise,gathering`);
    expect(narrowed.status).toBe(200);
    expect(Object.keys(narrowed.body.totals.byCategory).sort()).toEqual(['gathering', 'moped_noise']);
    expectError(await member.get(`/api/pictures/weekly?week=${wk}&categories=no_such_code`), 400, { field: 'categories' });

    const csv = await fetch(`${t.url}/api/pictures/weekly?week=${wk}&format=csv`, { headers: { authorization: `Bearer ${w.orgs.school.member.token}` } });
    expect(csv.status).toBe(200);
    const rows: Record<string, string>[] = parse(Buffer.from(await csv.arrayBuffer()), { bom: true, delimiter: ';', columns: true });
    const labels = rows.map((r) => r.Kategori);
    expect(labels).toEqual(expect.arrayContaining(['Mopedbuller', 'Klotter och skadegörelse', 'Folksamling']));
    expect(labels).not.toContain('moped_noise');
    expect(decodeURIComponent(csv.headers.get('x-lagesbild-filter') ?? '')).toBe('Område: alla · Kategorier: alla');
    const filtered = await fetch(`${t.url}/api/pictures/weekly?week=${wk}&format=csv&categories=moped_noise`, { headers: { authorization: `Bearer ${w.orgs.school.member.token}` } });
    await filtered.arrayBuffer();
    expect(decodeURIComponent(filtered.headers.get('x-lagesbild-filter') ?? '')).toBe('Område: alla · Kategorier: Mopedbuller');

    const geo = await fetch(`${t.url}/api/pictures/weekly?week=${wk}&format=geojson`, { headers: { authorization: `Bearer ${w.orgs.school.member.token}` } });
    const features: { properties: { kind: string; category?: string; categoryLabel?: string } }[] = (await geo.json()).features;
    expect(features.find((f) => f.properties.category === 'moped_noise')?.properties.categoryLabel).toBe('Mopedbuller');
  });

  it('every change is audited, and nothing is half-written', async () => {
    const rows = await withDb(t.databaseUrl, async (db) => (await db.query(
      `SELECT action, details->>'code' AS code FROM audit_log WHERE entity_type = 'category' ORDER BY id`)).rows);
    expect(rows).toEqual(expect.arrayContaining([
      { action: 'category.create', code: 'moped_noise' }, { action: 'category.update', code: 'littering' }, { action: 'category.update', code: 'gathering' },
    ]));
    expect(await halfWritten(t.databaseUrl)).toEqual({});
  });
});
