/**
 * The weekly picture over HTTP against a hand-computed fixture: a bounded area of its own (so the picture narrowed
 * to it holds only this file's reports), four places and a grid cell with counts chosen so that each hotspot class
 * appears, a report late on Sunday evening (still the week in Stockholm, already Monday in no zone that matters) and
 * one just after midnight (the next week), a police report of its own (never in the school's picture), the review
 * step (a report left out, counted as left out), and bad input.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Api } from '../support/api.js';
import { halfWritten } from '../support/consistency.js';
import { withDb } from '../support/db.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildOtherCollaboration, buildWorld, type OtherCollaboration, unique, type World } from '../support/world.js';
import { expectError } from './helpers.js';

jest.setTimeout(120_000);

let t: TestApp;
let w: World;
let other: OtherCollaboration;
let dir: string;
const run = promisify(execFile);

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  other = await buildOtherCollaboration(t, w.admin);
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-picture-'));
});
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

async function download(api: Api, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(api.baseUrl + path, { headers: { authorization: `Bearer ${api.token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The text of a PDF (poppler's pdftotext) and its page facts (pdfinfo). */
async function readPdf(bytes: Buffer): Promise<{ text: string; info: string }> {
  const file = join(dir, `${randomUUID()}.pdf`);
  writeFileSync(file, bytes);
  const [text, info] = await Promise.all([run('pdftotext', [file, '-']), run('pdfinfo', [file])]);
  return { text: text.stdout, info: info.stdout };
}

/** The police's own report's text: it must appear in no file anyone else exports. */
const POLICE_SECRET = 'Spaning mot torghandeln pågår';

const BOX = { lat: 58.6, lng: 13.3 };
const boundary = { type: 'Polygon', coordinates: [[[13.28, 58.58], [13.32, 58.58], [13.32, 58.62], [13.28, 58.62], [13.28, 58.58]]] };
/** Stockholm is UTC+1 in November: a local time as an instant. */
const local = (date: string, time: string) => new Date(`${date}T${time}:00+01:00`).toISOString();
/** The Monday of the weeks W43..W47 of 2026 (W43 begins in summer time, before 25 October). */
const WEEK_DAYS = { W43: '2026-10-20', W44: '2026-10-27', W45: '2026-11-03', W46: '2026-11-10', W47: '2026-11-17' } as const;

async function ok<T = any>(res: { status: number; text: string; body: any }, status = 200): Promise<T> {
  if (res.status !== status) throw new Error(`${res.status} ${res.text.slice(0, 400)}`);
  return res.body;
}

