import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import {
  type AgendaEffort, type EffortStatus, type EffortType, type PictureHotspotClass, type MeetingAgendaResponse,
  type MeetingItemKind, type MeetingResponse, type ReportStatus, swedishCategoryLabel,
} from '#contracts';
import { isWinAnsi, pdfmake } from '../common/pdf.js';
import { MEETING_KIND_LABELS, MEETING_TIME_ZONE } from './meeting.rules.js';

/**
 * The minutes (protokoll) of a meeting as a Swedish A4 PDF, made with pdfmake on the server: its text is real text
 * (extractable, searchable), black on white with grey rules only, so that it prints and copies in black and white.
 *
 * The font: Helvetica, one of the standard 14 fonts every PDF reader has (nothing embedded, and about a tenth of the
 * time to render), when every character of the minutes is in its WinAnsi encoding — all of Swedish and the other
 * western European languages, the dashes and quotes; otherwise Roboto, which pdfmake ships, embedded as a subset (so a
 * place called Łęczyca or a note in Greek is printed as written, not as garbage). pdfmake's set-up: common/pdf.ts.
 */

const SEVERITY: Record<number, string> = { 1: 'Låg', 2: 'Måttlig', 3: 'Förhöjd', 4: 'Hög', 5: 'Mycket hög' };
const REPORT_STATUS: Record<ReportStatus, string> = { new: 'Ny', acknowledged: 'Kvitterad', in_progress: 'Hanteras', resolved: 'Åtgärdad', closed: 'Stängd' };
const EFFORT_STATUS: Record<EffortStatus, string> = { planned: 'Planerad', ongoing: 'Pågår', done: 'Genomförd', cancelled: 'Inställd' };
const EFFORT_TYPE: Record<EffortType, string> = {
  visibility_patrol: 'Synlighetspatrull', school_visit: 'Skolbesök', dog_search: 'Hundsök', drug_operation: 'Narkotikainsats',
  concern_talk: 'Orossamtal', speed_check: 'Hastighetskontroll', sobriety_check: 'Nykterhetskontroll', lighting_fix: 'Belysningsåtgärd',
  cleanup: 'Städning', rural_council: 'Landsbygdsråd', meeting: 'Möte', other: 'Övrigt',
};
const PICTURE_HOTSPOT: Record<PictureHotspotClass, string> = { new: 'Ny', intensifying: 'Ökande', persistent: 'Bestående', diminishing: 'Minskande' };
const ITEM_KIND: Record<MeetingItemKind, string> = { hotspot: 'Plats', report: 'Rapport', effort: 'Insats', other: 'Övrigt' };

