/**
 * ConcernTalksService in process: the rules hold without the HTTP edge (a school or municipality caller of the service
 * is refused as the route refuses it), `summary(collaborationId, from, to)` as another context (the promise follow-up)
 * reads it, and the table's own constraints refuse what the rules refuse. Behaviour through the service's public
 * methods and the database only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConcernTalksService } from '../../src/concern-talks/concern-talks.service.js';
import { type InProcessApp, type InProcessWorld, startInProcess } from '../support/in-process.js';
import { concernTalkBody, monthAgo } from '../support/world.js';

let app: InProcessApp;
let w: InProcessWorld;
let talks: ConcernTalksService;

beforeAll(async () => {
  app = await startInProcess();
  w = await app.world();
  talks = app.get(ConcernTalksService);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const body = (over: Record<string, unknown> = {}) => concernTalkBody(over) as any;

describe('the service without the HTTP edge', () => {
  it('refuses organisations that do not hold concern talks: 404 on reads, 403 on writes', async () => {
    const mine = await talks.create(w.orgs.police.member.actor, body());
    for (const who of [w.orgs.school.admin, w.orgs.municipality.coordinator]) {
      expect((await app.httpError(talks.create(who.actor, body()))).status).toBe(403);
      expect((await app.httpError(talks.update(who.actor, mine.id, { version: 1, talks: 9 }))).status).toBe(403);
      expect((await app.httpError(talks.remove(who.actor, mine.id))).status).toBe(403);
      expect((await app.httpError(talks.get(who.actor, mine.id))).status).toBe(404);
      expect((await app.httpError(talks.list(who.actor, {}))).status).toBe(404);
      expect((await app.httpError(talks.summaryFor(who.actor, { from: monthAgo(1), to: monthAgo(0) }))).status).toBe(404);
    }
    expect(await talks.get(w.orgs.social.member.actor, mine.id)).toEqual(mine);
  });

  it('writes no feed event and takes no seq', async () => {
    const seq = () => app.db(async (c) => (await c.query('SELECT last_seq FROM event_counters WHERE collaboration_id = $1', [w.orgs.police.member.actor.collaborationId])).rows[0]?.last_seq);
    const before = await seq();
    const t = await talks.create(w.orgs.social.member.actor, body());
    await talks.update(w.orgs.social.member.actor, t.id, { version: 1, youths: 1 });
    await talks.remove(w.orgs.social.member.actor, t.id);
    expect(await seq()).toBe(before);
    expect(await app.db(async (c) => (await c.query('SELECT count(*)::int AS n FROM events WHERE entity_id = $1', [t.id])).rows[0].n)).toBe(0);
  });
});

describe('summary(collaborationId, from, to), as the promise follow-up reads it', () => {
  it('sums a collaboration\'s records of a period per month and per area, and nothing of another collaboration', async () => {
    const other = await app.otherCollaboration();
    const [a, b] = [monthAgo(40), monthAgo(39)];
    await Promise.all([
      talks.create(w.orgs.police.member.actor, body({ month: a, areaId: w.areas.centrum, talks: 3, youths: 4, guardiansPresent: 2, socialServicesPresent: 1 })),
      talks.create(w.orgs.social.admin.actor, body({ month: b, areaId: w.areas.hamnen, talks: 2, youths: 2, guardiansPresent: 1, socialServicesPresent: 2 })),
      talks.create(other.org.member.actor, body({ month: a, talks: 50, youths: 50, guardiansPresent: 0, socialServicesPresent: 0 })),
    ]);
    const s = await talks.summary(w.orgs.police.member.actor.collaborationId, a, b);
    expect(s.total).toEqual({ records: 2, talks: 5, youths: 6, guardiansPresent: 3, socialServicesPresent: 3 });
    expect(s.byMonth.map((m) => [m.month, m.talks])).toEqual([[a, 3], [b, 2]]);
    expect(s.byArea.map((x) => [x.area?.id, x.talks])).toEqual([[w.areas.centrum, 3], [w.areas.hamnen, 2]]);
    expect((await talks.summary(other.id, a, a)).total.talks).toBe(50);
    expect((await talks.summary(other.id, b, b)).total.records).toBe(0);
    expect((await app.httpError(talks.summary(other.id, b, a))).body).toEqual(expect.objectContaining({ statusCode: 400, field: 'to' }));
  });
});

describe('the table', () => {
  it('refuses by its constraints what the rules refuse: negative counts, more talks with guardians or social services than talks, a day of a month', async () => {
    const { collaborationId, organisationId } = w.orgs.police.member.actor;
    const insert = (month: string, talksHeld: number, youths: number, guardians: number, social: number) => app.db((c) => c.query(
      `INSERT INTO concern_talks (collaboration_id, organisation_id, month, talks, youths, guardians_present, social_services_present)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`, [collaborationId, organisationId, month, talksHeld, youths, guardians, social]).then(() => 'stored', (e: Error) => e.message));
    // (With no talks, the guardians' and social services' checks fail as well: PostgreSQL names the first it meets.)
    expect(await insert('2025-01-01', -1, 0, 0, 0)).toMatch(/violates check constraint "concern_talks_(talks|guardians_present|social_services_present)_check"/);
    expect(await insert('2025-01-01', 1, -1, 0, 0)).toMatch(/concern_talks_youths_check/);
    expect(await insert('2025-01-01', 1, 1, 2, 0)).toMatch(/concern_talks_guardians_present_check/);
    expect(await insert('2025-01-01', 1, 1, 0, 2)).toMatch(/concern_talks_social_services_present_check/);
    expect(await insert('2025-01-02', 1, 1, 0, 0)).toMatch(/concern_talks_month_check/);
    expect(await insert('1999-12-01', 1, 1, 0, 0)).toMatch(/concern_talks_month_check/);
  });
});
