import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { ApiResponse } from '../support/api.js';
import { withDb } from '../support/db.js';
import { startTestApp, type TestApp } from '../support/app.js';
import type { Api } from '../support/api.js';
import { adminApi, createOrg, reportBody, type TestOrg } from '../support/world.js';
import { expectError, identityNumber, newId } from './helpers.js';

// Each file starts its own service and builds its people (argon2): generous on a busy 2-core machine.
jest.setTimeout(60_000);

/** Values the shared picture must never hold, each with the kind the API names. */
const pnr = identityNumber('19811218');
const sam = identityNumber('19900307', '123', true);
const PERSONAL: [string, string, string][] = [
  ['a personnummer (12 digits, dash)', pnr, 'personal_identity_number'],
  ['a personnummer (10 digits, dash)', pnr.slice(2), 'personal_identity_number'],
  ['a personnummer (12 digits, no separator)', pnr.replace('-', ''), 'personal_identity_number'],
  ['a personnummer of someone over 100 (plus)', pnr.slice(2).replace('-', '+'), 'personal_identity_number'],
  ['a samordningsnummer', sam, 'coordination_number'],
  ['a mobile number with dash and spaces', '070-123 45 67', 'phone_number'],
  ['a mobile number in international form', '+46 70 123 45 67', 'phone_number'],
  ['a mobile number without separators', '0701234567', 'phone_number'],
  ['a Stockholm landline', '08-123 456 78', 'phone_number'],
  ['an e-mail address', 'kalle.anka@example.se', 'email'],
  ['an e-mail address in capitals', 'Info@Foretag.SE', 'email'],
];

/** The same kinds written to walk around a plain pattern match (libs/privacy normalises first: libs/privacy/README.md). */
const fullWidth = (x: string) => x.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const arabicIndic = (x: string) => x.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
const DISGUISED: [string, string, string][] = [
  ['a personnummer in full-width digits', fullWidth(pnr), 'personal_identity_number'],
  ['a personnummer with a dot between every digit', pnr.slice(2).replace('-', '').split('').join('.'), 'personal_identity_number'],
  ['a mobile number with zero-width spaces inside', '070\u200b123\u200b45\u200b67', 'phone_number'],
  ['a mobile number in Arabic-Indic digits', arabicIndic('070-123 45 67'), 'phone_number'],
  ['an e-mail address written out', 'kalle.anka at example punkt se', 'email'],
  ['an e-mail address with [at] and [dot]', 'kalle [at] example [dot] com', 'email'],
];

const ORDINARY = [
  'Den 2026-11-12 kl. 22.30 samlades ca 15 ungdomar vid Storgatan 5, 531 30 Lidköping.',
  'Skadegörelse för ungefär 12 000 kr på busskuren, anmält 12/11.',
  'Mellan 21:00 och 23:45 kördes mopeder på gång- och cykelvägen, 3 st.',
  'Postnummer 531 32, 531 40 och 533 30 berörs.',
  'Bil med reg.nr ABC 123 stod parkerad 2026-11-20 från 18.00.',
  'Mellan 2026-11-01 och 2026-11-14 har 8 bränder anlagts, skadorna uppgår till 350 000 kronor.',
  'Ärendenummer K123456-26 hos polisen, diarienr KS 2026/123.',
  'Öppettider 08.00–17.00, lördag 10-14. Höjd 2,5 meter.',
  // A number shaped like a personnummer but with a wrong check digit is not one.
  `Löpnummer ${pnr.slice(0, -1)}${(Number(pnr.slice(-1)) + 1) % 10} i kassaregistret.`,
];

