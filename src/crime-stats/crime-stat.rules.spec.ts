import { describe, expect, it } from '@jest/globals';
import type { DomainError } from '../common/domain-error.js';
import {
  addMonths, CRIME_COUNT_MAX, CsvFaults, type CsvLineError, currentMonth, decodeCsv, errorMessage, MAX_LISTED_ERRORS, monthsBetween, readCrimeStatsCsv, readPeriod,
  refusedFile, toMonth,
} from './crime-stat.rules.js';

// 12:00 UTC on 3 December 2026: this month is 2026-12 in Sweden.
const NOW = Date.parse('2026-12-03T12:00:00Z');
const CENTRUM = { id: '6f1c3d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f', name: 'Centrum' };
const OSTER = { id: '0b5e7a3c-2d4f-4a6b-8c9d-1e2f3a4b5c6d', name: 'Östermalm' };
const AREAS = [CENTRUM, OSTER];

const read = (text: string) => {
  const { rows, faults } = readCrimeStatsCsv(text, AREAS, NOW);
  expect(faults.listed.length).toBe(Math.min(faults.count, MAX_LISTED_ERRORS));
  return { rows, errors: faults.listed };
};
const faultsOf = (...errors: CsvLineError[]) => {
  const faults = new CsvFaults();
  for (const e of errors) faults.add(e.line, e.column, e.reason, { code: e.code, kinds: e.kinds });
  return faults;
};
const errorsOf = (text: string) => read(text).errors;
const one = (line: string, header = 'month;area;crimeType;count') => errorsOf(`${header}\n${line}\n`);
const failed = (f: () => void): { kind: string; field: unknown } | 'ok' => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return { kind: (e as DomainError).kind, field: (e as DomainError).extra.field };
  }
};

