import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces.js';
import {
  type Category, type CountChange, EFFORT_STATUSES, PICTURE_HOTSPOT_CLASSES, type PeriodAnalysisResponse, type PictureChange, type PictureEffort,
  type PictureHotspot, type PictureReport, type PictureTotals, type WeeklyPictureResponse,
} from '#contracts';
import { pdfFontFor, pdfmake } from '../../common/pdf.js';
import { type CategoryBar, categoryChartSvg, seriesChartSvg, weekdayHourSvg } from './charts.js';
import { type ExportMeta, audienceText, exportedText } from './export-meta.js';
import { type MapArea, hotspotMapSvg } from './hotspot-map.js';
import {
  EFFORT_MODE_LABEL, EFFORT_STATUS_HEADING, EFFORT_TYPE_LABEL, EFFORT_STATUS_LABEL, HOTSPOT_CLASS_LABEL, REPORT_STATUS_LABEL, SEVERITY_LABEL,
  type Label, TREND_LABEL, capitalise, dayRange, labeller, hotspotName, localDateTime, num, percentChange, periodText, signed, typicalTime,
} from './swedish.js';

/**
 * The weekly picture and the period analyses as Swedish A4 PDFs, made with pdfmake (set up in common/pdf.ts: Helvetica
 * when all the text is WinAnsi, else Roboto embedded). What the weekly joint meeting prints and works from:
 *
 * 1. a summary page: the period, the filter and whose view it is, who exported it and when; the totals and how they
 *    moved (against the previous week and the four weeks' average, or the same period a year earlier), with words
 *    for the direction; the reports left out in review; open reports by severity; hotspots by class; per category
 *    and per area;
 * 2. charts as vector SVG from Vega-Lite (charts.ts): categories against the period compared with, the trend, and the
 *    weekday × hour heat map in greys;
 * 3. a map of the hotspots drawn as SVG (hotspot-map.ts) and the hotspot table whose numbers the map shows;
 * 4. open reports, most severe first (weekly); efforts by status;
 * 5. for an analysis: the areas ranked with their reasons, police-reported crime beside them (its own table, its own
 *    source, never added to the observations), and the comparison with the same period a year earlier.
 *
 * Printable in black and white: black text on white, grey rules, charts and map in black, greys, outlines and dashes,
 * every figure also written as a number. Text is real text (extractable, searchable). Every page's footer says who
 * exported it when, and which page of how many it is.
 *
 * The exporters print what they are given, all of it and nothing else: visibility was applied when the picture was
 * counted. Same input, same bytes (the PDF's dates and id come from `meta.exportedAt`).
 */

type Areas = MapArea[];

const CONTENT_WIDTH = 505; // A4 595.28 pt minus margins of 45 each side

// ---------------------------------------------------------------------------------------------------------------
// Small building blocks.

/** A heading; one that opens a new page has no headlineLevel (pageBreakBefore would break before it a second time). */
const h1 = (text: string, pageBreak = false): Content => (pageBreak ? { text, style: 'h1', pageBreak: 'before' } : { text, style: 'h1', headlineLevel: 1 });
const h2 = (text: string): Content => ({ text, style: 'h2', headlineLevel: 1 });
const note = (text: string): Content => ({ text, style: 'note' });
const none = (text: string): Content => ({ text, italics: true, margin: [0, 0, 0, 8] });
const bold = (text: string): TableCell => ({ text, bold: true });
const right = (text: string): TableCell => ({ text, alignment: 'right' });

/** A table with a bold header row and thin grey rules, repeating its header on a new page. */
function table(widths: (string | number)[], header: string[], rows: TableCell[][], opts: { fontSize?: number; rightFrom?: number[] } = {}): Content {
  const align = (cells: TableCell[]) => cells.map((c, i) => (!opts.rightFrom?.includes(i) ? c
    : typeof c === 'string' ? right(c) : typeof c === 'object' && c !== null && 'text' in c ? ({ ...c, alignment: 'right' } as TableCell) : c));
  return {
    table: { headerRows: 1, keepWithHeaderRows: 1, dontBreakRows: true, widths, body: [align(header.map(bold)), ...rows.map(align)] },
    fontSize: opts.fontSize ?? 8.5,
    layout: {
      hLineWidth: (i: number) => (i <= 1 ? 0.8 : 0.3),
      vLineWidth: () => 0,
      hLineColor: () => '#555555',
      paddingTop: () => 2.5,
      paddingBottom: () => 2.5,
      paddingLeft: (i: number) => (i === 0 ? 0 : 4),
      paddingRight: () => 4,
    },
    margin: [0, 2, 0, 10],
  };
}

