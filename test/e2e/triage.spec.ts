/**
 * Triage by coordinators: assigning reports to an organisation, acknowledging many at once, the queue's filters,
 * answering the reporter (from templates), finding and merging duplicates — and an author who can no longer close
 * a report alone once a coordinator has taken it up.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.js';
import { halfWritten } from '../support/consistency.js';
import { connectFeed, postComment, postReport, subscribe } from '../support/feed-client.js';
import { buildOtherCollaboration, buildWorld, IN_CENTRUM, type OtherCollaboration, reportBody, type World } from '../support/world.js';
import { expectError } from './helpers.js';

jest.setTimeout(60_000);

let t: TestApp;
let w: World;
let other: OtherCollaboration;

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  other = await buildOtherCollaboration(t, w.admin);
});
afterAll(() => t?.close());

/** A point `metres` north of the centrum point (1° of latitude ≈ 111.2 km). */
const north = (metres: number) => ({ lat: IN_CENTRUM.lat + metres / 111_200, lng: IN_CENTRUM.lng });
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

describe('assigning', () => {
  it('gives a report to an organisation that may see it, lists it by assignee, and takes it back', async () => {
    const coord = w.orgs.municipality.coordinator.api;
    const r = await postReport(w.orgs.school.member.api, reportBody({ description: 'Skadegörelse vid idrottshallen.' }));
    const assigned = await coord.post(`/api/reports/${r.id}/assign`, { organisationId: w.orgs.police.id, version: 1 });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toEqual(expect.objectContaining({ assignedTo: expect.objectContaining({ id: w.orgs.police.id, kind: 'police' }), version: 2 }));
    const queue = (await coord.get(`/api/reports?assignedTo=${w.orgs.police.id}&limit=500`)).body.items.map((x: any) => x.id);
    expect(queue).toContain(r.id);
    expectError(await coord.post(`/api/reports/${r.id}/assign`, { organisationId: w.orgs.school.id, version: 1 }), 409);
    const back = await coord.post(`/api/reports/${r.id}/assign`, { organisationId: null });
    expect(back.body.assignedTo).toBeNull();
    const history = (await coord.get(`/api/reports/${r.id}/history`)).body.items;
    expect(history.map((h: any) => h.changes.map((c: any) => c.field))).toEqual(expect.arrayContaining([['assignedTo']]));
  });

  it('lists the reports given to no organisation with assignedTo=none (the triage queue), and refuses any other word', async () => {
    const coord = w.orgs.municipality.coordinator.api;
    const given = await postReport(w.orgs.school.member.api, reportBody({ description: 'Trasigt staket vid fotbollsplanen.' }));
    const waiting = await postReport(w.orgs.school.member.api, reportBody({ description: 'Trasigt staket vid lekplatsen.' }));
    expect((await coord.post(`/api/reports/${given.id}/assign`, { organisationId: w.orgs.municipality.id })).status).toBe(200);
    const unassigned = (await coord.get('/api/reports?assignedTo=none&limit=500')).body.items;
    expect(unassigned.map((x: any) => x.id)).toContain(waiting.id);
    expect(unassigned.map((x: any) => x.id)).not.toContain(given.id);
    expect(unassigned.length).toBeGreaterThan(0);
    expect(unassigned.every((x: any) => x.assignedTo === null)).toBe(true);
    // Combined with the queue's other filters, and paged like any list.
    const newOnes = (await coord.get('/api/reports?assignedTo=none&status=new&limit=500')).body.items;
    expect(newOnes.every((x: any) => x.assignedTo === null && x.status === 'new')).toBe(true);
    const page = await coord.get('/api/reports?assignedTo=none&limit=1');
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const second = await coord.get(`/api/reports?assignedTo=none&limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`);
    expect(second.body.items[0].assignedTo).toBeNull();
    expect(second.body.items[0].id).not.toBe(page.body.items[0].id);
    for (const bad of ['nobody', 'NONE', 'null']) expectError(await coord.get(`/api/reports?assignedTo=${bad}`), 400, { field: 'assignedTo' });
  });

  it('refuses an organisation that may not see the report, another collaboration\'s, a member and a stranger', async () => {
    const own = await postReport(w.orgs.police.member.api, reportBody({ visibility: 'own', description: 'Polisens egen.' }));
    const coord = w.orgs.police.coordinator.api;
    expectError(await coord.post(`/api/reports/${own.id}/assign`, { organisationId: w.orgs.school.id }), 400, { field: 'organisationId' });
    expectError(await coord.post(`/api/reports/${own.id}/assign`, { organisationId: other.org.id }), 404, { field: 'organisationId' });
    expectError(await w.orgs.police.member.api.post(`/api/reports/${own.id}/assign`, { organisationId: w.orgs.police.id }), 403);
    expectError(await w.orgs.municipality.coordinator.api.post(`/api/reports/${own.id}/assign`, { organisationId: w.orgs.police.id }), 404);
    expectError(await w.anonymous.post(`/api/reports/${own.id}/assign`, { organisationId: w.orgs.police.id }), 401);
    expectError(await coord.post(`/api/reports/${own.id}/assign`, { organisationId: 'nope' }), 400, { field: 'organisationId' });
    expect((await coord.get(`/api/reports/${own.id}`)).body.assignedTo).toBeNull();
  });
});

