import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import { PgBoss } from 'pg-boss';
import { Api } from '../support/api.js';
import { startTestApp, TEST_ADMIN, type TestApp } from '../support/app.js';
import { halfWritten } from '../support/consistency.js';
import { withDb } from '../support/db.js';
import { eventually, patchReport, postReport, subscribe } from '../support/feed-client.js';
import { type Delivered, mailEnvironment, onService, startSmtp, TEST_PUBLIC_URL, type TestSmtp, unsubscribeUrl } from '../support/smtp.js';
import { adminApi, buildWorld, createUser, login, PASSWORD, reportBody, type TestUser, type World } from '../support/world.js';
import { expectError } from './helpers.js';

// One service with e-mail, one SMTP server in the test, one world; people are made with argon2.
jest.setTimeout(60_000);

/**
 * E-mail alerts and digests (api-contract.md, "Accounts, sessions and alerts"): how a subscription is e-mailed, the
 * alert itself (Swedish first, the report's category, place, severity, description and link, one-click unsubscribe),
 * only what the recipient may see when it is sent, digests at a fixed clock, unsubscribing, and the password reset
 * link. A real SMTP server runs in the test and every e-mail is read as it arrived.
 */
let smtp: TestSmtp;
let t: TestApp;
let w: World;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await startTestApp({ env: mailEnvironment(smtp) });
  w = await buildWorld(t, { tokens: 'signed' });
});
afterAll(async () => {
  await t?.close();
  await smtp?.stop();
});

const outbox = (sql: string, params: unknown[]) => withDb(t.databaseUrl, async (db) => (await db.query(sql, params)).rows);
/** Follows areas/places/categories from a severity, with e-mail set as given. */
async function follow(u: TestUser, filter: Record<string, unknown>, email: Record<string, unknown>): Promise<string> {
  const sub = await subscribe(u.api, filter);
  const res = await u.api.patch(`/api/subscriptions/${sub.id}`, email);
  expect({ status: res.status, text: res.text.slice(0, 300) }).toEqual({ status: 200, text: expect.any(String) });
  return sub.id;
}
const mailsAbout = (u: TestUser, reportId: string) => smtp.to(u.email).filter((d) => d.text.includes(`/rapporter/${reportId}`));
const queuedAbout = async (u: TestUser, reportId: string) =>
  (await outbox('SELECT status FROM mail_outbox WHERE recipient_user_id = $1 AND ref->>\'reportId\' = $2', [u.id, reportId])).length;

describe('how a subscription is e-mailed', () => {
  it('is set by its owner only (another\'s is 404), with the field named for a bad value, and listed in GET /api/me/alerts', async () => {
    const owner = w.orgs.police.coordinator;
    const sub = await subscribe(owner.api, { areaIds: [w.areas.centrum], minSeverity: 2 });
    const set = await owner.api.patch(`/api/subscriptions/${sub.id}`, { email: 'daily', emailMinSeverity: 4 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ ...sub, email: 'daily', emailMinSeverity: 4 });
    // Only the severity: the mode stays; null clears it.
    expect((await owner.api.patch(`/api/subscriptions/${sub.id}`, { emailMinSeverity: null })).body).toEqual(expect.objectContaining({ email: 'daily', emailMinSeverity: null }));
    expect(await owner.api.get('/api/me/alerts')).toEqual(expect.objectContaining({
      status: 200, body: { emailAlerts: true, language: 'sv', emailConfigured: true, subscriptions: [{ id: sub.id, email: 'daily', emailMinSeverity: null }] },
    }));

    expectError(await w.orgs.police.member.api.patch(`/api/subscriptions/${sub.id}`, { email: 'off' }), 404);
    expectError(await owner.api.patch(`/api/subscriptions/${sub.id}`, { email: 'hourly' }), 400, { field: 'email' });
    expectError(await owner.api.patch(`/api/subscriptions/${sub.id}`, { emailMinSeverity: 6 }), 400, { field: 'emailMinSeverity' });
    expectError(await owner.api.patch(`/api/subscriptions/${sub.id}`, {}), 400, { field: 'email' });
    expectError(await owner.api.patch(`/api/subscriptions/${sub.id}`, { email: 'off', minSeverity: 9 }), 400, { field: 'minSeverity' });
    expectError(await owner.api.patch(`/api/subscriptions/${sub.id}`, { email: 'off', radius: 3 }), 400, { field: 'radius' });

    // Its filter changes in place with its e-mail setting, together or not at all; the id stays.
    const both = await owner.api.patch(`/api/subscriptions/${sub.id}`, { areaIds: [w.areas.centrum], minSeverity: 3, email: 'daily' });
    expect(both.body).toEqual(expect.objectContaining({ id: sub.id, areaIds: [w.areas.centrum], minSeverity: 3, email: 'daily' }));
    expect((await owner.api.get(`/api/subscriptions/${sub.id}`)).body).toEqual(expect.objectContaining({ areaIds: [w.areas.centrum], minSeverity: 3 }));
    // An unknown area refuses the whole change: the e-mail setting is not changed either.
    expectError(await owner.api.patch(`/api/subscriptions/${sub.id}`, { areaIds: [randomUUID()], email: 'weekly' }), 404, { field: 'areaIds' });
    expect((await owner.api.get('/api/me/alerts')).body.subscriptions.find((x: { id: string }) => x.id === sub.id)).toEqual(expect.objectContaining({ email: 'daily' }));
    expectError(await w.orgs.police.member.api.patch(`/api/subscriptions/${sub.id}`, { minSeverity: 2 }), 404);
    expectError(await owner.api.patch('/api/subscriptions/not-a-uuid', { email: 'off' }), 400, { field: 'id' });

    const prefs = await owner.api.patch('/api/me/alerts', { language: 'en' });
    expect(prefs.body).toEqual(expect.objectContaining({ emailAlerts: true, language: 'en' }));
    expectError(await owner.api.patch('/api/me/alerts', { language: 'fi' }), 400, { field: 'language' });
    expect((await owner.api.patch('/api/me/alerts', { language: 'sv', emailAlerts: false })).body).toEqual(expect.objectContaining({ emailAlerts: false, language: 'sv' }));
    // Deleting the subscription takes its e-mail setting with it.
    expect((await owner.api.delete(`/api/subscriptions/${sub.id}`)).status).toBe(204);
    expect(await outbox('SELECT 1 FROM alert_settings WHERE subscription_id = $1', [sub.id])).toEqual([]);
  });
});

