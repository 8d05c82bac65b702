import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { AuditEntryResponse, ConcernTalkResponse } from '#contracts';
import type { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { halfWritten } from '../support/consistency.js';
import { withDb } from '../support/db.js';
import { connectFeed, postConcernTalk, postReport, subscribe } from '../support/feed-client.js';
import {
  buildOtherCollaboration, buildWorld, concernTalkBody, createOrg, monthAgo, type OtherCollaboration, reportBody, type TestOrg, type TestUser,
  type World,
} from '../support/world.js';
import { expectError, ISO_WITH_OFFSET, newId, UUID_RE, walk } from './helpers.js';

// Each file starts its own service and builds its people (argon2): generous on a busy 2-core machine.
jest.setTimeout(60_000);

type Talk = ConcernTalkResponse;

/**
 * Concern talks (orossamtal), api-contract.md: counts per organisation, month and area, held jointly by the police and
 * social services organisations of a collaboration. Everyone else: 404 on reads, 403 on writes. Never in the report
 * list, the feed or the audit log of other organisations.
 */
describe('concern talks', () => {
  let t: TestApp;
  let w: World;
  let shop: TestOrg;
  let housing: TestOrg;
  let other: OtherCollaboration;
  let police: TestOrg;
  let social: TestOrg;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, { tokens: 'signed' });
    [shop, housing, other] = await Promise.all([
      createOrg(t, w.admin, 'business', 'shop', { tokens: 'signed' }),
      createOrg(t, w.admin, 'property_owner', 'housing', { tokens: 'signed' }),
      buildOtherCollaboration(t, w.admin, { tokens: 'signed' }),
    ]);
    police = w.orgs.police;
    social = w.orgs.social;
  });
  afterAll(() => t?.close());

  const create = (api: Api, over: Record<string, unknown> = {}): Promise<Talk> => postConcernTalk(api, concernTalkBody(over));
  const rows = (where = 'TRUE', params: unknown[] = []) =>
    withDb(t.databaseUrl, async (db) => Number((await db.query(`SELECT count(*) FROM concern_talks WHERE ${where}`, params)).rows[0].count));
  const auditOf = async (api: Api, query: string): Promise<AuditEntryResponse[]> => {
    const res = await api.get(`/api/audit?limit=500&${query}`);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  /** Everyone who is not of the police or social services: the school, a shop, a housing company, the municipality. */
  const outsiders = (): { label: string; user: TestUser }[] => [
    ...(['member', 'coordinator', 'admin'] as const).map((role) => ({ label: `the school's ${role}`, user: w.orgs.school[role] })),
    { label: "a shop's member", user: shop.member },
    { label: "a shop's admin", user: shop.admin },
    { label: "a housing company's member", user: housing.member },
    { label: "a housing company's coordinator", user: housing.coordinator },
    { label: "the municipality's member", user: w.orgs.municipality.member },
    { label: "the municipality's admin", user: w.orgs.municipality.admin },
  ];

  describe('the police and social services', () => {
    it('a police member records a month with counts and an area: 201 with every field of the record, and nothing else', async () => {
      const month = monthAgo(2);
      const res = await police.member.api.post('/api/concern-talks', { month, areaId: w.areas.centrum, talks: 6, youths: 8, guardiansPresent: 5, socialServicesPresent: 2 });
      expect(res.status).toBe(201);
      const talk: Talk = res.body;
      expect(talk).toEqual({
        id: expect.stringMatching(UUID_RE), month, area: { id: w.areas.centrum, name: expect.stringMatching(/^Centrum/) },
        talks: 6, youths: 8, guardiansPresent: 5, socialServicesPresent: 2,
        organisation: { id: police.id, name: police.name, kind: 'police' },
        createdAt: expect.stringMatching(ISO_WITH_OFFSET), updatedAt: expect.stringMatching(ISO_WITH_OFFSET), version: 1,
      });
      // No person: not the one who entered it either.
      expect(res.text).not.toContain(police.member.id);
      const got = await police.member.api.get(`/api/concern-talks/${talk.id}`);
      expect({ status: got.status, body: got.body }).toEqual({ status: 200, body: talk });
    });

    it('social services record theirs without an area, and both organisations read each other\'s (they hold them jointly)', async () => {
      const mine = await create(social.member.api, { month: monthAgo(1), talks: 2, youths: 2, guardiansPresent: 2, socialServicesPresent: 2 });
      expect(mine).toEqual(expect.objectContaining({ area: null, organisation: { id: social.id, name: social.name, kind: 'social_services' } }));
      const theirs = await create(police.coordinator.api);
      for (const [reader, id] of [[police.member, mine.id], [social.admin, theirs.id], [police.admin, mine.id]] as const) {
        const res = await reader.api.get(`/api/concern-talks/${id}`);
        expect({ status: res.status, id: res.body.id }).toEqual({ status: 200, id });
      }
      const listed = (await walk<Talk>(social.member.api, '/api/concern-talks', 500)).items.map((i) => i.id);
      expect(listed).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    });

    it('lists newest month first, from and to include their months, areaId narrows, and the cursor walks every page once', async () => {
      const tag = { area: w.areas.hamnen };
      const made = await Promise.all([0, 3, 3, 5, 8].map((back) => create(police.member.api, { month: monthAgo(back), areaId: tag.area })));
      const all = await walk<Talk>(social.coordinator.api, `/api/concern-talks?areaId=${tag.area}`, 2);
      expect(all.items.map((i) => i.id).sort()).toEqual(made.map((m) => m.id).sort());
      expect(all.pages).toBe(3);
      const months = all.items.map((i) => i.month);
      expect(months).toEqual([...months].sort().reverse());
      const range = await walk<Talk>(police.member.api, `/api/concern-talks?areaId=${tag.area}&from=${monthAgo(5)}&to=${monthAgo(3)}`, 50);
      expect(range.items.map((i) => i.month).sort()).toEqual([monthAgo(5), monthAgo(3), monthAgo(3)].sort());
      const since = await walk<Talk>(police.member.api, `/api/concern-talks?areaId=${tag.area}&from=${monthAgo(3)}`, 50);
      expect(since.items).toHaveLength(3);
      expectError(await police.member.api.get(`/api/concern-talks?from=${monthAgo(1)}&to=${monthAgo(2)}`), 400, { field: 'to' });
      expectError(await police.member.api.get('/api/concern-talks?from=2026-13'), 400, { field: 'from' });
      const forged = Buffer.from(JSON.stringify(['not-a-month', newId()])).toString('base64url');
      expectError(await police.member.api.get(`/api/concern-talks?cursor=${forged}`), 400, { field: 'cursor' });
    });

    it('changes counts at the version read: the entering organisation\'s member, and coordinators of either holding organisation', async () => {
      const talk = await create(police.member.api, { talks: 4, youths: 4, guardiansPresent: 1, socialServicesPresent: 0 });
      // Another police member (the same organisation).
      const byColleague = await police.coordinator.api.patch(`/api/concern-talks/${talk.id}`, { version: 1, youths: 5 });
      expect({ status: byColleague.status, youths: byColleague.body.youths, version: byColleague.body.version }).toEqual({ status: 200, youths: 5, version: 2 });
      const bySocialCoordinator = await social.coordinator.api.patch(`/api/concern-talks/${talk.id}`, { version: 2, guardiansPresent: 4, socialServicesPresent: 1 });
      expect(bySocialCoordinator.status).toBe(200);
      expect(bySocialCoordinator.body).toEqual({ ...talk, youths: 5, guardiansPresent: 4, socialServicesPresent: 1, version: 3, updatedAt: expect.stringMatching(ISO_WITH_OFFSET) });
      // A social services member may not change the police's record.
      expectError(await social.member.api.patch(`/api/concern-talks/${talk.id}`, { version: 3, youths: 6 }), 403);
      expectError(await social.member.api.delete(`/api/concern-talks/${talk.id}`), 403);
      // The same counts again: no new version.
      const same = await police.member.api.patch(`/api/concern-talks/${talk.id}`, { version: 3, youths: 5 });
      expect({ status: same.status, version: same.body.version }).toEqual({ status: 200, version: 3 });
      const updates = await auditOf(police.admin.api, `entityId=${talk.id}&action=concern_talk.update`);
      expect(updates.map((u) => u.details)).toEqual([
        { changes: [{ field: 'guardiansPresent', from: 1, to: 4 }, { field: 'socialServicesPresent', from: 0, to: 1 }] },
        { changes: [{ field: 'youths', from: 4, to: 5 }] },
      ]);
    });

    it('a stale version is a 409 carrying the current version, and changes nothing', async () => {
      const talk = await create(social.member.api);
      expect((await social.member.api.patch(`/api/concern-talks/${talk.id}`, { version: 1, talks: 9 })).status).toBe(200);
      const stale = await social.member.api.patch(`/api/concern-talks/${talk.id}`, { version: 1, talks: 10 });
      expectError(stale, 409, { code: 'VERSION_CONFLICT' });
      expect(stale.body.currentVersion).toBe(2);
      expect((await social.member.api.get(`/api/concern-talks/${talk.id}`)).body).toEqual(expect.objectContaining({ talks: 9, version: 2 }));
    });

    it('deletes a mistaken record (entering organisation or a coordinator): gone for everyone, the audit row keeps what it said', async () => {
      const talk = await create(police.member.api, { areaId: w.areas.centrum, talks: 3, youths: 3, guardiansPresent: 0, socialServicesPresent: 3 });
      const byOwner = await create(social.member.api);
      const res = await social.admin.api.delete(`/api/concern-talks/${talk.id}`);
      expect({ status: res.status, text: res.text }).toEqual({ status: 204, text: '' });
      expect((await social.member.api.delete(`/api/concern-talks/${byOwner.id}`)).status).toBe(204);
      for (const api of [police.member.api, social.admin.api]) expectError(await api.get(`/api/concern-talks/${talk.id}`), 404);
      expectError(await police.member.api.delete(`/api/concern-talks/${talk.id}`), 404);
      expectError(await police.member.api.patch(`/api/concern-talks/${talk.id}`, { version: 1, talks: 1 }), 404);
      expect(await rows('id = $1', [talk.id])).toBe(0);
      const [deleted] = await auditOf(police.admin.api, `entityId=${talk.id}&action=concern_talk.delete`);
      expect(deleted).toEqual(expect.objectContaining({
        action: 'concern_talk.delete', entityType: 'concern_talk', organisationId: social.id,
        details: { month: talk.month, areaId: w.areas.centrum, organisationId: police.id, talks: 3, youths: 3, guardiansPresent: 0, socialServicesPresent: 3, version: 1 },
      }));
      // Who acted is shown to their own organisation only.
      expect(deleted.user).toBeNull();
      expect((await auditOf(social.admin.api, `entityId=${talk.id}&action=concern_talk.delete`))[0].user).toEqual(expect.objectContaining({ id: social.admin.id }));
    });

    it('an Idempotency-Key returns the first answer for the same body, and 409 for another; one record is stored', async () => {
      const key = newId();
      const body = concernTalkBody({ month: monthAgo(7), talks: 11, youths: 13, guardiansPresent: 7, socialServicesPresent: 7 });
      const first = await police.member.api.post('/api/concern-talks', body, { 'Idempotency-Key': key });
      const again = await police.member.api.post('/api/concern-talks', body, { 'Idempotency-Key': key });
      expect(first.status).toBe(201);
      expect({ status: again.status, body: again.body }).toEqual({ status: 201, body: first.body });
      expectError(await police.member.api.post('/api/concern-talks', { ...body, talks: 12 }, { 'Idempotency-Key': key }), 409, { code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await rows('talks = 11 AND youths = 13')).toBe(1);
    });

    it('sums a period per month and per area, for the holders; the ends are included and areaId narrows', async () => {
      const [a, b] = [monthAgo(20), monthAgo(19)];
      await Promise.all([
        create(police.member.api, { month: a, areaId: w.areas.centrum, talks: 5, youths: 6, guardiansPresent: 4, socialServicesPresent: 1 }),
        create(social.member.api, { month: a, areaId: w.areas.centrum, talks: 2, youths: 2, guardiansPresent: 2, socialServicesPresent: 2 }),
        create(social.member.api, { month: b, talks: 1, youths: 3, guardiansPresent: 0, socialServicesPresent: 1 }),
        create(police.member.api, { month: monthAgo(18), talks: 100, youths: 100, guardiansPresent: 0, socialServicesPresent: 0 }),
      ]);
      const res = await social.coordinator.api.get(`/api/concern-talks/summary?from=${a}&to=${b}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        from: a, to: b, areaId: null,
        total: { records: 3, talks: 8, youths: 11, guardiansPresent: 6, socialServicesPresent: 4 },
        byMonth: [
          { month: a, records: 2, talks: 7, youths: 8, guardiansPresent: 6, socialServicesPresent: 3 },
          { month: b, records: 1, talks: 1, youths: 3, guardiansPresent: 0, socialServicesPresent: 1 },
        ],
        byArea: [
          { area: { id: w.areas.centrum, name: expect.stringMatching(/^Centrum/) }, records: 2, talks: 7, youths: 8, guardiansPresent: 6, socialServicesPresent: 3 },
          { area: null, records: 1, talks: 1, youths: 3, guardiansPresent: 0, socialServicesPresent: 1 },
        ],
      });
      const centrum = await police.member.api.get(`/api/concern-talks/summary?from=${a}&to=${b}&areaId=${w.areas.centrum}`);
      expect(centrum.body.total).toEqual({ records: 2, talks: 7, youths: 8, guardiansPresent: 6, socialServicesPresent: 3 });
      expectError(await police.member.api.get(`/api/concern-talks/summary?from=${b}&to=${a}`), 400, { field: 'to' });
      expectError(await police.member.api.get(`/api/concern-talks/summary?to=${a}`), 400, { field: 'from' });
      expect((await auditOf(police.admin.api, 'action=concern_talk.summary')).length).toBeGreaterThanOrEqual(1);
    });
  });

  describe('everyone else', () => {
    it('a school, a shop, a housing company and the municipality get 404 on every read and 403 on every write, whatever they send', async () => {
      const talk = await create(police.member.api, { areaId: w.areas.centrum });
      const before = await rows();
      const answers: Record<string, number[]> = {};
      for (const { label, user } of outsiders()) {
        const api = user.api;
        answers[label] = (await Promise.all([
          api.get('/api/concern-talks'),
          api.get(`/api/concern-talks?from=${monthAgo(3)}&to=${monthAgo(0)}`),
          api.get('/api/concern-talks?from=not-a-month'),
          api.get(`/api/concern-talks/summary?from=${monthAgo(12)}&to=${monthAgo(0)}`),
          api.get(`/api/concern-talks/${talk.id}`),
          api.get(`/api/concern-talks/${newId()}`),
          api.get('/api/concern-talks/not-a-uuid'),
          api.post('/api/concern-talks', concernTalkBody()),
          api.post('/api/concern-talks', { month: 'x', talks: -1, names: 'Kalle' }),
          api.patch(`/api/concern-talks/${talk.id}`, { version: 1, talks: 5 }),
          api.delete(`/api/concern-talks/${talk.id}`),
          api.delete(`/api/concern-talks/${newId()}`),
        ])).map((r) => r.status);
      }
      const want = [404, 404, 404, 404, 404, 404, 404, 403, 403, 403, 403, 403];
      expect(answers).toEqual(Object.fromEntries(outsiders().map(({ label }) => [label, want])));
      expect(await rows()).toBe(before);
      const still = await police.member.api.get(`/api/concern-talks/${talk.id}`);
      expect({ status: still.status, version: still.body.version }).toEqual({ status: 200, version: 1 });
    });

    it('another collaboration\'s records are 404 to the police and social services here, and theirs are 404 there; areas do not cross', async () => {
      const theirs = await create(other.org.member.api, { areaId: other.area });
      const ours = await create(police.member.api);
      for (const api of [police.member.api, social.coordinator.api]) {
        expectError(await api.get(`/api/concern-talks/${theirs.id}`), 404);
        expectError(await api.patch(`/api/concern-talks/${theirs.id}`, { version: 1, talks: 5 }), 404);
        expectError(await api.delete(`/api/concern-talks/${theirs.id}`), 404);
        expect((await walk<Talk>(api, '/api/concern-talks', 500)).items.map((i) => i.id)).not.toContain(theirs.id);
      }
      expectError(await other.org.coordinator.api.get(`/api/concern-talks/${ours.id}`), 404);
      expectError(await other.org.coordinator.api.delete(`/api/concern-talks/${ours.id}`), 404);
      expect((await walk<Talk>(other.org.member.api, '/api/concern-talks', 500)).items.map((i) => i.id)).toEqual([theirs.id]);
      const crossing = await police.member.api.post('/api/concern-talks', concernTalkBody({ areaId: other.area }));
      expectError(crossing, 404, { mentions: /areaId/ });
      expectError(await police.member.api.post('/api/concern-talks', concernTalkBody({ areaId: newId() })), 404, { mentions: /areaId/ });
    });

    it('never appear in the report list, nor in the audit log of other organisations (while the holders see theirs)', async () => {
      const talk = await create(police.member.api, { areaId: w.areas.centrum });
      await police.member.api.get(`/api/concern-talks/${talk.id}`);
      await police.member.api.patch(`/api/concern-talks/${talk.id}`, { version: 1, talks: 5 });
      const reports = await walk(w.orgs.school.member.api, '/api/reports', 500);
      expect(JSON.stringify(reports.items)).not.toContain(talk.id);
      for (const api of [police.member.api, police.admin.api]) expect(JSON.stringify((await walk(api, '/api/reports', 500)).items)).not.toContain(talk.id);
      for (const admin of [w.orgs.school.admin, w.orgs.municipality.admin, shop.admin]) {
        const all = await walk<AuditEntryResponse>(admin.api, '/api/audit', 500);
        expect(all.items.filter((e) => e.entityType === 'concern_talk' || JSON.stringify(e).includes(talk.id))).toEqual([]);
        expect(await auditOf(admin.api, `entityId=${talk.id}`)).toEqual([]);
        expect(await auditOf(admin.api, 'action=concern_talk.create')).toEqual([]);
      }
      const platform = await walk<AuditEntryResponse>(w.admin, '/api/audit', 500);
      expect(platform.items.filter((e) => e.entityType === 'concern_talk')).toEqual([]);
      const seen = await auditOf(social.admin.api, `entityId=${talk.id}`);
      expect(seen.map((e) => e.action)).toEqual(expect.arrayContaining(['concern_talk.create', 'concern_talk.read', 'concern_talk.update']));
      // Who acted: to their own organisation only (the police's people, not to social services).
      expect(seen.every((e) => e.user === null && e.ip === null)).toBe(true);
      const own = await auditOf(police.admin.api, `entityId=${talk.id}&action=concern_talk.create`);
      expect(own[0].user).toEqual(expect.objectContaining({ id: police.member.id }));
      // A list read names the records it showed, to the holders.
      await social.member.api.get(`/api/concern-talks?from=${talk.month}&to=${talk.month}&areaId=${w.areas.centrum}`);
      const [list] = await auditOf(police.admin.api, `entityId=${talk.id}&action=concern_talk.list`);
      expect(list.entityIds).toContain(talk.id);
    });

    it('never reach the feed: a school and a police socket get the report posted after a talk, and nothing about the talk', async () => {
      const school = w.orgs.school.member;
      await Promise.all([subscribe(school.api, {}), subscribe(police.member.api, {})]);
      const feeds = await Promise.all([connectFeed(t.url, school.token, 'school member'), connectFeed(t.url, police.member.token, 'police member')]);
      try {
        const talk = await create(police.member.api, { areaId: w.areas.centrum });
        await police.member.api.patch(`/api/concern-talks/${talk.id}`, { version: 1, youths: 9 });
        const doomed = await create(social.member.api);
        await social.member.api.delete(`/api/concern-talks/${doomed.id}`);
        const report = await postReport(police.member.api, reportBody({ description: 'Efter orossamtalen.' }));
        for (const feed of feeds) {
          await feed.waitForSeq(report.seq);
          // The talks took no seq: the report is the next event after where the feed stood.
          expect({ who: feed.label, seq: report.seq, events: feed.events.map((e) => `${e.type} ${e.seq}`) })
            .toEqual({ who: feed.label, seq: feed.hello!.lastSeq + 1, events: [`report:created ${report.seq}`] });
          const wire = JSON.stringify([...feed.events.map((e) => e.raw), ...feed.others]);
          expect(wire).not.toContain(talk.id);
          expect(wire).not.toContain(doomed.id);
        }
      } finally {
        for (const f of feeds) f.close();
      }
    });
  });

  describe('bad input', () => {
    const post = (body: Record<string, unknown>) => police.member.api.post('/api/concern-talks', body);

    it('is a 400 naming the field, and stores nothing', async () => {
      const before = await rows();
      const next = (() => {
        const d = new Date();
        d.setUTCDate(1);
        d.setUTCMonth(d.getUTCMonth() + 2);
        return d.toISOString().slice(0, 7);
      })();
      const cases: [string, Record<string, unknown>, string][] = [
        ['a negative count', concernTalkBody({ talks: -1 }), 'talks'],
        ['a negative youths count', concernTalkBody({ youths: -3 }), 'youths'],
        ['a fraction', concernTalkBody({ youths: 1.5 }), 'youths'],
        ['a count as text', concernTalkBody({ talks: '4' }), 'talks'],
        ['an absurd count', concernTalkBody({ youths: 10_001 }), 'youths'],
        ['more talks with guardians than talks', concernTalkBody({ talks: 2, guardiansPresent: 3 }), 'guardiansPresent'],
        ['more talks with social services than talks', concernTalkBody({ talks: 2, guardiansPresent: 0, socialServicesPresent: 3 }), 'socialServicesPresent'],
        ['a month in the future', concernTalkBody({ month: next }), 'month'],
        ['a month 13', concernTalkBody({ month: '2025-13' }), 'month'],
        ['a month without its zero', concernTalkBody({ month: '2025-3' }), 'month'],
        ['a date for a month', concernTalkBody({ month: '2025-03-01' }), 'month'],
        ['a month before 2000', concernTalkBody({ month: '1999-12' }), 'month'],
        ['a month as a number', concernTalkBody({ month: 202503 }), 'month'],
        ['a missing count', (({ youths, ...rest }) => rest)(concernTalkBody()), 'youths'],
        ['an area that is not a uuid', concernTalkBody({ areaId: 'centrum' }), 'areaId'],
        ['an unknown field', concernTalkBody({ extra: 1 }), 'extra'],
        ['free text about persons', concernTalkBody({ note: 'Samtal med Kalle och hans mamma' }), 'note'],
        ['names', concernTalkBody({ names: ['Kalle'] }), 'names'],
        ['an organisation to enter it for', concernTalkBody({ organisationId: social.id }), 'organisationId'],
      ];
      const got: Record<string, unknown> = {};
      for (const [what, body, field] of cases) {
        const res = await post(body);
        got[what] = { status: res.status, field: res.body?.field, names: JSON.stringify(res.body?.message).includes(field) };
      }
      expect(got).toEqual(Object.fromEntries(cases.map(([what, , field]) => [what, { status: 400, field, names: true }])));
      expect(await rows()).toBe(before);
    });

    it('a change is checked against the counts it leaves: talks below the guardians already recorded is a 400 naming talks', async () => {
      const talk = await create(police.member.api, { talks: 4, youths: 4, guardiansPresent: 4, socialServicesPresent: 0 });
      expectError(await police.member.api.patch(`/api/concern-talks/${talk.id}`, { version: 1, talks: 3 }), 400, { field: 'talks' });
      expectError(await police.member.api.patch(`/api/concern-talks/${talk.id}`, { version: 1, guardiansPresent: 5 }), 400, { field: 'guardiansPresent' });
      expectError(await police.member.api.patch(`/api/concern-talks/${talk.id}`, { version: 1, month: monthAgo(3) }), 400, { field: 'month' });
      expectError(await police.member.api.patch(`/api/concern-talks/${talk.id}`, { version: 1, comment: 'x' }), 400, { field: 'comment' });
      expectError(await police.member.api.patch(`/api/concern-talks/${talk.id}`, { talks: 5 }), 400, { field: 'version' });
      expectError(await police.member.api.patch('/api/concern-talks/not-a-uuid', { version: 1, talks: 5 }), 400, { field: 'id' });
      expect((await police.member.api.get(`/api/concern-talks/${talk.id}`)).body).toEqual(talk);
    });

    it('leaves no half-written rows behind', async () => {
      expect(await halfWritten(t.databaseUrl)).toEqual({});
    });
  });
});