/** Label and value lines (the summary's facts). */
function facts(lines: [string, string][]): Content {
  return {
    table: { widths: [150, '*'], body: lines.map(([k, v]) => [bold(k), v]) },
    layout: 'noBorders',
    fontSize: 9.5,
    margin: [0, 2, 0, 8],
  };
}

const where = (x: { place: { name: string } | null; area: { name: string } | null }) =>
  [x.place?.name, x.area?.name].filter(Boolean).join(', ') || 'Utanför områdena';
const areaName = (a: { name: string } | null) => a?.name ?? 'Utanför områdena';

/** "+6 (14), fler": a change with the figure it is against, and in a word for a reader who does not read signs. */
const against = (diff: number, base: number) => `${signed(diff)} (${num(base)}), ${diff > 0 ? 'fler' : diff < 0 ? 'färre' : 'lika många'}`;

/** The direction of a change in words, for a reader who does not read signs: "ökar", "minskar", "oförändrat". */
const trendWord = (c: CountChange) => TREND_LABEL[c.trend];

function categoryCodes(totals: PictureTotals, change: PictureChange): Category[] {
  const codes = new Set<Category>([...(Object.keys(totals.byCategory) as Category[]), ...(Object.keys(change.byCategory) as Category[])]);
  return [...codes].sort((a, b) => (totals.byCategory[b] ?? 0) - (totals.byCategory[a] ?? 0) || (change.byCategory[b]?.previous ?? 0) - (change.byCategory[a]?.previous ?? 0));
}

function areaRows(totals: PictureTotals, change: PictureChange) {
  const keyOf = (a: { id: string } | null) => a?.id ?? '';
  const seen = new Map<string, { area: { id: string; name: string } | null; count: number; change: CountChange | undefined }>();
  for (const a of totals.byArea) seen.set(keyOf(a.area), { area: a.area, count: a.count, change: undefined });
  for (const c of change.byArea) {
    const row = seen.get(keyOf(c.area)) ?? { area: c.area, count: c.current, change: undefined };
    seen.set(keyOf(c.area), { ...row, change: c });
  }
  return [...seen.values()].sort((a, b) => b.count - a.count);
}

// ---------------------------------------------------------------------------------------------------------------
// The parts.

function header(meta: ExportMeta, subtitle: string, lines: [string, string][]): Content[] {
  return [
    { text: meta.title, style: 'title' },
    { text: subtitle, style: 'subtitle' },
    facts(lines),
  ];
}

function metaLines(p: WeeklyPictureResponse | PeriodAnalysisResponse, meta: ExportMeta): [string, string][] {
  return [
    ['Urval', meta.filterText],
    ['Underlag', audienceText(p.audience)],
    ['Exporterad av', `${meta.exportedBy.name} (${meta.exportedBy.organisation})`],
    ['Exporterad', `${localDateTime(meta.exportedAt)} (svensk tid)`],
    ['Sammanställd', localDateTime(p.generatedAt)],
  ];
}

function hotspotClassTable(hotspots: PictureHotspot[]): Content {
  return table(PICTURE_HOTSPOT_CLASSES.map(() => '*'), PICTURE_HOTSPOT_CLASSES.map((c) => capitalise(HOTSPOT_CLASS_LABEL[c])),
    [PICTURE_HOTSPOT_CLASSES.map((c) => String(hotspots.filter((h) => h.class === c).length))]);
}

/** Per category or area: this period, the one before (and for weeks the four weeks' average), the change and its word. */
function changeTable(first: string, rows: { name: string; count: number; c: CountChange | undefined }[], weekly: boolean): Content {
  if (!rows.length) return none('Inga rapporter.');
  if (weekly) {
    return table(['*', 45, 50, 50, 55, 55, 60], [first, 'Antal', 'Veckan före', 'Förändring', 'Snitt 4 v.', 'Mot snittet', 'Trend'],
      rows.map(({ name, count, c }) => [name, num(count), c ? num(c.previous) : '–', c ? signed(c.vsPrevious) : '–',
        c?.average != null ? num(c.average) : '–', c?.vsAverage != null ? signed(c.vsAverage) : '–', c ? trendWord(c) : '–']),
      { rightFrom: [1, 2, 3, 4, 5] });
  }
  return table(['*', 45, 50, 55, 50, 60], [first, 'Antal', 'I fjol', 'Förändring', 'Procent', 'Trend'],
    rows.map(({ name, count, c }) => [name, num(count), c ? num(c.previous) : '–', c ? signed(c.vsPrevious) : '–',
      c ? percentChange(c.current, c.previous) ?? '–' : '–', c ? trendWord(c) : '–']),
    { rightFrom: [1, 2, 3, 4] });
}

