import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { CrimeStatRow, CrimeStatsUploadResponse } from '#contracts';
import type { Api, ApiResponse } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { halfWritten } from '../support/consistency.js';
import { withDb } from '../support/db.js';
import { buildOtherCollaboration, buildWorld, monthAgo, type OtherCollaboration, type TestUser, type World } from '../support/world.js';
import { expectError, messageText } from './helpers.js';

// Each file starts its own service and builds its people (argon2): generous on a busy 2-core machine.
jest.setTimeout(60_000);

/**
 * Police-reported crime (api-contract.md, "The weekly picture" and "As built: police-reported crime"): coordinators
 * upload the police's monthly statistics per area and crime type as CSV; an upload replaces the months it holds, in
 * one transaction with its audit row; a file with any bad line stores nothing and the 400 names every bad line and
 * column; every member of the collaboration reads them, no other collaboration ever.
 */
describe('police-reported crime', () => {
  let t: TestApp;
  let w: World;
  let other: OtherCollaboration;
  let coordinator: TestUser;
  let names: { centrum: string; hamnen: string; other: string };

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, { tokens: 'signed' });
    other = await buildOtherCollaboration(t, w.admin, { tokens: 'signed' });
    coordinator = w.orgs.municipality.coordinator;
    const nameOf = async (api: Api, id: string) => (await api.get(`/api/areas/${id}`)).body.name as string;
    names = {
      centrum: await nameOf(coordinator.api, w.areas.centrum),
      hamnen: await nameOf(coordinator.api, w.areas.hamnen),
      other: await nameOf(other.org.coordinator.api, other.area),
    };
  });
  afterAll(() => t?.close());

  const HEADER = 'month;area;crimeType;count';
  const csv = (lines: string[], header = HEADER) => `${[header, ...lines].join('\n')}\n`;
  const upload = async (api: Api, body: string | Uint8Array, contentType = 'text/csv; charset=utf-8'): Promise<ApiResponse> => {
    if (typeof body === 'string') return api.request('POST', '/api/crime-stats', body, { 'content-type': contentType });
    // Bytes as they are (the client would send them as JSON).
    const res = await fetch(`${api.baseUrl}/api/crime-stats`, { method: 'POST', body: new Blob([body as Uint8Array<ArrayBuffer>]), headers: { 'content-type': contentType, authorization: `Bearer ${api.token}` } });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text), headers: res.headers, text };
  };
  const uploaded = async (api: Api, body: string, contentType?: string): Promise<CrimeStatsUploadResponse> => {
    const res = await upload(api, body, contentType);
    expect({ status: res.status, text: res.text.slice(0, 800) }).toEqual({ status: 201, text: expect.any(String) });
    return res.body;
  };
  const read = async (api: Api, query: string): Promise<CrimeStatRow[]> => {
    const res = await api.get(`/api/crime-stats${query}`);
    expect({ status: res.status, text: res.text.slice(0, 300) }).toEqual({ status: 200, text: expect.any(String) });
    expect(res.body.nextCursor).toBeNull();
    return res.body.items;
  };
  const stored = (months: string[], collaborationId?: string) => withDb(t.databaseUrl, async (db) => Number((await db.query(
    `SELECT count(*) FROM crime_stats WHERE to_char(month, 'YYYY-MM') = ANY($1::text[])${collaborationId ? ' AND collaboration_id = $2' : ''}`,
    collaborationId ? [months, collaborationId] : [months],
  )).rows[0].count));
  const everything = () => withDb(t.databaseUrl, async (db) => Number((await db.query('SELECT count(*) FROM crime_stats')).rows[0].count));
  /** A 400 naming the line and the column of each fault, in the message and in `errors`, and nothing stored. */
  const expectRefused = async (body: string, faults: [number, string | null][], opts: { code?: string; mentions?: RegExp } = {}) => {
    const before = await everything();
    const res = await upload(coordinator.api, body);
    expectError(res, 400, { code: opts.code ?? 'CSV_INVALID', mentions: opts.mentions });
    expect(res.body.errors.map((e: { line: number; column: string | null }) => [e.line, e.column])).toEqual(faults);
    expect(res.body.errorCount).toBe(faults.length);
    expect(res.body.message).toEqual(faults.map(([line, column]) => expect.stringMatching(new RegExp(`^line ${line}${column ? `, column ${column}` : ''}: `))));
    expect(await everything()).toBe(before);
    return res;
  };

  describe('an upload', () => {
    const [m1, m2, m3] = [monthAgo(3), monthAgo(2), monthAgo(1)];

    it('stores a good file (areas by id or by name), answers the months and rows, and every member reads it back sorted', async () => {
      const body = csv([
        `${m3};${names.hamnen};Skadegörelse;4`,
        `${m1};${w.areas.centrum};Skadegörelse;14`,
        `${m1};${names.centrum.toUpperCase()};Narkotikabrott;6`,
        `${m2};${names.centrum};Misshandel;0`,
        `${m2};${names.hamnen};Misshandel;2`,
        `${m3};${names.centrum};Stöld och snatteri;21`,
      ]);
      expect(await uploaded(coordinator.api, body)).toEqual({ months: [m1, m2, m3], rows: 6 });
      // A member of any organisation reads every row: these are public statistics of the municipality.
      const items = await read(w.orgs.school.member.api, `?from=${m1}&to=${m3}`);
      const centrum = { id: w.areas.centrum, name: names.centrum };
      const hamnen = { id: w.areas.hamnen, name: names.hamnen };
      expect(items).toEqual([
        { month: m1, area: centrum, crimeType: 'Narkotikabrott', count: 6 },
        { month: m1, area: centrum, crimeType: 'Skadegörelse', count: 14 },
        { month: m2, area: centrum, crimeType: 'Misshandel', count: 0 },
        { month: m2, area: hamnen, crimeType: 'Misshandel', count: 2 },
        { month: m3, area: centrum, crimeType: 'Stöld och snatteri', count: 21 },
        { month: m3, area: hamnen, crimeType: 'Skadegörelse', count: 4 },
      ]);
      // One area; one month; the default period (the last twelve months) holds them too.
      expect(await read(w.orgs.police.member.api, `?from=${m1}&to=${m3}&areaId=${w.areas.hamnen}`)).toEqual(items.filter((i) => i.area.id === w.areas.hamnen));
      expect(await read(w.orgs.social.member.api, `?from=${m2}&to=${m2}`)).toEqual(items.filter((i) => i.month === m2));
      expect(await read(w.orgs.school.member.api, '')).toEqual(expect.arrayContaining(items));
      // The audit row, by the coordinator: the months and the number of rows.
      const audit = await withDb(t.databaseUrl, async (db) => (await db.query(
        `SELECT user_id, organisation_id, entity_type, details FROM audit_log WHERE action = 'crime_stats.upload' ORDER BY id DESC LIMIT 1`)).rows[0]);
      expect(audit).toEqual({ user_id: coordinator.id, organisation_id: coordinator.organisationId, entity_type: 'crime_stats', details: { months: [m1, m2, m3], rows: 6, replaced: 0 } });
    });

    it('replaces only the months of the file: a re-upload of one month leaves the others as they were', async () => {
      const before = await read(coordinator.api, `?from=${m1}&to=${m3}`);
      expect(await uploaded(w.orgs.police.coordinator.api, csv([`${m2};${names.centrum};Misshandel;5`, `${m2};${names.centrum};Trafikbrott;9`])))
        .toEqual({ months: [m2], rows: 2 });
      const after = await read(coordinator.api, `?from=${m1}&to=${m3}`);
      const centrum = { id: w.areas.centrum, name: names.centrum };
      expect(after).toEqual([
        ...before.filter((i) => i.month === m1),
        { month: m2, area: centrum, crimeType: 'Misshandel', count: 5 },
        { month: m2, area: centrum, crimeType: 'Trafikbrott', count: 9 },
        ...before.filter((i) => i.month === m3),
      ]);
      expect(await withDb(t.databaseUrl, async (db) => (await db.query(
        `SELECT details FROM audit_log WHERE action = 'crime_stats.upload' ORDER BY id DESC LIMIT 1`)).rows[0].details)).toEqual({ months: [m2], rows: 2, replaced: 2 });
    });

    it('takes a byte order mark, "," as the separator, CRLF, Swedish headers, areaName, and text/plain', async () => {
      const m = monthAgo(6);
      expect(await uploaded(coordinator.api, `\uFEFF${csv([`${m};${names.centrum};Skadegörelse;1`])}`)).toEqual({ months: [m], rows: 1 });
      expect(await uploaded(coordinator.api, csv([`${m},"${names.centrum}",Skadegörelse,2`, `${m},${names.hamnen},"Stöld och snatteri",3`], 'month,areaName,crimeType,count')))
        .toEqual({ months: [m], rows: 2 });
      expect(await uploaded(coordinator.api, csv([`${m};${names.hamnen};Narkotikabrott;3`], 'månad;område;brottstyp;antal').replace(/\n/g, '\r\n'), 'text/plain'))
        .toEqual({ months: [m], rows: 1 });
      expect(await read(coordinator.api, `?from=${m}&to=${m}`)).toEqual([{ month: m, area: { id: w.areas.hamnen, name: names.hamnen }, crimeType: 'Narkotikabrott', count: 3 }]);
      // A byte order mark before a "," header.
      expect(await uploaded(coordinator.api, `\uFEFF${csv([`${m},${w.areas.centrum},Misshandel,1`], 'month,areaId,crimeType,count')}`)).toEqual({ months: [m], rows: 1 });
    });

    it('lets uploads of the same month at once take turns: the month ends up holding one whole file', async () => {
      const m = monthAgo(7);
      const files = [1, 2, 3, 4].map((n) => csv([`${m};${names.centrum};Skadegörelse;${n}`, ...Array.from({ length: n }, (_, i) => `${m};${names.hamnen};Typ ${i};${n}`)]));
      const answers = await Promise.all(files.map((f, i) => upload([coordinator, w.orgs.police.coordinator][i % 2].api, f)));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      const rows = await read(coordinator.api, `?from=${m}&to=${m}`);
      const n = rows.find((r) => r.crimeType === 'Skadegörelse')!.count;
      expect(rows).toHaveLength(n + 1);
      expect(rows.every((r) => r.count === n)).toBe(true);
    });
  });

  describe('a file with a bad line stores nothing, and the 400 names the line and the column', () => {
    const good = () => `${monthAgo(9)};${names.centrum};Skadegörelse;3`;

    it.each([
      ['a month that is not YYYY-MM', '2026-13', 'month', /line 3, column month: must be a month as YYYY-MM/],
      ['a month written as a date', '2026-01-01', 'month', /YYYY-MM/],
      ['a month before 2000', '1999-12', 'month', /from 2000-01 to 2099-12/],
      ['a month in the future', monthAgo(-2), 'month', /may not lie in the future/],
    ])('%s', async (_, month, column, mentions) => {
      await expectRefused(csv([good(), `${month};${names.centrum};Skadegörelse;3`]), [[3, column]], { mentions });
    });

    it('an unknown area, and an area of another collaboration by name or by id ("unknown area")', async () => {
      await expectRefused(csv([good(), `${monthAgo(9)};Ingenstans;Skadegörelse;3`]), [[3, 'area']], { mentions: /unknown area.*"Ingenstans"/ });
      await expectRefused(csv([`${monthAgo(9)};${names.other};Skadegörelse;3`, good(), `${monthAgo(9)};${other.area};Narkotikabrott;3`]), [[2, 'area'], [4, 'area']], { mentions: /unknown area/ });
      await expectRefused(csv([`${monthAgo(9)};${other.area};Narkotikabrott;3`], 'month;areaId;crimeType;count'), [[2, 'areaId']], { mentions: /unknown area/ });
    });

    it.each([
      ['negative', '-1', /must be a whole number ≥ 0 \(was "-1"\)/],
      ['fractional', '1.5', /whole number/],
      ['with a decimal comma', '"1,5"', /whole number/],
      ['text', '12 st', /line 3, column count: must be a whole number ≥ 0 \(was "12 st"\)/],
      ['empty', '', /whole number/],
    ])('a count: %s', async (_, count, mentions) => {
      await expectRefused(csv([good(), `${monthAgo(9)};${names.centrum};Narkotikabrott;${count}`]), [[3, 'count']], { mentions });
    });

    it('an empty crime type, and one over 100 characters', async () => {
      await expectRefused(csv([good(), `${monthAgo(9)};${names.centrum};;3`, `${monthAgo(9)};${names.centrum};${'Brott'.repeat(21)};3`]), [[3, 'crimeType'], [4, 'crimeType']]);
    });

    it('a line that repeats a month, area and crime type', async () => {
      await expectRefused(csv([good(), `${monthAgo(8)};${names.hamnen};Misshandel;1`, `${monthAgo(9)};${w.areas.centrum};skadegörelse;4`]), [[4, null]], { mentions: /line 4: repeats line 2/ });
    });

    it('personal data in a crime type (a phone number): code PERSONAL_DATA, the kind named, the value never echoed', async () => {
      const res = await expectRefused(csv([good(), `${monthAgo(9)};${names.centrum};Ring 070-123 45 67;3`]), [[3, 'crimeType']], { code: 'PERSONAL_DATA', mentions: /phone number/ });
      expect(res.body.errors[0]).toEqual(expect.objectContaining({ code: 'PERSONAL_DATA', kinds: ['phone_number'] }));
      expect(res.text).not.toMatch(/070|123 45/);
    });

    it('a wrong header (line 1), and a line with a value too many or too few', async () => {
      await expectRefused(csv([good()], 'month;area;type;count'), [[1, 'type'], [1, null]], { mentions: /line 1, column type: is not a column/ });
      await expectRefused(csv([good(), `${monthAgo(9)};${names.centrum};Misshandel`, `${monthAgo(9)};${names.centrum};Rån;1;2`]), [[3, null], [4, null]], { mentions: /has 3 values where the header has 4/ });
    });

    it('reports every bad line of the file, the first 100 of them listed', async () => {
      const lines = [good(), '2026-13;Ingenstans;;x', ...Array.from({ length: 120 }, (_, i) => `${monthAgo(9)};${names.hamnen};Typ ${i};${i} st`)];
      const before = await everything();
      const res = await upload(coordinator.api, csv(lines));
      expectError(res, 400, { code: 'CSV_INVALID' });
      expect(res.body.errorCount).toBe(4 + 120);
      expect(res.body.errors).toHaveLength(100);
      expect(res.body.errors.slice(0, 5).map((e: { line: number; column: string }) => [e.line, e.column]))
        .toEqual([[3, 'month'], [3, 'area'], [3, 'crimeType'], [3, 'count'], [4, 'count']]);
      expect(res.body.message).toHaveLength(101);
      expect(messageText(res)).toMatch(/and 24 more/);
      expect(await everything()).toBe(before);
    });

    it('an empty file, a header without lines, a file that is not UTF-8, and no body at all', async () => {
      expectError(await upload(coordinator.api, ''), 400, { code: 'CSV_INVALID', mentions: /line 1: the file is empty/ });
      expectError(await upload(coordinator.api, '\uFEFF\n'), 400, { code: 'CSV_INVALID', mentions: /the file is empty/ });
      expectError(await upload(coordinator.api, `${HEADER}\n`), 400, { code: 'CSV_INVALID', mentions: /line 1: the file has a header but no lines/ });
      const latin1 = Buffer.from(csv([good(), `${monthAgo(9)};${names.centrum};Misshandel;1`]).replace(/ö/g, '\u00f6'), 'latin1');
      const res = await upload(coordinator.api, new Uint8Array(latin1));
      expectError(res, 400, { code: 'CSV_INVALID', mentions: /line 2: is not UTF-8 text/ });
      expectError(await coordinator.api.post('/api/crime-stats'), 400, { code: 'CSV_INVALID', mentions: /the file is empty/ });
    });
  });

  describe('the edge', () => {
    it('takes a file of up to 2 MB (far over the 256 KB of JSON bodies) and refuses a larger one with 413', async () => {
      const months = [monthAgo(21), monthAgo(20)];
      const lines = months.flatMap((m) => Array.from({ length: 6000 }, (_, i) => `${m};${names.centrum};Brottstyp nummer ${i} i den stora filen;${i % 50}`));
      const big = csv(lines);
      expect(big.length).toBeGreaterThan(600 * 1024);
      expect(await uploaded(coordinator.api, big)).toEqual({ months, rows: 12_000 });
      expect(await stored(months)).toBe(12_000);
      const tooBig = `${HEADER}\n${`${monthAgo(22)};${names.centrum};Skadegörelse;1\n`.repeat(Math.ceil((2 * 1024 * 1024) / 30))}`;
      expect(Buffer.byteLength(tooBig)).toBeGreaterThan(2 * 1024 * 1024);
      const res = await upload(coordinator.api, tooBig);
      expectError(res, 413, { code: 'CSV_TOO_LARGE', mentions: /larger than 2 MB/ });
      expect(await stored([monthAgo(22)])).toBe(0);
    });

    it('refuses another media type or charset with 415', async () => {
      const body = csv([`${monthAgo(9)};${names.centrum};Skadegörelse;3`]);
      expectError(await coordinator.api.post('/api/crime-stats', { csv: body }), 415);
      expectError(await upload(coordinator.api, body, 'application/octet-stream'), 415);
      expectError(await upload(coordinator.api, body, 'text/csv; charset=iso-8859-1'), 415, { mentions: /UTF-8/ });
      expect(await stored([monthAgo(9)])).toBe(0);
    });

    it('is documented in the OpenAPI document as a text/csv (or text/plain) body of a string', async () => {
      const doc = (await w.anonymous.get('/api/docs-json')).body;
      const post = doc.paths['/api/crime-stats'].post;
      expect(Object.keys(post.requestBody.content).sort()).toEqual(['text/csv', 'text/plain']);
      expect(post.requestBody.content['text/csv'].schema).toEqual(expect.objectContaining({ type: 'string' }));
      expect(post.security).toEqual([{ bearer: [] }]);
      expect(doc.paths['/api/crime-stats'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['areaId', 'from', 'to']);
    });
  });

  describe('who', () => {
    const body = () => csv([`${monthAgo(10)};${names.centrum};Skadegörelse;3`]);

    it('anonymous: 401 on both routes', async () => {
      expectError(await upload(w.anonymous, body()), 401);
      expectError(await w.anonymous.get('/api/crime-stats'), 401);
    });

    it('members may read but not upload (403, nothing stored); coordinators and admins of any organisation upload', async () => {
      for (const member of [w.orgs.police.member, w.orgs.school.member]) expectError(await upload(member.api, body()), 403);
      expect(await stored([monthAgo(10)])).toBe(0);
      expect((await upload(w.orgs.school.coordinator.api, body())).status).toBe(201);
      expect((await upload(w.orgs.social.admin.api, body())).status).toBe(201);
    });

    it("another collaboration never reads ours, nor narrows to our area (404); its upload cannot name our areas", async () => {
      const m = monthAgo(11);
      expect(await uploaded(other.org.coordinator.api, csv([`${m};${names.other};Skadegörelse;99`]))).toEqual({ months: [m], rows: 1 });
      expect(await uploaded(coordinator.api, csv([`${m};${names.centrum};Skadegörelse;1`]))).toEqual({ months: [m], rows: 1 });
      // Each collaboration's upload of the month replaced its own rows only.
      expect(await stored([m], other.id)).toBe(1);
      expect(await stored([m])).toBe(2);
      const theirs = await read(other.org.member.api, `?from=${monthAgo(59)}&to=${monthAgo(0)}`);
      expect(theirs).toEqual([{ month: m, area: { id: other.area, name: names.other }, crimeType: 'Skadegörelse', count: 99 }]);
      const ours = await read(w.orgs.police.member.api, `?from=${m}&to=${m}`);
      expect(ours).toEqual([{ month: m, area: { id: w.areas.centrum, name: names.centrum }, crimeType: 'Skadegörelse', count: 1 }]);
      expectError(await other.org.member.api.get(`/api/crime-stats?areaId=${w.areas.centrum}`), 404, { mentions: /areaId/ });
      expectError(await w.orgs.police.member.api.get(`/api/crime-stats?areaId=${other.area}`), 404, { mentions: /areaId/ });
      const refused = await upload(other.org.coordinator.api, csv([`${m};${names.centrum};Skadegörelse;5`, `${m};${w.areas.hamnen};Rån;1`]));
      expectError(refused, 400, { code: 'CSV_INVALID', mentions: /unknown area/ });
      expect(refused.body.errors.map((e: { line: number }) => e.line)).toEqual([2, 3]);
    });
  });

  describe('reading', () => {
    it('refuses a month not YYYY-MM naming the field, to before from, and a period over five years', async () => {
      const api = w.orgs.school.member.api;
      expectError(await api.get('/api/crime-stats?from=2026-13'), 400, { field: 'from' });
      expectError(await api.get('/api/crime-stats?to=2026-1'), 400, { field: 'to' });
      expectError(await api.get(`/api/crime-stats?from=${monthAgo(1)}&to=${monthAgo(2)}`), 400, { field: 'to' });
      expect((await api.get(`/api/crime-stats?from=${monthAgo(59)}&to=${monthAgo(0)}`)).status).toBe(200);
      expectError(await api.get(`/api/crime-stats?from=${monthAgo(60)}&to=${monthAgo(0)}`), 400, { field: 'to', mentions: /five years/ });
      // Without `to` the period ends this month.
      expectError(await api.get(`/api/crime-stats?from=${monthAgo(70)}`), 400, { field: 'from', mentions: /five years/ });
    });
  });

  describe('afterwards', () => {
    it('leaves no half-written rows behind', async () => {
      expect(await halfWritten(t.databaseUrl)).toEqual({});
    });
  });
});
