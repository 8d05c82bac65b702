import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildOtherCollaboration, buildWorld, createUser, type OtherCollaboration, reportBody, type TestUser, type World } from '../support/world.js';
import { expectError, newId } from './helpers.js';

// Each file starts its own service and builds its people (argon2): generous on a busy 2-core machine.
jest.setTimeout(60_000);

/**
 * Every visibility × every kind of viewer × every report endpoint, generated. The report is by a member of the
 * police ("the author"); `organisations` reports are shared with the school; social services are a third partner;
 * a police organisation in another collaboration is the outsider. Hidden means 404 — the same 404 as an id that
 * does not exist — never 403.
 */
type Visibility = 'partners' | 'organisations' | 'own';
type Relation = 'author' | 'authorOrg' | 'sharedOrg' | 'thirdOrg' | 'otherCollab';
interface Viewer {
  label: string;
  relation: Relation;
  role: 'member' | 'coordinator' | 'admin';
  user: () => { id: string; api: Api };
}

const an = (role: string) => `${role === 'admin' ? 'an' : 'a'} ${role}`;

const VISIBLE: Record<Visibility, Relation[]> = {
  partners: ['author', 'authorOrg', 'sharedOrg', 'thirdOrg'],
  organisations: ['author', 'authorOrg', 'sharedOrg'],
  own: ['author', 'authorOrg'],
};

let t: TestApp;
let w: World;
let other: OtherCollaboration;
let author: TestUser;
let platformAdminId: string;
const reports = {} as Record<Visibility, string>;

const viewers: Viewer[] = [
  { label: 'the author (a member)', relation: 'author', role: 'member', user: () => author },
  ...(['member', 'coordinator', 'admin'] as const).flatMap((role) => [
    { label: `${an(role)} of the author's organisation`, relation: 'authorOrg' as const, role, user: () => w.orgs.police[role] },
    { label: `${an(role)} of the shared-with organisation`, relation: 'sharedOrg' as const, role, user: () => w.orgs.school[role] },
    { label: `${an(role)} of a third partner`, relation: 'thirdOrg' as const, role, user: () => w.orgs.social[role] },
    { label: `${an(role)} of another collaboration`, relation: 'otherCollab' as const, role, user: () => other.org[role] },
  ]),
  { label: 'the platform admin (a third organisation)', relation: 'thirdOrg', role: 'admin', user: () => ({ id: platformAdminId, api: w.admin }) },
];

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  [other, author] = await Promise.all([buildOtherCollaboration(t, w.admin), createUser(t, w.admin, w.orgs.police.id, 'member')]);
  platformAdminId = (await w.admin.get('/api/me')).body.id;
  for (const visibility of ['partners', 'organisations', 'own'] as const) {
    const res = await author.api.post('/api/reports', reportBody({
      visibility, description: `Synlighet ${visibility}.`, placeId: w.places.torget,
      ...(visibility === 'organisations' ? { sharedWithOrganisationIds: [w.orgs.school.id] } : {}),
    }));
    expect(res.status).toBe(201);
    reports[visibility] = res.body.id;
    expect((await author.api.post(`/api/reports/${res.body.id}/comments`, { body: 'Författarens kommentar.' })).status).toBe(201);
  }
});
afterAll(() => t?.close());

describe.each(['partners', 'organisations', 'own'] as const)('visibility %s', (visibility) => {
  describe.each(viewers)('seen by $label', (viewer) => {
    const visible = VISIBLE[visibility].includes(viewer.relation);
    const insideAuthorOrg = viewer.relation === 'author' || viewer.relation === 'authorOrg';

    it(visible ? 'sees it through every endpoint' : 'gets 404 from every endpoint and no trace in lists', async () => {
      const id = reports[visibility];
      const { api } = viewer.user();
      const missing = await api.get(`/api/reports/${newId()}`);
      const hidden = (res: { status: number; body: unknown }, what: string) => {
        expect({ what, status: res.status }).toEqual({ what, status: 404 });
        expect(res.body).toEqual(missing.body);
      };

      // GET /api/reports: in the list or not (also when filtered to exactly where it is).
      for (const query of ['limit=500', `placeId=${w.places.torget}&limit=500`, `organisationId=${w.orgs.police.id}&limit=500`]) {
        const list = await api.get(`/api/reports?${query}`);
        expect(list.status).toBe(200);
        const found = list.body.items.find((r: { id: string }) => r.id === id);
        expect({ query, listed: Boolean(found) }).toEqual({ query, listed: visible });
        if (found) expect(found.author === null).toBe(!insideAuthorOrg);
      }

      // GET /api/reports/:id
      const one = await api.get(`/api/reports/${id}`);
      if (visible) {
        expect(one.status).toBe(200);
        expect(one.body.id).toBe(id);
        expect(one.body.visibility).toBe(visibility);
        expect(one.body.organisation.id).toBe(w.orgs.police.id);
        if (insideAuthorOrg) expect(one.body.author).toEqual({ id: author.id, name: expect.any(String) });
        else expect(one.body.author).toBeNull();
      } else hidden(one, 'GET report');

      // GET /api/reports/:id/comments
      const comments = await api.get(`/api/reports/${id}/comments`);
      if (visible) {
        expect(comments.status).toBe(200);
        const byAuthor = comments.body.items[0];
        expect(byAuthor.body).toBe('Författarens kommentar.');
        expect(byAuthor.author === null).toBe(!insideAuthorOrg);
      } else hidden(comments, 'GET comments');

      // GET /api/reports/:id/history
      const history = await api.get(`/api/reports/${id}/history`);
      if (visible) {
        expect(history.status).toBe(200);
        expect(history.body.items[0].action).toBe('created');
        expect(history.body.items[0].actor === null).toBe(!insideAuthorOrg);
      } else hidden(history, 'GET history');

      // POST /api/reports/:id/comments
      const comment = await api.post(`/api/reports/${id}/comments`, { body: `Kommentar från ${viewer.relation} ${viewer.role}.` });
      if (visible) {
        expect(comment.status).toBe(201);
        expect(comment.body.reportId).toBe(id);
      } else hidden(comment, 'POST comment');

      // PATCH /api/reports/:id: the author and coordinators/admins may; other members 403; hidden 404.
      const current = (await author.api.get(`/api/reports/${id}`)).body;
      const change = await api.patch(`/api/reports/${id}`, { version: current.version, severity: current.severity === 3 ? 2 : 3 });
      const after = (await author.api.get(`/api/reports/${id}`)).body;
      if (!visible) {
        hidden(change, 'PATCH');
        expect(after.version).toBe(current.version);
      } else if (viewer.relation === 'author' || viewer.role !== 'member') {
        expect(change.status).toBe(200);
        expect(after.version).toBe(current.version + 1);
        expect(change.body.author === null).toBe(!insideAuthorOrg);
      } else {
        expectError(change, 403);
        expect(after.version).toBe(current.version);
      }
    });
  });
});

