import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { WeeklyPictureResponse } from '#contracts';
import { ANALYSIS, ANALYSIS_META, AREA_SHAPES, HIDDEN, META, WEEKLY, WEEK_EFFORTS, WEEK_HOTSPOTS, WEEK_REPORTS } from './fixtures.js';
import { periodAnalysisPdf, weeklyPictureDocument, weeklyPicturePdf } from './picture-pdf.js';

const run = promisify(execFile);
let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'picture-pdf-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/**
 * The PDF's text as poppler reads it, whitespace folded: `text` in reading order (a table cell's lines stay together:
 * for descriptions and other wrapped text), `rows` and `pages` in physical layout (a table row on one line: for
 * rows, label and value), and pdfinfo's facts.
 */
async function read(pdf: Buffer, name: string): Promise<{ text: string; rows: string; pages: string[]; info: string }> {
  const file = join(dir, `${name}.pdf`);
  await writeFile(file, pdf);
  const [{ stdout: raw }, { stdout: layout }, { stdout: info }] = await Promise.all([
    run('pdftotext', ['-enc', 'UTF-8', file, '-']), run('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-']), run('pdfinfo', [file]),
  ]);
  const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
  return { text: fold(raw), rows: fold(layout), pages: layout.split('\f').filter((p) => p.trim()).map(fold), info };
}

const pageCount = (info: string) => Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);