describe('the weekly picture', () => {
  let area: string;
  const places: Record<string, string> = {};
  const ids: Record<string, string[]> = { torget: [], cell: [], parken: [], hamnen: [] };
  let policeOwn: string;
  const url = (week: string, extra = '') => `/api/pictures/weekly?week=${week}&areaId=${area}${extra}`;

  beforeAll(async () => {
    const coordinator = w.orgs.municipality.coordinator.api;
    area = (await ok(await coordinator.post('/api/areas', { name: `Bild ${unique()}`, boundary }), 201)).id;
    for (const [name, dLat] of [['Torget', 0.001], ['Parken', 0.004], ['Hamnen', 0.007]] as const) {
      places[name.toLowerCase()] = (await ok(await coordinator.post('/api/places', { name: `${name} ${unique()}`, areaId: area, location: { lat: BOX.lat + dLat, lng: BOX.lng } }), 201)).id;
    }
    const post = async (api: Api, key: keyof typeof ids | null, body: Record<string, unknown>) => {
      const r = await ok(await api.post('/api/reports', { description: 'Observation i bildtestet.', severity: 2, ...body }), 201);
      if (key) ids[key].push(r.id);
      return r.id as string;
    };
    const school = w.orgs.school.member.api;
    // Torget: 3 vandalism in W47 (Tuesday 21:xx), none before: new.
    for (const m of ['10', '20', '30']) await post(school, 'torget', { category: 'vandalism', placeId: places.torget, observedAt: local('2026-11-17', `21:${m}`) });
    // A grid cell of points (no place): 4 drug dealing in W47 (Friday 22:xx), one in each of W43..W46: intensifying.
    const point = { lat: BOX.lat - 0.01, lng: BOX.lng + 0.01 };
    for (const m of ['00', '05', '10', '15']) {
      await post(school, 'cell', { category: 'drug_dealing', severity: 4, location: point, observedAt: local('2026-11-20', `22:${m}`) });
    }
    for (const day of Object.values(WEEK_DAYS).slice(0, 4)) await post(school, 'cell', { category: 'drug_dealing', location: point, observedAt: `${day}T12:00:00Z` });
    // Parken: 1 in W47, 3 in each of W43..W46: diminishing (listed: 3 a week before).
    await post(school, 'parken', { category: 'disorder', placeId: places.parken, observedAt: local('2026-11-18', '15:00') });
    for (const day of Object.values(WEEK_DAYS).slice(0, 4)) {
      for (let i = 0; i < 3; i++) await post(school, 'parken', { category: 'disorder', placeId: places.parken, observedAt: `${day}T1${i}:00:00Z` });
    }
    // Hamnen: 2 in W47 (one late on Sunday evening: still W47 in Stockholm), 2, 2, 1, 3 before: persistent.
    await post(school, 'hamnen', { category: 'littering', placeId: places.hamnen, observedAt: local('2026-11-19', '08:00') });
    await post(school, 'hamnen', { category: 'littering', placeId: places.hamnen, observedAt: local('2026-11-22', '23:30') });
    for (const [i, n] of [2, 2, 1, 3].entries()) {
      for (let k = 0; k < n; k++) await post(school, 'hamnen', { category: 'littering', placeId: places.hamnen, observedAt: `${Object.values(WEEK_DAYS)[i]}T0${k + 6}:00:00Z` });
    }
    // Just after midnight on Monday in Stockholm (still Sunday in UTC): W48, not W47.
    await post(school, null, { category: 'littering', placeId: places.hamnen, observedAt: local('2026-11-23', '00:30') });
    // The police's own report at Torget in W47: in the police's picture only.
    policeOwn = await post(w.orgs.police.member.api, null, {
      category: 'drug_dealing', visibility: 'own', placeId: places.torget, observedAt: local('2026-11-17', '21:40'), description: POLICE_SECRET,
    });
  });

  it('counts the week as hand-computed: totals, change against the previous week and the four-week average', async () => {
    const p = await ok(await w.orgs.school.member.api.get(url('2026-W47')));
    expect(p.period).toMatchObject({ kind: 'week', label: '2026-W47', firstDay: '2026-11-16', lastDay: '2026-11-22', from: '2026-11-15T23:00:00.000Z' });
    expect(p.totals.all).toBe(10);
    expect(p.totals.byCategory).toEqual({ drug_dealing: 4, disorder: 1, vandalism: 3, littering: 2 });
    expect(p.totals.byArea).toEqual([{ area: { id: area, name: expect.any(String) }, count: 10 }]);
    // W46: cell 1 + Parken 3 + Hamnen 3 = 7; W43..W46: 6, 6, 5, 7 → average 6.
    expect(p.change.all).toEqual({ current: 10, previous: 7, average: 6, vsPrevious: 3, vsAverage: 4, trend: 'up' });
    expect(p.change.byCategory.vandalism).toMatchObject({ current: 3, previous: 0, average: 0, trend: 'up' });
    expect(p.change.byCategory.disorder).toMatchObject({ current: 1, previous: 3, average: 3, trend: 'down' });
    expect(p.series.map((s: any) => s.count)).toEqual([0, 0, 0, 6, 6, 5, 7, 10]);
    expect(p.series.at(-1).label).toBe('2026-W47');
    expect(p.audience).toMatchObject({ joint: false, organisation: { id: w.orgs.school.id } });
    expect(p.excluded).toBe(0);
    expect(p.snapshot).toBeNull();
  });

  it('finds the hotspots and classes each against the four weeks before', async () => {
    const p = await ok(await w.orgs.school.member.api.get(url('2026-W47')));
    const byKey = Object.fromEntries(p.hotspots.map((h: any) => [h.place?.id ?? 'cell', h]));
    expect(p.hotspots.map((h: any) => h.count)).toEqual([4, 3, 2, 1]);
    expect(byKey.cell).toMatchObject({ kind: 'cell', count: 4, earlier: [1, 1, 1, 1], class: 'intensifying', typicalWeekday: 5, typicalHour: 22, maxSeverity: 4 });
    expect(byKey.cell.key).toMatch(/^cell:-?\d+:-?\d+$/);
    expect(byKey.cell.center.lat).toBeCloseTo(BOX.lat - 0.01, 5);
    expect(byKey[places.torget]).toMatchObject({ kind: 'place', count: 3, earlier: [0, 0, 0, 0], class: 'new', typicalWeekday: 2, typicalHour: 21,
      categories: [{ code: 'vandalism', count: 3 }], area: { id: area } });
    expect(byKey[places.hamnen]).toMatchObject({ count: 2, earlier: [2, 2, 1, 3], class: 'persistent' });
    expect(byKey[places.parken]).toMatchObject({ count: 1, earlier: [3, 3, 3, 3], class: 'diminishing' });
  });

  it('lays the week out by local weekday and hour, and lists its reports, open reports and efforts', async () => {
    const p = await ok(await w.orgs.school.member.api.get(url('2026-W47')));
    expect(p.weekdayHour).toHaveLength(7);
    expect(p.weekdayHour[1][21]).toBe(3); // Tuesday 21:xx at Torget
    expect(p.weekdayHour[4][22]).toBe(4); // Friday 22:xx in the cell
    expect(p.weekdayHour[6][23]).toBe(1); // Sunday 23:30 local
    expect(p.weekdayHour.flat().reduce((a: number, b: number) => a + b, 0)).toBe(10);
    expect(p.reports).toHaveLength(10);
    expect(p.reports.map((r: any) => r.id)).not.toContain(policeOwn);
    expect(p.openReports.bySeverity['4']).toBe(4);
    expect(p.efforts).toEqual({ planned: [], ongoing: [], done: [], cancelled: [] });
  });

  it("counts the police's own report in the police's picture only", async () => {
    const police = await ok(await w.orgs.police.member.api.get(url('2026-W47')));
    expect(police.totals.all).toBe(11);
    expect(police.hotspots.find((h: any) => h.place?.id === places.torget)).toMatchObject({ count: 4, categories: [{ code: 'vandalism', count: 3 }, { code: 'drug_dealing', count: 1 }] });
    const school = await ok(await w.orgs.school.member.api.get(url('2026-W47')));
    expect(JSON.stringify(school)).not.toContain(policeOwn);
  });

  it('narrows to categories', async () => {
    const p = await ok(await w.orgs.school.member.api.get(url('2026-W47', '&categories=vandalism,littering')));
    expect(p.totals.all).toBe(5);
    expect(p.filter.categories).toEqual(['vandalism', 'littering']);
  });

  it('lets a coordinator leave a report out in review, counts it as left out, and take it back', async () => {
    const coordinator = w.orgs.municipality.coordinator.api;
    const reportId = ids.torget[0];
    expectError(await w.orgs.school.member.api.post('/api/pictures/weekly/2026-W47/exclusions', { reportId, reason: 'Dubblett' }), 403);
    expectError(await coordinator.post('/api/pictures/weekly/2026-W46/exclusions', { reportId, reason: 'Dubblett' }), 404, { field: 'reportId' });
    expectError(await coordinator.post('/api/pictures/weekly/2026-W47/exclusions', { reportId: policeOwn, reason: 'Dubblett' }), 404, { field: 'reportId' });
    expectError(await coordinator.post('/api/pictures/weekly/2026-W47/exclusions', { reportId, reason: 'Ring 070-123 45 67' }), 400, { field: 'reason' });
    const x = await ok(await coordinator.post('/api/pictures/weekly/2026-W47/exclusions', { reportId, reason: 'Dubblett av en annan rapport' }), 201);
    expect(x).toMatchObject({ week: '2026-W47', reportId, excludedBy: { id: w.orgs.municipality.id } });
    expectError(await coordinator.post('/api/pictures/weekly/2026-W47/exclusions', { reportId, reason: 'igen' }), 409, { code: 'ALREADY_EXCLUDED' });
    const p = await ok(await w.orgs.school.member.api.get(url('2026-W47')));
    expect(p.totals.all).toBe(9);
    expect(p.excluded).toBe(1);
    expect((await ok(await coordinator.get('/api/pictures/weekly/2026-W47/exclusions'))).items.map((i: any) => i.reportId)).toContain(reportId);
    expect((await coordinator.delete(`/api/pictures/weekly/2026-W47/exclusions/${reportId}`)).status).toBe(204);
    expect((await ok(await w.orgs.school.member.api.get(url('2026-W47')))).totals.all).toBe(10);
    expectError(await coordinator.delete(`/api/pictures/weekly/2026-W47/exclusions/${reportId}`), 404);
  });

  it("gives a meeting's agenda the picture of the last week ended before it, live when not frozen", async () => {
    const coordinator = w.orgs.municipality.coordinator.api;
    const meeting = await ok(await coordinator.post('/api/meetings', {
      kind: 'joint', date: local('2026-11-25', '09:00'), organisationIds: [w.orgs.municipality.id, w.orgs.police.id], areaIds: [area],
    }), 201);
    const agenda = await ok(await coordinator.get(`/api/meetings/${meeting.id}/agenda`));
    expect(agenda.picture).toMatchObject({ week: '2026-W47', snapshot: null, joint: false, total: { current: 10, previous: 7, average: 6 } });
    const picture = await ok(await coordinator.get(url('2026-W47')));
    expect(agenda.picture.hotspots).toEqual(picture.hotspots);
  });

  it('refuses bad input with the field named', async () => {
    const api = w.orgs.school.member.api;
    expectError(await api.get('/api/pictures/weekly?week=2026-W99'), 400, { field: 'week' });
    expectError(await api.get('/api/pictures/weekly?week=2026-47'), 400, { field: 'week' });
    expectError(await api.get('/api/pictures/weekly'), 400, { field: 'week' });
    expectError(await api.get('/api/pictures/weekly?week=2026-W47&format=docx'), 400, { field: 'format' });
    expectError(await api.get('/api/pictures/weekly?week=2026-W47&categories=nonsense'), 400, { field: 'categories' });
    expectError(await api.get(`/api/pictures/weekly?week=2026-W47&areaId=${other.area}`), 404, { field: 'areaId' });
    expectError(await api.get('/api/pictures/period?from=2020-01-01&to=2026-01-01'), 400, { field: 'to' });
    expectError(await api.get('/api/pictures/period?tertial=2026-T4'), 400, { field: 'tertial' });
    expect((await w.anonymous.get('/api/pictures/weekly?week=2026-W47')).status).toBe(401);
  });

  it('analyses a period against the same period a year earlier and ranks the areas with reasons', async () => {
    const a = await ok(await w.orgs.school.member.api.get(`/api/pictures/period?from=2026-10-19&to=2026-11-22&areaId=${area}`));
    expect(a.period).toMatchObject({ kind: 'range', firstDay: '2026-10-19', lastDay: '2026-11-22' });
    expect(a.comparison).toMatchObject({ firstDay: '2025-10-19', lastDay: '2025-11-22' });
    expect(a.totals.all).toBe(10 + 4 + 12 + 8);
    expect(a.series.map((s: any) => s.count)).toEqual([6, 6, 5, 7, 10]);
    expect(a.ranking).toHaveLength(1);
    expect(a.ranking[0]).toMatchObject({ rank: 1, count: 34, previous: 0, area: { id: area } });
    expect(a.ranking[0].reasons.map((r: any) => r.kind)).toEqual(['volume', 'trend', 'severity', 'repeat_places']);
    // Places with three or more in the period: Torget, Parken, Hamnen and the cell.
    expect(a.ranking[0].reasons.find((r: any) => r.kind === 'repeat_places').value).toBe(4);
    expect(a.hotspots.every((h: any) => h.class === 'new')).toBe(true);
  });

  it('counts a period longer than a year in full, though it overlaps the same period a year earlier', async () => {
    // 2025-06-01..2026-11-22 against 2024-06-01..2025-11-22: the last year of the period lies in it alone, and each
    // report counts in every range it falls in (a bucket per report lost it: every hotspot counted 0 and none was shown).
    const a = await ok(await w.orgs.school.member.api.get(`/api/pictures/period?from=2025-06-01&to=2026-11-22&areaId=${area}`));
    expect(a.totals.all).toBe(34);
    const counts = Object.fromEntries(a.hotspots.map((h: any) => [h.place?.id ?? 'cell', [h.count, h.earlier, h.class]]));
    expect(counts).toEqual({
      [places.torget]: [3, [0], 'new'], [places.parken]: [13, [0], 'new'], [places.hamnen]: [10, [0], 'new'], cell: [8, [0], 'new'],
    });
  });

  it('shows police-reported crime beside the observations in a period analysis, never added to them', async () => {
    const csv = ['month;areaId;crimeType;count', `2026-10;${area};Skadegörelse;7`, `2026-11;${area};Skadegörelse;5`, `2026-11;${area};Narkotikabrott;3`,
      `2025-10;${area};Skadegörelse;4`, `2025-11;${area};Narkotikabrott;2`].join('\n');
    const res = await fetch(`${t.url}/api/crime-stats`, {
      method: 'POST', body: csv, headers: { 'content-type': 'text/csv; charset=utf-8', authorization: `Bearer ${w.orgs.municipality.coordinator.api.token}` },
    });
    expect(res.status).toBe(201);
    const a = await ok(await w.orgs.school.member.api.get(`/api/pictures/period?from=2026-10-19&to=2026-11-22&areaId=${area}`));
    expect(a.crime).toEqual({
      months: ['2026-10', '2026-11'],
      byArea: [{ area: { id: area, name: expect.any(String) }, byType: { Skadegörelse: 12, Narkotikabrott: 3 }, total: 15, previousTotal: 6 }],
    });
    expect(a.totals.all).toBe(34); // the observations alone
    const pdf = await readPdf((await download(w.orgs.school.member.api, `/api/pictures/period?from=2026-10-19&to=2026-11-22&areaId=${area}&format=pdf`)).bytes);
    expect(pdf.text).toMatch(/Polisanmäld/);
    expect(pdf.text).toContain('Narkotikabrott');
  });

  it('exports the week as PDF, XLSX, CSV and GeoJSON, each in Swedish with its filter, who and when, and only what the reader may see', async () => {
    const school = w.orgs.school.member.api;
    const pdf = await download(school, url('2026-W47', '&format=pdf'));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="lagesbild-2026-W47-bild-[a-z0-9-]+\.pdf"$/);
    const { text, info } = await readPdf(pdf.bytes);
    expect(info).toMatch(/Page size:\s+595\.\d* x 841\.\d* pts \(A4\)/);
    for (const words of ['Lägesbild vecka 47 2026', 'Skadegörelse', 'Narkotikaförsäljning', 'Exporterad av']) expect(text).toContain(words);
    expect(text).not.toContain(POLICE_SECRET);

    const xlsx = await download(school, url('2026-W47', '&format=xlsx'));
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as never);
    const rows = book.getWorksheet('Rapporter')!;
    expect(rows.actualRowCount).toBe(11); // the header and ten reports
    expect(rows.views[0]).toMatchObject({ state: 'frozen' });
    expect(JSON.stringify(book.worksheets.map((s) => s.getSheetValues()))).not.toContain(POLICE_SECRET);

    const csv = await download(school, url('2026-W47', '&format=csv'));
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(decodeURIComponent(csv.headers.get('x-lagesbild-filter')!)).toMatch(/^Område: Bild /);
    const lines = csv.bytes.toString('utf8').split('\n').filter(Boolean);
    expect(lines[0].startsWith('\uFEFFId;Observerad;Kategori')).toBe(true);
    expect(lines).toHaveLength(11);
    expect(csv.bytes.toString('utf8')).not.toContain(POLICE_SECRET);
    expect(lines.some((l) => l.includes('2026-11-22 23:30'))).toBe(true); // Stockholm time, not UTC

    const geo = await download(school, url('2026-W47', '&format=geojson'));
    expect(geo.headers.get('content-type')).toBe('application/geo+json');
    const fc = JSON.parse(geo.bytes.toString('utf8'));
    expect(fc.type).toBe('FeatureCollection');
    const reports = fc.features.filter((f: any) => f.properties.kind === 'report');
    expect(reports).toHaveLength(10);
    expect(fc.features.filter((f: any) => f.properties.kind === 'hotspot')).toHaveLength(4);
    for (const f of fc.features) {
      expect(f.geometry.type).toBe('Point');
      const [lng, lat] = f.geometry.coordinates;
      expect([lng > 13 && lng < 14, lat > 58 && lat < 59]).toEqual([true, true]); // longitude first
    }
    expect(reports.map((f: any) => f.properties.id)).not.toContain(policeOwn);

    const police = await download(w.orgs.police.member.api, url('2026-W47', '&format=csv'));
    expect(police.bytes.toString('utf8')).toContain(POLICE_SECRET);
  });

  it('exports a period analysis too', async () => {
    const pdf = await download(w.orgs.school.member.api, `/api/pictures/period?from=2026-10-19&to=2026-11-22&areaId=${area}&format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-disposition')).toMatch(/filename="analys-2026-10-19_2026-11-22-bild-/);
    expect((await readPdf(pdf.bytes)).text).toContain('Periodanalys');
  });

  describe('freezing the week', () => {
    let snapshot: any;

    it('is for coordinators, and only for a week that has ended', async () => {
      expectError(await w.orgs.school.member.api.post('/api/pictures/weekly/2026-W47/freeze'), 403);
      const thisWeek = (await withDb(t.databaseUrl, async (db) => (await db.query(`SELECT to_char(now() AT TIME ZONE 'Europe/Stockholm', 'IYYY-"W"IW') AS w`)).rows[0].w)) as string;
      expectError(await w.orgs.municipality.coordinator.api.post(`/api/pictures/weekly/${thisWeek}/freeze`), 400, { code: 'WEEK_NOT_OVER' });
      expectError(await w.orgs.municipality.coordinator.api.post('/api/pictures/weekly/2026-W99/freeze'), 400, { field: 'week' });
    });

    it('stores the joint picture and its files once; a second freeze is 409', async () => {
      const coordinator = w.orgs.municipality.coordinator.api;
      snapshot = await ok(await coordinator.post('/api/pictures/weekly/2026-W47/freeze'), 201);
      expect(snapshot).toMatchObject({ week: '2026-W47', frozenBy: { id: w.orgs.municipality.id }, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(snapshot.files.map((f: any) => f.format)).toEqual(['csv', 'geojson', 'pdf', 'xlsx']);
      expectError(await w.orgs.police.coordinator.api.post('/api/pictures/weekly/2026-W47/freeze'), 409, { code: 'ALREADY_FROZEN' });
      const list = await ok(await w.orgs.school.member.api.get('/api/pictures/snapshots'));
      expect(list.items.map((s: any) => s.id)).toContain(snapshot.id);
      expect((await ok(await other.org.member.api.get('/api/pictures/snapshots'))).items).toEqual([]);
      expectError(await other.org.member.api.get(`/api/pictures/snapshots/${snapshot.id}`), 404);
    });

    it('serves the same bytes every time, and never changes after edits; the week takes no more review', async () => {
      const school = w.orgs.school.member.api;
      const before = await Promise.all(['json', 'pdf', 'xlsx', 'csv', 'geojson'].map((f) => download(school, `/api/pictures/snapshots/${snapshot.id}?format=${f}`)));
      for (const [i, f] of before.entries()) {
        expect(f.status).toBe(200);
        if (i > 0) expect(createHash('sha256').update(f.bytes).digest('hex')).toBe(snapshot.files.find((x: any) => x.format === ['json', 'pdf', 'xlsx', 'csv', 'geojson'][i]).sha256);
      }
      const frozen = JSON.parse(before[0].bytes.toString('utf8'));
      expect(frozen.audience).toEqual({ organisation: null, joint: true });
      expect(frozen.totals.all).toBeGreaterThanOrEqual(10);
      expect(JSON.stringify(frozen)).not.toContain(policeOwn);
      expect(before[3].bytes.toString('utf8')).not.toContain(POLICE_SECRET);
      // Edits after freezing: a report of the week changes category; a report is posted into the week.
      const r = await ok(await school.get(`/api/reports/${ids.torget[1]}`));
      await ok(await w.orgs.municipality.coordinator.api.patch(`/api/reports/${r.id}`, { version: r.version, category: 'littering' }));
      await ok(await school.post('/api/reports', { category: 'vandalism', description: 'Sent inlagd.', placeId: places.torget, observedAt: local('2026-11-18', '12:00') }), 201);
      expectError(await w.orgs.municipality.coordinator.api.post('/api/pictures/weekly/2026-W47/exclusions', { reportId: ids.cell[0], reason: 'Sent' }), 409, { code: 'WEEK_FROZEN' });
      const after = await Promise.all(['json', 'pdf', 'xlsx', 'csv', 'geojson'].map((f) => download(school, `/api/pictures/snapshots/${snapshot.id}?format=${f}`)));
      after.forEach((f, i) => expect(f.bytes.equals(before[i].bytes)).toBe(true));
      expect((await ok(await school.get(url('2026-W47')))).totals.all).toBe(11);
      // Not even the database owner's UPDATE changes it.
      await expect(withDb(t.databaseUrl, (db) => db.query("UPDATE picture_snapshots SET week = '2026-W46' WHERE id = $1", [snapshot.id]))).rejects.toThrow(/never changed/);
    });

    it("gives a meeting's agenda the frozen week, the joint view", async () => {
      const coordinator = w.orgs.police.coordinator.api;
      const meeting = await ok(await coordinator.post('/api/meetings', {
        kind: 'joint', date: local('2026-11-26', '09:00'), organisationIds: [w.orgs.municipality.id, w.orgs.police.id], areaIds: [area],
      }), 201);
      const agenda = await ok(await coordinator.get(`/api/meetings/${meeting.id}/agenda`));
      expect(agenda.picture).toMatchObject({ week: '2026-W47', joint: true, snapshot: { id: snapshot.id } });
      expect(JSON.stringify(agenda.picture)).not.toContain(policeOwn);
    });
  });

  it('leaves nothing half-written', async () => {
    expect(await halfWritten(t.databaseUrl)).toEqual({});
  });
});
