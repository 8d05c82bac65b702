import {
  AlignmentType, BorderStyle, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { DocumentFigures, DocumentStatus, DocumentText, PromiseDocumentKind } from '#contracts';
import { isWinAnsi, pdfmake } from '../../common/pdf.js';
import { count, headingOf, instantDay, num } from './swedish.js';

/**
 * A document's words as files: a Swedish A4 PDF (pdfmake, extractable text, black on white) to print and publish, and a
 * DOCX (the `docx` package) to finish in Word. Both are made from the same parts: the words of one version, a line
 * saying which version and whether it is published, and a summary table of the figures (every count below 3 as
 * "färre än 3", as in the words). pdfmake's fonts and policies are set once in common/pdf.ts.
 */

export type DocumentFileFormat = 'pdf' | 'docx';

export const DOCUMENT_CONTENT_TYPES: Record<DocumentFileFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export interface DocumentFileInput {
  kind: PromiseDocumentKind;
  year: number;
  text: DocumentText;
  figures: DocumentFigures;
  version: number;
  status: DocumentStatus;
  publishedAt: string | null;
  municipality: string;
  exportedAt: Date;
}

const KIND_LABEL: Record<PromiseDocumentKind, string> = {
  follow_up: 'Uppföljning av medborgarlöfte', action_plan: 'Åtgärdsplan', action_plan_follow_up: 'Uppföljning av åtgärdsplan',
};

/** The file's name: `uppfoljning-2020-v3.pdf`, `atgardsplan-2027-v1.docx`, `uppfoljning-atgardsplan-2027-v2.pdf`. */
export function documentFileName(kind: PromiseDocumentKind, year: number, version: number, format: DocumentFileFormat): string {
  const base = kind === 'follow_up' ? 'uppfoljning' : kind === 'action_plan' ? 'atgardsplan' : 'uppfoljning-atgardsplan';
  return `${base}-${year}-v${version}.${format}`;
}

/** "Publicerad 3 december 2026 · version 3" or "Utkast · version 4". */
export function stateLine(d: Pick<DocumentFileInput, 'status' | 'publishedAt' | 'version' | 'municipality'>): string {
  const state = d.status === 'published' && d.publishedAt ? `Publicerad ${instantDay(d.publishedAt)}` : 'Utkast, inte publicerat';
  return `${d.municipality} · ${state} · version ${d.version}`;
}

/** The summary table of the figures: its caption, header and rows (text only). */
export function summaryTable(f: DocumentFigures): { caption: string; header: string[]; rows: string[][] } {
  if (f.kind === 'follow_up') {
    return {
      caption: 'Sammanställning av åtagandena',
      header: ['Åtagande', 'Ansvarig', 'Mål', 'Resultat', 'Nått'],
      rows: f.focusAreas.flatMap((a) => a.commitments.map((c) => {
        const p = c.progress;
        const target = c.target.kind === 'efforts' ? `${num(c.target.count ?? 0)} insatser`
          : c.target.kind === 'actions' ? `${num(c.target.count ?? 0)} åtgärder`
          : c.target.count ? `${num(c.target.count)} färre rapporter` : 'färre rapporter';
        const result = c.target.kind === 'efforts' ? `${count(p.efforts.done)} insatser`
          : c.target.kind === 'actions' ? `${count(p.actions.total)} åtgärder`
          : `${count(p.reports.current)} rapporter mot ${count(p.reports.previous)}`;
        return [headingOf(c.text, 80), c.owner.name, target, result, p.met ? 'Ja' : 'Nej'];
      })),
    };
  }
  if (f.kind === 'action_plan') {
    return {
      caption: 'Planen i siffror',
      header: ['Problem', 'Område', 'Åtaganden', 'Planerade insatser'],
      rows: f.groups.map((g) => [g.problem.title, g.area?.name ?? 'Hela kommunen', num(g.commitments.length), num(g.efforts.length)]),
    };
  }
  return {
    caption: 'Planens insatser i siffror',
    header: ['Problem', 'Område', 'Insatser', 'Genomförda'],
    rows: f.groups.map((g) => [g.problem.title, g.area?.name ?? 'Hela kommunen', num(g.efforts.length), num(g.efforts.filter((e) => e.status === 'done').length)]),
  };
}

/** The PDF's document definition (exported for its unit test); `documentPdf` renders it. */
export function documentDefinition(d: DocumentFileInput): TDocumentDefinitions {
  const summary = summaryTable(d.figures);
  const content: Content[] = [
    { text: KIND_LABEL[d.kind], style: 'kicker' },
    { text: d.text.title, style: 'title' },
    { text: stateLine(d), style: 'small', margin: [0, 0, 0, 12] },
  ];
  for (const s of d.text.sections) {
    content.push({ text: s.heading, style: s.level === 1 ? 'h1' : 'h2', headlineLevel: 1 });
    for (const p of s.paragraphs) content.push({ text: p, margin: [0, 0, 0, 6] });
  }
  if (summary.rows.length) {
    content.push({ text: summary.caption, style: 'h1', headlineLevel: 1 });
    content.push({
      table: {
        headerRows: 1, dontBreakRows: true,
        widths: summary.header.map((_, i) => (i === 0 ? '*' : 'auto')),
        body: [summary.header.map((h) => ({ text: h, bold: true })), ...summary.rows],
      },
      fontSize: 9,
      layout: { hLineWidth: (i: number) => (i <= 1 ? 0.8 : 0.3), vLineWidth: () => 0, hLineColor: () => '#555555', paddingTop: () => 3, paddingBottom: () => 3 },
    });
  }
  const footer = `${KIND_LABEL[d.kind]} ${d.year} · version ${d.version} · exporterad ${instantDay(d.exportedAt)}`;
  return {
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 64],
    info: { title: d.text.title, subject: KIND_LABEL[d.kind], creator: 'Lägesbild', producer: 'Lägesbild' },
    language: 'sv-SE',
    defaultStyle: { font: isWinAnsi(JSON.stringify(d.text) + JSON.stringify(summary) + d.municipality) ? 'Helvetica' : 'Roboto', fontSize: 10.5, lineHeight: 1.25, color: '#000000' },
    styles: {
      kicker: { fontSize: 9, color: '#333333', margin: [0, 0, 0, 2] },
      title: { fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
      h1: { fontSize: 14, bold: true, margin: [0, 12, 0, 4] },
      h2: { fontSize: 11.5, bold: true, margin: [0, 8, 0, 3] },
      small: { fontSize: 9, color: '#333333' },
      footer: { fontSize: 8.5, color: '#333333' },
    },
    content,
    // A heading is never the last thing on a page.
    pageBreakBefore: (node, nodes) => node.headlineLevel === 1 && nodes.getFollowingNodesOnPage().every((n) => n.style === 'footer'),
    footer: (page: number, pages: number): Content => ({
      columns: [{ text: footer, width: '*', style: 'footer' }, { text: `sida ${page} av ${pages}`, width: 'auto', alignment: 'right', style: 'footer' }],
      margin: [56, 24, 56, 0],
    }),
  };
}

export function documentPdf(d: DocumentFileInput): Promise<Buffer> {
  return pdfmake.createPdf(documentDefinition(d)).getBuffer();
}

const THIN = { style: BorderStyle.SINGLE, size: 4, color: '888888' };
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

/** The DOCX: Word's own heading styles (so its navigation pane and table of contents work), A4, Swedish. */
export async function documentDocx(d: DocumentFileInput): Promise<Buffer> {
  const summary = summaryTable(d.figures);
  const children: (Paragraph | Table)[] = [
    new Paragraph({ children: [new TextRun({ text: KIND_LABEL[d.kind], size: 18, color: '333333' })] }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(d.text.title)] }),
    new Paragraph({ spacing: { after: 240 }, children: [new TextRun({ text: stateLine(d), size: 18, color: '333333' })] }),
  ];
  for (const s of d.text.sections) {
    children.push(new Paragraph({ heading: s.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, children: [new TextRun(s.heading)] }));
    for (const p of s.paragraphs) children.push(new Paragraph({ spacing: { after: 120 }, children: [new TextRun(p)] }));
  }
  if (summary.rows.length) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(summary.caption)] }));
    const cell = (text: string, bold = false) => new TableCell({
      children: [new Paragraph({ children: [new TextRun({ text, bold, size: 18 })] })],
      borders: { top: THIN, bottom: THIN, left: NONE, right: NONE },
    });
    children.push(new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: summary.header.map((h) => cell(h, true)) }),
        ...summary.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c) => cell(c)) })),
      ],
    }));
  }
  const footer = `${KIND_LABEL[d.kind]} ${d.year} · version ${d.version} · exporterad ${instantDay(d.exportedAt)} · sida `;
  const doc = new Document({
    creator: 'Lägesbild',
    title: d.text.title,
    subject: KIND_LABEL[d.kind],
    styles: { default: { document: { run: { font: 'Calibri', size: 22, language: { value: 'sv-SE' } } } } },
    sections: [{
      properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
      footers: {
        default: new Footer({
          children: [new Paragraph({
            alignment: AlignmentType.LEFT,
            children: [new TextRun({ size: 16, children: [footer, PageNumber.CURRENT, ' av ', PageNumber.TOTAL_PAGES] })],
          })],
        }),
      },
      children,
    }],
  });
  return Packer.toBuffer(doc);
}