function categoryRows(p: { totals: PictureTotals; change: PictureChange }, label: Label) {
  return categoryCodes(p.totals, p.change).map((code) => ({ name: label(code), count: p.totals.byCategory[code] ?? 0, c: p.change.byCategory[code] }));
}
function areaChangeRows(p: { totals: PictureTotals; change: PictureChange }) {
  return areaRows(p.totals, p.change).map((a) => ({ name: areaName(a.area), count: a.count, c: a.change }));
}

interface Charts {
  /** Reports per category against the period compared with. */
  categories: Content;
  /** The trend series and the weekday × hour heat map. */
  overTime: Content[];
}

async function charts(
  p: { totals: PictureTotals; change: PictureChange; series: WeeklyPictureResponse['series']; weekdayHour: number[][] },
  names: { current: string; previous: string },
  font: string,
  seriesTitle: string,
  label: Label,
): Promise<Charts> {
  const bars: CategoryBar[] = categoryCodes(p.totals, p.change)
    .map((code) => ({ label: label(code), current: p.totals.byCategory[code] ?? 0, previous: p.change.byCategory[code]?.previous ?? 0 }));
  const o = { font, width: CONTENT_WIDTH };
  const [cat, series, heat] = await Promise.all([
    bars.length ? categoryChartSvg(bars, names, o) : null,
    p.series.length ? seriesChartSvg(p.series, o) : null,
    weekdayHourSvg(p.weekdayHour, o),
  ]);
  const svg = (s: string): Content => ({ svg: s, width: CONTENT_WIDTH, font, margin: [0, 2, 0, 10] } as Content);
  return {
    categories: cat ? { stack: [h2(`Diagram: ${names.current} och ${names.previous}`), svg(cat)], unbreakable: true } : none('Inga rapporter.'),
    overTime: [
      { stack: [h2(seriesTitle), series ? svg(series) : none('Ingen tidsserie.')], unbreakable: true },
      {
        stack: [
          h2('När rapporterna kom: veckodag och timme (svensk tid)'),
          note('Mörkare ruta: fler rapporter. Antalet står i varje ruta med rapporter.'),
          svg(heat),
        ],
        unbreakable: true,
      },
    ],
  };
}

function hotspotSection(hotspots: PictureHotspot[], areas: Areas, font: string, earlierHeader: string, earlierNote: string, label: Label): Content[] {
  const out: Content[] = [h1('Platser med flest rapporter', true)];
  if (!hotspots.length) return [...out, none('Inga platser med flera rapporter under perioden.')];
  const map = hotspotMapSvg(areas, hotspots, { width: CONTENT_WIDTH, height: 330, font });
  if (map) {
    out.push({ svg: map, width: CONTENT_WIDTH, font, margin: [0, 2, 0, 8] } as Content);
  }
  out.push(table([18, '*', 60, 30, 58, 52, '*', 62],
    ['Nr', 'Plats', 'Område', 'Antal', earlierHeader, 'Utveckling', 'Kategorier', 'Typisk tid'],
    hotspots.map((h, i) => [
      bold(String(i + 1)), hotspotName(h), areaName(h.area), right(num(h.count)), right(h.earlier.map(num).join(' · ') || '–'),
      HOTSPOT_CLASS_LABEL[h.class], h.categories.map((c) => `${label(c.code)} ${c.count}`).join(', '), typicalTime(h),
    ]), { fontSize: 8 }));
  out.push(note(earlierNote));
  return out;
}

function openReportsSection(open: WeeklyPictureResponse['openReports'], label: Label): Content[] {
  const out: Content[] = [h1(`Öppna rapporter (${num(open.total)})`, true)];
  out.push(note('Nya, kvitterade och pågående rapporter som observerats före veckans slut, de allvarligaste först'
    + (open.items.length < open.total ? ` (här de ${open.items.length} allvarligaste av ${num(open.total)}).` : '.')));
  if (!open.items.length) return [...out, none('Inga öppna rapporter.')];
  out.push(table([24, '*', 90, 48, 74, 76], ['Grad', 'Rapport', 'Plats', 'Status', 'Observerad', 'Organisation'],
    open.items.map((r: PictureReport) => [
      bold(String(r.severity)),
      { stack: [{ text: label(r.category), bold: true }, { text: r.description }] },
      where(r), REPORT_STATUS_LABEL[r.status] ?? r.status, localDateTime(r.observedAt), r.organisation.name,
    ]), { fontSize: 8 }));
  return out;
}

