/**
 * Joint meetings (samverkansmöten) over HTTP: a coordinator runs a weekly meeting — opens the agenda the live picture
 * prefills, records an item discussed and a decision, turns the decision into a joint effort with linked reports,
 * later marks it done with an outcome — and exports the minutes as a Swedish A4 PDF. Who may read a meeting, bad
 * input, and a conversion that is safe to retry (409 once done; an interrupted one is finished, never doubled).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { halfWritten } from '../support/consistency.js';
import { withDb } from '../support/db.js';
import { patchReport, postReport } from '../support/feed-client.js';
import { buildOtherCollaboration, buildWorld, type OtherCollaboration, reportBody, unique, type World } from '../support/world.js';
import { expectError, identityNumber, walk } from './helpers.js';

jest.setTimeout(90_000);

const run = promisify(execFile);
const DAY = 86_400_000;

let t: TestApp;
let w: World;
let other: OtherCollaboration;
let dir: string;

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  other = await buildOtherCollaboration(t, w.admin);
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-minutes-'));
});
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

/** The text of a PDF (poppler's pdftotext, in reading order), its page size and count (pdfinfo) and its fonts (pdffonts). */
async function readPdf(bytes: Buffer): Promise<{ text: string; info: string; fonts: string }> {
  const file = join(dir, `${randomUUID()}.pdf`);
  writeFileSync(file, bytes);
  const [text, info, fonts] = await Promise.all([run('pdftotext', ['-layout', file, '-']), run('pdfinfo', [file]), run('pdffonts', [file])]);
  return { text: text.stdout, info: info.stdout, fonts: fonts.stdout };
}

