import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Category, PictureReport, ReportStatus } from '#contracts';
import type { ExportMeta } from './export-meta.js';
import { REPORT_STATUS_LABEL, categoryLabel, coordinate, localDateTime } from './swedish.js';

/**
 * The reports of a picture as CSV, streamed: as many rows as the period holds (no 2,000 cap, unlike the JSON), in
 * flat memory.
 *
 * The format is what Swedish Excel opens as one table by a double click: UTF-8 with a byte order mark (without it
 * Excel reads the file as Windows-1252 and garbles å, ä, ö), `;` between fields (the list separator of Swedish
 * Windows, where `,` is the decimal comma), CRLF between records, a decimal comma in the coordinates and dates as
 * `YYYY-MM-DD HH:mm` in Stockholm time (Excel reads both as numbers and dates under Swedish settings).
 *
 * The first row is the header and nothing comes before it. The export's meta (title, filter, who and when) is not
 * written into the file but carried by its name (`pictureFileName`) and the HTTP response's headers
 * (`exportHeaders`), because every way of putting it inside breaks what a CSV is used for here:
 * - lines above the header make Excel, Power Query and every CSV reader take them for the header or for data (the
 *   autofilter lands on the meta lines, an import gets a ragged first record);
 * - the one line Excel does understand before the data, `sep=;`, makes it ignore the byte order mark, and then the
 *   Swedish letters come out garbled;
 * - a column repeating the meta in every row doubles the file for nothing.
 * The PDF, the spreadsheet and the GeoJSON, which can say it without getting in the way, all state it.
 *
 * Free text a partner wrote (description, place, organisation) that begins like a formula (`=`, `+`, `-`, `@`) gets
 * a leading apostrophe (csv-stringify's `escape_formulas`, OWASP's advice against CSV injection): a description
 * reading `=HYPERLINK(...)` stays text in Excel instead of becoming a live link or formula.
 */

/** One report as the CSV and the GeoJSON take it: a row straight from a database cursor (pg-query-stream). */
export interface PictureReportRow {
  id: string;
  observedAt: Date;
  category: Category;
  severity: number;
  status: ReportStatus;
  placeName: string | null;
  areaName: string | null;
  organisationName: string;
  lat: number;
  lng: number;
  description: string;
}

/** A report of the picture's JSON as a row (for a frozen snapshot, whose reports are already in hand). */
export function pictureReportRow(r: PictureReport): PictureReportRow {
  return {
    id: r.id, observedAt: new Date(r.observedAt), category: r.category, severity: r.severity, status: r.status,
    placeName: r.place?.name ?? null, areaName: r.area?.name ?? null, organisationName: r.organisation.name,
    lat: r.location.lat, lng: r.location.lng, description: r.description,
  };
}

const COLUMNS = [
  { key: 'id', header: 'Id' },
  { key: 'observedAt', header: 'Observerad' },
  { key: 'category', header: 'Kategori' },
  { key: 'severity', header: 'Allvarlighet' },
  { key: 'status', header: 'Status' },
  { key: 'place', header: 'Plats' },
  { key: 'area', header: 'Område' },
  { key: 'organisation', header: 'Organisation' },
  { key: 'lat', header: 'Latitud' },
  { key: 'lng', header: 'Longitud' },
  { key: 'description', header: 'Beskrivning' },
] as const;

export const CSV_HEADERS: readonly string[] = COLUMNS.map((c) => c.header);

type CsvRecord = Record<(typeof COLUMNS)[number]['key'], string | number | Date | null>;

async function* records(rows: AsyncIterable<PictureReportRow>): AsyncGenerator<CsvRecord> {
  for await (const r of rows) {
    yield {
      id: r.id, observedAt: r.observedAt, category: categoryLabel(r.category), severity: r.severity, status: REPORT_STATUS_LABEL[r.status] ?? r.status,
      place: r.placeName, area: r.areaName, organisation: r.organisationName, lat: r.lat, lng: r.lng, description: r.description,
    };
  }
}

/**
 * The reports as a CSV stream. `rows` is read only as fast as the returned stream is read (backpressure through
 * `pipeline`: each stream on the way buffers at most its high-water mark, 16 records or 16 KiB), so a million rows
 * from a database cursor pass through in the memory of a few dozen. If the reader goes
 * away (a client that hangs up), the pipeline is torn down and `rows` is closed (`return()` on its iterator, which
 * ends a pg-query-stream's cursor); an error of `rows` errors the returned stream.
 *
 * `meta` is not written into the file (see above); it is taken so that every exporter is called alike, and it is
 * what `exportHeaders(meta)` turns into the response's headers.
 */
export function reportsCsv(rows: AsyncIterable<PictureReportRow>, _meta: ExportMeta): Readable {
  const csv = stringify({
    bom: true,
    header: true,
    delimiter: ';',
    record_delimiter: 'windows',
    escape_formulas: true,
    columns: COLUMNS.map((c) => ({ key: c.key, header: c.header })),
    cast: {
      date: (d) => localDateTime(d),
      number: (n, ctx) => (ctx.column === 'lat' || ctx.column === 'lng' ? coordinate(n) : String(n)),
    },
  });
  pipeline(Readable.from(records(rows)), csv, () => {
    // pipeline has destroyed every stream on an error already (the returned one with it); nothing else to do.
  });
  return csv;
}