function effortTime(e: PictureEffort): string {
  return [
    `Planerad: ${localDateTime(e.plannedStart)}${e.plannedEnd ? ` – ${localDateTime(e.plannedEnd)}` : ''}`,
    e.actualStart ? `Startade: ${localDateTime(e.actualStart)}` : null,
    e.actualEnd ? `Avslutades: ${localDateTime(e.actualEnd)}` : null,
  ].filter(Boolean).join('\n');
}

function effortTable(efforts: PictureEffort[], label: Label): Content {
  return table(['*', 95, 100, 62, 70], ['Insats', 'Organisationer', 'Tid', 'Rapporter', 'Åtgärder'],
    efforts.map((e) => {
      const cats = new Map<Category, number>();
      for (const r of e.reports) cats.set(r.category, (cats.get(r.category) ?? 0) + 1);
      return [
        {
          stack: [
            { text: e.title, bold: true },
            { text: `${EFFORT_TYPE_LABEL[e.type] ?? e.type} · ${EFFORT_MODE_LABEL[e.mode]} · ${EFFORT_STATUS_LABEL[e.status]}`, style: 'note' },
            ...(e.outcome ? [{ text: [{ text: 'Resultat: ', bold: true }, e.outcome] } as Content] : []),
          ],
        },
        e.organisations.map((o) => o.name).join(', '),
        effortTime(e),
        { stack: [{ text: `${num(e.reports.length)} kopplade`, bold: true }, ...[...cats].map(([c, n]) => ({ text: `${label(c)} ${n}` }))] },
        e.actions.map((a) => `${a.kind}: ${num(a.count)}`).join('\n') || '–',
      ];
    }), { fontSize: 8 });
}

function effortsSection(efforts: WeeklyPictureResponse['efforts'], label: Label): Content[] {
  const out: Content[] = [h1('Insatser', true)];
  for (const status of EFFORT_STATUSES) {
    const list = efforts[status];
    out.push(h2(`${EFFORT_STATUS_HEADING[status]} (${list.length})`));
    out.push(list.length ? effortTable(list, label) : none('Inga.'));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The documents.

const pageFooter = (meta: ExportMeta) => (page: number, pages: number): Content => ({
  columns: [
    { text: `${meta.title} · ${exportedText(meta)}`, width: '*', style: 'footer' },
    { text: `sida ${page} av ${pages}`, width: 'auto', alignment: 'right', style: 'footer' },
  ],
  margin: [45, 22, 45, 0],
});

function document(meta: ExportMeta, subject: string, font: string, content: Content[]): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageMargins: [45, 45, 45, 55],
    info: {
      title: meta.title, subject, author: `${meta.exportedBy.name} (${meta.exportedBy.organisation})`, keywords: meta.filterText,
      creator: 'Lägesbild', producer: 'Lägesbild', creationDate: meta.exportedAt, modDate: meta.exportedAt,
    },
    language: 'sv-SE',
    defaultStyle: { font, fontSize: 9.5, lineHeight: 1.15, color: '#000000' },
    styles: {
      title: { fontSize: 18, bold: true, margin: [0, 0, 0, 2] },
      subtitle: { fontSize: 12, margin: [0, 0, 0, 8] },
      h1: { fontSize: 14, bold: true, margin: [0, 8, 0, 4] },
      h2: { fontSize: 11, bold: true, margin: [0, 6, 0, 3] },
      note: { fontSize: 8, color: '#333333', margin: [0, 0, 0, 4] },
      footer: { fontSize: 7.5, color: '#333333' },
    },
    content,
    // A heading is never the last thing on a page.
    pageBreakBefore: (node, nodes) => node.headlineLevel === 1 && nodes.getFollowingNodesOnPage().every((n) => n.style === 'footer'),
    footer: pageFooter(meta),
  };
}

/**
 * The font for a document: Helvetica if every character it may print is in WinAnsi, else Roboto. The period's
 * `reports` are not printed (the map and tables show hotspots, open reports and efforts), so they do not count.
 */
const fontFor = (p: WeeklyPictureResponse | PeriodAnalysisResponse, meta: ExportMeta, areas: Areas) =>
  pdfFontFor(JSON.stringify([{ ...p, reports: [] }, meta, areas.map((a) => a.name)]));

