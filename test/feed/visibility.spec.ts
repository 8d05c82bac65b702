/**
 * Who receives what: the visibility policy (partners / organisations / own) × viewers in the author's organisation,
 * the shared-with organisation and a third one (members with a catch-all subscription, coordinators with feed:all)
 * for report:created, report:updated and comment:created. `data` is what REST returns to that recipient; nobody
 * receives an event about a record REST answers 404 for; a user without subscriptions receives nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { withDb } from '../support/db.js';
import { buildWorld, reportBody, type TestUser, type World } from '../support/world.js';
import {
  connectFeed, type FeedClient, patchReport, postComment, postReport, sleep, subscribe, type WireEvent, asOnTheFeed } from '../support/feed-client.js';

let t: TestApp;
let w: World;

type Key = 'pm' | 'pc' | 'sm' | 'sc' | 'xm' | 'xc' | 'nm' | 'nc';
const viewers = {} as Record<Key, { user: TestUser; feed: FeedClient }>;
/** Sockets that receive every partners report (catch-all subscription or feed:all): they witness a sentinel. */
const WITNESSES: Key[] = ['pm', 'pc', 'sm', 'sc', 'xm', 'xc'];
const ALL: Key[] = [...WITNESSES, 'nm', 'nc'];
const RECIPIENTS = {
  partners: ['pm', 'pc', 'sm', 'sc', 'xm', 'xc'] as Key[],
  organisations: ['pm', 'pc', 'sm', 'sc'] as Key[], // shared with the school
  own: ['pm', 'pc'] as Key[],
};
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t, { tokens: 'signed' });
  const users: Record<Key, TestUser> = {
    pm: w.orgs.police.member, pc: w.orgs.police.coordinator,
    sm: w.orgs.school.member, sc: w.orgs.school.coordinator,
    xm: w.orgs.social.member, xc: w.orgs.social.coordinator,
    nm: w.orgs.municipality.member, nc: w.orgs.municipality.coordinator,
  };
  // Members follow everything; coordinators have no subscription and ask for feed:all instead.
  await Promise.all((['pm', 'sm', 'xm'] as Key[]).map((k) => subscribe(users[k].api, {})));
  for (const k of ALL) viewers[k] = { user: users[k], feed: await connectFeed(t.url, users[k].token, k) };
  for (const k of ['pc', 'sc', 'xc'] as Key[]) expect(await viewers[k].feed.ack('feed:all', { enabled: true })).toEqual({ ok: true });
});
afterAll(async () => {
  for (const k of ALL) viewers[k]?.feed.close();
  await t?.close();
});

/**
 * A partners report that every witness receives. Events reach a socket in seq order, so once a witness has the
 * sentinel it has everything before it; the sockets that cannot be witnesses get a short grace on top.
 */
async function barrier(witnesses = WITNESSES): Promise<number> {
  const s = await postReport(w.orgs.municipality.admin.api, reportBody({ description: 'Spärrpost', category: 'other' }));
  await Promise.all(witnesses.map((k) => viewers[k].feed.waitForSeq(s.seq)));
  await sleep(150);
  return s.seq;
}

function expectWire(e: WireEvent, name: string, seq: number): void {
  expect(e.name).toBe(name);
  expect(Object.keys(e.raw).sort()).toEqual(['at', 'data', 'seq', 'type']);
  expect(e.type).toBe(name);
  expect(e.seq).toBe(seq);
  expect(e.at).toMatch(ISO);
  expect(Math.abs(Date.parse(e.at) - Date.now())).toBeLessThan(60_000);
}