describe('acknowledging many at once, and the queue', () => {
  it('acknowledges the new ones, leaves the rest, and sends each its event', async () => {
    const coord = w.orgs.municipality.coordinator;
    const feed = await connectFeed(t.url, coord.token, 'coordinator');
    expect((await feed.ack('feed:all', { enabled: true })).ok).toBe(true);
    const fresh = await Promise.all([1, 2, 3].map((i) => postReport(w.orgs.school.member.api, reportBody({ description: `Nedskräpning ${i}.`, category: 'littering' }))));
    const done = await postReport(w.orgs.school.member.api, reportBody({ description: 'Redan klar.', category: 'littering' }));
    await w.orgs.school.member.api.patch(`/api/reports/${done.id}`, { version: 1, status: 'resolved' });
    const res = await coord.api.post('/api/reports/acknowledge', { reportIds: [...fresh.map((r) => r.id), done.id] });
    expect(res.status).toBe(200);
    expect(res.body.acknowledged.sort()).toEqual(fresh.map((r) => r.id).sort());
    expect(res.body.unchanged).toEqual([done.id]);
    // Every report asked about as it is now, in the order asked: the new ones at their new version, each with the
    // seq of its own event, so a client updates its rows without reading them again.
    expect(res.body.reports.map((r: any) => [r.id, r.status, r.version])).toEqual([
      ...fresh.map((r) => [r.id, 'acknowledged', 2]), [done.id, 'resolved', 2],
    ]);
    const seqs = res.body.reports.slice(0, 3).map((r: any) => r.seq).sort((a: number, b: number) => a - b);
    expect(seqs).toEqual([seqs[0], seqs[0] + 1, seqs[0] + 2]);
    // Who reported them is the school's to see, not the municipality coordinator's.
    expect(res.body.reports.every((r: any) => r.author === null)).toBe(true);
    await feed.until(() => fresh.every((r) => feed.events.some((e) => e.type === 'report:updated' && e.data.id === r.id && e.data.status === 'acknowledged')), 10_000, 'three updates');
    for (const r of res.body.reports.slice(0, 3)) {
      expect(feed.events.find((e) => e.type === 'report:updated' && e.data.id === r.id)!.seq).toBe(r.seq);
    }
    feed.close();
    const read = await Promise.all(fresh.map(async (r) => (await coord.api.get(`/api/reports/${r.id}`)).body));
    expect(read.map((r) => [r.status, r.version, r.seq])).toEqual(res.body.reports.slice(0, 3).map((r: any) => [r.status, r.version, r.seq]));
    // Asked again: nothing is new any more; every report comes back as it is.
    const again = await coord.api.post('/api/reports/acknowledge', { reportIds: fresh.map((r) => r.id) });
    expect(again.body).toEqual({ acknowledged: [], unchanged: fresh.map((r) => r.id), reports: expect.any(Array) });
    expect(again.body.reports.map((r: any) => r.version)).toEqual([2, 2, 2]);
  });

  it('writes nothing when one report is not visible, and refuses members', async () => {
    const a = await postReport(w.orgs.school.member.api, reportBody({ description: 'Synlig.' }));
    const hidden = await postReport(w.orgs.school.member.api, reportBody({ description: 'Dold.', visibility: 'own' }));
    expectError(await w.orgs.police.coordinator.api.post('/api/reports/acknowledge', { reportIds: [a.id, hidden.id] }), 404, { field: 'reportIds' });
    expect((await w.orgs.school.member.api.get(`/api/reports/${a.id}`)).body.status).toBe('new');
    expectError(await w.orgs.school.member.api.post('/api/reports/acknowledge', { reportIds: [a.id] }), 403);
    expectError(await w.orgs.police.coordinator.api.post('/api/reports/acknowledge', { reportIds: [] }), 400, { field: 'reportIds' });
  });

  it('filters the queue by age, severity and status', async () => {
    const old = await postReport(w.orgs.school.member.api, reportBody({ description: 'Gammal.', severity: 4 }));
    const coord = w.orgs.police.coordinator.api;
    const young = (await coord.get('/api/reports?olderThanHours=1&limit=500')).body.items.map((x: any) => x.id);
    expect(young).not.toContain(old.id);
    const severe = (await coord.get('/api/reports?minSeverity=4&status=new&limit=500')).body.items;
    expect(severe.map((x: any) => x.id)).toContain(old.id);
    expect(severe.every((x: any) => x.severity >= 4 && x.status === 'new')).toBe(true);
    expectError(await coord.get('/api/reports?olderThanHours=0'), 400, { field: 'olderThanHours' });
  });
});