/** The weekly picture's document definition (exported for tests); `weeklyPicturePdf` renders it. */
export async function weeklyPictureDocument(p: WeeklyPictureResponse, meta: ExportMeta, areas: Areas): Promise<TDocumentDefinitions> {
  const font = fontFor(p, meta, areas);
  const week = p.period.label.slice(6).replace(/^0/, '');
  const names = { current: `vecka ${week}`, previous: 'veckan före' };
  const all = p.change.all;
  const lines = metaLines(p, meta);
  if (p.snapshot) lines.push(['Fryst', `Ögonblicksbild fryst ${localDateTime(p.snapshot.frozenAt)}`]);
  const label = labeller(meta);
  const drawn = await charts(p, names, font, 'Rapporter per vecka, de senaste åtta veckorna', label);

  const content: Content[] = [
    ...header(meta, capitalise(periodText(p.period)), lines),
    h1('Sammanfattning'),
    facts([
      ['Rapporter under veckan', num(p.totals.all)],
      ['Mot veckan före', `${against(all.vsPrevious, all.previous)}`],
      ...(all.average !== null && all.vsAverage !== null
        ? [['Mot snittet för de fyra veckorna före', `${against(all.vsAverage, all.average)}`] as [string, string]]
        : []),
      ['Trend', `${capitalise(trendWord(all))} (mot ${all.average !== null ? 'snittet för de fyra veckorna före' : 'veckan före'})`],
      ['Undantagna vid granskning', `${num(p.excluded)} ${p.excluded === 1 ? 'rapport' : 'rapporter'}`],
      ['Öppna rapporter', num(p.openReports.total)],
      ['Platser med flest rapporter', num(p.hotspots.length)],
    ]),
    ...(p.reportsTruncated ? [note(`Kartans och tabellernas underlag är begränsat till ${num(p.reports.length)} rapporter; alla finns i CSV-filen.`)] : []),
    { stack: [h2('Öppna rapporter efter allvarlighet'), table(['*', '*', '*', '*', '*', '*'],
      [...[5, 4, 3, 2, 1].map((s) => `${s} – ${SEVERITY_LABEL[s]}`), 'Totalt'],
      [[...[5, 4, 3, 2, 1].map((s) => num(p.openReports.bySeverity[String(s)] ?? 0)), num(p.openReports.total)]])], unbreakable: true },
    { stack: [h2('Platser efter utveckling'), hotspotClassTable(p.hotspots)], unbreakable: true },
    { stack: [h2('Per område'), changeTable('Område', areaChangeRows(p), true)], unbreakable: p.totals.byArea.length < 12 },
    h1('Per kategori'),
    changeTable('Kategori', categoryRows(p, label), true),
    drawn.categories,
    h1('Över tid'),
    ...drawn.overTime,
    ...hotspotSection(p.hotspots, areas, font, 'Veckorna före', 'Veckorna före: antalet var och en av de fyra veckorna före, den äldsta först.', label),
    ...openReportsSection(p.openReports, label),
    ...effortsSection(p.efforts, label),
  ];
  return document(meta, capitalise(periodText(p.period)), font, content);
}