describe('reading a file of police-reported crime', () => {
  it('reads the header in any order, areas by id or by name (any case), and skips empty lines', () => {
    const { rows, errors } = read([
      'crimeType;count;area;month',
      'Skadegörelse;14;centrum;2026-01',
      '',
      `Narkotikabrott;6;${CENTRUM.id.toUpperCase()};2026-01`,
      ';;;',
      'Misshandel;0;ÖSTERMALM;2026-12',
    ].join('\n'));
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, month: '2026-01', areaId: CENTRUM.id, crimeType: 'Skadegörelse', count: 14 },
      { line: 4, month: '2026-01', areaId: CENTRUM.id, crimeType: 'Narkotikabrott', count: 6 },
      { line: 6, month: '2026-12', areaId: OSTER.id, crimeType: 'Misshandel', count: 0 },
    ]);
  });

  it('takes a byte order mark, CRLF line ends, the separator "," or a tab if the header uses it, quotes, and Swedish headers', () => {
    const expected = [{ line: 2, month: '2026-02', areaId: OSTER.id, crimeType: 'Stöld och snatteri', count: 3 }];
    expect(read('\uFEFFmonth;areaName;crimeType;count\r\n2026-02;Östermalm;Stöld och snatteri;3\r\n')).toEqual({ rows: expected, errors: [] });
    expect(read('month,areaName,crimeType,count\n2026-02,Östermalm,"Stöld och snatteri",3')).toEqual({ rows: expected, errors: [] });
    expect(read('month\tarea\tcrimeType\tcount\n2026-02\tÖstermalm\tStöld och snatteri\t3\n')).toEqual({ rows: expected, errors: [] });
    expect(read('Månad;Område;Brottstyp;Antal\n2026-02;östermalm;Stöld  och snatteri ;3\n')).toEqual({ rows: expected, errors: [] });
    // A spreadsheet's trailing separators: empty columns at the end of the header and of every line are no columns.
    expect(read('month;area;crimeType;count;;\n2026-02;Östermalm;Stöld och snatteri;3;;\n')).toEqual({ rows: expected, errors: [] });
    // An NFD "ö" (as macOS may write it) is the same area and the same type.
    expect(read('month;area;crimeType;count\n2026-02;O\u0308stermalm;Sto\u0308ld och snatteri;3\n')).toEqual({ rows: expected, errors: [] });
  });

  it('refuses each kind of bad value, naming the line and the column as the header names it', () => {
    const cases: [string, string, string | null, RegExp][] = [
      ['2026-13;Centrum;Skadegörelse;1', 'month', 'month', /must be a month as YYYY-MM.*was "2026-13"/],
      ['26-01;Centrum;Skadegörelse;1', 'month', 'month', /YYYY-MM/],
      ['2026-01-01;Centrum;Skadegörelse;1', 'month', 'month', /YYYY-MM/],
      ['1999-12;Centrum;Skadegörelse;1', 'month', 'month', /from 2000-01 to 2099-12/],
      ['2027-01;Centrum;Skadegörelse;1', 'month', 'month', /may not lie in the future \(this month is 2026-12; was "2027-01"\)/],
      ['2026-01;Hamnen;Skadegörelse;1', 'area', 'area', /unknown area: no area of your collaboration has this name \(was "Hamnen"\)/],
      ['2026-01;c9d8e7f6-a5b4-4c3d-8e1f-0a9b8c7d6e5f;Skadegörelse;1', 'area', 'area', /unknown area: .* has this id/],
      ['2026-01;;Skadegörelse;1', 'area', 'area', /must name an area/],
      ['2026-01;Centrum;;1', 'crimeType', 'crimeType', /must not be empty/],
      [`2026-01;Centrum;${'x'.repeat(101)};1`, 'crimeType', 'crimeType', /at most 100 characters \(was 101\)/],
      ['2026-01;Centrum;"Skade\ngörelse";1', 'crimeType', 'crimeType', /control characters/],
      ['2026-01;Centrum;Skadegörelse;-1', 'count', 'count', /whole number ≥ 0 \(was "-1"\)/],
      ['2026-01;Centrum;Skadegörelse;1.5', 'count', 'count', /whole number/],
      ['2026-01;Centrum;Skadegörelse;1,5', 'count', 'count', /whole number/],
      ['2026-01;Centrum;Skadegörelse;12 st', 'count', 'count', /whole number ≥ 0 \(was "12 st"\)/],
      ['2026-01;Centrum;Skadegörelse;', 'count', 'count', /whole number/],
      ['2026-01;Centrum;Skadegörelse;1e3', 'count', 'count', /whole number/],
      [`2026-01;Centrum;Skadegörelse;${CRIME_COUNT_MAX + 1}`, 'count', 'count', /at most 1000000/],
      ['2026-01;Centrum;Skadegörelse', 'line', null, /has 3 values where the header has 4 columns/],
      ['2026-01;Centrum;Skadegörelse;1;extra', 'line', null, /has 5 values/],
    ];
    for (const [line, what, column, reason] of cases) {
      const errors = one(line);
      expect({ line, what, errors: errors.map((e) => ({ line: e.line, column: e.column })) }).toEqual({ line, what, errors: [{ line: 2, column }] });
      expect({ line, reason: errors[0].reason }).toEqual({ line, reason: expect.stringMatching(reason) });
    }
    // The column as the file names it.
    expect(one('2026-01;Centrum;Skadegörelse;tolv', 'månad;område;brottstyp;antal')).toEqual([{ line: 2, column: 'antal', reason: 'must be a whole number ≥ 0 (was "tolv")' }]);
  });

  it('names an area by id only in an areaId column, by name only in an areaName column', () => {
    expect(one('2026-01;Centrum;Skadegörelse;1', 'month;areaId;crimeType;count')).toEqual([
      expect.objectContaining({ column: 'areaId', reason: expect.stringMatching(/has this id/) }),
    ]);
    expect(one(`2026-01;${CENTRUM.id};Skadegörelse;1`, 'month;areaName;crimeType;count')).toEqual([
      expect.objectContaining({ column: 'areaName', reason: expect.stringMatching(/has this name/) }),
    ]);
  });

  it('refuses personal data in a crime type, with its kind and without echoing it; never echoes it elsewhere either', () => {
    const [e] = one('2026-01;Centrum;Ring 070-123 45 67;1');
    expect(e).toEqual({ line: 2, column: 'crimeType', reason: expect.stringMatching(/contains personal data \(phone number\)/), code: 'PERSONAL_DATA', kinds: ['phone_number'] });
    expect(JSON.stringify(e)).not.toContain('123');
    const [area] = one('2026-01;kalle@example.com;Skadegörelse;1');
    expect(area.reason).toMatch(/unknown area/);
    expect(JSON.stringify(area)).not.toContain('kalle');
    const err = refusedFile(faultsOf(e));
    expect({ kind: err.kind, code: err.code }).toEqual({ kind: 'invalid', code: 'PERSONAL_DATA' });
  });

  it('refuses a line that repeats a month, area and crime type (whatever the case or the area written as), naming the first', () => {
    const errors = errorsOf(`month;area;crimeType;count\n2026-01;Centrum;Skadegörelse;1\n2026-01;Östermalm;Skadegörelse;1\n2026-02;Centrum;Skadegörelse;1\n2026-01;${CENTRUM.id};skadegörelse;2\n`);
    expect(errors).toEqual([{ line: 5, column: null, reason: 'repeats line 2: the same month, area and crime type may come once in a file' }]);
  });

  it('reports every bad line of a file, in line order, with the lines numbered as in the file (the header is line 1)', () => {
    const errors = errorsOf([
      'month;area;crimeType;count', // 1
      '2026-01;Centrum;Skadegörelse;1', // 2
      '', // 3
      '2026-13;Nowhere;;x', // 4: four faults
      '2026-01;Centrum;"Narkotika', // 5: the quote runs to the end of the file
      'brott";2', // 6
      '2026-02;Centrum;Misshandel;2 st', // 7
    ].join('\n'));
    expect(errors.map((e) => [e.line, e.column])).toEqual([[4, 'month'], [4, 'area'], [4, 'crimeType'], [4, 'count'], [5, 'crimeType'], [7, 'count']]);
    const unclosed = errorsOf('month;area;crimeType;count\n2026-01;Centrum;Skadegörelse;1\n2026-01;Centrum;"Narkotikabrott;2\n2026-02;Centrum;Misshandel;3\n');
    expect(unclosed).toEqual([{ line: 3, column: null, reason: 'a quoted value ("…) is never closed' }]);
  });

  it('refuses a wrong header with the column it does not know, or the columns it lacks', () => {
    expect(errorsOf('month;area;type;count\n2026-01;Centrum;Skadegörelse;1\n')).toEqual([
      { line: 1, column: 'type', reason: expect.stringMatching(/^is not a column of this file: expected the header month;area;crimeType;count/) },
      { line: 1, column: null, reason: expect.stringMatching(/^the header lacks the column crimeType/) },
    ]);
    expect(errorsOf('2026-01;Centrum;Skadegörelse;1\n')).toEqual(expect.arrayContaining([expect.objectContaining({ line: 1, column: '2026-01' })]));
    expect(errorsOf('month;area;070-123 45 67;crimeType;count\n2026-01;Centrum;x;Skadegörelse;1\n')).toEqual([{ line: 1, column: '3', reason: expect.stringMatching(/^is not a column/) }]);
    expect(errorsOf('month;area;areaName;crimeType;count\n')).toEqual([{ line: 1, column: 'areaName', reason: 'names the area column a second time' }]);
  });

  it('refuses an empty file and a header without lines', () => {
    for (const empty of ['', '\uFEFF', '\n\n', '  \r\n']) expect(errorsOf(empty)).toEqual([{ line: 1, column: null, reason: expect.stringMatching(/^the file is empty/) }]);
    expect(errorsOf('month;area;crimeType;count\n')).toEqual([{ line: 1, column: null, reason: 'the file has a header but no lines after it' }]);
    expect(errorsOf('month;area;crimeType;count\n;;;\n\n')).toEqual([{ line: 1, column: null, reason: 'the file has a header but no lines after it' }]);
  });

  it('decodes UTF-8 with or without a byte order mark, and refuses other bytes with their line', () => {
    expect(decodeCsv(Buffer.from('\uFEFFmånad;område\n', 'utf8'))).toEqual({ text: 'månad;område\n' });
    expect(decodeCsv(Buffer.from('månad;område\n', 'utf8'))).toEqual({ text: 'månad;område\n' });
    const latin1 = Buffer.from('month;area;crimeType;count\n2026-01;Centrum;Skadeg\xf6relse;1\n', 'latin1');
    expect(decodeCsv(latin1)).toEqual({ error: { line: 2, column: null, reason: expect.stringMatching(/^is not UTF-8 text/) } });
  });

  it('lists the first faults of a file and counts them all; a message names the line and the column', () => {
    const errors: CsvLineError[] = Array.from({ length: 150 }, (_, i) => ({ line: i + 2, column: 'count', reason: 'must be a whole number ≥ 0 (was "12 st")' }));
    const err = refusedFile(faultsOf(...errors));
    expect(err.messages).toHaveLength(MAX_LISTED_ERRORS + 1);
    expect(err.messages[0]).toBe('line 2, column count: must be a whole number ≥ 0 (was "12 st")');
    expect(err.messages[MAX_LISTED_ERRORS]).toMatch(/and 50 more/);
    expect(err.extra).toEqual({ errors: errors.slice(0, MAX_LISTED_ERRORS), errorCount: 150 });
    expect(err.code).toBe('CSV_INVALID');
    expect(errorMessage({ line: 3, column: null, reason: 'repeats line 2' })).toBe('line 3: repeats line 2');
    // Personal data past the listed faults still gives the code.
    const late = faultsOf(...errors, { line: 200, column: 'crimeType', reason: 'contains personal data', code: 'PERSONAL_DATA', kinds: ['email'] });
    expect(refusedFile(late).code).toBe('PERSONAL_DATA');
    // A file of 20,000 bad lines: all counted, a hundred listed.
    const { faults } = readCrimeStatsCsv(`month;area;crimeType;count\n${'2026-01;Centrum;Skadegörelse;12 st\n'.repeat(20_000)}`, AREAS, NOW);
    expect({ count: faults.count, listed: faults.listed.length, last: faults.listed[99].line }).toEqual({ count: 20_000, listed: 100, last: 101 });
  });
});

