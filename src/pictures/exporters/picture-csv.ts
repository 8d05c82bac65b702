import { PassThrough, type Readable, pipeline } from 'node:stream';
import type { ExportMeta } from './export-meta.js';

/**
 * The reports of a picture as CSV, streamed: as many rows as the period holds (no 2,000 cap, unlike the JSON), in
 * flat memory.
 *
 * The format is what Swedish Excel opens as one table by a double click: UTF-8 with a byte order mark (without it
 * Excel reads the file as Windows-1252 and garbles å, ä, ö), `;` between fields (the list separator of Swedish
 * Windows, where `,` is the decimal comma), a line feed between records (what PostgreSQL's COPY writes; Excel,
 * LibreOffice and every CSV reader take it as well as CRLF), a decimal comma in the coordinates and dates as
 * `YYYY-MM-DD HH:mm` in Stockholm time (Excel reads both as numbers and dates under Swedish settings), Swedish labels
 * for categories and statuses.
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
 * a leading apostrophe (OWASP's advice against CSV injection, as csv-stringify's `escape_formulas` does): a
 * description reading `=HYPERLINK(...)` stays text in Excel instead of becoming a live link or formula.
 *
 * The records themselves are written by PostgreSQL's COPY (the repository's `copyReportsCsv`, which says why); this
 * file holds the format's columns and puts the byte order mark before them.
 */

/** The columns in order: the key a database row is written from, and the Swedish header. */
export const CSV_COLUMNS = [
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
export type CsvColumn = (typeof CSV_COLUMNS)[number]['key'];

export const CSV_HEADERS: readonly string[] = CSV_COLUMNS.map((c) => c.header);

/** The first characters that make a spreadsheet read a cell as a formula (csv-stringify's `escape_formulas` list). */
export const CSV_FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'] as const;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The CSV file from its records as PostgreSQL writes them (`PicturesRepository.copyReportsCsv`: the header and one
 * record per report, `;`-separated, quoted where a field holds `;`, `"` or a line break), behind the byte order
 * mark. Read only as fast as the returned stream is read; when the reader goes away, `records` is destroyed too
 * (which closes its database connection), and an error of `records` errors the returned stream.
 *
 * `meta` is not written into the file (see above); it is taken so that every exporter is called alike, and it is
 * what `exportHeaders(meta)` turns into the response's headers.
 */
export function reportsCsv(records: Readable, _meta: ExportMeta): Readable {
  const file = new PassThrough();
  file.write(BOM);
  pipeline(records, file, () => {
    // pipeline has destroyed every stream on an error already (the returned one with it); nothing else to do.
  });
  return file;
}