describe('the weekly picture as PDF', () => {
  let pdf: Buffer;
  let text: string;
  let rows: string;
  let pages: string[];
  let info: string;
  beforeAll(async () => {
    pdf = await weeklyPicturePdf(WEEKLY, META, AREA_SHAPES);
    ({ text, rows, pages, info } = await read(pdf, 'week'));
  });

  it('is A4, titled, with extractable text and a footer with who, when and the page on every page', () => {
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(info).toMatch(/Title:\s+Lägesbild vecka 47 2026/);
    const n = pageCount(info);
    expect(pages).toHaveLength(n);
    pages.forEach((page, i) => {
      // 07:15 UTC is 08:15 in Stockholm: the time as it was lived, whatever the machine's zone.
      expect(page).toContain('Lägesbild vecka 47 2026 · Exporterad av Trygghetssamordnare Maria (Lidköpings kommun – trygghetssamordning) 2026-11-23 08:15');
      expect(page).toContain(`sida ${i + 1} av ${n}`);
    });
  });

  it('opens with a summary page: period, filter, whose view, who and when, totals and their change in words', () => {
    const first = pages[0];
    for (const s of [
      'Lägesbild vecka 47 2026', 'Vecka 47 2026 (16–22 november 2026)', 'Urval Område: alla · Kategorier: alla',
      'Underlag Det som Lidköpings kommun – trygghetssamordning får se', 'Exporterad 2026-11-23 08:15 (svensk tid)', 'Sammanställd 2026-11-23 08:02',
      'Rapporter under veckan 20', 'Mot veckan före +6 (14), fler', '+6,5 (13,5), fler', 'Trend Ökar (mot snittet för de fyra veckorna före)',
      'Undantagna vid granskning 2 rapporter', 'Öppna rapporter 19', 'Platser med flest rapporter 5',
    ]) expect(first).toContain(s);
    // Open reports by severity (5 to 1, then the total) and hotspots by class.
    expect(first).toMatch(/5 – Mycket hög 4 – Hög 3 – Förhöjd 2 – Måttlig 1 – Låg Totalt 2 4 6 6 1 19/);
    expect(first).toMatch(/Ny Bestående Ökande Minskande 1 2 1 1/);
  });

  it('shows every category and area with its change, in Swedish', () => {
    expect(text).toContain('Per kategori');
    for (const label of ['Skadegörelse', 'Narkotikabruk', 'Buskörning', 'Brand, anlagd brand', 'Arrangemang']) expect(text).toContain(label);
    expect(rows).toMatch(/Skadegörelse 2 5 -3 4,5 -2,5 minskar/);
    expect(rows).toMatch(/Centrum 15 8 \+7 7,8 \+7,2 ökar/);
    expect(rows).toMatch(/Utanför områdena 2 0 \+2 0,3 \+1,7 oförändrat/);
    expect(text).not.toMatch(/drug_use|reckless_driving|intensifying|in_progress/);
  });

  it('draws its charts and map as text-bearing vectors: labels, weekdays, areas and the hotspots\' numbers', () => {
    expect(text).toContain('Diagram: vecka 47 och veckan före');
    expect(text).toContain('Rapporter per vecka, de senaste åtta veckorna');
    expect(text).toContain('När rapporterna kom: veckodag och timme (svensk tid)');
    for (const s of ['Antal rapporter', 'vecka 47', 'veckan före', '2026-W40', '2026-W47', 'mån', 'sön', 'Timme']) expect(text).toContain(s);
    const mapPage = pages.find((p) => p.includes('Platser med flest rapporter') && p.includes('Cirkelns yta'))!;
    for (const s of ['Centrum', 'Stenhammar', 'Margretelund', 'Ny', 'Ökande', 'Bestående', 'Minskande', '1 km']) expect(mapPage).toContain(s);
  });

  it('lists every hotspot with its rank, place or cell, counts, class, categories and typical time', () => {
    expect(rows).toMatch(/1 Resecentrum Centrum 6 2 ?· ?3 ?· ?2 ?· ?3 ökande Narkotikabruk 2,.* måndag kl\. 21/);
    expect(rows).toMatch(/2 Nya Stadens torg Centrum 4 4 ?· ?3 ?· ?5 ?· ?4 bestående .* lördag kl\. 09/);
    expect(rows).toMatch(/3 Ruta nära Centrum Centrum 3 0 ?· ?0 ?· ?0 ?· ?0 ny Skadegörelse 2, tisdag kl\. 02 Inbrott 1/);
    // Names that wrap in their cell: the row's first line, and the whole name in reading order.
    expect(rows).toMatch(/4 Stenhammarskolans Stenhammar 2 6 ?· ?5 ?· ?7 ?· ?6 minskande .* onsdag kl\. 15/);
    expect(rows).toMatch(/5 Ruta vid 58,5212 N, Utanför 2 0 ?· ?1 ?· ?0 ?· ?0 bestående Buskörning 2 fredag kl\. 22/);
    for (const s of ['Stenhammarskolans skolgård', 'Ruta vid 58,5212 N, 13,1402 Ö', 'Utanför områdena']) expect(text).toContain(s);
    expect(WEEK_HOTSPOTS).toHaveLength(5);
  });

  it('prints every open report it is given, and no other report', () => {
    expect(text).toContain('Öppna rapporter (19)');
    for (const r of WEEKLY.openReports.items) expect(text).toContain(r.description);
    // The period's reports that are not open (resolved, closed) are not the PDF's to list.
    const notOpen = WEEK_REPORTS.filter((r) => !WEEKLY.openReports.items.some((o) => o.id === r.id));
    expect(notOpen.length).toBeGreaterThan(0);
    for (const r of notOpen) expect(text).not.toContain(r.description);
    expect(text).not.toContain(HIDDEN);
    expect(text).toMatch(/5 Våld Misshandel vid busshållplats C; "två skadade", ambulans tillkallad\. Resecentrum, Centrum Hanteras 2026-11-18 23:15 Polisen Lidköping/);
  });

  it('lists the efforts by status with their organisations, times, outcome, linked reports and actions', () => {
    for (const heading of ['Planerade insatser (1)', 'Pågående insatser (1)', 'Genomförda insatser (1)', 'Inställda insatser (1)']) expect(text).toContain(heading);
    for (const e of Object.values(WEEK_EFFORTS).flat()) {
      expect(text).toContain(e.title);
      if (e.outcome) expect(text).toContain(`Resultat: ${e.outcome}`);
    }
    expect(text).toMatch(/Förstärkt närvaro vid Resecentrum kvällstid Synlighetspatrull ?· ?Gemensam ?· ?Pågår Polisen Lidköping, Socialtjänsten Lidköping Planerad: 2026-11-09 16:00 – 2026-11-30 23:00 Startade: 2026-11-09 17:00 3 kopplade Narkotikabruk 2 Våld 1 besök: 12 samtal med ungdomar: 7/);
    expect(text).toContain('0 kopplade');
  });

  it('is the same bytes for the same input (its dates and id come from the export time)', async () => {
    expect((await weeklyPicturePdf(WEEKLY, META, AREA_SHAPES)).equals(pdf)).toBe(true);
  });

  it('says so plainly when there is nothing to show', async () => {
    const empty: WeeklyPictureResponse = {
      ...WEEKLY, totals: { all: 0, byCategory: {}, byArea: [] },
      change: { all: { current: 0, previous: 0, average: 0, vsPrevious: 0, vsAverage: 0, trend: 'steady' }, byCategory: {}, byArea: [] },
      hotspots: [], weekdayHour: Array.from({ length: 7 }, () => Array<number>(24).fill(0)), openReports: { total: 0, bySeverity: {}, items: [] },
      reports: [], efforts: { planned: [], ongoing: [], done: [], cancelled: [] }, excluded: 1, snapshot: { id: 's1', frozenAt: '2026-11-23T09:00:00.000Z' },
    };
    const { rows: t } = await read(await weeklyPicturePdf(empty, META, []), 'empty');
    for (const s of ['Rapporter under veckan 0', 'Trend Oförändrat', 'Undantagna vid granskning 1 rapport', 'Fryst Ögonblicksbild fryst 2026-11-23 10:00',
      'Inga platser med flera rapporter under perioden.', 'Inga öppna rapporter.', 'Planerade insatser (0) Inga.']) expect(t).toContain(s);
  });

  it('embeds a font with the glyphs when a name is beyond WinAnsi, and prints it as written', async () => {
    const polish = { ...WEEKLY, hotspots: [{ ...WEEKLY.hotspots[0], place: { id: 'p', name: 'Łęczyca plac' } }] };
    const doc = await weeklyPictureDocument(polish, META, AREA_SHAPES);
    expect(doc.defaultStyle?.font).toBe('Roboto');
    const { rows: t } = await read(await weeklyPicturePdf(polish, META, AREA_SHAPES), 'polish');
    expect(t).toMatch(/1 Łęczyca plac Centrum 6 /);
    expect((await weeklyPictureDocument(WEEKLY, META, AREA_SHAPES)).defaultStyle?.font).toBe('Helvetica');
    // The period's reports are not printed: a name of theirs beyond WinAnsi embeds nothing.
    const unprinted = { ...WEEKLY, reports: [{ ...WEEK_REPORTS[7], description: 'Ωμέγα' }] };
    expect((await weeklyPictureDocument(unprinted, META, AREA_SHAPES)).defaultStyle?.font).toBe('Helvetica');
  });
});

