/**
 * Citizen promises (medborgarlöften) over HTTP, against a fixture year counted by hand: a coordinator makes the promise
 * of 2024 with four commitments; the efforts, actions, concern talks and reports of 2023 and 2024 below are what it is
 * measured by (some of them hidden from some partners, and from the joint view of the documents). Live progress per
 * caller, the generated follow-up (its figures and its Swedish words), editing, regenerating and publishing, the
 * public page (aggregates only, nothing below 3, nothing hidden), the PDF and the DOCX read back, the action plan of
 * 2027 and its follow-up, and every bad input of the issue.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import type { Api, ApiResponse } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { CONSISTENCY_CHECKS, halfWritten } from '../support/consistency.js';
import { withDb } from '../support/db.js';
import { postConcernTalk, postReport } from '../support/feed-client.js';
import { buildOtherCollaboration, buildWorld, type OtherCollaboration, unique, type World } from '../support/world.js';
import { expectError, identityNumber } from './helpers.js';

jest.setTimeout(120_000);

const run = promisify(execFile);

let t: TestApp;
let w: World;
let other: OtherCollaboration;
let dir: string;

/** The fixture's own areas, far from the world's: A (with the commitments of the first focus area) and B. */
const A_BOUNDARY = { type: 'Polygon', coordinates: [[[14.49, 59.69], [14.51, 59.69], [14.51, 59.71], [14.49, 59.71], [14.49, 59.69]]] };
const B_BOUNDARY = { type: 'Polygon', coordinates: [[[14.59, 59.69], [14.61, 59.69], [14.61, 59.71], [14.59, 59.71], [14.59, 59.69]]] };
const IN_A = { lat: 59.7, lng: 14.5 };
const IN_B = { lat: 59.7, lng: 14.6 };

const fx = {} as {
  areaA: { id: string; name: string }; areaB: { id: string; name: string };
  hidden: { report: string; efforts: string[]; effortTitles: string[] };
  reports: string[]; efforts: Record<string, string>;
  promise: any; followUp: any; plan: any;
};