const local = (opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('sv-SE', { timeZone: MEETING_TIME_ZONE, ...opts });
const dayAndTime = local({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const day = local({ year: 'numeric', month: '2-digit', day: '2-digit' });
const stamp = local({ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const onDay = (iso: string | null) => (iso ? day.format(new Date(iso)) : '–');

export interface MinutesInput {
  meeting: MeetingResponse;
  /** The agenda as the exporting person may see it. */
  agenda: MeetingAgendaResponse;
  exportedBy: { name: string; organisationName: string };
  exportedAt: Date;
  /** The collaboration's Swedish category labels by code (its own categories and renamed defaults included). */
  categoryLabels: Record<string, string>;
}

/**
 * A part of the minutes with a list of entries, each kept whole on a page, the heading kept with the first (pdfmake's
 * pageBreakBefore misplaces an unbreakable block that moved to the next page, so the heading rides in the block).
 */
function headed(title: string, entries: Content[][], empty: string): Content[] {
  const h1: Content = { text: title, style: 'h1', margin: [0, 14, 0, 4] };
  const block = (parts: Content[]): Content => ({ stack: parts, margin: [0, 0, 0, 10], unbreakable: true });
  if (!entries.length) return [{ stack: [h1, none(empty)], unbreakable: true }];
  return [block([h1, ...entries[0]]), ...entries.slice(1).map(block)];
}

const heading = (text: string): Content => ({ text, style: 'h2', headlineLevel: 1 });

/** A heading with what it heads; kept on one page when it is short (a table of the agenda has at most 10 rows). */
const section = (title: string, body: Content, rows: number): Content => ({ stack: [heading(title), body], unbreakable: rows <= 12 });
const none = (text: string): Content => ({ text, italics: true, margin: [0, 0, 0, 6] });

/** A table with a bold header row and thin grey rules, that repeats its header on a new page. */
function table(widths: (string | number)[], header: string[], rows: (string | Content)[][]): Content {
  return {
    table: { headerRows: 1, keepWithHeaderRows: 1, dontBreakRows: true, widths, body: [header.map((h) => ({ text: h, bold: true })), ...rows] },
    fontSize: 9,
    layout: {
      hLineWidth: (i: number) => (i <= 1 ? 0.8 : 0.3),
      vLineWidth: () => 0,
      hLineColor: () => '#555555',
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
    margin: [0, 2, 0, 10],
  };
}

const where = (x: { place: { name: string } | null; area: { name: string } | null }) =>
  [x.place?.name, x.area?.name].filter(Boolean).join(', ') || '–';

const EFFORT_WIDTHS = ['*', 85, 75, 50, 55, 55];
const EFFORT_HEADER = ['Insats', 'Typ', 'Ansvarig', 'Status', 'Uppföljning', 'Planerat slut'];

function effortRows(efforts: AgendaEffort[]): (string | Content)[][] {
  return efforts.map((e) => [e.title, EFFORT_TYPE[e.type], e.organisation.name, EFFORT_STATUS[e.status], onDay(e.followUpAt), onDay(e.plannedEnd)]);
}

/** The document definition (exported for its unit test); `minutesPdf` renders it. */
export function minutesDocument({ meeting, agenda, exportedBy, exportedAt, categoryLabels }: MinutesInput): TDocumentDefinitions {
  const category = (code: string) => swedishCategoryLabel(code, categoryLabels);
  const kind = MEETING_KIND_LABELS[meeting.kind];
  const open = agenda.openReports;
  const pic = agenda.picture;
  const content: Content[] = [
    { text: `Protokoll – ${kind}`, style: 'h1' },
    ...(meeting.title ? [{ text: meeting.title, style: 'subtitle' } as Content] : []),
    {
      columns: [
        { width: 110, text: 'Datum', bold: true },
        { width: '*', text: `${dayAndTime.format(new Date(meeting.date))} (vecka ${meeting.week.slice(-2)}, ${meeting.week.slice(0, 4)})` },
      ],
      margin: [0, 6, 0, 2],
    },
    { columns: [{ width: 110, text: 'Närvarande', bold: true }, { width: '*', text: meeting.organisations.map((o) => o.name).join(', ') }], margin: [0, 0, 0, 2] },
    ...(meeting.areas.length
      ? [{ columns: [{ width: 110, text: 'Områden', bold: true }, { width: '*', text: meeting.areas.map((a) => a.name).join(', ') }], margin: [0, 0, 0, 2] } as Content]
      : []),

    { text: 'Dagordning', style: 'h1', margin: [0, 14, 0, 2] },
    {
      text: 'Underlaget är lägesbilden för mötets vecka så som den som exporterade protokollet får se den, vid exporten: '
        + 'öppna rapporter, platser med många rapporter de fyra veckorna före mötet och insatser att följa upp.',
      style: 'small', margin: [0, 0, 0, 6],
    },
    section(`Öppna rapporter efter allvarlighetsgrad (${open.total} st)`,
      table([90, 40], ['Grad', 'Antal'], [5, 4, 3, 2, 1].map((s) => [`${s} – ${SEVERITY[s]}`, String(open.bySeverity[String(s)] ?? 0)])), 5),
    section('De allvarligaste öppna rapporterna', open.top.length
      ? table([30, '*', '*', 55, 55], ['Grad', 'Kategori', 'Plats', 'Status', 'Iakttagen'],
        open.top.map((r) => [String(r.severity), category(r.category), where(r), REPORT_STATUS[r.status], onDay(r.observedAt)]))
      : none('Inga öppna rapporter.'), open.top.length),
    section(`Brännpunkter i veckobilden ${pic.week.replace('-W', ' vecka ')} (${pic.snapshot ? 'fryst, den gemensamma bilden' : 'inte fryst, som exportören ser den'})`,
      pic.hotspots.length
        ? table(['*', 40, 75, 65, '*'], ['Plats', 'Antal', 'Veckorna före', 'Utveckling', 'Kategorier'],
          pic.hotspots.map((h) => [h.place?.name ?? (h.area ? `Ruta nära ${h.area.name}` : 'Okänd plats'), String(h.count), h.earlier.join(', '),
            PICTURE_HOTSPOT[h.class], h.categories.map((c) => category(c.code)).join(', ')]))
        : none('Inga brännpunkter.'), pic.hotspots.length),
    section('Insatser att följa upp under mötets vecka', agenda.efforts.due.length
      ? table(EFFORT_WIDTHS, EFFORT_HEADER, effortRows(agenda.efforts.due))
      : none('Inga.'), agenda.efforts.due.length),
    section('Insatser med passerad uppföljning', agenda.efforts.overdue.length
      ? table(EFFORT_WIDTHS, EFFORT_HEADER, effortRows(agenda.efforts.overdue))
      : none('Inga.'), agenda.efforts.overdue.length),

    ...headed('Behandlade punkter', meeting.items.map((item, i): Content[] => [
      { text: `${i + 1}. ${item.title}`, bold: true },
      { text: ITEM_KIND[item.kind], style: 'small' },
      ...(item.note ? [{ text: item.note, margin: [0, 2, 0, 0] } as Content] : []),
    ]), 'Inga punkter antecknade.'),
    ...headed('Beslut', meeting.decisions.map((d, i): Content[] => [
      { text: `Beslut ${i + 1}`, bold: true },
      { text: d.text, margin: [0, 2, 0, 2] },
      { text: [{ text: 'Ansvarig: ', bold: true }, d.ownerOrganisation.name, '    ', { text: 'Klart senast: ', bold: true }, d.dueAt ? onDay(d.dueAt) : 'ej angivet'] },
      {
        text: [
          { text: 'Insats: ', bold: true },
          d.effort ? `${d.effort.title} (${EFFORT_STATUS[d.effort.status]})` : d.converted ? 'blev en insats som du inte har behörighet att se' : 'ingen ännu',
        ],
      },
    ]), 'Inga beslut.'),
  ];
  const exported = `Exporterat av ${exportedBy.name} (${exportedBy.organisationName}) ${stamp.format(exportedAt)}`;
  return {
    pageSize: 'A4',
    pageMargins: [50, 50, 50, 60],
    info: { title: `Protokoll – ${kind} ${day.format(new Date(meeting.date))}`, subject: kind, creator: 'Lägesbild', producer: 'Lägesbild' },
    language: 'sv-SE',
    defaultStyle: { font: isWinAnsi(JSON.stringify({ meeting, agenda, exportedBy })) ? 'Helvetica' : 'Roboto', fontSize: 10, lineHeight: 1.2, color: '#000000' },
    styles: {
      h1: { fontSize: 16, bold: true, margin: [0, 0, 0, 4] },
      h2: { fontSize: 12, bold: true, margin: [0, 6, 0, 2] },
      subtitle: { fontSize: 12, margin: [0, 0, 0, 4] },
      small: { fontSize: 8.5, color: '#333333' },
      footer: { fontSize: 8.5, color: '#333333' },
    },
    content,
    // A heading is never the last thing on a page.
    pageBreakBefore: (node, nodes) => node.headlineLevel === 1 && nodes.getFollowingNodesOnPage().every((n) => n.style === 'footer'),
    footer: (page: number, pages: number): Content => ({
      columns: [{ text: exported, width: '*', style: 'footer' }, { text: `sida ${page} av ${pages}`, width: 'auto', alignment: 'right', style: 'footer' }],
      margin: [50, 20, 50, 0],
    }),
  };
}

export function minutesPdf(input: MinutesInput): Promise<Buffer> {
  return pdfmake.createPdf(minutesDocument(input)).getBuffer();
}
