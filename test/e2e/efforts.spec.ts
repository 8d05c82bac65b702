/**
 * Efforts (insatser) over HTTP and the feed: what the partners did about the picture, joint or separate, linked to
 * the reports they took up, under the same visibility policy as reports. A confidential police operation stays with
 * the police until it is done; a school member never sees it before.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { halfWritten } from '../support/consistency.js';
import { withDb } from '../support/db.js';
import { connectFeed, eventually, postReport, subscribe } from '../support/feed-client.js';
import { buildOtherCollaboration, buildWorld, type OtherCollaboration, reportBody, type World } from '../support/world.js';
import { expectError } from './helpers.js';

jest.setTimeout(60_000);

type Effort = Record<string, any>;

let t: TestApp;
let w: World;
let other: OtherCollaboration;

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  other = await buildOtherCollaboration(t, w.admin);
});
afterAll(() => t?.close());

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

const effortBody = (over: Record<string, unknown> = {}) => ({
  type: 'visibility_patrol',
  title: 'Närvaro i krogmiljön fredag kväll',
  mode: 'separate',
  organisationIds: [w.orgs.police.id],
  plannedStart: inDays(1),
  ...over,
});

async function createEffort(api: Api, over: Record<string, unknown> = {}): Promise<Effort> {
  const res = await api.post('/api/efforts', effortBody(over));
  expect({ status: res.status, text: res.status === 201 ? '' : res.text }).toEqual({ status: 201, text: '' });
  return res.body;
}

async function patchEffort(api: Api, id: string, change: Record<string, unknown>) {
  const version = (await api.get(`/api/efforts/${id}`)).body.version;
  return api.patch(`/api/efforts/${id}`, { version, ...change });
}

describe('recording an effort', () => {
  it('records a separate effort of one organisation and a joint one of several, with places, areas and a follow-up date', async () => {
    const police = w.orgs.police.coordinator.api;
    const separate = await createEffort(police, { areaIds: [w.areas.centrum], placeIds: [w.places.torget], followUpAt: inDays(14) });
    expect(separate).toEqual(expect.objectContaining({
      type: 'visibility_patrol', mode: 'separate', status: 'planned', visibility: 'partners', outcome: null, overdue: false, linkedReports: 0,
      organisation: expect.objectContaining({ id: w.orgs.police.id, kind: 'police' }),
      organisations: [expect.objectContaining({ id: w.orgs.police.id })],
      areas: [expect.objectContaining({ id: w.areas.centrum })], places: [expect.objectContaining({ id: w.places.torget })],
      author: expect.objectContaining({ id: w.orgs.police.coordinator.id }), version: 1, seq: expect.any(Number),
    }));
    const joint = await createEffort(w.orgs.municipality.coordinator.api, {
      type: 'school_visit', mode: 'joint', organisationIds: [w.orgs.school.id, w.orgs.police.id], ownerOrganisationId: w.orgs.police.id,
    });
    expect(joint.organisations.map((o: any) => o.id)).toEqual([w.orgs.police.id, w.orgs.school.id]);
    expect(joint.organisation.id).toBe(w.orgs.police.id);
    // The recording coordinator is not of the owning organisation: the author is shown to the owner only.
    expect(joint.author).toBeNull();
    const read = await w.orgs.police.member.api.get(`/api/efforts/${joint.id}`);
    expect(read.body.author).toEqual(expect.objectContaining({ id: w.orgs.municipality.coordinator.id }));
  });

  it('refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    const api = w.orgs.police.coordinator.api;
    const before = (await api.get('/api/efforts?limit=500')).body.items.length;
    const cases: [Record<string, unknown>, number, string, string?][] = [
      [{ mode: 'separate', organisationIds: [w.orgs.police.id, w.orgs.school.id] }, 400, 'organisationIds'],
      [{ mode: 'joint', organisationIds: [w.orgs.police.id] }, 400, 'organisationIds'],
      [{ type: 'raid' }, 400, 'type'],
      [{ plannedStart: inDays(2), plannedEnd: inDays(1) }, 400, 'plannedEnd'],
      [{ title: 'Samtal med Anna, ring 070-123 45 67' }, 400, 'title', 'PERSONAL_DATA'],
      [{ description: 'Kontakt: kalle.anka@example.com' }, 400, 'description', 'PERSONAL_DATA'],
      [{ organisationIds: [other.org.id] }, 404, 'organisationIds'],
      [{ areaIds: [other.area] }, 404, 'areaIds'],
      [{ reportIds: [randomUUID()] }, 404, 'reportIds'],
      [{ ownerOrganisationId: w.orgs.school.id }, 400, 'ownerOrganisationId'],
      [{ visibility: 'own', sharedWithOrganisationIds: [w.orgs.school.id] }, 400, 'sharedWithOrganisationIds'],
      [{ title: '' }, 400, 'title'],
      [{ plannedStart: '2026-W47' }, 400, 'plannedStart'],
      [{ secret: 1 }, 400, 'secret'],
    ];
    for (const [over, status, field, code] of cases) {
      const res = await api.post('/api/efforts', effortBody(over));
      expect({ over, status: res.status }).toEqual({ over, status });
      expect(res.text).toContain(field);
      if (code) expect(res.body.code).toBe(code);
    }
    expect((await api.get('/api/efforts?limit=500')).body.items.length).toBe(before);
  });

  it('lets a member record only efforts their own organisation takes part in; a coordinator any', async () => {
    expectError(await w.orgs.school.member.api.post('/api/efforts', effortBody()), 403);
    await createEffort(w.orgs.school.member.api, { organisationIds: [w.orgs.school.id], type: 'cleanup', title: 'Städning av skolgården' });
    await createEffort(w.orgs.municipality.coordinator.api, { organisationIds: [w.orgs.police.id] });
    expectError(await w.anonymous.post('/api/efforts', effortBody()), 401);
  });

  it('answers a repeated Idempotency-Key with the first effort, and another body under it with 409', async () => {
    const api = w.orgs.police.member.api;
    const key = randomUUID();
    const body = effortBody({ title: 'Hastighetskontroll Skaragatan', type: 'speed_check' });
    const first = await api.post('/api/efforts', body, { 'idempotency-key': key });
    const again = await api.post('/api/efforts', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expectError(await api.post('/api/efforts', effortBody({ title: 'Något annat', type: 'speed_check' }), { 'idempotency-key': key }), 409);
  });
});

describe('who sees an effort', () => {
  it('keeps a drug operation with the police until it is done, then it may be shared', async () => {
    const police = w.orgs.police.coordinator.api;
    const op = await createEffort(police, { type: 'drug_operation', title: 'Tipsstyrd insats mot försäljning' });
    expect(op.visibility).toBe('own');
    for (const api of [w.orgs.school.member.api, w.orgs.municipality.coordinator.api]) {
      expectError(await api.get(`/api/efforts/${op.id}`), 404);
      expect((await api.get('/api/efforts?limit=500')).body.items.map((e: Effort) => e.id)).not.toContain(op.id);
      expectError(await api.get(`/api/efforts/${op.id}/history`), 404);
      expectError(await api.patch(`/api/efforts/${op.id}`, { version: 1, outcome: 'x' }), 404);
    }
    expectError(await patchEffort(police, op.id, { visibility: 'partners' }), 400, { field: 'visibility', code: 'NOT_YET_SHAREABLE' });
    expectError(await police.post('/api/efforts', effortBody({ type: 'dog_search', visibility: 'partners' })), 400, { field: 'visibility' });
    const done = await patchEffort(police, op.id, { status: 'done', outcome: 'Två beslag, platsen lugnare efteråt.' });
    expect(done.status).toBe(200);
    expect(done.body).toEqual(expect.objectContaining({ status: 'done', actualEnd: expect.any(String), actualStart: expect.any(String) }));
    expect((await patchEffort(police, op.id, { visibility: 'partners' })).status).toBe(200);
    const seen = await w.orgs.school.member.api.get(`/api/efforts/${op.id}`);
    expect(seen.body).toEqual(expect.objectContaining({ outcome: 'Två beslag, platsen lugnare efteråt.', author: null }));
  });

  it('shows an `own` effort to every organisation taking part, and to nobody else', async () => {
    const joint = await createEffort(w.orgs.police.coordinator.api, {
      type: 'dog_search', mode: 'joint', organisationIds: [w.orgs.police.id, w.orgs.school.id], title: 'Hundsök på skolan',
    });
    expect(joint.visibility).toBe('own');
    expect((await w.orgs.school.member.api.get(`/api/efforts/${joint.id}`)).status).toBe(200);
    expectError(await w.orgs.municipality.member.api.get(`/api/efforts/${joint.id}`), 404);
    expectError(await w.orgs.social.coordinator.api.get(`/api/efforts/${joint.id}`), 404);
  });

  it('answers 404 for another collaboration\'s effort, and 403 to a partner who may see but not change it', async () => {
    const theirs = await createEffort(other.org.coordinator.api, { organisationIds: [other.org.id] });
    expectError(await w.orgs.police.coordinator.api.get(`/api/efforts/${theirs.id}`), 404);
    const ours = await createEffort(w.orgs.police.member.api);
    expectError(await w.orgs.school.member.api.patch(`/api/efforts/${ours.id}`, { version: 1, outcome: 'Inte min sak' }), 403);
    // Who takes part and who sees it is the owner's to decide, even for a coordinator of another organisation.
    expectError(await w.orgs.municipality.coordinator.api.patch(`/api/efforts/${ours.id}`, { version: 1, visibility: 'own' }), 403);
    expect((await w.orgs.municipality.coordinator.api.patch(`/api/efforts/${ours.id}`, { version: 1, status: 'ongoing' })).status).toBe(200);
  });
});

describe('following an effort to an outcome', () => {
  it('moves through its statuses, refuses illegal ones and stale versions, and keeps every change in its history', async () => {
    const api = w.orgs.police.member.api;
    const e = await createEffort(api);
    const ongoing = await api.patch(`/api/efforts/${e.id}`, { version: 1, status: 'ongoing' });
    expect(ongoing.body).toEqual(expect.objectContaining({ status: 'ongoing', version: 2, actualStart: expect.any(String) }));
    expectError(await api.patch(`/api/efforts/${e.id}`, { version: 1, outcome: 'sent nu' }), 409, { code: 'VERSION_CONFLICT' });
    expectError(await api.patch(`/api/efforts/${e.id}`, { version: 2, actualStart: inDays(0), actualEnd: inDays(-3) }), 400, { field: 'actualEnd' });
    const done = await api.patch(`/api/efforts/${e.id}`, { version: 2, status: 'done', outcome: 'Lugnt under kvällen.' });
    expect(done.status).toBe(200);
    expectError(await api.patch(`/api/efforts/${e.id}`, { version: 3, status: 'planned' }), 400, { field: 'status', code: 'ILLEGAL_TRANSITION' });
    expectError(await api.patch(`/api/efforts/${e.id}`, { version: 3, outcome: 'Ring 0701234567' }), 400, { code: 'PERSONAL_DATA' });
    const history = (await api.get(`/api/efforts/${e.id}/history`)).body.items;
    expect(history.map((h: any) => h.action)).toEqual(['created', 'updated', 'updated']);
    expect(history[2].changes).toEqual(expect.arrayContaining([
      { field: 'status', from: 'ongoing', to: 'done' }, { field: 'outcome', from: null, to: 'Lugnt under kvällen.' },
    ]));
  });

  it('lists overdue follow-ups for their owner and the coordinators', async () => {
    const api = w.orgs.police.coordinator.api;
    const late = await createEffort(api, { plannedStart: inDays(-20), followUpAt: inDays(-1), title: 'Uppföljning belysning' });
    const onTime = await createEffort(api, { plannedStart: inDays(-20), followUpAt: inDays(5) });
    expect(late.overdue).toBe(true);
    const overdue = (await api.get(`/api/efforts?overdue=true&organisationId=${w.orgs.police.id}&limit=500`)).body.items.map((e: Effort) => e.id);
    expect(overdue).toContain(late.id);
    expect(overdue).not.toContain(onTime.id);
    await patchEffort(api, late.id, { status: 'done' });
    expect((await api.get('/api/efforts?overdue=true&limit=500')).body.items.map((e: Effort) => e.id)).not.toContain(late.id);
    expectError(await api.get('/api/efforts?overdue=maybe'), 400, { field: 'overdue' });
  });

  it('records what each organisation did, for its own organisation (a coordinator for any taking part)', async () => {
    const e = await createEffort(w.orgs.police.coordinator.api, { mode: 'joint', organisationIds: [w.orgs.police.id, w.orgs.school.id], type: 'school_visit' });
    const visits = await w.orgs.police.member.api.post(`/api/efforts/${e.id}/actions`, { organisationId: w.orgs.police.id, kind: 'besök', count: 12, at: inDays(0) });
    expect(visits.status).toBe(201);
    expect(visits.body).toEqual(expect.objectContaining({ kind: 'besök', count: 12, organisation: expect.objectContaining({ id: w.orgs.police.id }) }));
    expectError(await w.orgs.school.member.api.post(`/api/efforts/${e.id}/actions`, { organisationId: w.orgs.police.id, kind: 'besök', at: inDays(0) }), 403);
    expect((await w.orgs.police.coordinator.api.post(`/api/efforts/${e.id}/actions`, { organisationId: w.orgs.school.id, kind: 'föräldramöte', count: 1, at: inDays(0) })).status).toBe(201);
    expectError(await w.orgs.police.member.api.post(`/api/efforts/${e.id}/actions`, { organisationId: w.orgs.municipality.id, kind: 'x', at: inDays(0) }), 400, { field: 'organisationId' });
    expectError(await w.orgs.police.member.api.post(`/api/efforts/${e.id}/actions`, { organisationId: w.orgs.police.id, kind: 'x', count: -1, at: inDays(0) }), 400, { field: 'count' });
    expectError(await w.orgs.police.member.api.post(`/api/efforts/${e.id}/actions`, { organisationId: w.orgs.police.id, kind: 'x', at: inDays(3) }), 400, { field: 'at' });
    expectError(await w.orgs.municipality.member.api.post(`/api/efforts/${e.id}/actions`, { organisationId: w.orgs.police.id, kind: 'x', at: inDays(0) }), 403);
    const list = (await w.orgs.school.member.api.get(`/api/efforts/${e.id}/actions`)).body.items;
    expect(list.map((a: any) => [a.kind, a.count])).toEqual([['besök', 12], ['föräldramöte', 1]]);
    // Who recorded it is shown to their own organisation only.
    expect(list[0].author).toBeNull();
  });
});

describe('retrying with an Idempotency-Key (the web client\'s outbox)', () => {
  /** How many rows a query counts, in the test's database. */
  const count = (sql: string, params: unknown[]) => withDb(t.databaseUrl, async (db) => Number((await db.query(sql, params)).rows[0].count));
  const events = (id: string, type: string) => count('SELECT count(*) FROM events WHERE entity_id = $1 AND type = $2', [id, type]);
  const audits = (id: string, action: string) => count('SELECT count(*) FROM audit_log WHERE entity_id = $1 AND action = $2', [id, action]);
  const key = () => randomUUID();

  it('answers a repeated PATCH with the first answer (200, same version and seq): one change, one history entry, one event', async () => {
    const api = w.orgs.police.member.api;
    const e = await createEffort(api);
    const k = key();
    const body = { version: 1, status: 'done', outcome: 'Lugnt under kvällen, inga ingripanden.' };
    const first = await api.patch(`/api/efforts/${e.id}`, body, { 'Idempotency-Key': k });
    expect(first.status).toBe(200);
    expect(first.body).toEqual(expect.objectContaining({ status: 'done', version: 2, outcome: body.outcome, seq: expect.any(Number) }));
    const again = await api.patch(`/api/efforts/${e.id}`, body, { 'Idempotency-Key': k });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // Even after someone else changed the effort since, the retry gets its own first answer, not a stale-version 409.
    expect((await w.orgs.police.coordinator.api.patch(`/api/efforts/${e.id}`, { version: 2, outcome: 'Kompletterat av samordnaren.' })).status).toBe(200);
    const late = await api.patch(`/api/efforts/${e.id}`, body, { 'Idempotency-Key': k.toUpperCase() });
    expect(late.status).toBe(200);
    expect(late.body).toEqual(first.body);
    const history = (await api.get(`/api/efforts/${e.id}/history`)).body.items;
    expect(history.map((h: any) => h.action)).toEqual(['created', 'updated', 'updated']);
    expect(history[1].changes).toEqual(expect.arrayContaining([{ field: 'status', from: 'planned', to: 'done' }]));
    expect(await events(e.id, 'effort:updated')).toBe(2);
    expect(await audits(e.id, 'effort.update')).toBe(2);
    expect((await api.get(`/api/efforts/${e.id}`)).body).toEqual(expect.objectContaining({ version: 3, outcome: 'Kompletterat av samordnaren.' }));
  });

  it('refuses the same key with another body, or on another effort (409), and a stale version without a key (409)', async () => {
    const api = w.orgs.police.member.api;
    const e = await createEffort(api);
    const k = key();
    expect((await api.patch(`/api/efforts/${e.id}`, { version: 1, status: 'ongoing' }, { 'Idempotency-Key': k })).status).toBe(200);
    expectError(await api.patch(`/api/efforts/${e.id}`, { version: 1, status: 'cancelled' }, { 'Idempotency-Key': k }), 409, { code: 'IDEMPOTENCY_KEY_REUSED' });
    expectError(await api.patch(`/api/efforts/${e.id}`, { version: 2, status: 'ongoing' }, { 'Idempotency-Key': k }), 409, { code: 'IDEMPOTENCY_KEY_REUSED' });
    const another = await createEffort(api);
    expectError(await api.patch(`/api/efforts/${another.id}`, { version: 1, status: 'ongoing' }, { 'Idempotency-Key': k }), 409, { code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await api.get(`/api/efforts/${another.id}`)).body.status).toBe('planned');
    expectError(await api.patch(`/api/efforts/${e.id}`, { version: 1, status: 'done' }), 409, { code: 'VERSION_CONFLICT' });
    // A stale version with a new key is refused as stale, and leaves that key unused: sent again at the current
    // version, it goes through.
    const fresh = key();
    expectError(await api.patch(`/api/efforts/${e.id}`, { version: 1, status: 'done' }, { 'Idempotency-Key': fresh }), 409, { code: 'VERSION_CONFLICT' });
    expect((await api.patch(`/api/efforts/${e.id}`, { version: 2, status: 'done' }, { 'Idempotency-Key': fresh })).status).toBe(200);
    expectError(await api.patch(`/api/efforts/${e.id}`, { version: 3, outcome: 'x' }, { 'Idempotency-Key': 'inte-en-nyckel' }), 400, { field: 'Idempotency-Key' });
    // Keys are the user's own: another person's same key is a request of theirs.
    expect((await w.orgs.police.coordinator.api.patch(`/api/efforts/${e.id}`, { version: 3, outcome: 'Klart.' }, { 'Idempotency-Key': k })).status).toBe(200);
    expect((await api.get(`/api/efforts/${e.id}/history`)).body.items.map((h: any) => h.action)).toEqual(['created', 'updated', 'updated', 'updated']);
  });

  it('gives concurrent identical PATCHes with one key one change, and all of them its answer', async () => {
    const api = w.orgs.police.member.api;
    const e = await createEffort(api);
    const k = key();
    const body = { version: 1, status: 'ongoing', outcome: 'Påbörjad.' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => api.patch(`/api/efforts/${e.id}`, body, { 'Idempotency-Key': k })));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(new Set(answers.map((a) => `${a.body.version}:${a.body.seq}`))).toEqual(new Set([`2:${answers[0].body.seq}`]));
    expect(await events(e.id, 'effort:updated')).toBe(1);
    expect((await api.get(`/api/efforts/${e.id}/history`)).body.items).toHaveLength(2);
  });

  it('answers a repeated PATCH that changed nothing with the effort as it was, not 409, once it has changed', async () => {
    const api = w.orgs.police.member.api;
    const e = await createEffort(api);
    const k = key();
    const same = await api.patch(`/api/efforts/${e.id}`, { version: 1, title: e.title }, { 'Idempotency-Key': k });
    expect(same.body).toEqual(expect.objectContaining({ version: 1, seq: e.seq }));
    expect((await api.patch(`/api/efforts/${e.id}`, { version: 1, status: 'ongoing' })).status).toBe(200);
    const retried = await api.patch(`/api/efforts/${e.id}`, { version: 1, title: e.title }, { 'Idempotency-Key': k });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(same.body);
  });

  it('links reports once under a key: a retry gets the first answer, another body with it is 409', async () => {
    const police = w.orgs.police.coordinator.api;
    const [a, b] = await Promise.all(['Klotter vid tunneln.', 'Klotter vid bron.'].map((d) => postReport(w.orgs.municipality.member.api, reportBody({ description: d }))));
    const e = await createEffort(police);
    const k = key();
    const first = await police.post(`/api/efforts/${e.id}/reports`, { reportIds: [a.id] }, { 'Idempotency-Key': k });
    expect(first.status).toBe(200);
    expect(first.body).toEqual(expect.objectContaining({ linkedReports: 1, version: 2 }));
    expect((await police.post(`/api/efforts/${e.id}/reports`, { reportIds: [b.id] })).body.linkedReports).toBe(2);
    const again = await police.post(`/api/efforts/${e.id}/reports`, { reportIds: [a.id] }, { 'Idempotency-Key': k });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expectError(await police.post(`/api/efforts/${e.id}/reports`, { reportIds: [b.id] }, { 'Idempotency-Key': k }), 409, { code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await police.get(`/api/efforts/${e.id}/history`)).body.items.map((h: any) => h.action)).toEqual(['created', 'linked', 'linked']);
    expect(await events(e.id, 'effort:linked')).toBe(2);
    // Every report already linked: with a key, the effort as it is, and the same again on a retry.
    const k2 = key();
    const noop = await police.post(`/api/efforts/${e.id}/reports`, { reportIds: [a.id, b.id] }, { 'Idempotency-Key': k2 });
    expect(noop.body).toEqual(expect.objectContaining({ linkedReports: 2, version: 3 }));
    expect((await police.post(`/api/efforts/${e.id}/reports`, { reportIds: [a.id, b.id] }, { 'Idempotency-Key': k2 })).body).toEqual(noop.body);
  });

  it('records an action once under its key, however often it is sent', async () => {
    const api = w.orgs.police.member.api;
    const e = await createEffort(api);
    const k = key();
    const body = { organisationId: w.orgs.police.id, kind: 'besök', count: 12, at: inDays(0) };
    const answers = await Promise.all(Array.from({ length: 4 }, () => api.post(`/api/efforts/${e.id}/actions`, body, { 'Idempotency-Key': k })));
    expect(answers.map((a) => a.status)).toEqual(Array(4).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect((await api.post(`/api/efforts/${e.id}/actions`, body, { 'Idempotency-Key': k })).body).toEqual(answers[0].body);
    expectError(await api.post(`/api/efforts/${e.id}/actions`, { ...body, count: 13 }, { 'Idempotency-Key': k }), 409, { code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await api.get(`/api/efforts/${e.id}/actions`)).body.items).toHaveLength(1);
    expect((await api.get(`/api/efforts/${e.id}/history`)).body.items.map((h: any) => h.action)).toEqual(['created', 'action']);
  });
});