async function download(api: Api, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(api.baseUrl + path, { headers: { authorization: `Bearer ${api.token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A bounded area of its own (far from the world's), so that the agenda narrowed to it holds only this file's records. */
const BOX = { lat: 58.7, lng: 13.5 };
const boundary = { type: 'Polygon', coordinates: [[[13.49, 58.69], [13.51, 58.69], [13.51, 58.71], [13.49, 58.71], [13.49, 58.69]]] };

async function created(res: { status: number; text: string; body: any }, what: string) {
  if (res.status !== 201) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body;
}

describe('a coordinator runs a weekly meeting', () => {
  // The meeting was yesterday (its week is the week of yesterday); the minutes are written afterwards.
  const at = new Date(Date.now() - DAY);
  const before = (days: number) => new Date(at.getTime() - days * DAY).toISOString();
  let area: string;
  let places: Record<'station' | 'park' | 'harbour', string>;
  let meeting: any;
  const reports: Record<string, any> = {};
  let hiddenReport: any;

  beforeAll(async () => {
    const coordinator = w.orgs.municipality.coordinator.api;
    area = (await created(await coordinator.post('/api/areas', { name: `Landsbygd ${unique()}`, boundary }), 'area')).id;
    const place = async (name: string, dLat: number) =>
      (await created(await coordinator.post('/api/places', { name, areaId: area, location: { lat: BOX.lat + dLat, lng: BOX.lng } }), name)).id;
    places = { station: await place('Stationen', 0.001), park: await place('Parken', 0.002), harbour: await place('Hamnplan', 0.003) };
    // [where, days before the meeting, severity]: four weeks before it is "this period", the four before that "before".
    const seed: [keyof typeof places | 'area', number, number][] = [
      ['station', 1, 4], ['station', 3, 3], ['station', 8, 2], ['station', 20, 2], ['station', 40, 2],
      ['park', 2, 5], ['park', 10, 1],
      ['harbour', 5, 2], ['harbour', 15, 2], ['harbour', 30, 3], ['harbour', 35, 3], ['harbour', 45, 1], ['harbour', 50, 1], ['harbour', 55, 1],
      ['area', 6, 3], ['area', 12, 3],
    ];
    const police = w.orgs.police.member.api;
    await Promise.all(seed.map(async ([where, days, severity], i) => {
      reports[`${where}-${days}`] = await postReport(police, reportBody({
        category: where === 'park' ? 'vandalism' : where === 'area' ? 'reckless_driving' : 'gathering',
        description: `Iakttagelse ${i + 1} i landsbygdsområdet.`, observedAt: before(days), severity,
        ...(where === 'area' ? { location: BOX } : { placeId: places[where], location: undefined }),
      }));
    }));
    await patchReport(police, reports['harbour-55'].id, { status: 'resolved' });
    // The school's own report: nobody else may see it, nor count it.
    hiddenReport = await postReport(w.orgs.school.member.api, reportBody({
      visibility: 'own', placeId: places.station, location: undefined, observedAt: before(2), severity: 5, description: 'Bara för skolan.',
    }));
  });

  it('creates the meeting with the organisations present', async () => {
    const res = await w.orgs.municipality.coordinator.api.post('/api/meetings', {
      kind: 'joint', date: at.toISOString(), title: 'Veckomöte landsbygden',
      organisationIds: [w.orgs.police.id, w.orgs.municipality.id, w.orgs.school.id, w.orgs.police.id], areaIds: [area],
    });
    expect(res.status).toBe(201);
    meeting = res.body;
    expect(meeting).toEqual(expect.objectContaining({
      kind: 'joint', date: at.toISOString(), title: 'Veckomöte landsbygden', week: expect.stringMatching(/^\d{4}-W\d{2}$/),
      organisations: [w.orgs.police.id, w.orgs.municipality.id, w.orgs.school.id].map((id) => expect.objectContaining({ id })),
      areas: [expect.objectContaining({ id: area })], items: [], decisions: [], version: 1,
      createdBy: expect.objectContaining({ id: w.orgs.municipality.coordinator.id }),
    }));
    // Who created it is shown to their own organisation only.
    expect((await w.orgs.police.member.api.get(`/api/meetings/${meeting.id}`)).body.createdBy).toBeNull();
  });

  it('opens the agenda prefilled from the picture of its week: open reports by severity, hotspots, efforts due and overdue', async () => {
    const police = w.orgs.police.coordinator.api;
    const first = await police.get(`/api/meetings/${meeting.id}/agenda`);
    expect(first.status).toBe(200);
    const { period } = first.body;
    expect(period).toEqual(expect.objectContaining({ week: meeting.week, hotspotsTo: at.toISOString(), hotspotsFrom: expect.any(String) }));
    const weekStart = Date.parse(period.weekStart);
    const weekEnd = Date.parse(period.weekEnd);
    expect(weekStart).toBeLessThanOrEqual(at.getTime());
    expect(weekEnd).toBeGreaterThan(at.getTime());
    expect([6 * DAY + 23 * 3600_000, 7 * DAY, 7 * DAY + 3600_000]).toContain(weekEnd - weekStart); // a week, across a DST change too

    // Efforts: due (follow-up or planned end later in the meeting's week), overdue (follow-up before it), and neither.
    const inWeek = new Date(at.getTime() + (weekEnd - at.getTime()) / 2).toISOString();
    const effort = async (title: string, over: Record<string, unknown>) => (await created(await police.post('/api/efforts', {
      type: 'visibility_patrol', title, mode: 'separate', organisationIds: [w.orgs.police.id], areaIds: [area], plannedStart: before(3), ...over,
    }), title));
    const dueFollowUp = await effort('Uppföljning stationen', { followUpAt: inWeek });
    const dueEnd = await effort('Patrull till veckans slut', { plannedEnd: inWeek });
    const overdue = await effort('Belysning parken', { type: 'lighting_fix', followUpAt: before(2) });
    const doneLate = await effort('Klar sedan länge', { followUpAt: before(2) });
    expect((await police.patch(`/api/efforts/${doneLate.id}`, { version: 1, status: 'done', outcome: 'Klart.' })).status).toBe(200);
    const later = await effort('Nästa vecka', { followUpAt: new Date(weekEnd + 2 * DAY).toISOString() });
    const secret = await effort('Hemlig insats', { type: 'drug_operation', followUpAt: before(1) });
    const elsewhere = await effort('Annat område', { areaIds: [w.areas.centrum], followUpAt: before(1) });

    const res = await police.get(`/api/meetings/${meeting.id}/agenda`);
    expect(res.status).toBe(200);
    const agenda = res.body;
    // 16 reports, one resolved; the school's own report is not the police's to see.
    expect(agenda.openReports.bySeverity).toEqual({ 1: 3, 2: 5, 3: 5, 4: 1, 5: 1 });
    expect(agenda.openReports.total).toBe(15);
    expect(agenda.openReports.top).toHaveLength(10);
    expect(agenda.openReports.top.slice(0, 2).map((r: any) => [r.id, r.severity])).toEqual([[reports['park-2'].id, 5], [reports['station-1'].id, 4]]);
    expect(agenda.openReports.top[0]).toEqual(expect.objectContaining({ category: 'vandalism', status: 'new', place: { id: places.park, name: 'Parken' } }));
    // Hotspots: the four weeks before the meeting against the four before those.
    const byWhere = Object.fromEntries(agenda.hotspots.map((h: any) => [h.place?.name ?? `area ${h.area?.id}`, [h.count, h.previousCount, h.class]]));
    expect(byWhere).toEqual({ Stationen: [4, 1, 'growing'], Parken: [2, 0, 'new'], Hamnplan: [2, 5, 'shrinking'], [`area ${area}`]: [2, 0, 'new'] });
    expect(agenda.hotspots[0].place.name).toBe('Stationen');
    expect(agenda.hotspots.find((h: any) => h.place?.name === 'Parken').categories).toEqual(['vandalism']);
    expect(agenda.efforts.due.map((e: any) => e.id).sort()).toEqual([dueFollowUp.id, dueEnd.id].sort());
    expect(agenda.efforts.overdue.map((e: any) => e.id).sort()).toEqual([overdue.id, secret.id].sort());
    expect(agenda.efforts.overdue.find((e: any) => e.id === overdue.id)).toEqual(expect.objectContaining({
      title: 'Belysning parken', type: 'lighting_fix', status: 'planned', organisation: expect.objectContaining({ id: w.orgs.police.id }),
    }));
    for (const id of [doneLate.id, later.id, elsewhere.id, hiddenReport.id]) expect(res.text).not.toContain(id);

    // The school (present) sees its own report counted, and not the police's drug operation.
    const school = await w.orgs.school.member.api.get(`/api/meetings/${meeting.id}/agenda`);
    expect(school.status).toBe(200);
    expect(school.body.openReports.bySeverity['5']).toBe(2);
    expect(school.body.hotspots[0]).toEqual(expect.objectContaining({ count: 5, previousCount: 1, class: 'growing' }));
    expect(school.text).not.toContain(secret.id);
    expect(school.body.efforts.overdue.map((e: any) => e.id)).toEqual([overdue.id]);
  });

  it('records an item discussed and a decision, and turns the decision into a joint effort with linked reports', async () => {
    const coordinator = w.orgs.municipality.coordinator.api;
    const item = await coordinator.post(`/api/meetings/${meeting.id}/items`, {
      kind: 'hotspot', refId: places.station, title: 'Stationen: samlingar på kvällarna', note: 'Polisen ser fler samlingar efter 21. Skolan känner igen bilden.',
    });
    expect(item.status).toBe(201);
    expect(item.body).toEqual(expect.objectContaining({ kind: 'hotspot', refId: places.station, position: 2 }));
    const reportItem = await coordinator.post(`/api/meetings/${meeting.id}/items`, {
      kind: 'report', refId: reports['park-2'].id, title: 'Skadegörelse i parken', note: 'Kommunen lagar bänkarna, som vänorten Łęczyca skänkte.',
    });
    expect(reportItem.status).toBe(201);

    const dueAt = new Date(Date.now() + 14 * DAY).toISOString();
    const decision = await coordinator.post(`/api/meetings/${meeting.id}/decisions`, {
      text: 'Polisen och kommunen genomför gemensam trygghetsvandring vid stationen.', ownerOrganisationId: w.orgs.municipality.id, dueAt,
    });
    expect(decision.status).toBe(201);
    expect(decision.body).toEqual(expect.objectContaining({
      meetingId: meeting.id, ownerOrganisation: expect.objectContaining({ id: w.orgs.municipality.id }), dueAt, converted: false, effort: null,
    }));

    const linked = [reports['station-1'].id, reports['station-3'].id];
    const body = {
      type: 'visibility_patrol', title: 'Trygghetsvandring vid stationen', mode: 'joint', organisationIds: [w.orgs.police.id, w.orgs.municipality.id],
      plannedStart: new Date(Date.now() + 3 * DAY).toISOString(), reportIds: linked, areaIds: [area],
    };
    const path = `/api/meetings/${meeting.id}/decisions/${decision.body.id}/effort`;
    const converted = await coordinator.post(path, body);
    expect(converted.status).toBe(201);
    expect(converted.body).toEqual(expect.objectContaining({
      id: decision.body.id, converted: true,
      effort: { id: expect.any(String), title: 'Trygghetsvandring vid stationen', type: 'visibility_patrol', status: 'planned', outcome: null },
    }));
    const effortId = converted.body.effort.id;
    const effort = (await coordinator.get(`/api/efforts/${effortId}`)).body;
    // Owned by the decision's owner, followed up when it is due, described by the decision.
    expect(effort).toEqual(expect.objectContaining({
      mode: 'joint', organisation: expect.objectContaining({ id: w.orgs.municipality.id }), followUpAt: dueAt,
      description: 'Polisen och kommunen genomför gemensam trygghetsvandring vid stationen.', linkedReports: 2,
    }));
    for (const id of linked) expect((await w.orgs.police.member.api.get(`/api/reports/${id}`)).body.status).toBe('in_progress');

    // A retry (or a second coordinator) finds it converted: 409, and no second effort.
    expectError(await coordinator.post(path, body), 409, { code: 'DECISION_HAS_EFFORT' });
    expectError(await w.orgs.police.coordinator.api.post(path, body), 409, { code: 'DECISION_HAS_EFFORT' });
    const [{ n }] = (await withDb(t.databaseUrl, (db) => db.query(`SELECT count(*)::int AS n FROM efforts WHERE title = 'Trygghetsvandring vid stationen'`))).rows;
    expect(n).toBe(1);

    // Later: the effort is done, with an outcome; the meeting shows it.
    const done = await coordinator.patch(`/api/efforts/${effortId}`, { version: effort.version, status: 'done', outcome: 'Vandringen genomförd; belysningen anmäld.' });
    expect(done.status).toBe(200);
    const read = (await w.orgs.school.member.api.get(`/api/meetings/${meeting.id}`)).body;
    expect(read.items.map((i: any) => i.title)).toEqual(['Stationen: samlingar på kvällarna', 'Skadegörelse i parken']);
    expect(read.decisions).toEqual([expect.objectContaining({
      id: decision.body.id, converted: true, effort: expect.objectContaining({ id: effortId, status: 'done', outcome: 'Vandringen genomförd; belysningen anmäld.' }),
    })]);
    expect(read.version).toBe(4);
  });

  it('finishes a conversion the service did not finish (the effort made, not yet recorded) instead of making a second effort', async () => {
    const coordinator = w.orgs.municipality.coordinator.api;
    const decision = await created(await coordinator.post(`/api/meetings/${meeting.id}/decisions`, {
      text: 'Skolan bjuder in föräldrar till en kvällsvandring.', ownerOrganisationId: w.orgs.school.id,
    }), 'decision');
    const [{ effort_key: key }] = (await withDb(t.databaseUrl, (db) => db.query('SELECT effort_key FROM meeting_decisions WHERE id = $1', [decision.id]))).rows;
    // The first of the two writes, as a conversion that stopped after it would have left it: the effort under the decision's key.
    const body = { type: 'school_visit', title: 'Föräldravandring', mode: 'separate', organisationIds: [w.orgs.school.id], plannedStart: new Date(Date.now() + DAY).toISOString() };
    const made = await created(await coordinator.post('/api/efforts', { ...body, ownerOrganisationId: w.orgs.school.id, description: decision.text }, { 'idempotency-key': key }), 'effort');
    // Half a conversion, as the consistency checks see it.
    expect(Object.keys(await halfWritten(t.databaseUrl))).toEqual([expect.stringContaining('half a conversion')]);
    // The retry, even by another coordinator, records that effort.
    const retried = await w.orgs.police.coordinator.api.post(`/api/meetings/${meeting.id}/decisions/${decision.id}/effort`, body);
    expect(retried.status).toBe(201);
    expect(retried.body.effort.id).toBe(made.id);
    const [{ n }] = (await withDb(t.databaseUrl, (db) => db.query(`SELECT count(*)::int AS n FROM efforts WHERE title = 'Föräldravandring'`))).rows;
    expect(n).toBe(1);
  });

  it('exports the minutes as a Swedish A4 PDF with extractable text', async () => {
    const res = await download(w.orgs.school.member.api, `/api/meetings/${meeting.id}/minutes?format=pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="protokoll-${local}-samverkansmote.pdf"`);
    const { text, info, fonts } = await readPdf(res.bytes);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    // A character beyond WinAnsi (the Ł of a note): the minutes embed a font that has it.
    expect(fonts).toMatch(/\+Roboto-Regular\s+CID TrueType\s+Identity-H\s+yes/);
    const flat = text.replace(/\s+/g, ' ');
    for (const words of [
      'Protokoll – Samverkansmöte', 'Veckomöte landsbygden', 'Närvarande', w.orgs.police.name, w.orgs.school.name, 'Dagordning',
      'Öppna rapporter efter allvarlighetsgrad', 'Stationen', 'Brännpunkter i veckobilden', 'Insatser med passerad uppföljning', 'Belysning parken',
      'Behandlade punkter', 'Stationen: samlingar på kvällarna', 'Polisen ser fler samlingar efter 21.', 'vänorten Łęczyca skänkte',
      'Polisen och kommunen genomför gemensam trygghetsvandring vid stationen.', `Ansvarig: ${w.orgs.municipality.name}`,
      'Trygghetsvandring vid stationen (Genomförd)', 'Exporterat av', 'sida 1 av',
    ]) expect({ words, found: flat.includes(words) }).toEqual({ words, found: true });
    // The school's own report counts for the school; the police's drug operation is not the school's to see.
    expect(flat).not.toContain('Hemlig insats');
    const police = await readPdf((await download(w.orgs.police.coordinator.api, `/api/meetings/${meeting.id}/minutes`)).bytes);
    expect(police.text).toContain('Hemlig insats');

    expectError(await w.orgs.school.member.api.get(`/api/meetings/${meeting.id}/minutes?format=docx`), 400, { field: 'format' });
    const audit = (await w.orgs.municipality.admin.api.get(`/api/audit?entityId=${meeting.id}&action=meeting.minutes.read`)).body.items;
    expect(audit.length).toBe(2);
  });

  it('names a rural council as such', async () => {
    const council = await created(await w.orgs.municipality.coordinator.api.post('/api/meetings', {
      kind: 'rural_council', date: at.toISOString(), organisationIds: [w.orgs.municipality.id, w.orgs.police.id], areaIds: [area],
    }), 'council');
    const res = await download(w.orgs.municipality.member.api, `/api/meetings/${council.id}/minutes`);
    expect(res.headers.get('content-disposition')).toMatch(/-landsbygdsrad\.pdf"$/);
    const pdf = await readPdf(res.bytes);
    const text = pdf.text.replace(/\s+/g, ' ');
    // Only Swedish: a standard 14 font, nothing embedded.
    expect(pdf.fonts).toMatch(/Helvetica\s+Type 1\s+WinAnsi\s+no/);
    expect(text).toContain('Protokoll – Landsbygdsråd');
    expect(text).toContain('Inga beslut.');
  });
});

describe('who may read and record meetings', () => {
  let meeting: any;
  let theirs: any;

  beforeAll(async () => {
    meeting = await created(await w.orgs.police.coordinator.api.post('/api/meetings', {
      kind: 'joint', date: new Date().toISOString(), organisationIds: [w.orgs.police.id, w.orgs.school.id],
    }), 'meeting');
    theirs = await created(await other.org.coordinator.api.post('/api/meetings', {
      kind: 'joint', date: new Date().toISOString(), organisationIds: [other.org.id],
    }), 'their meeting');
  });

  const reads = (id: string) => [`/api/meetings/${id}`, `/api/meetings/${id}/agenda`, `/api/meetings/${id}/minutes`];

  it('lets the people of the organisations present and every coordinator read it; others get 404', async () => {
    for (const path of reads(meeting.id)) {
      expect((await w.orgs.school.member.api.get(path)).status).toBe(200);
      expect((await w.orgs.social.coordinator.api.get(path)).status).toBe(200);
      expectError(await w.orgs.social.member.api.get(path), 404);
      expectError(await w.orgs.municipality.member.api.get(path), 404);
      expectError(await other.org.coordinator.api.get(path), 404);
      expectError(await w.anonymous.get(path), 401);
    }
    const listed = (api: Api) => api.get('/api/meetings?limit=500').then((r) => r.body.items.map((m: any) => m.id));
    expect(await listed(w.orgs.school.member.api)).toContain(meeting.id);
    expect(await listed(w.orgs.social.member.api)).not.toContain(meeting.id);
    expect(await listed(w.orgs.social.coordinator.api)).toContain(meeting.id);
    expect(await listed(w.orgs.police.coordinator.api)).not.toContain(theirs.id);
    for (const path of reads(theirs.id)) expectError(await w.orgs.police.coordinator.api.get(path), 404);
    // Latest first, page by page; filtered by kind and time.
    const all = (await w.orgs.social.coordinator.api.get('/api/meetings?limit=500')).body.items;
    const { items, pages } = await walk(w.orgs.social.coordinator.api, '/api/meetings', 2);
    expect(items.map((m: any) => m.id)).toEqual(all.map((m: any) => m.id));
    expect(pages).toBeGreaterThan(1);
    expect(all.map((m: any) => m.date)).toEqual([...all.map((m: any) => m.date)].sort().reverse());
    const councils = (await w.orgs.social.coordinator.api.get('/api/meetings?kind=rural_council')).body.items;
    expect(councils.length).toBeGreaterThan(0);
    expect(councils.every((m: any) => m.kind === 'rural_council')).toBe(true);
    const since = new Date(Date.now() - 3600_000).toISOString();
    expect((await w.orgs.social.coordinator.api.get(`/api/meetings?from=${encodeURIComponent(since)}`)).body.items.every((m: any) => m.date >= since)).toBe(true);
    expectError(await w.orgs.social.coordinator.api.get('/api/meetings?kind=weekly'), 400, { field: 'kind' });
    // Reads are audited, lists with the meetings they showed.
    const audit = (await w.orgs.municipality.admin.api.get(`/api/audit?action=meeting.list&userId=${w.orgs.social.coordinator.id}&limit=500`)).body.items;
    expect(audit.some((a: any) => a.entityIds.includes(meeting.id))).toBe(true);
  });

  it('lets only coordinators create meetings and record items, decisions and efforts (403 before anything is looked up)', async () => {
    const member = w.orgs.police.member.api;
    expectError(await member.post('/api/meetings', { kind: 'joint', date: new Date().toISOString(), organisationIds: [w.orgs.police.id] }), 403);
    expectError(await member.post(`/api/meetings/${meeting.id}/items`, { kind: 'other', title: 'Övrigt' }), 403);
    expectError(await member.post(`/api/meetings/${meeting.id}/decisions`, { text: 'Något.', ownerOrganisationId: w.orgs.police.id }), 403);
    expectError(await member.post(`/api/meetings/${meeting.id}/decisions/${randomUUID()}/effort`, {}), 403);
    // A coordinator of any organisation (here one not present) records; another collaboration's meeting is 404.
    expect((await w.orgs.social.coordinator.api.post(`/api/meetings/${meeting.id}/items`, { kind: 'other', title: 'Övrigt' })).status).toBe(201);
    expectError(await w.orgs.police.coordinator.api.post(`/api/meetings/${theirs.id}/decisions`, { text: 'Något.', ownerOrganisationId: w.orgs.police.id }), 404);
  });

  it('refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    const api = w.orgs.police.coordinator.api;
    const count = () => withDb(t.databaseUrl, async (db) => (await db.query(
      `SELECT (SELECT count(*) FROM meetings)::int AS m, (SELECT count(*) FROM meeting_items)::int AS i, (SELECT count(*) FROM meeting_decisions)::int AS d,
              (SELECT count(*) FROM efforts)::int AS e, (SELECT version FROM meetings WHERE id = $1) AS v`, [meeting.id])).rows[0]);
    const start = await count();
    const meetingBody = (over: Record<string, unknown>) => ({ kind: 'joint', date: new Date().toISOString(), organisationIds: [w.orgs.police.id], ...over });
    const hidden = await postReport(w.orgs.school.member.api, reportBody({ visibility: 'own', description: 'Skolans egen.' }));
    const decision = await created(await api.post(`/api/meetings/${meeting.id}/decisions`, { text: 'Ett beslut.', ownerOrganisationId: w.orgs.police.id }), 'decision');
    const [{ id: theirDecision }] = [await created(await other.org.coordinator.api.post(`/api/meetings/${theirs.id}/decisions`, { text: 'Deras.', ownerOrganisationId: other.org.id }), 'their decision')];
    const afterDecision = await count();
    const effortBody = { type: 'cleanup', title: 'Städning', mode: 'separate', organisationIds: [w.orgs.police.id], plannedStart: new Date().toISOString() };
    const cases: [string, Record<string, unknown>, number, string, string?][] = [
      ['/api/meetings', meetingBody({ kind: 'weekly' }), 400, 'kind'],
      ['/api/meetings', meetingBody({ organisationIds: [w.orgs.police.id, other.org.id] }), 404, 'organisationIds'],
      ['/api/meetings', meetingBody({ organisationIds: [] }), 400, 'organisationIds'],
      ['/api/meetings', meetingBody({ organisationIds: ['polisen'] }), 400, 'organisationIds'],
      ['/api/meetings', meetingBody({ date: 'på onsdag' }), 400, 'date'],
      ['/api/meetings', meetingBody({ date: '0000-01-01' }), 400, 'date'],
      ['/api/meetings', meetingBody({ areaIds: [other.area] }), 404, 'areaIds'],
      ['/api/meetings', meetingBody({ title: 'Möte med Kalle, 070-123 45 67' }), 400, 'title', 'PERSONAL_DATA'],
      ['/api/meetings', meetingBody({ notes: 'fritext' }), 400, 'notes'],
      [`/api/meetings/${meeting.id}/decisions`, { text: `Kontakta ${identityNumber('19900101')} om saken.`, ownerOrganisationId: w.orgs.police.id }, 400, 'text', 'PERSONAL_DATA'],
      [`/api/meetings/${meeting.id}/decisions`, { text: 'Ring 0701234567.', ownerOrganisationId: w.orgs.police.id }, 400, 'text', 'PERSONAL_DATA'],
      [`/api/meetings/${meeting.id}/decisions`, { text: 'Ett beslut.', ownerOrganisationId: other.org.id }, 404, 'ownerOrganisationId'],
      [`/api/meetings/${meeting.id}/decisions`, { text: 'Ett beslut.', ownerOrganisationId: randomUUID() }, 404, 'ownerOrganisationId'],
      [`/api/meetings/${meeting.id}/decisions`, { text: 'Ett beslut.', ownerOrganisationId: w.orgs.police.id, dueAt: 'snart' }, 400, 'dueAt'],
      [`/api/meetings/${meeting.id}/decisions`, { text: 'Ett beslut.', ownerOrganisationId: w.orgs.police.id, effortId: randomUUID() }, 400, 'effortId'],
      [`/api/meetings/${meeting.id}/decisions`, { text: '', ownerOrganisationId: w.orgs.police.id }, 400, 'text'],
      [`/api/meetings/${meeting.id}/items`, { kind: 'other', refId: randomUUID(), title: 'Övrigt' }, 400, 'refId'],
      [`/api/meetings/${meeting.id}/items`, { kind: 'report', title: 'Utan rapport' }, 400, 'refId'],
      [`/api/meetings/${meeting.id}/items`, { kind: 'report', refId: hidden.id, title: 'Skolans rapport' }, 404, 'refId'],
      [`/api/meetings/${meeting.id}/items`, { kind: 'hotspot', refId: other.place, title: 'Deras torg' }, 404, 'refId'],
      [`/api/meetings/${meeting.id}/items`, { kind: 'agenda', title: 'x' }, 400, 'kind'],
      [`/api/meetings/${meeting.id}/items`, { kind: 'other', title: 'Övrigt', note: 'Mejla anna.svensson@example.com' }, 400, 'note', 'PERSONAL_DATA'],
      [`/api/meetings/${meeting.id}/decisions/${decision.id}/effort`, { ...effortBody, organisationIds: [w.orgs.police.id, w.orgs.school.id] }, 400, 'organisationIds'],
      [`/api/meetings/${meeting.id}/decisions/${decision.id}/effort`, { ...effortBody, reportIds: [hidden.id] }, 404, 'reportIds'],
      [`/api/meetings/${meeting.id}/decisions/${decision.id}/effort`, { ...effortBody, title: 'Ring 070-123 45 67' }, 400, 'title', 'PERSONAL_DATA'],
      [`/api/meetings/${meeting.id}/decisions/${decision.id}/effort`, { ...effortBody, decisionId: decision.id }, 400, 'decisionId'],
      [`/api/meetings/${meeting.id}/decisions/${randomUUID()}/effort`, effortBody, 404, 'decision'],
      [`/api/meetings/${meeting.id}/decisions/${theirDecision}/effort`, effortBody, 404, 'decision'],
      [`/api/meetings/${meeting.id}/decisions/beslut-1/effort`, effortBody, 400, 'decisionId'],
    ];
    for (const [path, body, status, field, code] of cases) {
      const res = await api.post(path, body);
      expect({ path, body, status: res.status }).toEqual({ path, body, status });
      expect(res.text).toContain(field);
      if (code) expect(res.body.code).toBe(code);
    }
    expect(await count()).toEqual(afterDecision);
    expect(afterDecision).toEqual({ ...start, d: start.d + 2, v: start.v + 1 });
    expect((await api.get(`/api/meetings/${meeting.id}`)).body.decisions.find((d: any) => d.id === decision.id).converted).toBe(false);
  });

  it('answers a repeated Idempotency-Key with the first decision', async () => {
    const api = w.orgs.police.coordinator.api;
    const key = randomUUID();
    const body = { text: 'Polisen återkommer om läget i hamnen.', ownerOrganisationId: w.orgs.police.id };
    const first = await api.post(`/api/meetings/${meeting.id}/decisions`, body, { 'idempotency-key': key });
    const again = await api.post(`/api/meetings/${meeting.id}/decisions`, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expectError(await api.post(`/api/meetings/${meeting.id}/decisions`, { ...body, text: 'Något annat.' }, { 'idempotency-key': key }), 409);
  });
});

it('leaves no half-written rows behind', async () => {
  expect(await halfWritten(t.databaseUrl)).toEqual({});
});
