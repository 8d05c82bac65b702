import { parse } from 'csv-parse/sync';
import { findPersonalData, PERSONAL_DATA_LABELS, type PersonalDataKind } from '#privacy';
import { DomainError, invalid } from '../common/domain-error.js';

/**
 * The rules of police-reported crime statistics, as plain functions: reading an uploaded CSV file line by line, and the
 * months a read may span. No database; unit-tested in crime-stat.rules.spec.ts.
 */

export enum CrimeStatsErrorCode {
  /** A file with bad lines (or no lines): every one is listed in `errors`. */
  CsvInvalid = 'CSV_INVALID',
  /** The same, and at least one of them holds personal data (`errors[].code`). */
  PersonalData = 'PERSONAL_DATA',
  TooLarge = 'CSV_TOO_LARGE',
}

/** An upload may be this large (the JSON bodies of the rest of the API: 256 KB). About 50,000 lines. */
export const CRIME_STATS_MAX_BYTES = 2 * 1024 * 1024;
export const CRIME_TYPE_MAX = 100;
/** The most a count may be: a typo guard (a month of one type in one area of a municipality), not a quota. */
export const CRIME_COUNT_MAX = 1_000_000;
/** The bad lines an answer lists (all are counted, in `errorCount`). */
export const MAX_LISTED_ERRORS = 100;
/** The most months one read may span: five years. */
export const MAX_READ_MONTHS = 60;
export const FIRST_MONTH = '2000-01';
export const LAST_MONTH = '2099-12';

/** YYYY-MM, a month 01–12 (the years are checked apart, with their own message). */
export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/** The months are those of Sweden: on the evening of the 31st the next month has not begun, whatever the server's zone. */
const MONTH_OF = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit' });