describe('changing who sees a report', () => {
  it('only the reporting organisation may change visibility (403 for a partner coordinator)', async () => {
    const r = await author.api.post('/api/reports', reportBody({ description: 'Flytta synlighet.' }));
    expectError(await w.orgs.school.coordinator.api.patch(`/api/reports/${r.body.id}`, { version: 1, visibility: 'own' }), 403);
    expectError(await w.orgs.school.admin.api.patch(`/api/reports/${r.body.id}`, { version: 1, visibility: 'organisations', sharedWithOrganisationIds: [w.orgs.school.id] }), 403);
    expect((await author.api.get(`/api/reports/${r.body.id}`)).body).toEqual(expect.objectContaining({ visibility: 'partners', version: 1 }));
  });

  it('narrowing takes effect at once: partners → own → shared with social services only', async () => {
    const r = await author.api.post('/api/reports', reportBody({ description: 'Synlighet som ändras.' }));
    const id = r.body.id;
    const sees = async (u: { api: Api }) => (await u.api.get(`/api/reports/${id}`)).status;
    expect(await sees(w.orgs.social.member)).toBe(200);
    const own = await w.orgs.police.coordinator.api.patch(`/api/reports/${id}`, { version: 1, visibility: 'own' });
    expect(own.status).toBe(200);
    expect([await sees(w.orgs.social.member), await sees(w.orgs.school.member), await sees(w.orgs.police.member)]).toEqual([404, 404, 200]);
    expect((await w.orgs.social.member.api.get('/api/reports?limit=500')).body.items.map((x: { id: string }) => x.id)).not.toContain(id);
    const shared = await author.api.patch(`/api/reports/${id}`, { version: 2, visibility: 'organisations', sharedWithOrganisationIds: [w.orgs.social.id] });
    expect(shared.status).toBe(200);
    expect(shared.body.sharedWithOrganisationIds).toEqual([w.orgs.social.id]);
    expect([await sees(w.orgs.social.member), await sees(w.orgs.school.member), await sees(w.orgs.police.member)]).toEqual([200, 404, 200]);
  });

  it('sharedWithOrganisationIds: only with visibility organisations (400), only partners of the collaboration (404), never the own organisation', async () => {
    const api = author.api;
    expectError(await api.post('/api/reports', reportBody({ visibility: 'partners', sharedWithOrganisationIds: [w.orgs.school.id] })), 400, { field: 'sharedWithOrganisationIds' });
    expectError(await api.post('/api/reports', reportBody({ sharedWithOrganisationIds: [w.orgs.school.id] })), 400, { field: 'sharedWithOrganisationIds' });
    expectError(await api.post('/api/reports', reportBody({ visibility: 'organisations', sharedWithOrganisationIds: [other.org.id] })), 404, { mentions: /sharedWithOrganisationIds/ });
    expectError(await api.post('/api/reports', reportBody({ visibility: 'organisations', sharedWithOrganisationIds: [newId()] })), 404, { mentions: /sharedWithOrganisationIds/ });
    expectError(await api.post('/api/reports', reportBody({ visibility: 'organisations', sharedWithOrganisationIds: ['school'] })), 400, { field: 'sharedWithOrganisationIds' });
    expectError(await api.post('/api/reports', reportBody({ visibility: 'secret' })), 400, { field: 'visibility' });
    const ok = await api.post('/api/reports', reportBody({ visibility: 'organisations', sharedWithOrganisationIds: [w.orgs.police.id, w.orgs.school.id, w.orgs.school.id] }));
    expect(ok.status).toBe(201);
    expect(ok.body.sharedWithOrganisationIds).toEqual([w.orgs.school.id]);
  });
});
