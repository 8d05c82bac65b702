import ExcelJS from 'exceljs';
import {
  type CountChange, EFFORT_STATUSES, type EffortStatus, PICTURE_HOTSPOT_CLASSES, type PeriodAnalysisResponse, type PictureEffort, type PictureHotspot,
  type PictureReport, type WeeklyPictureResponse,
} from '#contracts';
import { type ExportMeta, audienceText } from './export-meta.js';
import {
  EFFORT_MODE_LABEL, EFFORT_STATUS_LABEL, EFFORT_TYPE_LABEL, HOTSPOT_CLASS_LABEL, REPORT_STATUS_LABEL, SEVERITY_LABEL, TREND_LABEL, capitalise,
  type Label, hotspotName, labeller, periodText, wallClockDate, weekdayName,
} from './swedish.js';

/**
 * The picture (or a period analysis) as an Excel workbook, made with exceljs: a summary sheet with the export's meta
 * and the key figures, then one sheet per table — "Rapporter", "Öppna rapporter" (weekly picture), "Platser" (the
 * hotspots), "Insatser", and for an analysis "Områden" (the ranking) and "Polisanmält" (police-reported crime, kept
 * on a sheet of its own: it is never added to the observations).
 *
 * Every table sheet has its header in row 1, frozen, with an autofilter over the table, column widths set, Swedish
 * headers. Numbers are numbers and times are real Excel dates: a Date cell with a date-time format, holding the
 * Stockholm wall-clock time (Excel's dates have no time zone, so a cell shows what it holds: the time as it was
 * lived in Lidköping, not the exporting machine's zone nor UTC).
 */

type Picture = WeeklyPictureResponse | PeriodAnalysisResponse;
const isAnalysis = (p: Picture): p is PeriodAnalysisResponse => 'ranking' in p;

const DATE_TIME = 'yyyy-mm-dd hh:mm';
const SIGNED = '+0;-0;0';
const SIGNED_1 = '+0.0;-0.0;0.0';
const ONE_DECIMAL = '0.0';
const COORDINATE = '0.000000';
const OUTSIDE = 'Utanför områdena';

interface Col { header: string; width: number; numFmt?: string; wrap?: boolean }
type Cell = string | number | Date | null;

const at = (iso: string | null) => (iso ? wallClockDate(iso) : null);