/** The month it is in Sweden at `now`, as YYYY-MM. */
export function currentMonth(now = Date.now()): string {
  const parts = MONTH_OF.formatToParts(new Date(now));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}`;
}

/** A month of the API (YYYY-MM) as the date column holds it: its first day. */
export const monthStart = (month: string) => `${month}-01`;

/** The month `n` months after `month` (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** How many months from `from` to `to`, both included. */
export const monthsBetween = (from: string, to: string) => {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm) + 1;
};

/**
 * A month given to the service by another context: YYYY-MM, or a day (YYYY-MM-DD) standing for its month (a period's
 * first or last day), so that a caller need not cut its dates.
 */
export function toMonth(value: string, field: string): string {
  const month = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value.slice(0, 7) : value;
  if (!MONTH.test(month)) throw invalid(field, 'must be a month as YYYY-MM, such as 2026-03');
  return month;
}

/**
 * The months a read covers: from `from` to `to`, both included. Without `to`: this month; without `from`: the twelve
 * months up to `to`. `to` before `from`, or more than five years, is 400 naming the field.
 */
export function readPeriod(from: string | undefined, to: string | undefined, now = Date.now()): { from: string; to: string } {
  if (from !== undefined && !MONTH.test(from)) throw invalid('from', 'must be a month as YYYY-MM, such as 2026-03');
  if (to !== undefined && !MONTH.test(to)) throw invalid('to', 'must be a month as YYYY-MM, such as 2026-03');
  const end = to ?? (from && from > currentMonth(now) ? from : currentMonth(now));
  const start = from ?? addMonths(end, -11);
  if (end < start) throw invalid('to', `may not come before from (${start})`);
  if (monthsBetween(start, end) > MAX_READ_MONTHS) {
    throw to === undefined
      ? invalid('from', `may lie at most five years (${MAX_READ_MONTHS} months, both ends included) before to (${end}): ask for a shorter period`)
      : invalid('to', `may lie at most five years (${MAX_READ_MONTHS} months, both ends included) after from (${start}): ask for a shorter period`);
  }
  return { from: start, to: end };
}

// ---------------------------------------------------------------------------------------------------------------
// The CSV file.

/** The canonical columns of a file. */
export type CsvColumn = 'month' | 'area' | 'crimeType' | 'count';

/** One thing wrong with a file: the line (the header is line 1), the column as the header names it (null: the whole line). */
export interface CsvLineError {
  line: number;
  column: string | null;
  reason: string;
  /** `PERSONAL_DATA` when the value holds personal data (then never echoed), with the kinds found. */
  code?: 'PERSONAL_DATA';
  kinds?: PersonalDataKind[];
}

/** A good line, ready to store. */
export interface CrimeStatLine {
  line: number;
  /** YYYY-MM */
  month: string;
  areaId: string;
  crimeType: string;
  count: number;
}

export interface AreaRef {
  id: string;
  name: string;
}

/**
 * The header names a file may use, lower case without spaces, underscores or hyphens: the contract's
 * (`month;areaId|areaName;crimeType;count`), `area` for an id or a name, and the same in Swedish.
 */
const HEADER_NAMES: Record<string, { column: CsvColumn; area?: 'id' | 'name' | 'either' }> = {
  month: { column: 'month' }, månad: { column: 'month' },
  area: { column: 'area', area: 'either' }, areaid: { column: 'area', area: 'id' }, areaname: { column: 'area', area: 'name' },
  område: { column: 'area', area: 'either' }, områdesid: { column: 'area', area: 'id' }, områdesnamn: { column: 'area', area: 'name' },
  crimetype: { column: 'crimeType' }, brottstyp: { column: 'crimeType' },
  count: { column: 'count' }, antal: { column: 'count' },
};
const COLUMNS: CsvColumn[] = ['month', 'area', 'crimeType', 'count'];
const EXPECTED_HEADER = 'month;area;crimeType;count (area as areaId or areaName; in Swedish månad;område;brottstyp;antal)';

/** Control characters (C0 and C1): they have no place in a name, and are never echoed. */
const CONTROL = /\p{Cc}/u;
const CONTROL_GLOBAL = /\p{Cc}/gu;

const headerKey = (name: string) => name.normalize('NFC').toLowerCase().replace(/[\s_-]+/g, '');

/**
 * A value as an error message may show it: quoted, at most 40 characters, no control characters; never a value that
 * holds personal data (the refusal of personal data never echoes it).
 */
function shown(value: string): string {
  if (findPersonalData(value).length) return 'a value with personal data, not shown';
  const clean = value.replace(CONTROL_GLOBAL, ' ');
  return `"${clean.length > 40 ? `${clean.slice(0, 40)}…` : clean}"`;
}

/** An unknown column as a fault names it: its header name, or its position (1, 2, …) if the name is empty, long or personal data. */
const columnLabel = (name: string, i: number) =>
  !name || name.length > 40 || CONTROL.test(name) || findPersonalData(name).length ? `${i + 1}` : name;

/** The separator of the file: `;` (as Swedish spreadsheets write), or `,` or a tab if the header uses that instead. */
function separatorOf(firstLine: string): string {
  if (firstLine.includes(';')) return ';';
  if (firstLine.includes(',')) return ',';
  if (firstLine.includes('\t')) return '\t';
  return ';';
}

/**
 * The text of an uploaded file: UTF-8, with or without a byte order mark. Bytes that are not UTF-8 (a spreadsheet's
 * "CSV" in Windows-1252 writes å, ä and ö as one byte each) are refused with the line they are on, never stored as "�".
 */
export function decodeCsv(bytes: Uint8Array): { text: string } | { error: CsvLineError } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false /* drops a leading byte order mark */ }).decode(bytes) };
  } catch {
    const loose = new TextDecoder('utf-8').decode(bytes);
    const at = loose.indexOf('\ufffd');
    const line = loose.slice(0, Math.max(0, at)).split(/\r\n|\r|\n/).length;
    return { error: { line, column: null, reason: 'is not UTF-8 text: save the file as "CSV UTF-8" (in Excel: CSV UTF-8 (kommaavgränsad))' } };
  }
}

/**
 * The faults of a file: every one counted, the first MAX_LISTED_ERRORS kept (their reasons are only made for those:
 * a 2 MB file of bad lines would otherwise spend its time writing messages nobody reads).
 */
export class CsvFaults {
  readonly listed: CsvLineError[] = [];
  count = 0;
  personalData = false;

  add(line: number, column: string | null, reason: string | (() => string), more: Pick<CsvLineError, 'code' | 'kinds'> = {}): void {
    this.count++;
    if (more.code === 'PERSONAL_DATA') this.personalData = true;
    if (this.listed.length < MAX_LISTED_ERRORS) this.listed.push({ line, column, reason: typeof reason === 'string' ? reason : reason(), ...more });
  }
}

/** What reading a file found: its rows (meaningful only without faults) and its faults, in line order. */
export interface ReadFile {
  rows: CrimeStatLine[];
  faults: CsvFaults;
}

/** A value as read: trimmed, in NFC (a macOS "ö" is two code points); plain ASCII, most of a file, needs no normalising. */
const clean = (value: string) => (/^[\x20-\x7e]*$/.test(value) ? value : value.normalize('NFC')).trim();

const newlines = (text: string) => {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

/**
 * The records of a CSV text with the line each starts on (the first is line 1), and the line of a record that cannot
 * be read (a quote never closed, which runs to the end of the file). Empty lines are records of one empty value here,
 * so that every line is counted: a record takes one line and one more per line break inside its quoted values.
 * (csv-parse's own `info` and `raw` would tell the same, at three times the parsing time of a 2 MB file.)
 */
function records(body: string, delimiter: string): { records: { line: number; fields: string[] }[]; unreadable: { line: number; code?: string }[] } {
  const skips: { index: number; endLine: number; code?: string }[] = [];
  const parsed = parse(body, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      const e = err as { records?: unknown; lines?: unknown; code?: string } | undefined;
      skips.push({ index: Number(e?.records ?? 0), endLine: Number(e?.lines ?? 0), code: e?.code });
      return undefined;
    },
  }) as string[][];
  const out: { line: number; fields: string[] }[] = [];
  const unreadable: { line: number; code?: string }[] = [];
  let line = 1;
  let s = 0;
  for (let i = 0; i <= parsed.length; i++) {
    for (; s < skips.length && skips[s].index <= i; s++) {
      unreadable.push({ line, code: skips[s].code });
      line = Math.max(line + 1, skips[s].endLine + 1);
    }
    if (i === parsed.length) break;
    out.push({ line, fields: parsed[i] });
    line += 1 + parsed[i].reduce((n, f) => n + newlines(f), 0);
  }
  return { records: out, unreadable };
}

/**
 * Reads a file of police-reported crime: a header naming the columns month, area (areaId, areaName or area), crimeType
 * and count in any order (or in Swedish), then one line per month, area and crime type. Every line is checked, and
 * every fault counted (the first MAX_LISTED_ERRORS listed, in line order): a month YYYY-MM from 2000-01 up to this
 * month (Swedish time); an area of `areas` (the caller's collaboration) by id, or by name whatever its case; a crime
 * type of 1–100 characters without personal data; a count that is a whole number from 0 to CRIME_COUNT_MAX; and no
 * month, area and type twice. Lines with nothing in them are skipped. `rows` is only meaningful without faults.
 */
export function readCrimeStatsCsv(text: string, areas: readonly AreaRef[], now = Date.now()): ReadFile {
  const faults = new CsvFaults();
  const refused = () => ({ rows: [], faults });
  // One kind of line break (a CR inside a quoted field would be a fault anyway), and no byte order mark.
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!body.trim()) {
    faults.add(1, null, `the file is empty: expected a header ${EXPECTED_HEADER} and a line per month, area and crime type`);
    return refused();
  }
  const firstLine = body.trimStart().split('\n', 1)[0];
  const read = records(body, separatorOf(firstLine));
  const unreadable = () => {
    for (const u of read.unreadable) faults.add(u.line, null, u.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted value ("…) is never closed' : 'cannot be read as CSV');
  };
  // A line of nothing or of separators only (";;;", as spreadsheets leave them) is no line.
  const [header, ...lines] = read.records
    .map((r) => ({ line: r.line, fields: r.fields.map(clean) }))
    .filter((r) => r.fields.some((f) => f !== ''));
  if (!header) {
    unreadable();
    if (!faults.count) faults.add(1, null, 'the file has no header');
    return refused();
  }

  // The header: each known column once, in any order; empty names at its end (a spreadsheet's trailing separators) are no columns.
  let names = header.fields;
  while (names.length && names[names.length - 1] === '') names = names.slice(0, -1);
  const at = new Map<CsvColumn, number>();
  let areaBy: 'id' | 'name' | 'either' = 'either';
  for (const [i, name] of names.entries()) {
    const known = HEADER_NAMES[headerKey(name)];
    if (!known) faults.add(header.line, columnLabel(name, i), `is not a column of this file: expected the header ${EXPECTED_HEADER}`);
    else if (at.has(known.column)) faults.add(header.line, name, `names the ${known.column} column a second time`);
    else {
      at.set(known.column, i);
      if (known.area) areaBy = known.area;
    }
  }
  const missing = COLUMNS.filter((c) => !at.has(c));
  if (missing.length) faults.add(header.line, null, `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: expected ${EXPECTED_HEADER}`);
  if (faults.count) {
    unreadable();
    return refused();
  }
  if (!lines.length && !read.unreadable.length) {
    faults.add(header.line, null, 'the file has a header but no lines after it');
    return refused();
  }

  const nameOf = (c: CsvColumn) => names[at.get(c)!];
  const byId = new Map(areas.map((a) => [a.id.toLowerCase(), a]));
  const byName = new Map(areas.map((a) => [a.name.normalize('NFC').toLowerCase(), a]));
  const thisMonth = currentMonth(now);
  const seen = new Map<string, number>();
  /** The personal data found in each crime type: a file names a few dozen types on thousands of lines. */
  const personal = new Map<string, PersonalDataKind[]>();
  const rows: CrimeStatLine[] = [];

  for (const { line, fields } of lines) {
    const extra = fields.slice(names.length);
    if (fields.length < names.length || extra.some((f) => f !== '')) {
      faults.add(line, null, `has ${fields.length} values where the header has ${names.length} columns (is the separator the header's?)`);
      continue;
    }
    const before = faults.count;
    const bad = (column: CsvColumn, reason: string | (() => string), more: Pick<CsvLineError, 'code' | 'kinds'> = {}) => faults.add(line, nameOf(column), reason, more);
    const value = (c: CsvColumn) => fields[at.get(c)!];

    const month = value('month');
    if (!MONTH.test(month)) bad('month', () => `must be a month as YYYY-MM, such as 2026-03 (was ${shown(month)})`);
    else if (month < FIRST_MONTH || month > LAST_MONTH) bad('month', () => `must lie from ${FIRST_MONTH} to ${LAST_MONTH} (was ${shown(month)})`);
    else if (month > thisMonth) bad('month', () => `may not lie in the future (this month is ${thisMonth}; was ${shown(month)})`);

    const areaText = value('area');
    let area: AreaRef | undefined;
    if (!areaText) bad('area', 'must name an area of your collaboration (its id or its name)');
    else {
      const asId = areaBy === 'id' || (areaBy === 'either' && UUID.test(areaText));
      area = asId ? byId.get(areaText.toLowerCase()) : byName.get(areaText.toLowerCase());
      if (!area) bad('area', () => `unknown area: no area of your collaboration has this ${asId ? 'id' : 'name'} (was ${shown(areaText)})`);
    }

    // Runs of spaces are one (a spreadsheet cell's stray double space); a tab or line break inside the value is a fault.
    const crimeType = value('crimeType').replace(/ +/g, ' ');
    if (!crimeType) bad('crimeType', 'must not be empty: the crime type as the police\'s statistics name it, such as "Skadegörelse"');
    else if (CONTROL.test(crimeType)) bad('crimeType', 'must not contain control characters (a tab or a line break inside the value)');
    else if ([...crimeType].length > CRIME_TYPE_MAX) bad('crimeType', () => `must be at most ${CRIME_TYPE_MAX} characters (was ${[...crimeType].length})`);
    else {
      let kinds = personal.get(crimeType);
      if (!kinds) personal.set(crimeType, (kinds = [...new Set(findPersonalData(crimeType).map((f) => f.kind))]));
      if (kinds.length) {
        const found = kinds;
        bad('crimeType', () => `contains personal data (${found.map((k) => PERSONAL_DATA_LABELS[k].en).join(', ')}): the shared picture may not hold personal data`,
          { code: 'PERSONAL_DATA', kinds });
      }
    }

    const countText = value('count');
    const count = /^\d+$/.test(countText) ? Number(countText) : NaN;
    if (!Number.isSafeInteger(count)) bad('count', () => `must be a whole number ≥ 0 (was ${shown(countText)})`);
    else if (count > CRIME_COUNT_MAX) bad('count', () => `must be at most ${CRIME_COUNT_MAX} (was ${shown(countText)})`);

    if (faults.count > before || !area) continue;
    const key = `${month}\u0000${area.id}\u0000${crimeType.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      faults.add(line, null, `repeats line ${first}: the same month, area and crime type may come once in a file`);
      continue;
    }
    seen.set(key, line);
    rows.push({ line, month, areaId: area.id, crimeType, count });
  }
  unreadable(); // a quote never closed runs to the end of the file: its fault comes after every line's
  return { rows, faults };
}

/** A message line of an error: `line 7, column count: must be …`, or `line 7: …` for the whole line. */
export const errorMessage = (e: CsvLineError) => `line ${e.line}${e.column === null ? '' : `, column ${e.column}`}: ${e.reason}`;

/**
 * The refusal of a file: 400 with a message per listed fault (the first MAX_LISTED_ERRORS) and the same as `errors`
 * `[{ line, column, reason }]`; `errorCount` counts them all. Code PERSONAL_DATA if any holds personal data. Nothing of
 * the file is stored.
 */
export function refusedFile(faults: CsvFaults): DomainError {
  const messages = faults.listed.map(errorMessage);
  if (faults.count > faults.listed.length) messages.push(`… and ${faults.count - faults.listed.length} more: only the first ${MAX_LISTED_ERRORS} faults are listed`);
  const code = faults.personalData ? CrimeStatsErrorCode.PersonalData : CrimeStatsErrorCode.CsvInvalid;
  return new DomainError('invalid', code, messages, { errors: faults.listed, errorCount: faults.count });
}

/** The refusal of a file with one fault (bytes that are not UTF-8). */
export function refusedWith(fault: CsvLineError): DomainError {
  const faults = new CsvFaults();
  faults.add(fault.line, fault.column, fault.reason);
  return refusedFile(faults);
}

export const tooLarge = () =>
  new DomainError('too_large', CrimeStatsErrorCode.TooLarge, `the file is larger than ${CRIME_STATS_MAX_BYTES / 1024 / 1024} MB: upload fewer months at a time`);