describe('a period analysis as PDF', () => {
  let text: string;
  let rows: string;
  let pages: string[];
  let info: string;
  beforeAll(async () => {
    ({ text, rows, pages, info } = await read(await periodAnalysisPdf(ANALYSIS, ANALYSIS_META, AREA_SHAPES), 'analysis'));
  });

  it('is A4 with the same summary, against the same period a year earlier', () => {
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const first = pages[0];
    for (const s of [
      'Periodanalys november 2026', '1–30 november 2026', 'Jämförs med Samma period i fjol: november 2025',
      `Urval ${ANALYSIS_META.filterText}`, 'Underlag Gemensam bild: det som alla parter får se', 'Exporterad 2026-12-01 10:45 (svensk tid)',
      'Rapporter under perioden 88', 'Samma period i fjol 64', 'Förändring +24 (+38 %), fler', 'Trend Ökar', 'Undantagna vid granskning 3 rapporter',
      'Underlaget för rapportlistorna är begränsat till 20 rapporter',
    ]) expect(first).toContain(s);
    expect(first).toMatch(/Synlighetspatrull 0 1 6 0/);
    pages.forEach((page, i) => expect(page).toContain(`Periodanalys november 2026 · Exporterad av Kommunpolis Erik (Polisen Lidköping) 2026-12-01 10:45 sida ${i + 1} av ${pages.length}`));
  });

  it('ranks the areas with their reasons, with police-reported crime beside them under its own heading', () => {
    expect(text).toContain('Områden som behöver längre insatser');
    for (const r of ANALYSIS.ranking) for (const reason of r.reasons) expect(text).toContain(reason.text);
    expect(rows).toMatch(/1 Centrum 58 36 8,4/);
    expect(rows).toMatch(/4 Utanför områdena 4 1 0,9/);
    expect(text).toContain('Polisanmälda brott (Polisens statistik)');
    expect(text).toContain('En annan källa än partnernas observationer: siffrorna visas bredvid och räknas aldrig ihop med rapporterna ovan.');
    expect(rows).toMatch(/Centrum 52 47 \+5 Stöld och snatteri 23, Skadegörelse 14, Narkotikabrott 9, Misshandel 6/);
    expect(rows).toMatch(/Stenhammar 8 12 -4 Skadegörelse 7, Misshandel 1/);
    // Crime is never in the observation figures: 58 observations + 52 crimes in Centrum are nowhere 110.
    expect(text).not.toMatch(/\b110\b/);
  });

  it('compares categories and areas with the same period a year earlier, and lists the done efforts', () => {
    expect(text).toContain('Jämförelse med samma period i fjol (november 2025)');
    expect(rows).toMatch(/Skadegörelse 21 26 -5 -19 % oförändrat/);
    expect(rows).toMatch(/Buskörning 8 1 \+7 \+700 % ökar/);
    expect(text).toContain('Diagram: perioden och samma period i fjol');
    expect(rows).toMatch(/1 Resecentrum Centrum 19 8 ökande/);
    expect(text).toContain('Genomförda insatser');
    for (const e of ANALYSIS.efforts.done) expect(text).toContain(e.title);
    expect(text).toContain('Lugnare kvällar vid Resecentrum sista veckan; fortsätter i december.');
    expect(text).not.toContain(HIDDEN);
  });
});