describe('a report a coordinator has taken up', () => {
  it('can no longer be closed by its author alone', async () => {
    const author = w.orgs.school.member.api;
    const r = await postReport(author, reportBody({ description: 'Hot mot personal vid entrén.', category: 'threat_to_staff' }));
    await w.orgs.police.coordinator.api.patch(`/api/reports/${r.id}`, { version: 1, status: 'acknowledged' });
    expectError(await author.patch(`/api/reports/${r.id}`, { version: 2, status: 'closed' }), 403);
    expectError(await author.patch(`/api/reports/${r.id}`, { version: 2, status: 'resolved' }), 403);
    expect((await author.patch(`/api/reports/${r.id}`, { version: 2, severity: 4 })).status).toBe(200);
    expect((await w.orgs.police.coordinator.api.patch(`/api/reports/${r.id}`, { version: 3, status: 'resolved' })).status).toBe(200);
  });
});

describe('answering the reporter', () => {
  it('answers from a template and resolves: the author sees the answer, live', async () => {
    const author = w.orgs.school.member;
    await subscribe(author.api, {});
    const feed = await connectFeed(t.url, author.token, 'author');
    const r = await postReport(author.api, reportBody({ description: 'Mopeder kör på gångvägen.', category: 'reckless_driving' }));
    const coord = w.orgs.police.coordinator.api;
    const template = await coord.post('/api/answer-templates', { title: 'Ökad närvaro', body: 'Tack! Polisen har ökat närvaron på platsen.' });
    expect(template.status).toBe(201);
    expect((await coord.get('/api/answer-templates')).body.items.map((x: any) => x.title)).toContain('Ökad närvaro');
    const answered = await coord.post(`/api/reports/${r.id}/answer`, { body: template.body.body, resolve: true });
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual(expect.objectContaining({
      status: 'resolved', answer: { body: 'Tack! Polisen har ökat närvaron på platsen.', at: expect.any(String), organisation: expect.objectContaining({ id: w.orgs.police.id }) },
    }));
    await feed.until(() => feed.events.some((e) => e.data.id === r.id && e.data.answer?.body), 10_000, 'the answer');
    expect(feed.events.find((e) => e.data.id === r.id && e.data.answer)!.data.status).toBe('resolved');
    feed.close();
    expectError(await coord.post(`/api/reports/${r.id}/answer`, { body: 'Ring mig på 0701234567' }), 400, { code: 'PERSONAL_DATA' });
    expectError(await author.api.post(`/api/reports/${r.id}/answer`, { body: 'Själv' }), 403);
    expectError(await coord.post('/api/answer-templates', { title: 'x', body: 'mejla anna@example.com' }), 400, { code: 'PERSONAL_DATA' });
    expectError(await author.api.get('/api/answer-templates'), 403);
    expect((await coord.delete(`/api/answer-templates/${template.body.id}`)).status).toBe(204);
    expectError(await coord.delete(`/api/answer-templates/${template.body.id}`), 404);
    const theirs = await other.org.coordinator.api.post('/api/answer-templates', { title: 'Deras', body: 'Svar.' });
    expectError(await coord.delete(`/api/answer-templates/${theirs.body.id}`), 404);
  });
});