describe('linking reports', () => {
  it('takes up reports the caller may see: new ones move to in_progress, resolved ones stay; the report shows the effort', async () => {
    const school = w.orgs.school.member.api;
    const fresh = await postReport(school, reportBody({ category: 'drug_dealing', description: 'Försäljning vid skolans baksida.' }));
    const resolved = await postReport(school, reportBody({ description: 'Trasig belysning vid cykelstället.', category: 'lighting' }));
    expect((await school.patch(`/api/reports/${resolved.id}`, { version: 1, status: 'resolved' })).status).toBe(200);
    const police = w.orgs.police.coordinator.api;
    const e = await createEffort(police, { title: 'Närvaro vid skolan', reportIds: [fresh.id] });
    expect(e.linkedReports).toBe(1);
    expect((await school.get(`/api/reports/${fresh.id}`)).body).toEqual(expect.objectContaining({
      status: 'in_progress', version: 2, efforts: [{ id: e.id, title: 'Närvaro vid skolan', type: 'visibility_patrol', status: 'planned', outcome: null }],
    }));
    const linked = await police.post(`/api/efforts/${e.id}/reports`, { reportIds: [resolved.id, fresh.id] });
    expect(linked.status).toBe(200);
    expect(linked.body.linkedReports).toBe(2);
    expect((await school.get(`/api/reports/${resolved.id}`)).body.status).toBe('resolved');
    expect((await police.get(`/api/efforts/${e.id}/reports`)).body.items.map((r: any) => r.id).sort()).toEqual([fresh.id, resolved.id].sort());
    const reportHistory = (await school.get(`/api/reports/${fresh.id}/history`)).body.items;
    expect(reportHistory.at(-1).changes).toEqual([{ field: 'status', from: 'new', to: 'in_progress' }]);
    expect((await police.delete(`/api/efforts/${e.id}/reports/${resolved.id}`)).status).toBe(204);
    expect((await police.get(`/api/efforts/${e.id}`)).body.linkedReports).toBe(1);
    expectError(await police.delete(`/api/efforts/${e.id}/reports/${resolved.id}`), 404);
  });

  it('answers 404 for a report the caller may not see or of another collaboration, and links nothing', async () => {
    const own = await postReport(w.orgs.school.member.api, reportBody({ visibility: 'own', description: 'Bara för skolan.' }));
    const theirs = await postReport(other.org.member.api, reportBody({ location: { lat: 58.505, lng: 13.16 } }));
    const visible = await postReport(w.orgs.police.member.api, reportBody());
    const e = await createEffort(w.orgs.police.coordinator.api);
    for (const id of [own.id, theirs.id, randomUUID()]) {
      expectError(await w.orgs.police.coordinator.api.post(`/api/efforts/${e.id}/reports`, { reportIds: [visible.id, id] }), 404, { field: 'reportIds' });
    }
    expect((await w.orgs.police.coordinator.api.get(`/api/efforts/${e.id}`)).body.linkedReports).toBe(0);
    expect((await w.orgs.police.member.api.get(`/api/reports/${visible.id}`)).body.status).toBe('new');
    expectError(await w.orgs.police.coordinator.api.post(`/api/efforts/${e.id}/reports`, { reportIds: [] }), 400, { field: 'reportIds' });
  });

  it('hides from a report\'s reader the efforts they may not see, and from an effort\'s reader the reports they may not see', async () => {
    const school = w.orgs.school.member.api;
    const report = await postReport(school, reportBody({ category: 'drug_dealing', description: 'Langning vid busshållplatsen.' }));
    const police = w.orgs.police.coordinator.api;
    const op = await createEffort(police, { type: 'drug_operation', title: 'Hemlig insats', reportIds: [report.id] });
    const seenBySchool = (await school.get(`/api/reports/${report.id}`)).body;
    expect(seenBySchool.status).toBe('in_progress');
    expect(seenBySchool.efforts).toEqual([]);
    const ownReport = await postReport(w.orgs.police.member.api, reportBody({ visibility: 'own', description: 'Polisens egen iakttagelse.' }));
    const open = await createEffort(police, { reportIds: [ownReport.id, report.id] });
    const history = await school.get(`/api/efforts/${open.id}/history`);
    expect(history.text).not.toContain(ownReport.id);
    expect((await school.get(`/api/efforts/${open.id}/reports`)).body.items.map((r: any) => r.id)).toEqual([report.id]);
    const audit = await w.orgs.school.admin.api.get(`/api/audit?entityId=${op.id}`);
    expect(audit.body.items).toEqual([]);
  });
});

