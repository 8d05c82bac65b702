/**
 * CrimeStatsService in process: `byArea(collaborationId, fromMonth, toMonthInclusive, areaId?)` as the pictures
 * context reads it, the upload's rules without the HTTP edge, the demo seed's counts, and the table's own constraints
 * refusing what the rules refuse. Behaviour through the service's public methods and the database only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CrimeStatsService } from '../../src/crime-stats/crime-stats.service.js';
import { DEMO_CRIME_MONTHS, seedCrimeStats } from '../../src/database/seed/demo-crime-stats.js';
import { type InProcessApp, type InProcessWorld, startInProcess } from '../support/in-process.js';
import { monthAgo, unique } from '../support/world.js';

let app: InProcessApp;
let w: InProcessWorld;
let stats: CrimeStatsService;
let names: { centrum: string; hamnen: string };

beforeAll(async () => {
  app = await startInProcess();
  w = await app.world();
  stats = app.get(CrimeStatsService);
  const name = (id: string) => app.db(async (c) => (await c.query('SELECT name FROM areas WHERE id = $1', [id])).rows[0].name as string);
  names = { centrum: await name(w.areas.centrum), hamnen: await name(w.areas.hamnen) };
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const csv = (lines: string[]) => `month;area;crimeType;count\n${lines.join('\n')}\n`;

describe('byArea(collaborationId, fromMonth, toMonthInclusive, areaId?), as the pictures read it', () => {
  it("returns the collaboration's rows of the months, both ends included, sorted by month, area name and type; nothing of another collaboration", async () => {
    const [a, b, c] = [monthAgo(30), monthAgo(29), monthAgo(28)];
    const coordinator = w.orgs.municipality.coordinator.actor;
    await stats.upload(coordinator, csv([
      `${b};${names.hamnen};Skadegörelse;2`, `${a};${names.centrum};Misshandel;1`, `${b};${names.centrum};Narkotikabrott;5`,
      `${b};${names.centrum};Misshandel;3`, `${c};${names.hamnen};Trafikbrott;7`,
    ]));
    const other = await app.otherCollaboration();
    await stats.upload(other.org.coordinator.actor, csv([`${b};${other.area};Skadegörelse;50`]));
    const cid = coordinator.collaborationId;
    expect(await stats.byArea(cid, a, c)).toEqual([
      { month: a, areaId: w.areas.centrum, areaName: names.centrum, crimeType: 'Misshandel', count: 1 },
      { month: b, areaId: w.areas.centrum, areaName: names.centrum, crimeType: 'Misshandel', count: 3 },
      { month: b, areaId: w.areas.centrum, areaName: names.centrum, crimeType: 'Narkotikabrott', count: 5 },
      { month: b, areaId: w.areas.hamnen, areaName: names.hamnen, crimeType: 'Skadegörelse', count: 2 },
      { month: c, areaId: w.areas.hamnen, areaName: names.hamnen, crimeType: 'Trafikbrott', count: 7 },
    ]);
    // One month; one area; days standing for their months (a period's first and last day); an empty or reversed period.
    expect((await stats.byArea(cid, b, b)).map((r) => r.count)).toEqual([3, 5, 2]);
    expect((await stats.byArea(cid, a, c, w.areas.hamnen)).map((r) => r.crimeType)).toEqual(['Skadegörelse', 'Trafikbrott']);
    expect(await stats.byArea(cid, `${b}-01`, `${b}-28`)).toEqual(await stats.byArea(cid, b, b));
    expect(await stats.byArea(cid, monthAgo(40), monthAgo(35))).toEqual([]);
    expect(await stats.byArea(cid, c, a)).toEqual([]);
    // The other collaboration's own.
    expect((await stats.byArea(other.id, a, c)).map((r) => [r.areaId, r.count])).toEqual([[other.area, 50]]);
  });

  it('refuses a month it cannot read, naming the parameter', async () => {
    const cid = w.orgs.police.member.actor.collaborationId;
    expect((await app.httpError(stats.byArea(cid, '2026-1', '2026-02'))).body).toEqual(expect.objectContaining({ field: 'fromMonth' }));
    expect((await app.httpError(stats.byArea(cid, '2026-01', 'last month'))).body).toEqual(expect.objectContaining({ field: 'toMonthInclusive' }));
    expect((await app.httpError(stats.byArea(cid, '2026-01', '2026-02', 'not-a-uuid'))).body).toEqual(expect.objectContaining({ field: 'areaId' }));
  });
});

describe('uploads without the HTTP edge', () => {
  it('refuses a member (403), like the route', async () => {
    const res = await app.httpError(stats.upload(w.orgs.school.member.actor, csv([`${monthAgo(31)};${names.centrum};Skadegörelse;1`])));
    expect(res.status).toBe(403);
  });

  it('the table refuses what the rules refuse: a month not a first day, a negative count, an empty or long type, a duplicate', async () => {
    const cid = w.orgs.police.member.actor.collaborationId;
    const insert = (month: string, type: string, count: number) => app.db((c) => c.query(
      'INSERT INTO crime_stats (collaboration_id, month, area_id, crime_type, count, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6)',
      [cid, month, w.areas.centrum, type, count, w.orgs.police.coordinator.id],
    ));
    const refused = async (p: Promise<unknown>) => (await p.then(() => 'stored', (e: { constraint?: string }) => e.constraint ?? String(e)));
    expect(await refused(insert('2025-01-02', 'Rån', 1))).toBe('crime_stats_month_check');
    expect(await refused(insert('1999-12-01', 'Rån', 1))).toBe('crime_stats_month_check');
    expect(await refused(insert('2025-01-01', 'Rån', -1))).toBe('crime_stats_count_check');
    expect(await refused(insert('2025-01-01', '', 1))).toBe('crime_stats_crime_type_check');
    expect(await refused(insert('2025-01-01', 'x'.repeat(101), 1))).toBe('crime_stats_crime_type_check');
    const type = `Rån ${unique()}`;
    expect(await refused(insert('2025-01-01', type, 1))).toBe('stored');
    expect(await refused(insert('2025-01-01', type, 2))).toBe('crime_stats_collaboration_id_month_area_id_crime_type_key');
    await app.db((c) => c.query('DELETE FROM crime_stats WHERE crime_type = $1', [type]));
  });
});

describe('the demo seed', () => {
  it('uploads 24 whole months for each demo area it knows, 5 types each, the same counts every time', async () => {
    const collab = await app.otherCollaboration();
    const by = collab.org.coordinator.actor;
    const now = new Date(2026, 10, 15); // 15 November 2026: the months 2024-11 .. 2026-10
    // The other collaboration's one area, named as a demo area, so the seed has something to fill.
    await app.db((c) => c.query('UPDATE areas SET name = $2 WHERE id = $1', [collab.area, 'Centrum']));
    const areas = [{ id: collab.area, name: 'Centrum' }, { id: 'unknown', name: 'Not a demo area' }];
    expect(await seedCrimeStats(stats, by, areas, now)).toBe(DEMO_CRIME_MONTHS * 5);
    const rows = await stats.byArea(collab.id, '2024-01', '2026-12');
    expect([rows[0].month, rows[rows.length - 1].month]).toEqual(['2024-11', '2026-10']);
    expect(new Set(rows.map((r) => r.crimeType))).toEqual(new Set(['Skadegörelse', 'Narkotikabrott', 'Misshandel', 'Stöld och snatteri', 'Trafikbrott']));
    const first = rows.map((r) => r.count);
    expect(first.every((n) => Number.isInteger(n) && n >= 0 && n < 80)).toBe(true);
    // Again: the same counts (it replaces the same months).
    await seedCrimeStats(stats, by, areas, now);
    expect((await stats.byArea(collab.id, '2024-01', '2026-12')).map((r) => r.count)).toEqual(first);
  });
});
