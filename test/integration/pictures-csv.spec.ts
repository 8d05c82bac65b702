/**
 * The CSV export as PostgreSQL writes it (PicturesRepository.copyReportsCsv behind PicturesService.periodFile): the
 * format a Swedish spreadsheet opens, from real rows of a real database — times in Stockholm (summer time, the turn of
 * the year), coordinates with a decimal comma, Swedish labels, quoting, formulas kept as text — the caller's
 * visibility, and a reader that goes away midway leaving the connection pool healthy.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { PicturesService } from '../../src/pictures/pictures.service.js';
import { ReportsService } from '../../src/reports/reports.service.js';
import { type InProcessApp, type InProcessWorld, startInProcess } from '../support/in-process.js';
import { reportBody } from '../support/world.js';

let app: InProcessApp;
let w: InProcessWorld;
let pictures: PicturesService;
const ids: Record<string, string> = {};

async function bytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  app = await startInProcess();
  w = await app.world();
  pictures = app.get<PicturesService>(PicturesService);
  const reports = app.get<ReportsService>(ReportsService);
  const post = async (key: string, by: InProcessWorld['orgs']['police']['member'], over: Record<string, unknown>) => {
    ids[key] = (await reports.create(by.actor, reportBody(over) as never)).id;
  };
  await post('summer', w.orgs.school.member, { observedAt: '2025-07-04T20:30:00Z', category: 'drug_use', severity: 3, location: { lat: 58.5058123, lng: 13.1622 } });
  await post('formula', w.orgs.school.member, { observedAt: '2025-08-01T10:00:00Z', description: '=SUMMA(A1:A9) stod det på skylten vid torget' });
  await post('quoted', w.orgs.school.member, { observedAt: '2025-08-02T10:00:00Z', description: 'Misshandel vid hållplats C; "två skadade", ambulans tillkallad.' });
  await post('lines', w.orgs.school.member, { observedAt: '2025-12-31T23:30:00Z', description: 'Rad ett\nrad två om krossade rutor' });
  await post('policeOwn', w.orgs.police.member, { observedAt: '2025-09-01T10:00:00Z', visibility: 'own', description: 'Polisens egen iakttagelse vid stationen' });
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const exportCsv = async (by: InProcessWorld['orgs']['police']['member']) =>
  bytes((await pictures.periodFile(by.actor, { from: '2025-01-01', to: '2026-01-31' }, 'csv')).body as Readable);

describe('the CSV of a period, written by COPY', () => {
  it('is UTF-8 with a BOM, the Swedish header first, ; between fields, and one record per report the reader may see', async () => {
    const csv = await exportCsv(w.orgs.school.coordinator);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8').split('\n')[0]).toBe('Id;Observerad;Kategori;Allvarlighet;Status;Plats;Område;Organisation;Latitud;Longitud;Beskrivning');
    const records: Record<string, string>[] = parse(csv, { bom: true, delimiter: ';', columns: true });
    expect(records.map((r) => r.Id)).toEqual([ids.summer, ids.formula, ids.quoted, ids.lines]);
    expect(csv.toString('utf8')).not.toContain('Polisens egen');

    // The police see their own report too, in its place in time.
    const police: Record<string, string>[] = parse(await exportCsv(w.orgs.police.member), { bom: true, delimiter: ';', columns: true });
    expect(police.map((r) => r.Id)).toEqual([ids.summer, ids.formula, ids.quoted, ids.policeOwn, ids.lines]);
  });

  it('writes Stockholm time (summer time, the new year), Swedish labels, six decimals with a comma, quotes and formulas as text', async () => {
    const records: Record<string, string>[] = parse(await exportCsv(w.orgs.school.coordinator), { bom: true, delimiter: ';', columns: true });
    const byId = Object.fromEntries(records.map((r) => [r.Id, r]));
    // 20:30 UTC on 4 July is 22:30 in Stockholm (summer time, UTC+2).
    expect(byId[ids.summer]).toMatchObject({
      Observerad: '2025-07-04 22:30', Kategori: 'Narkotikabruk', Allvarlighet: '3', Status: 'Ny', Latitud: '58,505812', Longitud: '13,162200',
    });
    expect(byId[ids.summer].Organisation).toBe(records[0].Organisation);
    // New Year's Eve 23:30 UTC is already 2026 in Stockholm; a line break inside a field is quoted and kept.
    expect(byId[ids.lines]).toMatchObject({ Observerad: '2026-01-01 00:30', Beskrivning: 'Rad ett\nrad två om krossade rutor' });
    expect(byId[ids.quoted].Beskrivning).toBe('Misshandel vid hållplats C; "två skadade", ambulans tillkallad.');
    // A description that begins like a formula stays text in Excel: a leading apostrophe.
    expect(byId[ids.formula].Beskrivning).toBe("'=SUMMA(A1:A9) stod det på skylten vid torget");
  });

  it('gives the connection back to the pool when the reader goes away midway, and the pool keeps working', async () => {
    const ds = app.get<DataSource>(DataSource);
    const file = (await pictures.periodFile(w.orgs.school.coordinator.actor, { from: '2025-01-01', to: '2026-01-31' }, 'csv')).body as Readable;
    await new Promise((resolve) => file.once('data', resolve));
    file.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Every connection of the pool still answers (one left mid-COPY would fail the query that got it).
    const answers = await Promise.all(Array.from({ length: 12 }, () => ds.query('SELECT 1 AS one')));
    expect(answers.every((r: { one: number }[]) => r[0].one === 1)).toBe(true);
    const again: Record<string, string>[] = parse(await exportCsv(w.orgs.school.coordinator), { bom: true, delimiter: ';', columns: true });
    expect(again).toHaveLength(4);
  });
});