/** A sheet that is one table: header in row 1 (bold, frozen), an autofilter over it, widths and formats per column. */
function tableSheet(wb: ExcelJS.Workbook, name: string, cols: Col[], rows: Cell[][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  ws.columns = cols.map((c, i) => ({
    key: `c${i}`, header: c.header, width: c.width,
    style: { ...(c.numFmt ? { numFmt: c.numFmt } : {}), ...(c.wrap ? { alignment: { wrapText: true, vertical: 'top' as const } } : { alignment: { vertical: 'top' as const } }) },
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { vertical: 'bottom', wrapText: true };
  for (const r of rows) ws.addRow(r);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + rows.length, column: cols.length } };
  return ws;
}

const REPORT_COLS: Col[] = [
  { header: 'Id', width: 38 }, { header: 'Observerad', width: 17, numFmt: DATE_TIME }, { header: 'Kategori', width: 22 },
  { header: 'Allvarlighet', width: 12 }, { header: 'Status', width: 12 }, { header: 'Plats', width: 28 }, { header: 'Område', width: 18 },
  { header: 'Organisation', width: 30 }, { header: 'Latitud', width: 12, numFmt: COORDINATE }, { header: 'Longitud', width: 12, numFmt: COORDINATE },
  { header: 'Beskrivning', width: 80, wrap: true },
];
const reportRow = (label: Label) => (r: PictureReport): Cell[] => [
  r.id, at(r.observedAt), label(r.category), r.severity, REPORT_STATUS_LABEL[r.status] ?? r.status, r.place?.name ?? null,
  r.area?.name ?? OUTSIDE, r.organisation.name, r.location.lat, r.location.lng, r.description,
];

/** The earlier counts' headers: the four weeks before, oldest first, or the same period a year earlier. */
function earlierHeaders(p: Picture): string[] {
  if (isAnalysis(p)) return ['Samma period i fjol'];
  const n = Math.max(0, ...p.hotspots.map((h) => h.earlier.length));
  return Array.from({ length: n }, (_, i) => `${n - i} v. före`);
}

function hotspotSheet(wb: ExcelJS.Workbook, p: Picture, label: Label): void {
  const earlier = earlierHeaders(p);
  const cols: Col[] = [
    { header: 'Rang', width: 7 }, { header: 'Plats', width: 30 }, { header: 'Typ', width: 16 }, { header: 'Område', width: 18 },
    { header: 'Antal', width: 8 }, ...earlier.map((header) => ({ header, width: 10 })), { header: 'Utveckling', width: 12 },
    { header: 'Kategorier', width: 50, wrap: true }, { header: 'Typisk veckodag', width: 14 }, { header: 'Typisk timme', width: 12 },
    { header: 'Högsta allvarlighet', width: 12 }, { header: 'Latitud', width: 12, numFmt: COORDINATE }, { header: 'Longitud', width: 12, numFmt: COORDINATE },
  ];
  tableSheet(wb, 'Platser', cols, p.hotspots.map((h: PictureHotspot, i): Cell[] => [
    i + 1, hotspotName(h), h.kind === 'place' ? 'Namngiven plats' : 'Ruta 250 × 250 m', h.area?.name ?? OUTSIDE, h.count,
    ...earlier.map((_, j) => h.earlier[j] ?? null), HOTSPOT_CLASS_LABEL[h.class],
    h.categories.map((c) => `${label(c.code)} ${c.count}`).join(', '), weekdayName(h.typicalWeekday), h.typicalHour, h.maxSeverity,
    h.center.lat, h.center.lng,
  ]));
}

function effortSheet(wb: ExcelJS.Workbook, efforts: PictureEffort[]): void {
  tableSheet(wb, 'Insatser', [
    { header: 'Status', width: 12 }, { header: 'Insats', width: 40, wrap: true }, { header: 'Typ', width: 20 }, { header: 'Form', width: 11 },
    { header: 'Organisationer', width: 40, wrap: true }, { header: 'Planerad start', width: 17, numFmt: DATE_TIME },
    { header: 'Planerat slut', width: 17, numFmt: DATE_TIME }, { header: 'Startade', width: 17, numFmt: DATE_TIME },
    { header: 'Avslutades', width: 17, numFmt: DATE_TIME }, { header: 'Resultat', width: 50, wrap: true },
    { header: 'Kopplade rapporter', width: 11 }, { header: 'Åtgärder', width: 30, wrap: true },
  ], efforts.map((e): Cell[] => [
    EFFORT_STATUS_LABEL[e.status], e.title, EFFORT_TYPE_LABEL[e.type] ?? e.type, EFFORT_MODE_LABEL[e.mode], e.organisations.map((o) => o.name).join(', '),
    at(e.plannedStart), at(e.plannedEnd), at(e.actualStart), at(e.actualEnd), e.outcome, e.reports.length,
    e.actions.map((a) => `${a.kind}: ${a.count}`).join(', ') || null,
  ]));
}

/** The summary sheet: a column of labels and a column of values, then small tables, each under a bold heading. */
class Summary {
  readonly ws: ExcelJS.Worksheet;
  constructor(wb: ExcelJS.Workbook) {
    this.ws = wb.addWorksheet('Sammanfattning');
    this.ws.columns = [{ width: 34 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 16 }];
  }

  title(text: string) {
    const row = this.ws.addRow([text]);
    row.font = { bold: true, size: 14 };
  }

  line(label: string, value: Cell, numFmt?: string) {
    const row = this.ws.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    if (numFmt) row.getCell(2).numFmt = numFmt;
    row.getCell(2).alignment = { horizontal: 'left', wrapText: typeof value === 'string' && value.length > 40 };
    this.ws.mergeCells(row.number, 2, row.number, 6);
  }

  blank() {
    this.ws.addRow([]);
  }

  table(heading: string, header: string[], rows: Cell[][], formats: (string | undefined)[] = []) {
    this.blank();
    this.ws.addRow([heading]).font = { bold: true, size: 12 };
    const head = this.ws.addRow(header);
    head.font = { bold: true };
    head.eachCell((c) => { c.border = { bottom: { style: 'thin' } }; });
    for (const r of rows) {
      const row = this.ws.addRow(r);
      formats.forEach((f, i) => { if (f) row.getCell(i + 1).numFmt = f; });
    }
  }
}

function changeRows(items: { name: string; count: number; change: CountChange | undefined }[], weekly: boolean): Cell[][] {
  return items.map(({ name, count, change: c }) => [
    name, count, c?.previous ?? null, c ? c.vsPrevious : null, ...(weekly ? [c?.average ?? null, c?.vsAverage ?? null] : []), c ? TREND_LABEL[c.trend] : null,
  ]);
}

export async function pictureXlsx(p: Picture, meta: ExportMeta): Promise<Buffer> {
  const analysis = isAnalysis(p);
  const weekly = !analysis;
  const label = labeller(meta);
  const wb = new ExcelJS.Workbook();
  wb.creator = `${meta.exportedBy.name} (${meta.exportedBy.organisation})`;
  wb.lastModifiedBy = wb.creator;
  wb.title = meta.title;
  wb.subject = meta.filterText;
  wb.company = 'Lägesbild';
  wb.created = meta.exportedAt;
  wb.modified = meta.exportedAt;

  const s = new Summary(wb);
  s.title(meta.title);
  s.line('Period', capitalise(periodText(p.period)));
  if (analysis) s.line('Jämförs med', `Samma period i fjol: ${periodText(p.comparison)}`);
  s.line('Urval', meta.filterText);
  s.line('Underlag', audienceText(p.audience));
  s.line('Exporterad av', `${meta.exportedBy.name} (${meta.exportedBy.organisation})`);
  s.line('Exporterad (svensk tid)', wallClockDate(meta.exportedAt), DATE_TIME);
  s.line('Sammanställd (svensk tid)', wallClockDate(p.generatedAt), DATE_TIME);
  if (weekly && p.snapshot) s.line('Fryst ögonblicksbild (svensk tid)', wallClockDate(p.snapshot.frozenAt), DATE_TIME);
  s.blank();

  const all = p.change.all;
  s.line('Rapporter', p.totals.all);
  s.line(weekly ? 'Föregående vecka' : 'Samma period i fjol', all.previous);
  s.line(weekly ? 'Förändring mot föregående vecka' : 'Förändring mot i fjol', all.vsPrevious, SIGNED);
  if (weekly && all.average !== null) {
    s.line('Snitt de fyra veckorna före', all.average, ONE_DECIMAL);
    s.line('Förändring mot snittet', all.vsAverage, SIGNED_1);
  }
  s.line('Trend', TREND_LABEL[all.trend]);
  s.line('Undantagna vid granskning', p.excluded);
  if (p.reportsTruncated) s.line('Obs', `Bladet Rapporter visar de första ${p.reports.length} rapporterna; alla finns i CSV-filen.`);

  if (weekly) {
    s.table(`Öppna rapporter efter allvarlighet (${p.openReports.total} st)`, ['Allvarlighet', 'Antal'],
      [5, 4, 3, 2, 1].map((n) => [`${n} – ${SEVERITY_LABEL[n]}`, p.openReports.bySeverity[String(n)] ?? 0]));
  }
  s.table('Platser efter utveckling', ['Utveckling', 'Antal'], PICTURE_HOTSPOT_CLASSES.map((c) => [capitalise(HOTSPOT_CLASS_LABEL[c]), p.hotspots.filter((h) => h.class === c).length]));

  const changeHeader = (first: string) => weekly
    ? [first, 'Antal', 'Föregående vecka', 'Förändring', 'Snitt 4 v. före', 'Mot snittet', 'Trend']
    : [first, 'Antal', 'I fjol', 'Förändring', 'Trend'];
  const changeFormats = weekly ? [undefined, undefined, undefined, SIGNED, ONE_DECIMAL, SIGNED_1] : [undefined, undefined, undefined, SIGNED];
  const categories = Object.entries(p.totals.byCategory).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
  s.table('Per kategori', changeHeader('Kategori'), changeRows(categories.map(([code, count]) => ({
    name: label(code), count: count ?? 0, change: p.change.byCategory[code as keyof typeof p.totals.byCategory],
  })), weekly), changeFormats);
  s.table('Per område', changeHeader('Område'), changeRows(p.totals.byArea.map((a) => ({
    name: a.area?.name ?? OUTSIDE, count: a.count, change: p.change.byArea.find((c) => (c.area?.id ?? null) === (a.area?.id ?? null)),
  })), weekly), changeFormats);

  if (analysis) {
    const types = [...new Set(p.efforts.byType.map((e) => e.type))];
    s.table('Insatser per typ och status', ['Typ', ...EFFORT_STATUSES.map((st) => EFFORT_STATUS_LABEL[st])], types.map((t) => [
      EFFORT_TYPE_LABEL[t] ?? t,
      ...EFFORT_STATUSES.map((st: EffortStatus) => p.efforts.byType.find((e) => e.type === t && e.status === st)?.count ?? 0),
    ]));
    s.blank();
    s.line('Polisanmälda brott', `Polisens statistik över anmälda brott, månaderna ${p.crime.months.join(', ') || '–'}: i bladet Polisanmält, bredvid observationerna och aldrig sammanräknade med dem.`);
  }

  tableSheet(wb, 'Rapporter', REPORT_COLS, p.reports.map(reportRow(label)));
  if (weekly) tableSheet(wb, 'Öppna rapporter', REPORT_COLS, p.openReports.items.map(reportRow(label)));
  hotspotSheet(wb, p, label);
  effortSheet(wb, weekly ? EFFORT_STATUSES.flatMap((st) => p.efforts[st]) : p.efforts.done);

  if (analysis) {
    tableSheet(wb, 'Områden', [
      { header: 'Rang', width: 7 }, { header: 'Område', width: 20 }, { header: 'Poäng', width: 9, numFmt: ONE_DECIMAL }, { header: 'Rapporter', width: 11 },
      { header: 'Samma period i fjol', width: 12 }, { header: 'Förändring', width: 11, numFmt: SIGNED }, { header: 'Skäl', width: 80, wrap: true },
    ], p.ranking.map((r): Cell[] => [
      r.rank, r.area?.name ?? OUTSIDE, r.score, r.count, r.previous, r.count - r.previous, r.reasons.map((x) => x.text).join('\n'),
    ]));
    const crimeTypes = [...new Set(p.crime.byArea.flatMap((a) => Object.keys(a.byType)))]
      .sort((a, b) => p.crime.byArea.reduce((n, x) => n + (x.byType[b] ?? 0), 0) - p.crime.byArea.reduce((n, x) => n + (x.byType[a] ?? 0), 0) || a.localeCompare(b, 'sv'));
    tableSheet(wb, 'Polisanmält', [
      { header: 'Område', width: 20 }, { header: 'Anmälda brott', width: 12 }, { header: 'Samma period i fjol', width: 12 },
      { header: 'Förändring', width: 11, numFmt: SIGNED }, ...crimeTypes.map((header) => ({ header, width: Math.max(12, Math.min(30, header.length + 2)) })),
    ], p.crime.byArea.map((a): Cell[] => [a.area.name, a.total, a.previousTotal, a.total - a.previousTotal, ...crimeTypes.map((t) => a.byType[t] ?? 0)]));
  }

  return Buffer.from(await wb.xlsx.writeBuffer());
}