describe('the feed', () => {
  it('tells who may see an effort of it, live and on resume, and a reporter of their report being taken up', async () => {
    const schoolMember = w.orgs.school.member;
    await subscribe(schoolMember.api, {});
    const school = await connectFeed(t.url, schoolMember.token, 'school');
    const police = await connectFeed(t.url, w.orgs.police.member.token, 'police');
    await subscribe(w.orgs.police.member.api, {});
    const report = await postReport(schoolMember.api, reportBody({ category: 'gathering', description: 'Stor samling ungdomar vid torget.' }));
    const op = await createEffort(w.orgs.police.coordinator.api, { type: 'drug_operation', title: 'Tipsstyrd insats', reportIds: [report.id] });
    const patrol = await createEffort(w.orgs.police.coordinator.api, { title: 'Närvaropatrull torget' });
    await school.until(() => school.events.some((e) => e.data.id === patrol.id), 10_000, 'the patrol');
    await police.until(() => police.events.some((e) => e.data.id === patrol.id), 10_000, 'the patrol');
    const names = (c: typeof school, id: string) => c.events.filter((e) => e.data.id === id).map((e) => e.type);
    expect(names(school, op.id)).toEqual([]);
    expect(names(police, op.id)).toEqual(['effort:created']);
    // The school's report moved to in_progress: the school hears of that (its own event), not of the operation.
    expect(names(school, report.id)).toEqual(['report:created', 'report:updated']);
    expect(school.events.find((e) => e.type === 'report:updated' && e.data.id === report.id)!.data.status).toBe('in_progress');
    expect(school.events.find((e) => e.type === 'effort:created' && e.data.id === patrol.id)!.data.author).toBeNull();
    // Done and shared: now the school is told, with the outcome.
    await patchEffort(w.orgs.police.coordinator.api, op.id, { status: 'done', outcome: 'Försäljningen upphörde.' });
    await patchEffort(w.orgs.police.coordinator.api, op.id, { visibility: 'partners' });
    await school.until(() => names(school, op.id).length > 0, 10_000, 'the shared operation');
    expect(school.events.filter((e) => e.data.id === op.id).map((e) => [e.type, e.data.outcome, e.data.visibility]))
      .toEqual([['effort:updated', 'Försäljningen upphörde.', 'partners']]);
    const seqs = school.seqs();
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // A reconnecting school client replays the same, and still nothing of the operation before it was shared.
    const replay = await connectFeed(t.url, schoolMember.token, 'school again', { resume: false });
    const ack = await replay.ack('feed:resume', { afterSeq: report.seq - 1 });
    expect(ack.ok).toBe(true);
    const upTo = school.seqs().at(-1)!;
    await replay.until(() => replay.has(upTo), 10_000, 'the replay');
    expect(replay.events.filter((e) => e.seq <= upTo).map((e) => [e.seq, e.type])).toEqual(
      school.events.filter((e) => e.seq >= report.seq && e.seq <= upTo).map((e) => [e.seq, e.type]),
    );
    for (const c of [school, police, replay]) c.close();
  });

  it('tells who may see an effort of each action recorded in it (effort:action), without changing the effort', async () => {
    const police = w.orgs.police;
    const school = w.orgs.school;
    await subscribe(school.member.api, {});
    await subscribe(w.orgs.municipality.member.api, {});
    const joint = await createEffort(police.coordinator.api, { mode: 'joint', organisationIds: [police.id, school.id], type: 'school_visit', title: 'Skolbesök vecka 12' });
    const secret = await createEffort(police.coordinator.api, { type: 'dog_search', title: 'Hundsök i källaren' });
    const [schoolFeed, municipalityFeed] = await Promise.all([
      connectFeed(t.url, school.member.token, 'school'), connectFeed(t.url, w.orgs.municipality.member.token, 'municipality'),
    ]);
    const visit = await police.member.api.post(`/api/efforts/${joint.id}/actions`, { organisationId: police.id, kind: 'besök', count: 12, at: inDays(0) });
    const search = await police.member.api.post(`/api/efforts/${secret.id}/actions`, { organisationId: police.id, kind: 'hundsök', count: 1, at: inDays(0) });
    expect([visit.status, search.status]).toEqual([201, 201]);
    const actionEvents = (c: typeof schoolFeed) => c.events.filter((e) => e.type === 'effort:action');
    await schoolFeed.until(() => actionEvents(schoolFeed).length > 0, 10_000, 'the action');
    await municipalityFeed.until(() => actionEvents(municipalityFeed).length > 0, 10_000, 'the action');
    // A sentinel after both: whatever else was coming has come.
    const sentinel = await createEffort(police.coordinator.api, { title: 'Efter åtgärderna' });
    for (const c of [schoolFeed, municipalityFeed]) await c.until(() => c.events.some((e) => e.data.id === sentinel.id), 10_000, 'the sentinel');
    for (const c of [schoolFeed, municipalityFeed]) {
      // The action as GET /api/efforts/:id/actions lists it to a partner (who did it is the police's to see).
      expect(actionEvents(c).map((e) => e.data)).toEqual([{ ...visit.body, author: null, seq: actionEvents(c)[0].seq }]);
      // Nothing of the dog search, which only the police take part in.
      expect(c.events.some((e) => e.data.effortId === secret.id || e.data.id === secret.id)).toBe(false);
    }
    expect(actionEvents(schoolFeed)[0].data.effortId).toBe(joint.id);
    // The effort itself did not change: nobody's edit of it goes stale.
    expect((await police.member.api.get(`/api/efforts/${joint.id}`)).body).toEqual(expect.objectContaining({ version: 1, seq: joint.seq }));
    // Replayed on resume like any other event, by the same rule.
    const replay = await connectFeed(t.url, school.member.token, 'school again', { resume: false });
    expect((await replay.ack('feed:resume', { afterSeq: joint.seq })).ok).toBe(true);
    await replay.until(() => replay.has(sentinel.seq), 10_000, 'the replay');
    expect(replay.events.filter((e) => e.type === 'effort:action').map((e) => e.data.id)).toEqual([visit.body.id]);
    for (const c of [schoolFeed, municipalityFeed, replay]) c.close();
  });

  it('gives each event of a link its own seq, with no gap in the log', async () => {
    const reports = await Promise.all([1, 2, 3].map((i) => postReport(w.orgs.municipality.member.api, reportBody({ description: `Nedskräpning ${i} i parken.`, category: 'littering' }))));
    const e = await createEffort(w.orgs.municipality.coordinator.api, { organisationIds: [w.orgs.municipality.id], type: 'cleanup', title: 'Städning i parken' });
    const linked = await w.orgs.municipality.coordinator.api.post(`/api/efforts/${e.id}/reports`, { reportIds: reports.map((r) => r.id) });
    const after = await Promise.all(reports.map((r) => w.orgs.municipality.member.api.get(`/api/reports/${r.id}`)));
    const seqs = [linked.body.seq, ...after.map((r) => r.body.seq)];
    expect(seqs).toEqual([seqs[0], seqs[0] + 1, seqs[0] + 2, seqs[0] + 3]);
    const c = await connectFeed(t.url, w.orgs.municipality.coordinator.token, 'coordinator', { resume: false });
    expect((await c.ack('feed:all', { enabled: true })).ok).toBe(true);
    expect((await c.ack('feed:resume', { afterSeq: seqs[0] - 1 })).ok).toBe(true);
    await eventually(async () => c.has(seqs[3]), 10_000, 'the replay');
    expect(c.events.filter((x) => x.seq <= seqs[3]).map((x) => x.type)).toEqual(['effort:linked', 'report:updated', 'report:updated', 'report:updated']);
    c.close();
  });
});

it('leaves no half-written rows behind', async () => {
  expect(await halfWritten(t.databaseUrl)).toEqual({});
});