/** Every viewer: receives `seq` exactly when expected, with `data` equal to what `rest(user)` returns them now. */
async function expectDelivery(seq: number, name: string, recipients: Key[], rest: (u: TestUser) => Promise<{ status: number; body: any }>) {
  for (const k of ALL) {
    const { user, feed } = viewers[k];
    const got = feed.events.filter((e) => e.seq === seq);
    const now = await rest(user);
    if (recipients.includes(k)) {
      expect({ viewer: k, received: got.length }).toEqual({ viewer: k, received: 1 });
      expectWire(got[0], name, seq);
      expect(now.status).toBe(200);
      expect({ viewer: k, data: got[0].data }).toEqual({ viewer: k, data: now.body && typeof now.body === 'object' ? asOnTheFeed(now.body) : now.body });
    } else {
      expect({ viewer: k, received: got.length }).toEqual({ viewer: k, received: 0 });
    }
    // Never an event about something REST hides from this viewer.
    if (now.status === 404) expect(got).toHaveLength(0);
  }
}

const getReport = (id: string) => (u: TestUser) => u.api.get(`/api/reports/${id}`);
const getComment = (reportId: string, commentId: string) => async (u: TestUser) => {
  const res = await u.api.get(`/api/reports/${reportId}/comments?limit=500`);
  if (res.status !== 200) return { status: res.status, body: res.body };
  const c = res.body.items.find((i: any) => i.id === commentId);
  return c ? { status: 200, body: c } : { status: 404, body: undefined };
};