describe('months', () => {
  it('takes the month as it is in Sweden', () => {
    expect(currentMonth(Date.parse('2026-12-31T23:30:00Z'))).toBe('2027-01');
    expect(currentMonth(Date.parse('2026-12-31T22:00:00Z'))).toBe('2026-12');
  });

  it('counts and adds months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-03', -27)).toBe('2023-12');
    expect(monthsBetween('2025-01', '2025-01')).toBe(1);
    expect(monthsBetween('2021-01', '2025-12')).toBe(60);
  });

  it('reads a period of at most five years, defaulting to the last twelve months, naming the field at fault', () => {
    expect(readPeriod(undefined, undefined, NOW)).toEqual({ from: '2026-01', to: '2026-12' });
    expect(readPeriod('2024-05', undefined, NOW)).toEqual({ from: '2024-05', to: '2026-12' });
    expect(readPeriod(undefined, '2025-06', NOW)).toEqual({ from: '2024-07', to: '2025-06' });
    expect(readPeriod('2021-01', '2025-12', NOW)).toEqual({ from: '2021-01', to: '2025-12' });
    expect(failed(() => readPeriod('2021-01', '2026-01', NOW))).toEqual({ kind: 'invalid', field: 'to' });
    expect(failed(() => readPeriod('2020-01', undefined, NOW))).toEqual({ kind: 'invalid', field: 'from' });
    expect(failed(() => readPeriod('2026-02', '2026-01', NOW))).toEqual({ kind: 'invalid', field: 'to' });
    expect(failed(() => readPeriod('2026-1', undefined, NOW))).toEqual({ kind: 'invalid', field: 'from' });
  });

  it('takes a month or a day standing for its month from another context', () => {
    expect(toMonth('2026-04', 'fromMonth')).toBe('2026-04');
    expect(toMonth('2026-04-30', 'toMonthInclusive')).toBe('2026-04');
    expect(failed(() => toMonth('2026-4', 'fromMonth'))).toEqual({ kind: 'invalid', field: 'fromMonth' });
  });
});
