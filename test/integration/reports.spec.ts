/**
 * ReportsService in process: create, list, get, update and addComment as people of two organisations, with
 * visibility `partners` and `own`; what the other organisation may not see answers 404 (as the HTTP edge maps the
 * service's error); every change leaves its history. Behaviour through the service's public methods and the
 * database only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { ReportResponse } from '#contracts';
import { ReportsService } from '../../src/reports/reports.service.js';
import { type InProcessApp, type InProcessUser, type InProcessWorld, startInProcess } from '../support/in-process.js';
import { IN_CENTRUM, reportBody } from '../support/world.js';

let app: InProcessApp;
let w: InProcessWorld;
let reports: ReportsService;
// Two organisations: the police report, the school is the partner.
let police: InProcessUser;
let policeCoordinator: InProcessUser;
let school: InProcessUser;
let schoolCoordinator: InProcessUser;

beforeAll(async () => {
  app = await startInProcess();
  w = await app.world();
  reports = app.get(ReportsService);
  ({ member: police, coordinator: policeCoordinator } = w.orgs.police);
  ({ member: school, coordinator: schoolCoordinator } = w.orgs.school);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const create = (by: InProcessUser, over: Record<string, unknown> = {}) => reports.create(by.actor, reportBody(over) as any);
const historyRows = (reportId: string) =>
  app.db(async (c) => (await c.query('SELECT action, actor_id FROM report_history WHERE report_id = $1 ORDER BY id', [reportId])).rows);
const listIds = async (by: InProcessUser, q: Record<string, unknown> = {}) => {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await reports.list(by.actor, { limit: 100, ...q, ...(cursor && { cursor }) });
    ids.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
};

describe('create', () => {
  it('returns the report as stored, with its author for the own organisation and its area from the location', async () => {
    const observedAt = new Date(Date.now() - 7200_000).toISOString();
    const r = await create(police, { description: 'Krossad ruta i busskuren', severity: 3, observedAt });
    expect(r).toEqual({
      id: expect.any(String), seq: expect.any(Number), category: 'vandalism', description: 'Krossad ruta i busskuren', observedAt,
      severity: 3, status: 'new', visibility: 'partners', sharedWithOrganisationIds: [], place: null, location: IN_CENTRUM,
      area: { id: w.areas.centrum, name: expect.stringMatching(/^Centrum/) },
      organisation: { id: w.orgs.police.id, name: w.orgs.police.name, kind: 'police' },
      author: { id: police.id, name: expect.any(String) },
      assignedTo: null, mergedInto: null, answer: null,
      createdAt: expect.any(String), updatedAt: expect.any(String), version: 1,
    });
    expect(r.seq).toBeGreaterThan(0);
    // What get answers the author afterwards is what create answered, and the efforts that took it up (none yet).
    expect(await reports.get(police.actor, r.id)).toEqual({ ...r, efforts: [] });
  });

  it('takes the place and its area when given a place', async () => {
    const r = await create(school, { placeId: w.places.skolgarden, location: undefined });
    expect(r.place).toEqual({ id: w.places.skolgarden, name: 'Skolgården' });
    expect(r.area).toEqual({ id: w.areas.hamnen, name: expect.stringMatching(/^Hamnen/) });
  });

  it('gives every report its own, increasing seq', async () => {
    const a = await create(police);
    const b = await create(school);
    expect(b.seq).toBeGreaterThan(a.seq);
  });

  it('refuses a report without place or location, and one observed in the future, with 400', async () => {
    const none = await app.httpError(create(police, { location: undefined }));
    expect(none).toEqual({ status: 400, body: expect.objectContaining({ code: 'LOCATION_REQUIRED', field: 'placeId' }) });
    const future = await app.httpError(create(police, { observedAt: new Date(Date.now() + 3600_000).toISOString() }));
    expect(future).toEqual({ status: 400, body: expect.objectContaining({ field: 'observedAt' }) });
  });
});

describe('visibility: partners and own', () => {
  let shared: ReportResponse;
  let internal: ReportResponse;

  beforeAll(async () => {
    shared = await create(police, { description: 'Klotter, för alla partner' });
    internal = await create(police, { description: 'Polisens interna iakttagelse', visibility: 'own' });
  });

  it('the partner sees a partners report, without its author', async () => {
    const seen = await reports.get(school.actor, shared.id);
    expect(seen).toEqual({ ...shared, author: null, efforts: [] });
  });

  it('everyone in the own organisation sees an own report, with its author; coordinators of partners do not', async () => {
    expect(await reports.get(policeCoordinator.actor, internal.id)).toEqual({ ...internal, efforts: [] });
    expect(internal.author).toEqual({ id: police.id, name: expect.any(String) });
    for (const partner of [school, schoolCoordinator, w.orgs.social.admin, w.orgs.municipality.coordinator]) {
      expect(await app.httpError(reports.get(partner.actor, internal.id))).toEqual({
        status: 404, body: expect.objectContaining({ statusCode: 404, code: 'NOT_FOUND' }),
      });
    }
  });

  it('answers an invisible report exactly as one that does not exist', async () => {
    const hidden = await app.httpError(reports.get(school.actor, internal.id));
    const missing = await app.httpError(reports.get(school.actor, randomUUID()));
    expect(hidden).toEqual(missing);
  });

  it('lists to each organisation what it may see, with the author only to its own', async () => {
    const policeSees = await listIds(policeCoordinator);
    const schoolSees = await listIds(school);
    expect(policeSees).toEqual(expect.arrayContaining([shared.id, internal.id]));
    expect(schoolSees).toContain(shared.id);
    expect(schoolSees).not.toContain(internal.id);
    const page = await reports.list(school.actor, { organisationId: w.orgs.police.id, limit: 100 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((r) => r.visibility === 'partners' && r.author === null)).toBe(true);
    const own = await reports.list(police.actor, { organisationId: w.orgs.police.id, limit: 100 });
    expect(own.items.find((r) => r.id === internal.id)?.author).toEqual({ id: police.id, name: expect.any(String) });
  });

  it('keeps another collaboration out entirely', async () => {
    const other = await app.otherCollaboration();
    const theirs = await create(other.org.member);
    expect(await app.httpError(reports.get(policeCoordinator.actor, theirs.id))).toEqual(expect.objectContaining({ status: 404 }));
    expect(await app.httpError(reports.get(other.org.coordinator.actor, shared.id))).toEqual(expect.objectContaining({ status: 404 }));
    expect(await listIds(policeCoordinator)).not.toContain(theirs.id);
    expect(await listIds(other.org.coordinator)).toEqual([theirs.id]);
  });
});

describe('update', () => {
  it('changes the report, raises its version and seq, and writes one history row per change', async () => {
    const r = await create(police);
    const updated = await reports.update(police.actor, r.id, { version: 1, severity: 4, description: 'Klotter, nu sanerat' });
    expect(updated).toEqual({
      ...r, severity: 4, description: 'Klotter, nu sanerat', version: 2, seq: expect.any(Number), updatedAt: expect.any(String),
    });
    expect(updated.seq).toBeGreaterThan(r.seq);
    expect(await reports.get(school.actor, r.id)).toEqual({ ...updated, author: null, efforts: [] });
    expect(await historyRows(r.id)).toEqual([{ action: 'created', actor_id: police.id }, { action: 'updated', actor_id: police.id }]);
    const history = await reports.history(police.actor, r.id);
    expect(history.items.map((h) => h.action)).toEqual(['created', 'updated']);
    expect(history.items[1]).toEqual(expect.objectContaining({
      actor: { id: police.id, name: expect.any(String) },
      organisation: expect.objectContaining({ id: w.orgs.police.id }),
      changes: expect.arrayContaining([
        { field: 'severity', from: 2, to: 4 },
        { field: 'description', from: 'Klotter på busskuren vid torget.', to: 'Klotter, nu sanerat' },
      ]),
    }));
    expect(history.items[1].changes).toHaveLength(2);
    expect(history.items[0].changes).toEqual(expect.arrayContaining([{ field: 'status', from: null, to: 'new' }]));
    // The partner reads the same history, without the person who acted.
    const partnerView = await reports.history(school.actor, r.id);
    expect(partnerView.items.map((h) => h.actor)).toEqual([null, null]);
  });

  it('writes no history and keeps the version when nothing changes', async () => {
    const r = await create(police, { severity: 3 });
    const same = await reports.update(police.actor, r.id, { version: 1, severity: 3 });
    expect(same.version).toBe(1);
    expect(await historyRows(r.id)).toHaveLength(1);
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const r = await create(police);
    await reports.update(police.actor, r.id, { version: 1, severity: 5 });
    expect(await app.httpError(reports.update(police.actor, r.id, { version: 1, severity: 1 }))).toEqual({
      status: 409, body: expect.objectContaining({ code: 'VERSION_CONFLICT', currentVersion: 2 }),
    });
    expect((await reports.get(police.actor, r.id)).severity).toBe(5);
    expect(await historyRows(r.id)).toHaveLength(2);
  });

  it('hides a report from the partner when its organisation makes it own, and shows it again when made partners', async () => {
    const r = await create(police, { description: 'Blir intern' });
    expect(await listIds(school)).toContain(r.id);
    const own = await reports.update(police.actor, r.id, { version: 1, visibility: 'own' });
    expect(own.visibility).toBe('own');
    expect((await app.httpError(reports.get(school.actor, r.id))).status).toBe(404);
    expect((await app.httpError(reports.history(school.actor, r.id))).status).toBe(404);
    expect(await listIds(school)).not.toContain(r.id);
    await reports.update(policeCoordinator.actor, r.id, { version: 2, visibility: 'partners' });
    expect((await reports.get(school.actor, r.id)).visibility).toBe('partners');
    expect((await historyRows(r.id)).map((h) => h.actor_id)).toEqual([police.id, police.id, policeCoordinator.id]);
  });

  it('answers 404, not 403, to a partner who may not see the report, and writes nothing', async () => {
    const r = await create(police, { visibility: 'own' });
    expect((await app.httpError(reports.update(schoolCoordinator.actor, r.id, { version: 1, status: 'acknowledged' }))).status).toBe(404);
    expect((await reports.get(police.actor, r.id)).status).toBe('new');
    expect(await historyRows(r.id)).toHaveLength(1);
  });

  it('answers 403 to a partner member who sees the report but is neither its author nor a coordinator', async () => {
    const r = await create(police);
    expect(await app.httpError(reports.update(school.actor, r.id, { version: 1, severity: 5 }))).toEqual({
      status: 403, body: expect.objectContaining({ code: 'FORBIDDEN' }),
    });
    // A partner's coordinator may move it on, but may not decide who sees it.
    const acknowledged = await reports.update(schoolCoordinator.actor, r.id, { version: 1, status: 'acknowledged' });
    expect(acknowledged).toEqual(expect.objectContaining({ status: 'acknowledged', version: 2, author: null }));
    expect((await app.httpError(reports.update(schoolCoordinator.actor, r.id, { version: 2, visibility: 'own' }))).status).toBe(403);
    expect((await historyRows(r.id)).map((h) => h.actor_id)).toEqual([police.id, schoolCoordinator.id]);
  });
});

describe('addComment', () => {
  const commentCount = (reportId: string) =>
    app.db(async (c) => Number((await c.query('SELECT count(*) AS n FROM report_comments WHERE report_id = $1', [reportId])).rows[0].n));

  it('lets a partner comment on a partners report; each organisation sees the commenter only if it is its own', async () => {
    const r = await create(police);
    const comment = await reports.addComment(school.actor, r.id, { body: 'Vi har sett detsamma vid skolan' });
    expect(comment).toEqual(expect.objectContaining({
      id: expect.any(String), reportId: r.id, body: 'Vi har sett detsamma vid skolan', seq: expect.any(Number),
      organisation: expect.objectContaining({ id: w.orgs.school.id }), author: { id: school.id, name: expect.any(String) },
    }));
    expect(comment.seq).toBeGreaterThan(r.seq);
    const bySchool = await reports.comments(schoolCoordinator.actor, r.id, {});
    const byPolice = await reports.comments(police.actor, r.id, {});
    expect(bySchool.items).toHaveLength(1);
    expect(bySchool.items[0]).toEqual(expect.objectContaining({ id: comment.id, body: comment.body, author: { id: school.id, name: expect.any(String) } }));
    expect(byPolice.items).toEqual([expect.objectContaining({ id: comment.id, body: comment.body, author: null })]);
  });

  it('answers 404 to a comment on a report the commenter may not see, and stores nothing', async () => {
    const r = await create(police, { visibility: 'own' });
    expect(await app.httpError(reports.addComment(school.actor, r.id, { body: 'Får inte synas' }))).toEqual({
      status: 404, body: expect.objectContaining({ code: 'NOT_FOUND' }),
    });
    expect((await app.httpError(reports.comments(school.actor, r.id, {}))).status).toBe(404);
    expect(await commentCount(r.id)).toBe(0);
    // The own organisation may comment on it.
    await reports.addComment(policeCoordinator.actor, r.id, { body: 'Internt: följs upp' });
    expect(await commentCount(r.id)).toBe(1);
  });

  it('stops taking comments from a partner once the report is made own', async () => {
    const r = await create(police);
    await reports.addComment(school.actor, r.id, { body: 'Första kommentaren' });
    await reports.update(police.actor, r.id, { version: 1, visibility: 'own' });
    expect((await app.httpError(reports.addComment(school.actor, r.id, { body: 'Andra kommentaren' }))).status).toBe(404);
    expect(await commentCount(r.id)).toBe(1);
  });
});