describe('the visibility × subscription matrix', () => {
  const reports = {} as Record<keyof typeof RECIPIENTS, any>;

  it('a member may not ask for feed:all; bad feed:all payloads are refused', async () => {
    const ack = await viewers.nm.feed.ack('feed:all', { enabled: true });
    expect(ack).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    for (const bad of [{ enabled: 'yes' }, { enabled: true, extra: 1 }, 'all', 7]) {
      const res = await viewers.nc.feed.ack('feed:all', bad);
      expect(res).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String) } });
    }
    expect(viewers.nm.feed.connected && viewers.nc.feed.connected).toBe(true);
  });

  it('report:created reaches exactly those who may see it, with data as REST shows it to each', async () => {
    const author = w.orgs.police.member.api;
    reports.partners = await postReport(author, reportBody({ description: 'Synlig för alla partner' }));
    reports.organisations = await postReport(author, reportBody({
      description: 'Delas med skolan', visibility: 'organisations', sharedWithOrganisationIds: [w.orgs.school.id],
    }));
    reports.own = await postReport(author, reportBody({ description: 'Endast polisen', visibility: 'own' }));
    await barrier();
    for (const v of Object.keys(RECIPIENTS) as (keyof typeof RECIPIENTS)[]) {
      await expectDelivery(reports[v].seq, 'report:created', RECIPIENTS[v], getReport(reports[v].id));
    }
    // The author is shown to the author's organisation only.
    const e = (k: Key) => viewers[k].feed.bySeq(reports.organisations.seq)!;
    expect(e('pm').data.author).toEqual({ id: w.orgs.police.member.id, name: expect.any(String) });
    expect(e('pc').data.author).toEqual({ id: w.orgs.police.member.id, name: expect.any(String) });
    expect(e('sm').data.author).toBeNull();
    expect(e('sc').data.author).toBeNull();
    expect(e('sm').data.organisation).toEqual({ id: w.orgs.police.id, name: w.orgs.police.name, kind: 'police' });
    expect((await w.orgs.social.member.api.get(`/api/reports/${reports.own.id}`)).status).toBe(404);
    expect((await w.orgs.social.coordinator.api.get(`/api/reports/${reports.organisations.id}`)).status).toBe(404);
  });

  it('report:updated reaches the same viewers, with the record as it is after the change', async () => {
    const updated = {} as Record<string, any>;
    for (const v of Object.keys(RECIPIENTS)) {
      updated[v] = await patchReport(w.orgs.police.member.api, reports[v as keyof typeof RECIPIENTS].id, { severity: 4, description: `Uppdaterad (${v})` });
      expect(updated[v].seq).toBeGreaterThan(reports[v as keyof typeof RECIPIENTS].seq);
    }
    await barrier();
    for (const v of Object.keys(RECIPIENTS) as (keyof typeof RECIPIENTS)[]) {
      await expectDelivery(updated[v].seq, 'report:updated', RECIPIENTS[v], getReport(reports[v].id));
      const e = viewers.pm.feed.bySeq(updated[v].seq)!;
      expect(e.data).toEqual(expect.objectContaining({ severity: 4, version: 2, description: `Uppdaterad (${v})`, seq: updated[v].seq }));
    }
  });

  it('a coordinator\'s change reaches the same viewers too (data per audience)', async () => {
    const res = await patchReport(w.orgs.police.coordinator.api, reports.organisations.id, { severity: 5 });
    await barrier();
    await expectDelivery(res.seq, 'report:updated', RECIPIENTS.organisations, getReport(reports.organisations.id));
  });

  it('comment:created follows the visibility of its report; the commenter is shown to their own organisation only', async () => {
    const comments = {} as Record<string, any>;
    for (const v of Object.keys(RECIPIENTS)) {
      comments[v] = await postComment(w.orgs.police.member.api, reports[v as keyof typeof RECIPIENTS].id, `Kommentar om ${v}`);
    }
    // A comment by the school on the report shared with it.
    const fromSchool = await postComment(w.orgs.school.member.api, reports.organisations.id, 'Skolan har sett samma sak');
    await barrier();
    for (const v of Object.keys(RECIPIENTS) as (keyof typeof RECIPIENTS)[]) {
      await expectDelivery(comments[v].seq, 'comment:created', RECIPIENTS[v], getComment(reports[v].id, comments[v].id));
    }
    await expectDelivery(fromSchool.seq, 'comment:created', RECIPIENTS.organisations, getComment(reports.organisations.id, fromSchool.id));
    expect(viewers.sm.feed.bySeq(fromSchool.seq)!.data.author).toEqual({ id: w.orgs.school.member.id, name: expect.any(String) });
    expect(viewers.pm.feed.bySeq(fromSchool.seq)!.data.author).toBeNull();
    expect(viewers.pm.feed.bySeq(fromSchool.seq)!.data.reportId).toBe(reports.organisations.id);
  });

  it('a report narrowed to "own" stops reaching partners; widened again, it reaches them with what REST shows', async () => {
    const narrowed = await patchReport(w.orgs.police.member.api, reports.partners.id, { visibility: 'own' });
    await barrier();
    await expectDelivery(narrowed.seq, 'report:updated', RECIPIENTS.own, getReport(reports.partners.id));
    const hiddenComment = await postComment(w.orgs.police.member.api, reports.partners.id, 'Nu bara internt');
    await barrier();
    await expectDelivery(hiddenComment.seq, 'comment:created', RECIPIENTS.own, getComment(reports.partners.id, hiddenComment.id));

    const widened = await patchReport(w.orgs.police.member.api, reports.partners.id, { visibility: 'partners' });
    await barrier();
    await expectDelivery(widened.seq, 'report:updated', RECIPIENTS.partners, getReport(reports.partners.id));
  });

  it('moving the sharing from one organisation to another moves the events with it', async () => {
    const moved = await patchReport(w.orgs.police.member.api, reports.organisations.id, { sharedWithOrganisationIds: [w.orgs.social.id] });
    await barrier();
    await expectDelivery(moved.seq, 'report:updated', ['pm', 'pc', 'xm', 'xc'], getReport(reports.organisations.id));
    expect((await w.orgs.school.member.api.get(`/api/reports/${reports.organisations.id}`)).status).toBe(404);
  });

  it('reports by other organisations follow the same rule (the author organisation is the one that decides)', async () => {
    const bySocial = await postReport(w.orgs.social.member.api, reportBody({
      description: 'Socialtjänsten delar med polisen', visibility: 'organisations', sharedWithOrganisationIds: [w.orgs.police.id],
    }));
    const ownSchool = await postReport(w.orgs.school.coordinator.api, reportBody({ description: 'Skolans egen', visibility: 'own' }));
    await barrier();
    await expectDelivery(bySocial.seq, 'report:created', ['pm', 'pc', 'xm', 'xc'], getReport(bySocial.id));
    await expectDelivery(ownSchool.seq, 'report:created', ['sm', 'sc'], getReport(ownSchool.id));
    expect(viewers.xm.feed.bySeq(bySocial.seq)!.data.author).toEqual({ id: w.orgs.social.member.id, name: expect.any(String) });
    expect(viewers.pc.feed.bySeq(bySocial.seq)!.data.author).toBeNull();
  });

  it('users without a subscription (and without feed:all) received nothing at all', () => {
    expect(viewers.nm.feed.events).toEqual([]);
    expect(viewers.nc.feed.events).toEqual([]);
  });

  it('feed:all can be switched off again: a coordinator without subscriptions then receives nothing', async () => {
    expect(await viewers.xc.feed.ack('feed:all', { enabled: false })).toEqual({ ok: true });
    const before = viewers.xc.feed.events.length;
    const r = await postReport(w.orgs.police.member.api, reportBody({ description: 'Efter avstängt feed:all' }));
    await viewers.xm.feed.waitForSeq(r.seq);
    await barrier(WITNESSES.filter((k) => k !== 'xc'));
    expect(viewers.xc.feed.events.length).toBe(before);
    expect(await viewers.xc.feed.ack('feed:all')).toEqual({ ok: true }); // no payload: on
    const r2 = await postReport(w.orgs.police.member.api, reportBody({ description: 'Efter påslaget feed:all' }));
    await viewers.xc.feed.waitForSeq(r2.seq);
  });

  it('every socket received its events in strictly increasing seq order, each once', () => {
    for (const k of ALL) {
      const seqs = viewers[k].feed.seqs();
      for (let i = 1; i < seqs.length; i++) expect({ viewer: k, at: i, ok: seqs[i] > seqs[i - 1] }).toEqual({ viewer: k, at: i, ok: true });
    }
  });
});

