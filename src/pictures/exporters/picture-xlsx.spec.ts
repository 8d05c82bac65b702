import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { ANALYSIS, ANALYSIS_META, HIDDEN, META, WEEKLY, WEEK_EFFORTS, WEEK_HOTSPOTS, WEEK_REPORTS } from './fixtures.js';
import { pictureXlsx } from './picture-xlsx.js';

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

const headerOf = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);
/** Every cell's text of a sheet, for "is it there" and "is it not there" checks. */
const textOf = (wb: ExcelJS.Workbook) => {
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(c.value instanceof Date ? c.value.toISOString() : String(c.value)))));
  return out.join('\n');
};
/** The label-value lines of the summary sheet. */
const summaryOf = (ws: ExcelJS.Worksheet) => {
  const out = new Map<string, ExcelJS.CellValue>();
  ws.eachRow((row) => { if (typeof row.getCell(1).value === 'string') out.set(row.getCell(1).value as string, row.getCell(2).value); });
  return out;
};

describe('the picture as a spreadsheet', () => {
  it('has a summary and a sheet per table, each with a frozen Swedish header row, an autofilter and set widths', async () => {
    const wb = await load(await pictureXlsx(WEEKLY, META));
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['Sammanfattning', 'Rapporter', 'Öppna rapporter', 'Platser', 'Insatser']);
    const headers = {
      Rapporter: ['Id', 'Observerad', 'Kategori', 'Allvarlighet', 'Status', 'Plats', 'Område', 'Organisation', 'Latitud', 'Longitud', 'Beskrivning'],
      'Öppna rapporter': ['Id', 'Observerad', 'Kategori', 'Allvarlighet', 'Status', 'Plats', 'Område', 'Organisation', 'Latitud', 'Longitud', 'Beskrivning'],
      Platser: ['Rang', 'Plats', 'Typ', 'Område', 'Antal', '4 v. före', '3 v. före', '2 v. före', '1 v. före', 'Utveckling', 'Kategorier',
        'Typisk veckodag', 'Typisk timme', 'Högsta allvarlighet', 'Latitud', 'Longitud'],
      Insatser: ['Status', 'Insats', 'Typ', 'Form', 'Organisationer', 'Planerad start', 'Planerat slut', 'Startade', 'Avslutades', 'Resultat',
        'Kopplade rapporter', 'Åtgärder'],
    };
    const rows = { Rapporter: WEEK_REPORTS.length, 'Öppna rapporter': WEEKLY.openReports.items.length, Platser: WEEK_HOTSPOTS.length, Insatser: 4 };
    for (const [name, header] of Object.entries(headers)) {
      const ws = wb.getWorksheet(name)!;
      expect(headerOf(ws)).toEqual(header);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      // The autofilter spans the header and every row of the table (read back as a range).
      expect(ws.autoFilter).toBe(`A1:${String.fromCharCode(64 + header.length)}${1 + rows[name as keyof typeof rows]}`);
      expect(ws.rowCount).toBe(1 + rows[name as keyof typeof rows]);
      for (let c = 1; c <= header.length; c++) expect(ws.getColumn(c).width).toBeGreaterThan(5);
    }
  });

  it('writes real dates in Stockholm wall-clock time and real numbers', async () => {
    const wb = await load(await pictureXlsx(WEEKLY, META));
    const reports = wb.getWorksheet('Rapporter')!;
    const observed = reports.getCell('B2');
    // 20:40 UTC on 16 November is 21:40 in Stockholm: the cell shows 21:40, whatever the machine's zone.
    expect(observed.value).toBeInstanceOf(Date);
    expect((observed.value as Date).toISOString()).toBe('2026-11-16T21:40:00.000Z');
    expect(observed.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(reports.getCell('D2').value).toBe(3);
    expect(reports.getCell('C2').value).toBe('Narkotikabruk');
    expect(reports.getCell('I2').value).toBeCloseTo(WEEK_REPORTS[0].location.lat, 6);
    expect(reports.getCell('I2').numFmt).toBe('0.000000');
    expect(reports.getCell('K4').value).toBe(WEEK_REPORTS[2].description);

    const places = wb.getWorksheet('Platser')!;
    expect([1, 2, 3, 4, 5].map((c) => places.getRow(2).getCell(c).value)).toEqual([1, 'Resecentrum', 'Namngiven plats', 'Centrum', 6]);
    expect([6, 7, 8, 9, 10].map((c) => places.getRow(2).getCell(c).value)).toEqual([2, 3, 2, 3, 'ökande']);
    expect([12, 13].map((c) => places.getRow(2).getCell(c).value)).toEqual(['måndag', 21]);
    expect(places.getRow(4).getCell(2).value).toBe('Ruta nära Centrum');
    expect(places.getRow(6).getCell(4).value).toBe('Utanför områdena');

    const efforts = wb.getWorksheet('Insatser')!;
    expect(efforts.getColumn(1).values.slice(2)).toEqual(['Planerad', 'Pågår', 'Genomförd', 'Inställd']);
    const ongoing = efforts.getRow(3);
    expect(ongoing.getCell(2).value).toBe(WEEK_EFFORTS.ongoing[0].title);
    expect(ongoing.getCell(11).value).toBe(3);
    expect(ongoing.getCell(12).value).toBe('besök: 12, samtal med ungdomar: 7');
    expect((ongoing.getCell(6).value as Date).toISOString()).toBe('2026-11-09T16:00:00.000Z');
    expect(ongoing.getCell(9).value).toBeNull();
    expect(efforts.getRow(4).getCell(10).value).toBe(WEEK_EFFORTS.done[0].outcome);
  });

  it('states what it is, its filter, who exported it and when on the summary sheet, with the key figures', async () => {
    const wb = await load(await pictureXlsx(WEEKLY, META));
    const summary = wb.getWorksheet('Sammanfattning')!;
    expect(summary.getCell('A1').value).toBe('Lägesbild vecka 47 2026');
    const lines = summaryOf(summary);
    expect(lines.get('Period')).toBe('Vecka 47 2026 (16–22 november 2026)');
    expect(lines.get('Urval')).toBe('Område: alla · Kategorier: alla');
    expect(lines.get('Underlag')).toBe('Det som Lidköpings kommun – trygghetssamordning får se');
    expect(lines.get('Exporterad av')).toBe('Trygghetssamordnare Maria (Lidköpings kommun – trygghetssamordning)');
    expect((lines.get('Exporterad (svensk tid)') as Date).toISOString()).toBe('2026-11-23T08:15:00.000Z');
    expect(lines.get('Rapporter')).toBe(20);
    expect(lines.get('Föregående vecka')).toBe(14);
    expect(lines.get('Förändring mot föregående vecka')).toBe(6);
    expect(lines.get('Snitt de fyra veckorna före')).toBe(13.5);
    expect(lines.get('Trend')).toBe('ökar');
    expect(lines.get('Undantagna vid granskning')).toBe(2);
    expect(lines.get('5 – Mycket hög')).toBe(2);
    expect(lines.get('Ökande')).toBe(1);
    expect(lines.get('Bestående')).toBe(2);
    expect(lines.get('Narkotikabruk')).toBe(2);
    expect(lines.get('Centrum')).toBe(15);
    expect(wb.creator).toBe('Trygghetssamordnare Maria (Lidköpings kommun – trygghetssamordning)');
    expect(textOf(wb)).not.toContain(HIDDEN);
  });

  it('adds the area ranking and police-reported crime (on a sheet of its own) for an analysis', async () => {
    const wb = await load(await pictureXlsx(ANALYSIS, ANALYSIS_META));
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['Sammanfattning', 'Rapporter', 'Platser', 'Insatser', 'Områden', 'Polisanmält']);
    const lines = summaryOf(wb.getWorksheet('Sammanfattning')!);
    expect(lines.get('Period')).toBe('November 2026');
    expect(lines.get('Jämförs med')).toBe('Samma period i fjol: november 2025');
    expect(lines.get('Samma period i fjol')).toBe(64);
    expect(lines.get('Underlag')).toBe('Gemensam bild: det som alla parter får se');
    expect(lines.get('Obs')).toMatch(/alla finns i CSV-filen/);
    const byType = wb.getWorksheet('Sammanfattning')!.getRows(1, 80)!.find((r) => r.getCell(1).value === 'Synlighetspatrull')!;
    expect((byType.values as unknown[]).slice(1)).toEqual(['Synlighetspatrull', 0, 1, 6, 0]);
    expect(headerOf(wb.getWorksheet('Platser')!)).toContain('Samma period i fjol');

    const ranking = wb.getWorksheet('Områden')!;
    expect(headerOf(ranking)).toEqual(['Rang', 'Område', 'Poäng', 'Rapporter', 'Samma period i fjol', 'Förändring', 'Skäl']);
    expect(ranking.views[0]).toMatchObject({ state: 'frozen' });
    expect((ranking.getRow(2).values as unknown[]).slice(1, 7)).toEqual([1, 'Centrum', 8.4, 58, 36, 22]);
    expect(ranking.getCell('G2').value).toBe(ANALYSIS.ranking[0].reasons.map((r) => r.text).join('\n'));
    expect(ranking.getCell('B5').value).toBe('Utanför områdena');

    const crime = wb.getWorksheet('Polisanmält')!;
    expect(headerOf(crime)).toEqual(['Område', 'Anmälda brott', 'Samma period i fjol', 'Förändring', 'Stöld och snatteri', 'Skadegörelse', 'Narkotikabrott', 'Misshandel']);
    expect((crime.getRow(3).values as unknown[]).slice(1)).toEqual(['Stenhammar', 8, 12, -4, 0, 7, 0, 1]);
    expect(crime.autoFilter).toBe('A1:H4');
    expect(wb.getWorksheet('Insatser')!.rowCount).toBe(1 + ANALYSIS.efforts.done.length);
  });
});