/** The period analysis' document definition (exported for tests); `periodAnalysisPdf` renders it. */
export async function periodAnalysisDocument(a: PeriodAnalysisResponse, meta: ExportMeta, areas: Areas): Promise<TDocumentDefinitions> {
  const font = fontFor(a, meta, areas);
  const all = a.change.all;
  const pct = percentChange(all.current, all.previous);
  const label = labeller(meta);
  const drawn = await charts(a, { current: 'perioden', previous: 'samma period i fjol' }, font,
    `Rapporter per ${a.series.some((x) => x.label.includes('W')) ? 'vecka' : 'månad'} under perioden`, label);
  const content: Content[] = [
    ...header(meta, capitalise(dayRange(a.period.firstDay, a.period.lastDay)), [['Jämförs med', `Samma period i fjol: ${periodText(a.comparison)}`], ...metaLines(a, meta)]),
    h1('Sammanfattning'),
    facts([
      ['Rapporter under perioden', num(a.totals.all)],
      ['Samma period i fjol', num(all.previous)],
      ['Förändring', `${signed(all.vsPrevious)}${pct ? ` (${pct})` : ''}, ${all.vsPrevious > 0 ? 'fler' : all.vsPrevious < 0 ? 'färre' : 'lika många'}`],
      ['Trend', capitalise(trendWord(all))],
      ['Undantagna vid granskning', `${num(a.excluded)} ${a.excluded === 1 ? 'rapport' : 'rapporter'}`],
      ['Platser med flest rapporter', num(a.hotspots.length)],
      ['Områden i rangordningen', num(a.ranking.length)],
    ]),
    ...(a.reportsTruncated ? [note(`Underlaget för rapportlistorna är begränsat till ${num(a.reports.length)} rapporter; alla finns i CSV-filen.`)] : []),
    { stack: [h2('Platser efter utveckling (mot samma period i fjol)'), hotspotClassTable(a.hotspots)], unbreakable: true },
    h2('Insatser per typ och status'),
    a.efforts.byType.length
      ? table(['*', 55, 55, 60, 55], ['Typ', ...EFFORT_STATUSES.map((s) => EFFORT_STATUS_LABEL[s])],
        [...new Set(a.efforts.byType.map((e) => e.type))].map((t) => [
          EFFORT_TYPE_LABEL[t] ?? t, ...EFFORT_STATUSES.map((s) => num(a.efforts.byType.find((e) => e.type === t && e.status === s)?.count ?? 0)),
        ]), { rightFrom: [1, 2, 3, 4] })
      : none('Inga insatser under perioden.'),

    h1('Områden som behöver längre insatser', true),
    note('Områdena rangordnade efter hur mycket de behöver en längre insats, med skälen. Antalen är partnernas observationer.'),
    a.ranking.length
      ? table([24, 80, 42, 38, 34, '*'], ['Rang', 'Område', 'Rapporter', 'I fjol', 'Poäng', 'Skäl'],
        a.ranking.map((r) => [bold(String(r.rank)), areaName(r.area), right(num(r.count)), right(num(r.previous)), right(num(r.score)),
          { ul: r.reasons.map((x) => x.text) }]), { fontSize: 8.5 })
      : none('Inga områden att rangordna.'),
    {
      stack: [
        h2('Polisanmälda brott (Polisens statistik)'),
        note('Anmälda brott enligt Polisens statistik för '
          + (a.crime.months.length ? `månaderna ${a.crime.months.join(', ')}` : 'perioden')
          + '. En annan källa än partnernas observationer: siffrorna visas bredvid och räknas aldrig ihop med rapporterna ovan.'),
        a.crime.byArea.length
          ? table([80, 48, 42, 50, '*'], ['Område', 'Anmälda brott', 'I fjol', 'Förändring', 'Per brottstyp'],
            a.crime.byArea.map((c) => [c.area.name, right(num(c.total)), right(num(c.previousTotal)), right(signed(c.total - c.previousTotal)),
              Object.entries(c.byType).sort((x, y) => y[1] - x[1]).map(([t, n]) => `${t} ${num(n)}`).join(', ')]), { fontSize: 8.5 })
          : none('Ingen statistik över polisanmälda brott för perioden.'),
      ],
      unbreakable: a.crime.byArea.length < 15,
    },

    h1(`Jämförelse med samma period i fjol (${periodText(a.comparison)})`),
    { stack: [h2('Per område'), changeTable('Område', areaChangeRows(a), false)], unbreakable: a.totals.byArea.length < 12 },
    h2('Per kategori'),
    changeTable('Kategori', categoryRows(a, label), false),
    drawn.categories,
    h1('Över tid'),
    ...drawn.overTime,
    ...hotspotSection(a.hotspots, areas, font, 'I fjol', 'I fjol: antalet samma period ett år tidigare.', label),
    h1('Genomförda insatser', true),
    a.efforts.done.length ? effortTable(a.efforts.done, label) : none('Inga genomförda insatser under perioden.'),
  ];
  return document(meta, capitalise(periodText(a.period)), font, content);
}

const render = (doc: TDocumentDefinitions): Promise<Buffer> => pdfmake.createPdf(doc).getBuffer();

/** The weekly picture as a Swedish A4 PDF. `areas`: the collaboration's areas (the filter's only, if narrowed) for the map. */
export async function weeklyPicturePdf(p: WeeklyPictureResponse, meta: ExportMeta, areas: Areas): Promise<Buffer> {
  return render(await weeklyPictureDocument(p, meta, areas));
}

/** A period analysis as a Swedish A4 PDF. */
export async function periodAnalysisPdf(a: PeriodAnalysisResponse, meta: ExportMeta, areas: Areas): Promise<Buffer> {
  return render(await periodAnalysisDocument(a, meta, areas));
}