describe('duplicates', () => {
  it('suggests reports of the same category near in place and time, within the collaboration\'s thresholds', async () => {
    const school = w.orgs.school.member.api;
    const coord = w.orgs.municipality.coordinator.api;
    const base = await postReport(school, reportBody({ category: 'fire', description: 'Brand i papperskorg.', location: north(0), observedAt: hoursAgo(2) }));
    const near = await postReport(w.orgs.police.member.api, reportBody({ category: 'fire', description: 'Rök vid torget.', location: north(60), observedAt: hoursAgo(3) }));
    const far = await postReport(school, reportBody({ category: 'fire', description: 'Brand långt bort.', location: north(900), observedAt: hoursAgo(2) }));
    const other_ = await postReport(school, reportBody({ category: 'vandalism', description: 'Klotter.', location: north(10), observedAt: hoursAgo(2) }));
    const old = await postReport(school, reportBody({ category: 'fire', description: 'Gammal brand.', location: north(20), observedAt: hoursAgo(24 * 10) }));
    const hidden = await postReport(w.orgs.police.member.api, reportBody({ category: 'fire', description: 'Dold brand.', location: north(5), visibility: 'own' }));
    const found = (await coord.get(`/api/reports/${base.id}/duplicates`)).body.items;
    expect(found.map((c: any) => c.report.id)).toEqual([near.id]);
    expect(found[0]).toEqual(expect.objectContaining({ distanceM: expect.any(Number), hoursApart: 1, mergeInto: true, mergeFrom: true }));
    expect(Math.abs(found[0].distanceM - 60)).toBeLessThan(3);
    const byPoliceItems = (await w.orgs.police.coordinator.api.get(`/api/reports/${base.id}/duplicates`)).body.items;
    const byPolice = byPoliceItems.map((c: any) => c.report.id);
    expect(byPolice).toEqual([hidden.id, near.id]);
    // The police's own report: the partners' report may not go into it (the school would lose sight of it), but it
    // may go into the partners' report.
    expect(byPoliceItems.map((c: any) => [c.mergeInto, c.mergeFrom])).toEqual([[false, true], [true, true]]);
    for (const id of [far.id, other_.id, old.id]) expect(byPolice).not.toContain(id);
    expect((await coord.put('/api/triage/settings', { duplicateDistanceM: 30, duplicateWindowHours: 72 })).status).toBe(200);
    expect((await coord.get(`/api/reports/${base.id}/duplicates`)).body.items).toEqual([]);
    expect((await coord.get('/api/triage/settings')).body).toEqual({ duplicateDistanceM: 30, duplicateWindowHours: 72 });
    expectError(await coord.put('/api/triage/settings', { duplicateDistanceM: 0, duplicateWindowHours: 72 }), 400, { field: 'duplicateDistanceM' });
    await coord.put('/api/triage/settings', { duplicateDistanceM: 150, duplicateWindowHours: 72 });
    expectError(await school.get(`/api/reports/${base.id}/duplicates`), 403);
    expectError(await coord.get(`/api/reports/${randomUUID()}/duplicates`), 404);
  });

  it('merges a duplicate: it points to the one it joined, keeps history and comments, leaves the lists, and the feed says so', async () => {
    const school = w.orgs.school.member;
    await subscribe(school.api, {});
    const feed = await connectFeed(t.url, school.token, 'school');
    const kept = await postReport(w.orgs.police.member.api, reportBody({ category: 'gathering', description: 'Folksamling vid stationen.' }));
    const dup = await postReport(school.api, reportBody({ category: 'gathering', description: 'Många ungdomar vid stationen.' }));
    await postComment(school.api, dup.id, 'Vi såg dem vid 22.');
    const coord = w.orgs.municipality.coordinator.api;
    expectError(await coord.post(`/api/reports/${dup.id}/merge`, { intoReportId: dup.id }), 400, { field: 'intoReportId', code: 'MERGE_INTO_ITSELF' });
    const merged = await coord.post(`/api/reports/${dup.id}/merge`, { intoReportId: kept.id });
    expect(merged.status).toBe(200);
    expect(merged.body).toEqual(expect.objectContaining({ mergedInto: kept.id, status: 'closed', version: 2 }));
    await feed.until(() => feed.events.some((e) => e.type === 'report:merged' && e.data.id === dup.id), 10_000, 'report:merged');
    feed.close();
    expect((await school.api.get('/api/reports?limit=500')).body.items.map((x: any) => x.id)).not.toContain(dup.id);
    expect((await school.api.get(`/api/reports/${dup.id}`)).body.mergedInto).toBe(kept.id);
    expect((await school.api.get(`/api/reports/${dup.id}/comments`)).body.items.map((c: any) => c.body)).toEqual(['Vi såg dem vid 22.']);
    expect((await school.api.get(`/api/reports/${dup.id}/history`)).body.items.at(-1).changes).toEqual(expect.arrayContaining([
      { field: 'mergedInto', from: null, to: kept.id },
    ]));
    expectError(await coord.post(`/api/reports/${dup.id}/merge`, { intoReportId: kept.id }), 409, { code: 'ALREADY_MERGED' });
    const third = await postReport(school.api, reportBody({ category: 'gathering', description: 'Samma samling igen.' }));
    expectError(await coord.post(`/api/reports/${third.id}/merge`, { intoReportId: dup.id }), 400, { field: 'intoReportId', code: 'MERGE_INTO_MERGED' });
  });

  it('merges only into a report everyone who sees the duplicate also sees; the suggestions say which way works', async () => {
    // A category and place of their own, so that no other test's reports crowd them out of the suggestions.
    const here = { category: 'traffic_drunk_driving', location: north(2000) };
    const shared = await postReport(w.orgs.police.member.api, reportBody({ ...here, description: 'Delad med alla.' }));
    const own = await postReport(w.orgs.police.member.api, reportBody({ ...here, description: 'Bara polisen.', visibility: 'own' }));
    const coord = w.orgs.police.coordinator.api;
    const suggested = (await coord.get(`/api/reports/${shared.id}/duplicates`)).body.items.find((c: any) => c.report.id === own.id);
    expect(suggested).toEqual(expect.objectContaining({ mergeInto: false, mergeFrom: true }));
    const fromOwn = (await coord.get(`/api/reports/${own.id}/duplicates`)).body.items.find((c: any) => c.report.id === shared.id);
    expect(fromOwn).toEqual(expect.objectContaining({ mergeInto: true, mergeFrom: false }));
    expectError(await coord.post(`/api/reports/${shared.id}/merge`, { intoReportId: own.id }), 400, { field: 'intoReportId', code: 'MERGE_NARROWS_AUDIENCE' });
    expectError(await w.orgs.school.coordinator.api.post(`/api/reports/${shared.id}/merge`, { intoReportId: own.id }), 404, { field: 'intoReportId' });
    expect((await coord.post(`/api/reports/${own.id}/merge`, { intoReportId: shared.id })).status).toBe(200);
  });
});

it('leaves no half-written rows behind', async () => {
  expect(await halfWritten(t.databaseUrl)).toEqual({});
});