describe('personal data is refused in free text', () => {
  let t: TestApp;
  let org: TestOrg;
  let reportId: string;
  let admin: Api;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminApi(t);
    org = await createOrg(t, admin, 'police', 'pdata');
    const r = await org.member.api.post('/api/reports', reportBody({ description: 'En rapport utan personuppgifter.' }));
    expect(r.status).toBe(201);
    reportId = r.body.id;
  });
  afterAll(() => t?.close());

  const counts = () => withDb(t.databaseUrl, async (db) => {
    const { rows } = await db.query(`SELECT (SELECT count(*) FROM reports) AS reports, (SELECT count(*) FROM report_comments) AS comments,
      (SELECT count(*) FROM report_history) AS history, (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM idempotency_keys) AS keys`);
    return rows[0];
  });
  const storedAnywhere = (value: string) => withDb(t.databaseUrl, async (db) => {
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM reports WHERE description LIKE $1) + (SELECT count(*) FROM report_comments WHERE body LIKE $1)
            + (SELECT count(*) FROM events WHERE payload::text LIKE $1) + (SELECT count(*) FROM audit_log WHERE details::text LIKE $1) AS n`,
      [`%${value}%`],
    );
    return Number(rows[0].n);
  });

  /** 400 PERSONAL_DATA naming field and kind, and the value appears nowhere in the answer. */
  const expectRefused = (res: ApiResponse, field: string, kind: string, value: string) => {
    expectError(res, 400, { code: 'PERSONAL_DATA' });
    expect(res.body.field).toBe(field);
    expect(res.body.kind).toBe(kind);
    expect(res.text).not.toContain(value);
    expect(res.text).not.toContain(value.replace(/\D/g, '').slice(-8) || value);
  };

  describe.each(PERSONAL)('%s', (_label, value, kind) => {
    it('is refused in a new report description, and nothing is stored', async () => {
      const before = await counts();
      const res = await org.member.api.post('/api/reports', reportBody({ description: `Ungdom som uppgav ${value} sågs vid torget.` }), { 'Idempotency-Key': newId() });
      expectRefused(res, 'description', kind, value);
      expect(await counts()).toEqual(before);
    });

    it('is refused in a comment, and nothing is stored', async () => {
      const before = await counts();
      const res = await org.coordinator.api.post(`/api/reports/${reportId}/comments`, { body: `Kontakt: ${value}` });
      expectRefused(res, 'body', kind, value);
      expect(await counts()).toEqual(before);
    });

    it('is refused when a description is changed, and the report stays as it was', async () => {
      const current = (await org.member.api.get(`/api/reports/${reportId}`)).body;
      const res = await org.member.api.patch(`/api/reports/${reportId}`, { version: current.version, description: `${value} ringde in.`, severity: 5 });
      expectRefused(res, 'description', kind, value);
      const after = (await org.member.api.get(`/api/reports/${reportId}`)).body;
      expect(after).toEqual(current);
      expect(await storedAnywhere(value)).toBe(0);
      expect(t.output()).not.toContain(value);
    });
  });

  it.each(DISGUISED)('disguised, it is refused all the same: %s', async (_label, value, kind) => {
    const before = await counts();
    const res = await org.member.api.post('/api/reports', reportBody({ description: `Uppgav ${value} vid torget.` }));
    expectRefused(res, 'description', kind, value);
    expect(await counts()).toEqual(before);
  });

  it('names are checked too: of places, areas, people, organisations and collaborations', async () => {
    const phone = '070-123 45 67';
    const cases: [string, Api, string, string, Record<string, unknown>, string][] = [
      ['a place', org.member.api, 'POST', '/api/places', { name: `Porten, ring ${phone}`, location: { lat: 58.5, lng: 13.1 } }, 'name'],
      ['an area', org.coordinator.api, 'POST', '/api/areas', { name: `Kvarteret ${pnr}` }, 'name'],
      ['a new user', org.admin.api, 'POST', '/api/users',
        { email: `namn.${Date.now()}@test.lagesbild`, name: `Kalle ${pnr}`, organisationId: org.id, role: 'member', password: 'a-long-test-password' }, 'name'],
      ['a user renamed', org.admin.api, 'PATCH', `/api/users/${org.member.id}`, { version: 1, name: `Kalle ${phone}` }, 'name'],
      ['an organisation', admin, 'POST', '/api/organisations', { name: 'Bolaget kalle.anka@example.se', kind: 'business' }, 'name'],
      ['a collaboration', admin, 'POST', '/api/collaborations', { name: 'Trygg i Vara', municipality: `Vara ${phone}` }, 'municipality'],
    ];
    for (const [what, api, method, path, body, field] of cases) {
      const res = await api.request(method, path, body);
      expect({ what, status: res.status, code: res.body.code, field: res.body.field }).toEqual({ what, status: 400, code: 'PERSONAL_DATA', field });
    }
  });

  it('several kinds in one text: the answer lists each kind and no value', async () => {
    const res = await org.member.api.post('/api/reports', reportBody({ description: `Mamma ${pnr}, tel 070-123 45 67, mejl a.b@example.se.` }));
    expectError(res, 400, { code: 'PERSONAL_DATA' });
    expect(res.body.field).toBe('description');
    expect(res.body.kinds).toEqual(expect.arrayContaining(['personal_identity_number', 'phone_number', 'email']));
    for (const v of [pnr, '070-123 45 67', 'a.b@example.se']) expect(res.text).not.toContain(v);
  });

  it.each(ORDINARY)('ordinary text passes: %s', async (text) => {
    const res = await org.member.api.post('/api/reports', reportBody({ description: text }));
    expect({ status: res.status, text: res.status === 201 ? '' : res.text }).toEqual({ status: 201, text: '' });
    expect(res.body.description).toBe(text);
    const comment = await org.member.api.post(`/api/reports/${res.body.id}/comments`, { body: text });
    expect(comment.status).toBe(201);
  });

  it('a refused key is not spent: the same Idempotency-Key with clean text then creates the report', async () => {
    const key = newId();
    expect((await org.member.api.post('/api/reports', reportBody({ description: `Ring ${'070-123 45 67'}` }), { 'Idempotency-Key': key })).status).toBe(400);
    const ok = await org.member.api.post('/api/reports', reportBody({ description: 'Ring polisen vid behov.' }), { 'Idempotency-Key': key });
    expect(ok.status).toBe(201);
  });
});