async function ok(res: { status: number; text: string; body: any }, status: number, what: string) {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 400)}${res.status >= 500 ? t.output().slice(-3000) : ""}`);
  return res.body;
}

/**
 * An effort of the fixture: made planned, then (optionally) done or cancelled on the given day, then shared with all
 * partners when `share` (a dog search starts `own` and may be shared only when over), with its actions.
 */
async function effort(by: Api, body: Record<string, unknown>, opts: { on: string; status?: 'done' | 'cancelled' | 'planned'; share?: boolean;
  actions?: { organisationId: string; kind: string; count?: number; at: string; by?: Api }[] }): Promise<string> {
  const e = await ok(await by.post('/api/efforts', { plannedStart: `${opts.on}T10:00:00Z`, ...body }), 201, `effort ${body.title}`);
  let version = e.version;
  if (opts.status === 'done') {
    version = (await ok(await by.patch(`/api/efforts/${e.id}`, { version, status: 'done', actualStart: `${opts.on}T10:00:00Z`, actualEnd: `${opts.on}T14:00:00Z` }), 200, 'done')).version;
  } else if (opts.status === 'cancelled') {
    version = (await ok(await by.patch(`/api/efforts/${e.id}`, { version, status: 'cancelled' }), 200, 'cancelled')).version;
  }
  if (opts.share) await ok(await by.patch(`/api/efforts/${e.id}`, { version, visibility: 'partners' }), 200, 'share');
  for (const a of opts.actions ?? []) {
    await ok(await (a.by ?? by).post(`/api/efforts/${e.id}/actions`, { organisationId: a.organisationId, kind: a.kind, count: a.count, at: a.at }), 201, 'action');
  }
  return e.id;
}

async function readPdf(bytes: Buffer): Promise<{ text: string; info: string }> {
  const file = join(dir, `${randomUUID()}.pdf`);
  writeFileSync(file, bytes);
  const [text, info] = await Promise.all([run('pdftotext', ['-layout', file, '-']), run('pdfinfo', [file])]);
  return { text: text.stdout, info: info.stdout };
}

async function download(api: Api, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(api.baseUrl + path, { headers: api.token ? { authorization: `Bearer ${api.token}` } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Every paragraph of a document's words in one string (headings too). */
const words = (text: { title: string; sections: { heading: string; paragraphs: string[] }[] }) =>
  [text.title, ...text.sections.flatMap((s) => [s.heading, ...s.paragraphs])].join('\n');

/**
 * The numbers of a public answer that are counts: every number but years, versions and the promised targets. Each must
 * be at least 3 (a smaller one is the words "färre än 3").
 */
function countsIn(value: unknown, key = '', parent = ''): { path: string; value: number }[] {
  if (typeof value === 'number') return ['year', 'version'].includes(key) || parent === 'target' ? [] : [{ path: key, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => countsIn(v, `${key}[${i}]`, parent));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => countsIn(v, k, key.replace(/\[\d+\]$/, '')));
  return [];
}

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  other = await buildOtherCollaboration(t, w.admin);
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-promises-'));
  const { police, school, social, municipality } = w.orgs;
  const coordinator = municipality.coordinator.api;
  const [a, b] = await Promise.all([
    ok(await coordinator.post('/api/areas', { name: `Fixturstaden ${unique()}`, boundary: A_BOUNDARY }), 201, 'area A'),
    ok(await coordinator.post('/api/areas', { name: `Fixturbyn ${unique()}`, boundary: B_BOUNDARY }), 201, 'area B'),
  ]);
  fx.areaA = { id: a.id, name: a.name };
  fx.areaB = { id: b.id, name: b.name };

  // Reports: 2023 in A, drugs 5 and damage 1; in B, drugs 1. 2024 in A, drugs 2 shared and 1 the police keep to themselves.
  const report = (api: Api, category: string, at: string, where = IN_A, visibility = 'partners') =>
    postReport(api, { category, description: `Iakttagelse ${category} ${at}.`, observedAt: `${at}T20:00:00Z`, location: where, visibility });
  const reports = await Promise.all([
    report(police.member.api, 'drug_dealing', '2023-02-10'), report(police.member.api, 'drug_dealing', '2023-05-11'),
    report(school.member.api, 'drug_dealing', '2023-09-12'), report(school.member.api, 'drug_use', '2023-10-13'),
    report(social.member.api, 'drug_use', '2023-11-14'), report(municipality.member.api, 'vandalism', '2023-06-15'),
    report(police.member.api, 'drug_use', '2023-07-16', IN_B),
    report(police.member.api, 'drug_dealing', '2024-03-10'), report(school.member.api, 'drug_use', '2024-08-20'),
  ]);
  fx.reports = reports.map((r) => r.id);
  fx.hidden = { report: (await report(police.member.api, 'drug_use', '2024-04-04', IN_A, 'own')).id, efforts: [], effortTitles: [] };

  // Efforts and their actions (2024, but E6 of 2023). E5 and E9 stay with the police (`own`): hidden from everyone else and from the documents.
  const pc = police.coordinator.api;
  const sc = school.coordinator.api;
  const socc = social.coordinator.api;
  const one = (type: string, title: string, orgs: string[], areaIds: string[] = [fx.areaA.id]) =>
    ({ type, title, mode: orgs.length > 1 ? 'joint' : 'separate', organisationIds: orgs, areaIds });
  const [E1, E2, E3, E4, E5, E6, E7, E8, E9, E10, E11] = await Promise.all([
    effort(pc, one('dog_search', 'Hundsök på skolan', [police.id, school.id]), { on: '2024-03-10', status: 'done', share: true }),
    effort(sc, one('school_visit', 'Skolbesök i åk 9', [school.id]), { on: '2024-04-02', status: 'done' }),
    effort(sc, one('school_visit', 'Skolbesök i gymnasiet', [school.id]), { on: '2024-09-15', status: 'done' }),
    effort(sc, one('school_visit', 'Skolbesök i åk 8', [school.id]), { on: '2024-11-20' }),
    effort(pc, one('dog_search', 'Hemlig hundinsats i Fixturstaden', [police.id]), { on: '2024-05-05', status: 'done' }),
    effort(sc, one('school_visit', 'Skolbesök förra året', [school.id]), { on: '2023-10-01', status: 'done' }),
    effort(pc, one('speed_check', 'Hastighetskontroll i byn', [police.id], [fx.areaB.id]), {
      on: '2024-06-01', status: 'done', actions: [{ organisationId: police.id, kind: 'kontroller', count: 12, at: '2024-06-01T12:00:00Z' }],
    }),
    effort(pc, one('sobriety_check', 'Nykterhetskontroll', [police.id], []), {
      on: '2024-07-01', status: 'done', actions: [
        { organisationId: police.id, kind: 'kontroller', count: 10, at: '2024-07-01T12:00:00Z' },
        { organisationId: police.id, kind: 'kontroller', at: '2024-07-02T12:00:00Z' },
      ],
    }),
    effort(pc, { ...one('sobriety_check', 'Intern nykterhetskontroll', [police.id], [fx.areaB.id]), visibility: 'own' }, {
      on: '2024-08-01', status: 'done', actions: [{ organisationId: police.id, kind: 'kontroller', count: 5, at: '2024-08-01T12:00:00Z' }],
    }),
    effort(socc, one('concern_talk', 'Orossamtal med familjer', [social.id, police.id]), {
      on: '2024-02-01', status: 'done', actions: [
        { organisationId: social.id, kind: 'samtal', count: 4, at: '2024-02-01T12:00:00Z' },
        { organisationId: police.id, kind: 'samtal', count: 2, at: '2024-10-01T12:00:00Z', by: pc },
      ],
    }),
    effort(sc, one('school_visit', 'Inställt skolbesök', [school.id]), { on: '2024-06-01', status: 'cancelled' }),
  ]);
  fx.efforts = { E1, E2, E3, E4, E5, E6, E7, E8, E9, E10, E11 };
  fx.hidden.efforts = [E5, E9];
  fx.hidden.effortTitles = ['Hemlig hundinsats i Fixturstaden', 'Intern nykterhetskontroll'];

  // Concern talks: in A 2024 (police 4 talks, social services 2); in B 2024 (7, not in the commitment's area); in A 2023 (9, the year before).
  await Promise.all([
    postConcernTalk(police.member.api, { month: '2024-03', areaId: fx.areaA.id, talks: 4, youths: 5, guardiansPresent: 3, socialServicesPresent: 2 }),
    postConcernTalk(social.member.api, { month: '2024-05', areaId: fx.areaA.id, talks: 2, youths: 2, guardiansPresent: 1, socialServicesPresent: 2 }),
    postConcernTalk(social.member.api, { month: '2024-06', areaId: fx.areaB.id, talks: 7, youths: 7, guardiansPresent: 0, socialServicesPresent: 0 }),
    postConcernTalk(police.member.api, { month: '2023-05', areaId: fx.areaA.id, talks: 9, youths: 9, guardiansPresent: 2, socialServicesPresent: 2 }),
  ]);
});
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

/** The promise of 2024, as the municipality's coordinator makes it. */
const promiseBody = () => ({
  year: 2024,
  title: 'Medborgarlöfte Fixturstaden 2024',
  focusAreas: [
    {
      title: 'Förebygga drogmissbruk bland unga',
      text: 'Polis, skola och socialtjänst arbetar för drogfria skolor och når unga i riskzon tidigt.',
      commitments: [
        { text: 'Polis och skola genomför minst fyra hundsök och skolbesök. Besöken sker spontant.', ownerOrganisationId: w.orgs.police.id,
          effortTypes: ['dog_search', 'school_visit'], areaIds: [fx.areaA.id], target: { kind: 'efforts', count: 4 } },
        { text: 'Orossamtal med unga i riskzon tillsammans med socialtjänsten.', ownerOrganisationId: w.orgs.social.id,
          effortTypes: ['concern_talk'], areaIds: [fx.areaA.id], target: { kind: 'actions', count: 5 }, dueAt: '2024-11-30' },
        { text: 'Färre rapporter om narkotika i Fixturstaden.', ownerOrganisationId: w.orgs.municipality.id,
          categories: ['drug_dealing', 'drug_use'], areaIds: [fx.areaA.id], target: { kind: 'reports_trend', count: 2 } },
      ],
    },
    {
      title: 'Ökad trygghet i trafiken',
      text: 'Kontroller där boende känner sig otrygga.',
      commitments: [
        { text: 'Minst 20 hastighets- och nykterhetskontroller.', ownerOrganisationId: w.orgs.police.id,
          effortTypes: ['speed_check', 'sobriety_check'], target: { kind: 'actions', count: 20 } },
      ],
    },
  ],
});

const commitments = (p: any) => p.focusAreas.flatMap((f: any) => f.commitments);

describe('a coordinator makes the promise of 2024, and every member reads its live progress', () => {
  beforeAll(async () => {
    fx.promise = await ok(await w.orgs.municipality.coordinator.api.post('/api/promises', promiseBody()), 201, 'promise');
  });

  it('answers the promise with its parts, its period and its progress, counted as the school sees it', async () => {
    const p = await ok(await w.orgs.school.member.api.get(`/api/promises/${fx.promise.id}`), 200, 'read');
    expect(p).toEqual(expect.objectContaining({
      year: 2024, toYear: 2024, title: 'Medborgarlöfte Fixturstaden 2024', version: 1, followUps: [],
      period: { from: '2024-01-01', to: '2024-12-31', countedTo: '2024-12-31', previousFrom: '2023-01-01', previousTo: '2023-12-31' },
    }));
    const [c1, c2, c3, c4] = commitments(p);
    expect(c1).toEqual(expect.objectContaining({
      owner: { id: w.orgs.police.id, name: w.orgs.police.name, kind: 'police' }, areas: [fx.areaA], effortTypes: ['dog_search', 'school_visit'],
      target: { kind: 'efforts', count: 4 }, dueAt: '2024-12-31', overdue: true,
    }));
    // E1, E2, E3 done (E5 is the police's own; E6 was 2023; E4 planned; E11 cancelled).
    expect(c1.progress).toEqual(expect.objectContaining({ done: 3, target: 4, percent: 75, met: false }));
    expect(c1.progress.efforts).toEqual({
      done: 3, planned: 1, ongoing: 0, cancelled: 1,
      byType: [{ type: 'school_visit', done: 2 }, { type: 'dog_search', done: 1 }],
      byOrganisation: [{ organisation: expect.objectContaining({ id: w.orgs.school.id }), done: 3 }, { organisation: expect.objectContaining({ id: w.orgs.police.id }), done: 1 }],
    });
    // Every category in A: 2024 two (the police's own one hidden), 2023 six.
    expect(c1.progress.reports).toEqual(expect.objectContaining({ current: 2, previous: 6, change: -4, trend: 'down' }));
    // The school holds no concern talks: none shown to it.
    expect(c2.progress).toEqual(expect.objectContaining({ done: 6, met: true, concernTalks: null }));
    expect(c2.progress.actions).toEqual({
      total: 6, byKind: [{ kind: 'samtal', total: 6 }],
      byOrganisation: [{ organisation: expect.objectContaining({ id: w.orgs.social.id }), total: 4 }, { organisation: expect.objectContaining({ id: w.orgs.police.id }), total: 2 }],
    });
    expect(c2.dueAt).toBe('2024-11-30');
    // Drugs in A: 2 against 5, three fewer; two were promised.
    expect(c3.progress).toEqual(expect.objectContaining({ done: 3, target: 2, percent: 100, met: true }));
    expect(c3.progress.reports.byCategory).toEqual([{ category: 'drug_dealing', current: 1, previous: 3 }, { category: 'drug_use', current: 1, previous: 2 }]);
    // 12 + 10 + 1 (an action without a count counts one); E9's 5 are the police's own.
    expect(c4.progress).toEqual(expect.objectContaining({ done: 23, target: 20, met: true }));
    expect(c4.progress.efforts.done).toBe(2);
  });

  it("counts for the police what the police may see: their own dog search, report and sobriety check too, and concern talks as sums", async () => {
    const p = await ok(await w.orgs.police.member.api.get(`/api/promises/${fx.promise.id}`), 200, 'read');
    const [c1, c2, c3, c4] = commitments(p);
    expect(c1.progress).toEqual(expect.objectContaining({ done: 4, met: true }));
    expect(c1.overdue).toBe(false);
    expect(c2.progress.concernTalks).toEqual({ records: 2, talks: 6, youths: 7, guardiansPresent: 4, socialServicesPresent: 4 });
    expect(c3.progress.reports).toEqual(expect.objectContaining({ current: 3, previous: 5 }));
    expect(c4.progress).toEqual(expect.objectContaining({ done: 28, met: true }));
    expect(c4.progress.efforts.done).toBe(3);
  });

  it('lists the promises of a year with how many commitments are met (for the reader)', async () => {
    const list = await ok(await w.orgs.school.member.api.get('/api/promises?year=2024'), 200, 'list');
    expect(list.items).toEqual([expect.objectContaining({ id: fx.promise.id, commitments: 4, commitmentsMet: 3 })]);
    expect(list.items[0].focusAreas.map((f: any) => f.commitments)).toEqual([3, 1]);
    expect((await ok(await w.orgs.school.member.api.get('/api/promises?year=2023'), 200, 'list')).items).toEqual([]);
  });

  it('is changed at the version read: kept ids stay, left-out commitments go, a stale version is a 409', async () => {
    const api = w.orgs.municipality.coordinator.api;
    const body = promiseBody();
    const current = await ok(await api.get(`/api/promises/${fx.promise.id}`), 200, 'read');
    const [f1, f2] = current.focusAreas;
    const changed = await ok(await api.patch(`/api/promises/${fx.promise.id}`, {
      version: 1, title: 'Medborgarlöfte Fixturstaden 2024 (reviderat)',
      focusAreas: [
        { ...body.focusAreas[0], id: f1.id, commitments: body.focusAreas[0].commitments.map((c, i) => ({ ...c, id: f1.commitments[i].id })) },
        { ...body.focusAreas[1], id: f2.id, commitments: [
          { ...body.focusAreas[1].commitments[0], id: f2.commitments[0].id },
          { text: 'Ett extra åtagande att ta bort igen.', ownerOrganisationId: w.orgs.municipality.id, target: { kind: 'efforts', count: 1 } },
        ] },
      ],
    }), 200, 'patch');
    expect(changed.version).toBe(2);
    expect(changed.title).toBe('Medborgarlöfte Fixturstaden 2024 (reviderat)');
    expect(commitments(changed).map((c: any) => c.id).slice(0, 4)).toEqual(commitments(current).map((c: any) => c.id));
    expect(commitments(changed)).toHaveLength(5);
    expectError(await api.patch(`/api/promises/${fx.promise.id}`, { version: 1, title: 'Gammal version' }), 409, { code: 'VERSION_CONFLICT' });
    // Back to the four commitments (the fifth left out is removed).
    const back = await ok(await api.patch(`/api/promises/${fx.promise.id}`, {
      version: 2, title: 'Medborgarlöfte Fixturstaden 2024',
      focusAreas: changed.focusAreas.map((f: any) => ({ id: f.id, title: f.title, text: f.text, commitments: f.commitments.slice(0, f.id === f2.id ? 1 : 3).map((c: any) => ({
        id: c.id, text: c.text, ownerOrganisationId: c.owner.id, effortTypes: c.effortTypes, areaIds: c.areas.map((a: any) => a.id), categories: c.categories,
        target: c.target, dueAt: c.dueAt,
      })) })),
    }), 200, 'patch back');
    expect(back.version).toBe(3);
    expect(commitments(back).map((c: any) => c.id)).toEqual(commitments(current).map((c: any) => c.id));
    fx.promise = back;
  });
  it('moves a commitment to another focus area while the one it was in is removed, keeping its id', async () => {
    const api = w.orgs.municipality.coordinator.api;
    const made = await ok(await api.post('/api/promises', {
      year: 2025, title: 'Ett löfte att ordna om',
      focusAreas: [
        { title: 'Första', text: 'Ett.', commitments: [{ text: 'Kvar.', ownerOrganisationId: w.orgs.police.id, target: { kind: 'efforts', count: 1 } }] },
        { title: 'Andra', text: 'Två.', commitments: [{ text: 'Flyttas.', ownerOrganisationId: w.orgs.school.id, target: { kind: 'actions', count: 2 } }] },
      ],
    }), 201, 'promise 2025');
    const [first, second] = made.focusAreas;
    const asInput = (c: any) => ({ id: c.id, text: c.text, ownerOrganisationId: c.owner.id, target: c.target });
    const moved = await ok(await api.patch(`/api/promises/${made.id}`, {
      version: 1, focusAreas: [{ id: first.id, title: 'Första', text: 'Ett.', commitments: [asInput(second.commitments[0]), asInput(first.commitments[0])] }],
    }), 200, 'move');
    expect(moved.focusAreas.map((f: any) => [f.id, f.commitments.map((c: any) => [c.id, c.position])])).toEqual([
      [first.id, [[second.commitments[0].id, 0], [first.commitments[0].id, 1]]],
    ]);
  });
});

describe('the follow-up of 2024, generated from the data', () => {
  beforeAll(async () => {
    fx.followUp = await ok(await w.orgs.municipality.coordinator.api.post(`/api/promises/${fx.promise.id}/follow-ups`, {}), 201, 'follow-up');
  });

  it('holds the figures of the joint view, counted by hand (nothing one organisation keeps to itself)', () => {
    const f = fx.followUp.figures;
    expect(fx.followUp).toEqual(expect.objectContaining({ kind: 'follow_up', year: 2024, status: 'draft', version: 1, publishedVersion: null, promiseId: fx.promise.id, publicPath: null }));
    expect(f.audience).toBe('joint');
    // Each effort once: E1, E2, E3, E7, E8, E10 done; E4 planned. Actions: 6 + 12 + 11.
    expect(f.totals).toEqual({
      effortsDone: 6, effortsPlanned: 1, effortsOngoing: 0, actions: 29,
      concernTalks: { records: 2, talks: 6, youths: 7, guardiansPresent: 4, socialServicesPresent: 4 },
    });
    const [c1, c2, c3, c4] = f.focusAreas.flatMap((a: any) => a.commitments);
    expect([c1.progress.done, c1.progress.met, c2.progress.done, c3.progress.done, c3.progress.met, c4.progress.done]).toEqual([3, false, 6, 3, true, 23]);
    expect(c2.progress.concernTalks).toEqual({ records: 2, talks: 6, youths: 7, guardiansPresent: 4, socialServicesPresent: 4 });
    expect(c3.progress.reports).toEqual(expect.objectContaining({ current: 2, previous: 5, trend: 'down' }));
    // The first focus area's problem is the drug reports in A (its one commitment naming categories); the second names
    // no category, so it follows every report its commitment does: every one, anywhere.
    expect(f.focusAreas.map((a: any) => [a.reports.current, a.reports.previous])).toEqual([[2, 5], [2, 7]]);
  });

  it('writes it in Swedish, every count below 3 as "färre än 3", and keeps the draft beside the words', () => {
    const { generated, text, editedSections, origin } = fx.followUp.current;
    expect(text).toEqual(generated);
    expect(editedSections).toEqual([]);
    expect(origin).toBe('generate');
    const all = words(generated);
    expect(generated.title).toBe('Uppföljning av medborgarlöftet 2024: Medborgarlöfte Fixturstaden 2024');
    expect(all).toMatch(/I medborgarlöftet för 2024 lovade parterna i .+ att arbeta med två fokusområden: ”Förebygga drogmissbruk bland unga” och ”Ökad trygghet i trafiken”\./);
    expect(all).toContain('Sammanlagt genomfördes 6 insatser inom löftets åtaganden och 29 åtgärder registrerades. Tre av fyra åtaganden nådde sitt mål.');
    expect(all).toContain('Polis och socialtjänst höll 6 orossamtal med 7 ungdomar i riskzon');
    expect(all).toContain('Resultat: 3 insatser genomförda – målet är inte nått (75 procent av målet).');
    expect(all).toContain(`3 insatser genomfördes (skolbesök färre än 3 och hundsök färre än 3), med ${w.orgs.school.name} 3 och ${w.orgs.police.name}. Därtill finns färre än 3 planerade. Färre än 3 ställdes in.`);
    expect(all).toContain(`Orossamtal i ${fx.areaA.name}: 6 samtal med 7 ungdomar; vårdnadshavare var med vid 4 och socialtjänsten vid 4 av samtalen.`);
    expect(all).toContain('Registrerade åtgärder: samtal 6.');
    expect(all).toContain('Resultat: färre än 3 rapporter under 2024 mot 5 under 2023, en minskning – målet är nått.');
    expect(all).toContain(`Rapporterna om narkotikaförsäljning och narkotikabruk i ${fx.areaA.name}`);
    expect(all).toContain('Resultat: 23 åtgärder registrerade – målet är nått.');
    expect(all).toContain('Inte nådda: ”Polis och skola genomför minst fyra hundsök och skolbesök”.');
    // Nothing hidden reaches the words, and no small number: every digit run below 3 stands for a year, a day or a target.
    for (const hidden of fx.hidden.effortTitles) expect(all).not.toContain(hidden);
    expect(generated.sections.map((s: any) => s.key)).toEqual([
      'intro', `focus:${fx.promise.focusAreas[0].id}`, ...fx.promise.focusAreas[0].commitments.map((c: any) => `commitment:${c.id}`),
      `focus:${fx.promise.focusAreas[1].id}`, `commitment:${fx.promise.focusAreas[1].commitments[0].id}`, 'summary', 'closing',
    ]);
  });

  it('makes a new version of every edit, each kept; a regeneration keeps the edited sections and takes the rest afresh', async () => {
    const api = w.orgs.municipality.coordinator.api;
    const text = structuredClone(fx.followUp.current.text);
    text.sections[0].paragraphs[0] = 'Pandemin är över, och parterna har mötts oftare än på länge. ' + text.sections[0].paragraphs[0];
    text.sections.splice(1, 0, { key: 'tack', level: 1, heading: 'Tack', paragraphs: ['Tack till alla som har bidragit.'] });
    const edited = await ok(await api.patch(`/api/follow-ups/${fx.followUp.id}`, { version: 1, text }), 200, 'edit');
    expect(edited).toEqual(expect.objectContaining({ version: 2, status: 'draft' }));
    expect(edited.current).toEqual(expect.objectContaining({ version: 2, origin: 'edit', editedSections: ['intro', 'tack'], text }));
    expect(edited.current.generated).toEqual(fx.followUp.current.generated);
    expect(edited.versions.map((v: any) => [v.version, v.origin])).toEqual([[2, 'edit'], [1, 'generate']]);
    // Version 1 is kept as it was.
    const first = await ok(await api.get(`/api/follow-ups/${fx.followUp.id}/versions/1`), 200, 'v1');
    expect(first.current.text).toEqual(fx.followUp.current.text);

    // More data comes in (a third school visit shared with all); generating again: 200, version 3.
    await effort(w.orgs.school.coordinator.api, { type: 'school_visit', title: 'Sent skolbesök', mode: 'separate', organisationIds: [w.orgs.school.id], areaIds: [fx.areaA.id] },
      { on: '2024-12-01', status: 'done' });
    const again = await api.post(`/api/promises/${fx.promise.id}/follow-ups`, {});
    expect(again.status).toBe(200);
    expect(again.body).toEqual(expect.objectContaining({ id: fx.followUp.id, version: 3 }));
    expect(again.body.current.origin).toBe('regenerate');
    expect(again.body.current.text.sections[0]).toEqual(text.sections[0]);
    expect(again.body.current.text.sections[1]).toEqual(text.sections[1]);
    expect(again.body.figures.focusAreas[0].commitments[0].progress).toEqual(expect.objectContaining({ done: 4, met: true }));
    expect(words(again.body.current.text)).toContain('Resultat: 4 insatser genomförda – målet är nått.');
    expect(again.body.current.editedSections).toEqual(['intro', 'tack']);
    fx.followUp = again.body;
  });

  it('is published; the public page then shows the published words and aggregates only, nothing below 3, nothing hidden', async () => {
    const api = w.orgs.municipality.coordinator.api;
    expectError(await w.anonymous.get(`/api/public/follow-ups/${fx.followUp.id}`), 404);
    const published = await ok(await api.post(`/api/follow-ups/${fx.followUp.id}/publish`, { version: 3 }), 200, 'publish');
    expect(published).toEqual(expect.objectContaining({ status: 'published', version: 3, publishedVersion: 3, publicPath: `/uppfoljning/${fx.followUp.id}` }));
    expect(published.current.publishedAt).toEqual(expect.any(String));

    const res = await w.anonymous.get(`/api/public/follow-ups/${fx.followUp.id}`);
    expect(res.status).toBe(200);
    const page = res.body;
    expect(page).toEqual(expect.objectContaining({ id: fx.followUp.id, kind: 'follow_up', year: 2024, version: 3, text: fx.followUp.current.text }));
    expect(page.collaboration).toEqual({ name: expect.any(String), municipality: expect.any(String) });
    // Aggregates: every count at least 3, else the words.
    expect(countsIn(page.figures).filter((c) => c.value < 3)).toEqual([]);
    const [c1, c2, c3, c4] = page.figures.focusAreas.flatMap((a: any) => a.commitments);
    expect(c1.efforts).toEqual({
      done: 4, byType: [{ type: 'school_visit', done: 3 }, { type: 'dog_search', done: 'färre än 3' }],
      byOrganisation: [{ organisation: { name: w.orgs.school.name, kind: 'school' }, done: 4 }, { organisation: { name: w.orgs.police.name, kind: 'police' }, done: 'färre än 3' }],
    });
    expect(c2.concernTalks).toEqual({ talks: 6, youths: 7 });
    expect(c3.reports).toEqual({ current: 'färre än 3', previous: 5, trend: 'down' });
    expect(c4.actions).toEqual({ total: 23 });
    expect(page.figures.totals).toEqual({ effortsDone: 7, actions: 29, concernTalks: 6 });
    // Never a record: no id of a report, an effort, an organisation or an area; no place; no effort's title.
    const wire = res.text;
    for (const id of [...fx.reports, fx.hidden.report, ...Object.values(fx.efforts), ...Object.values(w.orgs).map((o) => o.id), fx.areaA.id, fx.areaB.id, fx.promise.id]) {
      expect(wire).not.toContain(id);
    }
    for (const title of ['Hundsök på skolan', 'Skolbesök i åk 9', ...fx.hidden.effortTitles]) expect(wire).not.toContain(title);
    expect(wire).not.toMatch(/"(lat|lng|place|description|author|observedAt)"/);
  });

  it('makes an edit of the published version a new draft; the public page keeps the published one; publishing twice is a 409', async () => {
    const api = w.orgs.municipality.coordinator.api;
    expectError(await api.post(`/api/follow-ups/${fx.followUp.id}/publish`, { version: 3 }), 409, { code: 'ALREADY_PUBLISHED' });
    const text = structuredClone(fx.followUp.current.text);
    text.sections[0].paragraphs.push('Ett tillägg efter publiceringen.');
    const draft = await ok(await api.patch(`/api/follow-ups/${fx.followUp.id}`, { version: 3, text }), 200, 'edit after publishing');
    expect(draft).toEqual(expect.objectContaining({ version: 4, status: 'draft', publishedVersion: 3 }));
    const page = await ok(await w.anonymous.get(`/api/public/follow-ups/${fx.followUp.id}`), 200, 'public');
    expect(page.version).toBe(3);
    expect(words(page.text)).not.toContain('Ett tillägg efter publiceringen.');
    expectError(await api.post(`/api/follow-ups/${fx.followUp.id}/publish`, { version: 3 }), 409, { code: 'VERSION_CONFLICT' });
    fx.followUp = draft;
  });

  it('exports the follow-up as a Swedish A4 PDF with extractable text', async () => {
    const file = await download(w.orgs.school.member.api, `/api/follow-ups/${fx.followUp.id}?format=pdf`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="uppfoljning-2024-v4.pdf"');
    const { text, info } = await readPdf(file.bytes);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Uppföljning av medborgarlöftet 2024: Medborgarlöfte Fixturstaden 2024');
    expect(flat).toContain('Utkast, inte publicerat · version 4');
    expect(flat).toContain('Förebygga drogmissbruk bland unga');
    expect(flat).toContain('Ett tillägg efter publiceringen.');
    expect(flat).toContain('Sammanställning av åtagandena');
    expect(flat).toContain('6 åtgärder');
    expect(flat).toContain('sida 1 av');
    for (const hidden of fx.hidden.effortTitles) expect(flat).not.toContain(hidden);
    // The published version, as published.
    const v3 = await readPdf((await download(w.orgs.school.member.api, `/api/follow-ups/${fx.followUp.id}/versions/3?format=pdf`)).bytes);
    expect(v3.text.replace(/\s+/g, ' ')).toMatch(/Publicerad \d+ \w+ \d{4} · version 3/);
  });

  it('exports it as a DOCX with the words as Word headings and paragraphs', async () => {
    const file = await download(w.orgs.school.member.api, `/api/follow-ups/${fx.followUp.id}?format=docx`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="uppfoljning-2024-v4.docx"');
    const zip = await JSZip.loadAsync(file.bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => ({
      style: /<w:pStyle w:val="([^"]+)"/.exec(m[0])?.[1] ?? null,
      text: [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
    }));
    expect(paragraphs).toContainEqual({ style: 'Title', text: 'Uppföljning av medborgarlöftet 2024: Medborgarlöfte Fixturstaden 2024' });
    expect(paragraphs).toContainEqual({ style: 'Heading1', text: 'Förebygga drogmissbruk bland unga' });
    expect(paragraphs).toContainEqual({ style: 'Heading2', text: 'Polis och skola genomför minst fyra hundsök och skolbesök' });
    expect(paragraphs).toContainEqual({ style: null, text: 'Ett tillägg efter publiceringen.' });
    expect(xml).toContain('<w:tbl>');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  });
});

describe('the action plan of 2027 and its follow-up', () => {
  beforeAll(async () => {
    const { police, municipality } = w.orgs;
    const coordinator = municipality.coordinator.api;
    await ok(await coordinator.post('/api/promises', {
      year: 2027, title: 'Medborgarlöfte 2027',
      focusAreas: [{ title: 'Trygg by', text: 'Synlig polis i byn.', commitments: [
        { text: 'Polisen patrullerar i byn varje månad.', ownerOrganisationId: police.id, effortTypes: ['visibility_patrol'], areaIds: [fx.areaB.id], target: { kind: 'efforts', count: 12 } },
      ] }],
    }), 201, 'promise 2027');
    const lamp = await postReport(municipality.member.api, { category: 'lighting', description: 'Trasig lampa vid gångvägen.', observedAt: new Date(Date.now() - 3600_000).toISOString(), location: IN_A });
    const pc = police.coordinator.api;
    fx.efforts.P1 = await effort(pc, { type: 'visibility_patrol', title: 'Patrull i byn', mode: 'separate', organisationIds: [police.id], areaIds: [fx.areaB.id] }, { on: '2027-03-01' });
    fx.efforts.P2 = await effort(coordinator, { type: 'lighting_fix', title: 'Ny belysning längs gångvägen', mode: 'separate', organisationIds: [municipality.id], areaIds: [fx.areaA.id], reportIds: [lamp.id] }, { on: '2027-04-01' });
    fx.efforts.P3 = await effort(pc, { type: 'drug_operation', title: 'Planerad narkotikainsats', mode: 'separate', organisationIds: [police.id] }, { on: '2027-05-01' });
    fx.plan = await ok(await coordinator.post('/api/action-plans', { year: 2027 }), 201, 'action plan');
  });

  it('groups the commitments and the planned efforts shared with all by problem and area, with owners and dates', () => {
    const groups = fx.plan.figures.groups;
    expect(groups.map((g: any) => [g.problem.title, g.area?.name ?? null, g.commitments.length, g.efforts.map((e: any) => e.title)])).toEqual([
      ['Trygg by', fx.areaB.name, 1, ['Patrull i byn']],
      ['Belysning', fx.areaA.name, 0, ['Ny belysning längs gångvägen']],
    ]);
    expect(groups[0].efforts[0]).toEqual(expect.objectContaining({ owner: expect.objectContaining({ id: w.orgs.police.id }), plannedStart: '2027-03-01T10:00:00.000Z', status: 'planned' }));
    const all = words(fx.plan.current.text);
    expect(fx.plan.current.text.title).toMatch(/^Åtgärdsplan 2027 – /);
    expect(all).toContain('lagen (2023:196)');
    expect(all).toContain(`Åtagande: Polisen patrullerar i byn varje månad. Ansvarig: ${w.orgs.police.name}. Klart senast 31 december 2027.`);
    // The words are aggregates (the public page shows them): efforts by type and owner, never a title, counts below 3 so written.
    expect(all).toContain(`Synlighetspatrull: färre än 3 planerade. Ansvarig: ${w.orgs.police.name}. Planerad 1 mars 2027.`);
    for (const title of ['Patrull i byn', 'Ny belysning längs gångvägen', 'Planerad narkotikainsats']) expect(all).not.toContain(title);
    expect(all).not.toMatch(/\b[12] (planerade|åtaganden)/);
  });

  it('is published with a public page of counts per problem and area, and exported', async () => {
    const api = w.orgs.municipality.coordinator.api;
    await ok(await api.post(`/api/action-plans/${fx.plan.id}/publish`, { version: 1 }), 200, 'publish plan');
    const page = await ok(await w.anonymous.get(`/api/public/action-plans/${fx.plan.id}`), 200, 'public plan');
    expect(page.figures.groups).toEqual([
      expect.objectContaining({ title: 'Trygg by', area: { name: fx.areaB.name }, efforts: 'färre än 3', byType: [{ type: 'visibility_patrol', count: 'färre än 3' }] }),
      expect.objectContaining({ title: 'Belysning', area: { name: fx.areaA.name }, efforts: 'färre än 3' }),
    ]);
    expect(JSON.stringify(page.figures)).not.toContain(fx.efforts.P1);
    // The other kind's route does not serve it.
    expectError(await w.anonymous.get(`/api/public/follow-ups/${fx.plan.id}`), 404);
    expectError(await api.get(`/api/follow-ups/${fx.plan.id}`), 404);
    const pdf = await readPdf((await download(api, `/api/action-plans/${fx.plan.id}?format=pdf`)).bytes);
    expect(pdf.text.replace(/\s+/g, ' ')).toContain('Planen i siffror');
  });

  it("follows the plan up from its efforts' status and outcomes", async () => {
    const pc = w.orgs.police.coordinator.api;
    const p1 = await ok(await pc.get(`/api/efforts/${fx.efforts.P1}`), 200, 'P1');
    await ok(await pc.patch(`/api/efforts/${fx.efforts.P1}`, { version: p1.version, status: 'done', outcome: 'Tolv pass, lugnt i byn.' }), 200, 'P1 done');
    const mc = w.orgs.municipality.coordinator.api;
    const p2 = await ok(await mc.get(`/api/efforts/${fx.efforts.P2}`), 200, 'P2');
    await ok(await mc.patch(`/api/efforts/${fx.efforts.P2}`, { version: p2.version, status: 'cancelled' }), 200, 'P2 cancelled');
    const followUp = await ok(await mc.post(`/api/action-plans/${fx.plan.id}/follow-ups`, {}), 201, 'plan follow-up');
    expect(followUp).toEqual(expect.objectContaining({ kind: 'action_plan_follow_up', actionPlanId: fx.plan.id, year: 2027 }));
    expect(followUp.figures.totals).toEqual({
      efforts: 2, withOutcome: 1, notShown: 0,
      byStatus: [{ status: 'planned', count: 0 }, { status: 'ongoing', count: 0 }, { status: 'done', count: 1 }, { status: 'cancelled', count: 1 }],
    });
    const all = words(followUp.current.text);
    expect(all).toContain(`Synlighetspatrull (${w.orgs.police.name}): färre än 3 i planen, genomförda färre än 3. Utfall registrerat för färre än 3.`);
    expect(all).toContain(`Belysningsåtgärd (${w.orgs.municipality.name}): färre än 3 i planen, inställda färre än 3. Inget utfall är registrerat.`);
    // Outcomes stay in the figures (for the coordinators), not in the words that are published.
    expect(all).not.toContain('Patrull i byn');
    expect(followUp.figures.groups.flatMap((g: any) => g.efforts.map((e: any) => e.outcome))).toContain('Tolv pass, lugnt i byn.');
    // Served among the follow-ups.
    expect((await ok(await mc.get(`/api/follow-ups/${followUp.id}`), 200, 'read')).kind).toBe('action_plan_follow_up');
  });
});

describe('bad input: a clear 4xx each, nothing half-written', () => {
  const post = (api: Api, change: (b: any) => void) => {
    const body = promiseBody();
    change(body);
    return api.post('/api/promises', body);
  };

  it('refuses who may not: no token 401, a member 403, another collaboration 404', async () => {
    expectError(await w.anonymous.post('/api/promises', promiseBody()), 401);
    expectError(await w.orgs.police.member.api.post('/api/promises', promiseBody()), 403);
    expectError(await w.orgs.police.member.api.post(`/api/promises/${fx.promise.id}/follow-ups`, {}), 403);
    expectError(await w.orgs.police.member.api.patch(`/api/follow-ups/${fx.followUp.id}`, { version: 1, text: fx.followUp.current.text }), 403);
    expectError(await w.orgs.police.member.api.post('/api/action-plans', { year: 2027 }), 403);
    expectError(await w.anonymous.get(`/api/promises/${fx.promise.id}`), 401);
    expectError(await other.org.coordinator.api.get(`/api/promises/${fx.promise.id}`), 404);
    expectError(await other.org.coordinator.api.get(`/api/follow-ups/${fx.followUp.id}`), 404);
    expectError(await other.org.coordinator.api.post(`/api/promises/${fx.promise.id}/follow-ups`, {}), 404);
    expectError(await w.orgs.municipality.coordinator.api.get(`/api/promises/${randomUUID()}`), 404);
    expectError(await w.orgs.municipality.coordinator.api.get(`/api/follow-ups/${randomUUID()}?format=pdf`), 404);
    expectError(await w.anonymous.get(`/api/public/follow-ups/${randomUUID()}`), 404);
    expectError(await w.anonymous.get('/api/public/follow-ups/not-a-uuid'), 400, { field: 'id' });
  });

  it('refuses a commitment without an owner, with a negative or missing target, or an owner or area of another collaboration', async () => {
    const api = w.orgs.municipality.coordinator.api;
    expectError(await post(api, (b) => delete b.focusAreas[0].commitments[1].ownerOrganisationId), 400, { field: 'focusAreas.0.commitments.1.ownerOrganisationId' });
    expectError(await post(api, (b) => (b.focusAreas[0].commitments[0].target.count = -1)), 400, { field: 'focusAreas.0.commitments.0.target.count' });
    expectError(await post(api, (b) => (b.focusAreas[1].commitments[0].target = { kind: 'efforts' })), 400, { field: 'focusAreas.1.commitments.0.target.count' });
    expectError(await post(api, (b) => (b.focusAreas[1].commitments[0].ownerOrganisationId = other.org.id)), 404, { field: 'focusAreas.1.commitments.0.ownerOrganisationId' });
    expectError(await post(api, (b) => (b.focusAreas[0].commitments[2].areaIds = [other.area])), 404, { field: 'focusAreas.0.commitments.2.areaIds' });
    expectError(await post(api, (b) => (b.focusAreas[0].commitments = [])), 400, { field: 'focusAreas.0.commitments' });
    expectError(await post(api, (b) => (b.focusAreas[0].commitments[1].dueAt = '2025-01-15')), 400, { field: 'focusAreas.0.commitments.1.dueAt' });
    // Categories are the collaboration's (its own ones too): an unknown code is named at its commitment.
    expectError(await post(api, (b) => (b.focusAreas[1].commitments[0].categories = ['no_such_category'])), 400, { field: 'focusAreas.1.commitments.0.categories' });
    expectError(await post(api, (b) => (b.focusAreas[0].commitments[0].categories = ['Not A Code'])), 400, { field: 'focusAreas.0.commitments.0.categories' });
  });

  it('refuses a year outside the collaboration\'s data, after next year, or a span the wrong way round', async () => {
    const api = w.orgs.municipality.coordinator.api;
    // The collaboration's first report is of 2023.
    expectError(await post(api, (b) => (b.year = 2021)), 400, { field: 'year', code: 'YEAR_OUTSIDE_DATA' });
    expectError(await post(api, (b) => (b.year = 2031)), 400, { field: 'year' });
    expectError(await post(api, (b) => Object.assign(b, { year: 2024, toYear: 2023 })), 400, { field: 'toYear' });
    expectError(await post(api, (b) => Object.assign(b, { year: 2024, toYear: 2030 })), 400, { field: 'toYear' });
    expectError(await post(api, (b) => (b.year = 1999)), 400, { field: 'year' });
    expectError(await api.post('/api/action-plans', { year: 2021 }), 400, { code: 'YEAR_OUTSIDE_DATA' });
    expectError(await api.post(`/api/promises/${fx.promise.id}/follow-ups`, { year: 2023 }), 400, { field: 'year' });
  });

  it('refuses personal data in any text, naming the field (the message names the field\'s own name, never the value)', async () => {
    const api = w.orgs.municipality.coordinator.api;
    const pnr = identityNumber('19900101');
    const personal = (res: ApiResponse, field: string) => {
      expectError(res, 400, { code: 'PERSONAL_DATA' });
      expect(res.body.field).toBe(field);
      expect(res.text).not.toContain(pnr);
    };
    personal(await post(api, (b) => (b.focusAreas[0].commitments[0].text = `Samtal med ${pnr}.`)), 'focusAreas.0.commitments.0.text');
    personal(await post(api, (b) => (b.focusAreas[1].text = 'Ring 070-123 45 67 om du ser något.')), 'focusAreas.1.text');
    const text = structuredClone(fx.followUp.current.text);
    text.sections[2].paragraphs[0] = 'Kontakta anna.andersson@example.se för mer.';
    personal(await api.patch(`/api/follow-ups/${fx.followUp.id}`, { version: fx.followUp.version, text }), 'text.sections.2.paragraphs');
    text.sections[2].paragraphs[0] = `Hör av dig, ${pnr}.`;
    text.sections[2].heading = 'Rubrik';
    text.title = `Uppföljning ${pnr}`;
    personal(await api.patch(`/api/follow-ups/${fx.followUp.id}`, { version: fx.followUp.version, text }), 'text.title');
    text.title = 'Uppföljning';
    text.sections[2].paragraphs[0] = 'Rent.';
    text.sections[3].key = text.sections[2].key;
    expectError(await api.patch(`/api/follow-ups/${fx.followUp.id}`, { version: fx.followUp.version, text }), 400, { field: 'text.sections.3.key' });
    expectError(await api.patch(`/api/follow-ups/${fx.followUp.id}`, { version: fx.followUp.version, text: { title: 'Tom', sections: [] } }), 400, { field: 'text.sections' });
    expectError(await api.patch(`/api/promises/${fx.promise.id}`, { version: fx.promise.version, title: `Löfte ${pnr}` }), 400, { code: 'PERSONAL_DATA', field: 'title' });
    // Nothing of it was written: the document is at the version it was.
    expect((await ok(await api.get(`/api/follow-ups/${fx.followUp.id}`), 200, 'read')).version).toBe(fx.followUp.version);
  });

  it('refuses ids of another promise in a change, unknown fields, and a stale version of a document', async () => {
    const api = w.orgs.municipality.coordinator.api;
    const body = promiseBody();
    expectError(await api.patch(`/api/promises/${fx.promise.id}`, { version: fx.promise.version, focusAreas: [{ ...body.focusAreas[0], id: randomUUID() }] }), 400, { field: 'focusAreas.0.id' });
    expectError(await api.patch(`/api/promises/${fx.promise.id}`, { version: fx.promise.version, colour: 'blå' }), 400);
    expectError(await api.patch(`/api/follow-ups/${fx.followUp.id}`, { version: 1, text: fx.followUp.current.text }), 409, { code: 'VERSION_CONFLICT' });
    expectError(await api.get(`/api/follow-ups/${fx.followUp.id}/versions/99`), 404);
    expectError(await api.get(`/api/follow-ups/${fx.followUp.id}/versions/0`), 400, { field: 'version' });
    expectError(await api.get(`/api/follow-ups/${fx.followUp.id}?format=xlsx`), 400, { field: 'format' });
  });

  it('leaves no half-written rows behind (and the checks see one)', async () => {
    expect(await halfWritten(t.databaseUrl)).toEqual({});
    // A version written without its document moving on (and its audit row), and a promise changed without its audit row,
    // in a transaction rolled back: both named.
    const named = await withDb(t.databaseUrl, async (db) => {
      await db.query('BEGIN');
      try {
        await db.query(`INSERT INTO promise_document_versions (collaboration_id, document_id, version, status, origin, generated, text, figures, created_by)
          SELECT collaboration_id, document_id, version + 10, 'draft', 'edit', generated, text, figures, created_by FROM promise_document_versions
          WHERE document_id = $1 AND version = 1`, [fx.followUp.id]);
        await db.query('UPDATE promises SET version = version + 1 WHERE id = $1', [fx.promise.id]);
        const ours = CONSISTENCY_CHECKS.filter((c) => /promise|document/.test(c.name));
        const hits: string[] = [];
        for (const c of ours) if ((await db.query(c.sql)).rows.length) hits.push(c.name);
        return hits;
      } finally {
        await db.query('ROLLBACK');
      }
    });
    expect(named).toHaveLength(2);
    expect(await halfWritten(t.databaseUrl)).toEqual({});
  });
});

describe('the public pages are rate-limited per address', () => {
  // Last in the file: it uses up this address's budget of the public pages (60 a minute).
  it('answers 429 with Retry-After once an address has asked 60 times in a minute', async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 61 && !limited; i++) {
      const res = await fetch(`${t.url}/api/public/follow-ups/${fx.followUp.id}`);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      await res.arrayBuffer();
    }
    expect(statuses[0]).toBe(200);
    expect(limited?.status).toBe(429);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    // The rest of the service is not limited by it.
    expect((await w.orgs.school.member.api.get(`/api/follow-ups/${fx.followUp.id}`)).status).toBe(200);
  });
});