describe('races between a comment and a change of who may see its report', () => {
  it('a comment committed after its report was narrowed to "own" never reaches the partners who lost sight of it', async () => {
    const author = w.orgs.police.member;
    let leaked: { round: number; seq: number; narrowedAt: number }[] = [];
    for (let round = 0; round < 2 && !leaked.length; round++) {
      const r = await postReport(author.api, reportBody({ description: `Kapplöpning ${round}` }));
      await viewers.xm.feed.waitForSeq(r.seq);
      const commenters = [author, w.orgs.police.coordinator, w.orgs.police.admin, w.orgs.police.member, w.orgs.police.coordinator, w.orgs.police.admin];
      // Commenters keep posting while the author narrows the report, so some comment transactions straddle it.
      let stop = false;
      const results: { status: number; body: any }[] = [];
      const streams = commenters.map(async (u, k) => {
        for (let i = 0; !stop; i++) results.push(await u.api.post(`/api/reports/${r.id}/comments`, { body: `Kommentar ${k}.${i}` }));
      });
      await sleep(40);
      const narrowed = await patchReport(author.api, r.id, { visibility: 'own' });
      await sleep(40);
      stop = true;
      await Promise.all(streams);
      expect(results.every((c) => c.status === 201)).toBe(true);
      const seqs = results.map((c) => c.body.seq as number);
      expect(seqs.some((x) => x > narrowed.seq)).toBe(true); // the race was run: comments went on after the change
      // Comments committed after the narrowing carry the narrowed visibility in the log.
      const stale = await withDb(t.databaseUrl, async (db) => (await db.query(
        `SELECT seq FROM events WHERE subject_id = $1 AND type = 'comment:created' AND seq > $2 AND visibility <> 'own'`, [r.id, narrowed.seq])).rows);
      expect(stale).toEqual([]);
      await barrier();
      expect((await w.orgs.social.member.api.get(`/api/reports/${r.id}`)).status).toBe(404);
      leaked = leaked.concat(results.map((c) => c.body.seq)
        .filter((seq: number) => seq > narrowed.seq && ['xm', 'xc', 'sm', 'sc'].some((k) => viewers[k as Key].feed.has(seq)))
        .map((seq: number) => ({ round, seq, narrowedAt: narrowed.seq })));
    }
    expect(leaked).toEqual([]);
  });
});