describe('an alert mailed at once', () => {
  let school: TestUser;
  let municipality: TestUser;
  let shown: { id: string };
  let schoolMail: Delivered;

  beforeAll(async () => {
    school = w.orgs.school.member;
    municipality = w.orgs.municipality.member;
    // "Centrum, severity 3 and up", in Swedish; and everything, in English.
    await follow(school, { areaIds: [w.areas.centrum], minSeverity: 3 }, { email: 'immediate' });
    await follow(municipality, {}, { email: 'immediate' });
    expect((await municipality.api.patch('/api/me/alerts', { language: 'en' })).status).toBe(200);
  });

  it('reaches who may see the report, once, in their language, with its category, place, severity, description and link', async () => {
    const police = w.orgs.police.member;
    const hidden = await postReport(police.api, reportBody({ placeId: w.places.torget, severity: 4, visibility: 'own', description: 'Polisens egen iakttagelse.' }));
    const low = await postReport(police.api, reportBody({ placeId: w.places.torget, severity: 2, description: 'Lite skräp vid torget.', category: 'littering' }));
    shown = await postReport(police.api, reportBody({ placeId: w.places.torget, severity: 4, description: 'Krossad ruta i busskuren vid torget.' }));

    schoolMail = await smtp.waitFor('the alert to the school', (d) => d.to.includes(school.email) && d.text.includes(shown.id));
    const centrum = (await school.api.get(`/api/areas/${w.areas.centrum}`)).body.name;
    expect(schoolMail.subject).toBe(`[Lägesbild] Skadegörelse, Nya Stadens torg (${centrum}) (4 av 5)`);
    for (const part of ['Kategori: Skadegörelse', `Plats: Nya Stadens torg (${centrum})`, 'Allvarlighetsgrad: 4 av 5 (hög)', `Rapporterad av: ${w.orgs.police.name}`,
      'Krossad ruta i busskuren vid torget.', `${TEST_PUBLIC_URL}/rapporter/${shown.id}`]) {
      expect(schoolMail.text).toContain(part);
    }
    expect(schoolMail.html).toContain('Krossad ruta i busskuren vid torget.');
    expect(schoolMail.text).not.toContain(police.email);
    expect(schoolMail.headers.get('list-unsubscribe')).toMatch(new RegExp(`^<${TEST_PUBLIC_URL}/api/alerts/unsubscribe\\?token=[^>]+>$`));
    expect(schoolMail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(schoolMail.messageId).toMatch(/^<[0-9a-f-]{36}@test\.lagesbild>$/);

    const english = await smtp.waitFor('the alert in English', (d) => d.to.includes(municipality.email) && d.text.includes(shown.id));
    expect(english.subject).toBe(`[Lägesbild] Vandalism, Nya Stadens torg (${centrum}) (4 of 5)`);
    expect(english.text).toContain('Severity: 4 of 5 (high)');
    // Below the school's severity, but within the municipality's (everything).
    await smtp.waitFor('the low report to the municipality', (d) => d.to.includes(municipality.email) && d.text.includes(low.id));

    // Planned in seq order with the rest: the police's own report was never queued for either, nor the low one for the school.
    expect({ hidden: [await queuedAbout(school, hidden.id), await queuedAbout(municipality, hidden.id)], low: await queuedAbout(school, low.id) })
      .toEqual({ hidden: [0, 0], low: 0 });
    expect(smtp.delivered.filter((d) => d.text.includes(hidden.id))).toEqual([]);
    expect(mailsAbout(school, low.id)).toEqual([]);
  });

  it("names a category of the collaboration's own by its label, in each recipient's language", async () => {
    const created = await w.orgs.municipality.coordinator.api.post('/api/categories', { code: 'moped_noise', sv: 'Mopedbuller', en: 'Moped noise' });
    expect({ status: created.status, text: created.text.slice(0, 200) }).toEqual({ status: 201, text: expect.any(String) });
    const noisy = await postReport(w.orgs.police.member.api, reportBody({ placeId: w.places.torget, severity: 3, category: 'moped_noise', description: 'Mopeder kör runt torget på kvällen.' }));
    const sv = await smtp.waitFor('the own category in Swedish', (d) => d.to.includes(school.email) && d.text.includes(noisy.id));
    expect(sv.subject).toMatch(/^\[Lägesbild\] Mopedbuller, Nya Stadens torg/);
    expect(sv.text).toContain('Kategori: Mopedbuller');
    const en = await smtp.waitFor('the own category in English', (d) => d.to.includes(municipality.email) && d.text.includes(noisy.id));
    expect(en.subject).toMatch(/^\[Lägesbild\] Moped noise, Nya Stadens torg/);
  });

  it('is not mailed again when the report changes, and a report made visible later is mailed then', async () => {
    await patchReport(w.orgs.police.coordinator.api, shown.id, { severity: 5 });
    const later = await postReport(w.orgs.police.member.api, reportBody({ placeId: w.places.torget, severity: 3, visibility: 'own', description: 'Först bara för polisen.' }));
    await patchReport(w.orgs.police.member.api, later.id, { visibility: 'partners' });
    await smtp.waitFor('the report shared later', (d) => d.to.includes(school.email) && d.text.includes(later.id));
    expect(mailsAbout(school, shown.id)).toHaveLength(1);
    expect(mailsAbout(municipality, shown.id)).toHaveLength(1);
  });

  it("stops by its one-click link: GET asks and changes nothing, POST (RFC 8058) turns the subscription's e-mail off", async () => {
    const link = onService(unsubscribeUrl(schoolMail), t.url);
    const anonymous = new Api(t.url);
    const page = await anonymous.get(link.slice(t.url.length));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('<form method="post"');
    expect((await school.api.get('/api/me/alerts')).body.subscriptions).toEqual([expect.objectContaining({ email: 'immediate' })]);

    const tampered = link.replace(/token=([^&]+)/, (_, tok: string) => `token=${tok.slice(0, -2)}xx`);
    for (const res of [await anonymous.get(tampered.slice(t.url.length)), await anonymous.post(tampered.slice(t.url.length))]) {
      expect({ status: res.status, invalid: res.text.includes('Länken fungerar inte') }).toEqual({ status: 400, invalid: true });
    }

    const oneClick = await fetch(link, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(oneClick.status).toBe(200);
    expect((await school.api.get('/api/me/alerts')).body).toEqual(expect.objectContaining({ emailAlerts: true, subscriptions: [expect.objectContaining({ email: 'off' })] }));
    // Again: the same answer, nothing more changed.
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);

    // A matching report now reaches the municipality (the witness) and not the school.
    const after = await postReport(w.orgs.police.member.api, reportBody({ placeId: w.places.torget, severity: 5, description: 'Efter avanmälan.' }));
    await smtp.waitFor('the witness', (d) => d.to.includes(municipality.email) && d.text.includes(after.id));
    expect({ queued: await queuedAbout(school, after.id), mailed: mailsAbout(school, after.id).length }).toEqual({ queued: 0, mailed: 0 });
    const audit = await outbox(`SELECT details FROM audit_log WHERE action = 'subscription.email' AND details->>'via' = 'unsubscribe_link' AND details->>'userId' = $1`, [school.id]);
    expect(audit).toEqual([{ details: expect.objectContaining({ email: 'off' }) }]);

    // scope=all: all of the person's alert e-mail.
    const all = await fetch(`${link}&scope=all`, { method: 'POST' });
    expect({ status: all.status, text: (await all.text()).includes('någon e-post') }).toEqual({ status: 200, text: true });
    expect((await school.api.get('/api/me/alerts')).body.emailAlerts).toBe(false);
  });
});

/** The next Monday 07:01 in Sweden: a daily and a weekly digest are both due then, and take what matched before 07:00. */
function nextMondayMorning(): Date {
  const now = new TZDate(Date.now(), 'Europe/Stockholm');
  const days = ((8 - now.getDay()) % 7) || 7;
  return new Date(new TZDate(now.getFullYear(), now.getMonth(), now.getDate() + days, 7, 1, 0, 'Europe/Stockholm').getTime());
}

describe('digests', () => {
  it('go out for a fixed clock (the digest job run for an instant), with only what the recipient may see when they are sent, once', async () => {
    const social = w.orgs.social.member;
    const weekly = w.orgs.social.coordinator;
    const daily = await follow(social, { areaIds: [w.areas.centrum] }, { email: 'daily' });
    const week = await follow(weekly, { areaIds: [w.areas.centrum] }, { email: 'weekly', emailMinSeverity: 5 });
    const police = w.orgs.police.member;
    const kept = await postReport(police.api, reportBody({ placeId: w.places.torget, severity: 2, description: 'Nedskräpning vid bänkarna.', category: 'littering' }));
    const narrowed = await postReport(police.api, reportBody({ placeId: w.places.torget, severity: 3, description: 'Blir snart bara polisens.' }));
    const urgent = await postReport(police.api, reportBody({ placeId: w.places.torget, severity: 5, description: 'Brand i papperskorg.', category: 'fire' }));
    const waiting = (sub: string) => outbox('SELECT report_id FROM alert_digest_items WHERE subscription_id = $1 AND digest_key IS NULL', [sub]);
    await eventually(async () => (await waiting(daily)).length === 3 && (await waiting(week)).length === 2, 10_000, 'the digest entries');
    // Severity 5 is at once for the weekly subscriber, and only that.
    await smtp.waitFor('the urgent one at once', (d) => d.to.includes(weekly.email) && d.text.includes(urgent.id));
    await patchReport(police.api, narrowed.id, { visibility: 'own' });

    const at = nextMondayMorning();
    const boss = new PgBoss({ connectionString: t.databaseUrl, supervise: false, schedule: false, migrate: false, max: 2 });
    boss.on('error', () => undefined);
    await boss.start();
    try {
      const run = async () => {
        const id = await boss.send('alerts-digests', { at: at.toISOString() });
        await eventually(async () => (await outbox('SELECT state FROM pgboss.job WHERE id = $1', [id]))[0]?.state === 'completed', 15_000, 'the digest job');
      };
      await run();
      const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(at);
      const digest = await smtp.waitFor('the daily digest', (d) => d.to.includes(social.email) && d.subject.includes('sammanfattning'));
      expect(digest.subject).toBe(`[Lägesbild] Dagens sammanfattning (${day}): 2 rapporter`);
      expect(digest.text).toContain(kept.id);
      expect(digest.text).toContain(urgent.id);
      expect(digest.text).not.toContain(narrowed.id);
      expect(digest.text.indexOf(urgent.id)).toBeLessThan(digest.text.indexOf(kept.id)); // most severe first
      expect(digest.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      const weeklyDigest = await smtp.waitFor('the weekly digest', (d) => d.to.includes(weekly.email) && d.subject.includes('Veckans'));
      expect(weeklyDigest.subject).toMatch(/^\[Lägesbild\] Veckans sammanfattning \(\d{4}-W\d{2}\): 1 rapport$/);
      expect(weeklyDigest.text).toContain(kept.id); // the urgent one went at once; the narrowed one is not visible
      expect(weeklyDigest.text).not.toContain(urgent.id);

      // The same instant again: nothing more is queued or sent.
      await run();
      const digests = await outbox(`SELECT dedupe_key AS key, status FROM mail_outbox WHERE kind = 'digest'`, []) as { key: string; status: string }[];
      expect(digests.map((d) => `${d.key.split(':').slice(0, 3).join(':')} ${d.status}`).sort()).toEqual([`digest:${daily}:daily sent`, `digest:${week}:weekly sent`].sort());
      expect(smtp.to(social.email).filter((d) => d.subject.includes('sammanfattning'))).toHaveLength(1);
    } finally {
      await boss.stop({ graceful: false });
    }
  });
});

describe('a password reset link', () => {
  it('is mailed for an address with an account (202 for any address), sets a new password once, and ends the sessions', async () => {
    const user = w.orgs.school.coordinator;
    const anonymous = new Api(t.url);
    const unknown = `nobody.${Date.now()}@test.lagesbild`;
    expect((await anonymous.post('/api/auth/password-reset', { email: unknown })).status).toBe(202);
    expect((await anonymous.post('/api/auth/password-reset', { email: user.email.toUpperCase() })).status).toBe(202);
    expectError(await anonymous.post('/api/auth/password-reset', { email: 42 }), 400, { field: 'email' });

    const mail = await smtp.waitFor('the reset link', (d) => d.to.includes(user.email) && d.subject.includes('lösenord'));
    expect(smtp.to(unknown)).toEqual([]);
    const link = /https:\/\/lagesbild\.test\/aterstall-losenord#token=(\S+)/.exec(mail.text);
    expect(link).not.toBeNull();
    const token = link![1];
    expect(await outbox('SELECT 1 FROM password_reset_tokens WHERE id::text = split_part($1, \'.\', 1)', [token])).toHaveLength(1);

    const confirm = (body: Record<string, unknown>) => anonymous.post('/api/auth/password-reset/confirm', body);
    expectError(await confirm({ token, newPassword: 'password1234' }), 400, { field: 'newPassword' });
    expectError(await confirm({ token: `${token.slice(0, -3)}abc`, newPassword: 'ett helt nytt och långt lösenord' }), 400, { code: 'RESET_TOKEN_INVALID', field: 'token' });
    expect((await user.api.get('/api/me')).status).toBe(200);
    expect((await confirm({ token, newPassword: 'ett helt nytt och långt lösenord' })).status).toBe(204);
    expect((await user.api.get('/api/me')).status).toBe(401);
    await expect(login(t.url, user.email, PASSWORD)).rejects.toThrow(/401/);
    expect(await login(t.url, user.email, 'ett helt nytt och långt lösenord')).toEqual(expect.any(String));
    expectError(await confirm({ token, newPassword: 'ännu ett helt nytt lösenord här' }), 400, { code: 'RESET_TOKEN_USED', field: 'token' });
    expect(smtp.to(user.email).filter((d) => d.subject.includes('lösenord'))).toHaveLength(1);
  });
});

describe('without SMTP', () => {
  it('says so once at start, queues nothing, runs no job queue, and everything else keeps working', async () => {
    const off = await startTestApp();
    try {
      const admin = await adminApi(off);
      const me = (await admin.get('/api/me')).body;
      const member = await createUser(off, admin, me.organisation.id, 'member', { tokens: 'signed' });
      const sub = await subscribe(admin, {});
      expect((await admin.patch(`/api/subscriptions/${sub.id}`, { email: 'immediate' })).status).toBe(200);
      expect((await admin.get('/api/me/alerts')).body).toEqual(expect.objectContaining({ emailConfigured: false }));
      await postReport(member.api, reportBody({ description: 'Utan e-post.' }));
      expect((await new Api(off.url).post('/api/auth/password-reset', { email: TEST_ADMIN.email })).status).toBe(202);
      // The log is written asynchronously: wait for the later line, then count the start's.
      await eventually(async () => /password reset link was asked for, but e-mail is off/.test(off.output()), 10_000, 'the reset request handled');
      expect(off.output().match(/e-mail is off \(no SMTP_URL\): alerts/g)).toHaveLength(1);
      const stored = await withDb(off.databaseUrl, async (db) => (await db.query(
        `SELECT (SELECT count(*)::int FROM mail_outbox) AS mails, (SELECT count(*)::int FROM password_reset_tokens) AS links,
                (SELECT count(*)::int FROM pg_namespace WHERE nspname = 'pgboss') AS queues`)).rows[0]);
      expect(stored).toEqual({ mails: 0, links: 0, queues: 0 });
      expect((await admin.get('/api/health')).status).toBe(200);
    } finally {
      await off.close();
    }
  });
});

describe('the database', () => {
  it('holds no half-written change', async () => {
    expect(await halfWritten(t.databaseUrl)).toEqual({});
  });
});
