import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { halfWritten } from '../support/consistency.js';
import { withDb } from '../support/db.js';
import { eventually, inParallel, postReport, subscribe } from '../support/feed-client.js';
import { mailEnvironment, startSmtp, type TestSmtp } from '../support/smtp.js';
import { buildWorld, reportBody, type TestUser, type World } from '../support/world.js';
import { expectError } from './helpers.js';

// Two service nodes on one database, each with its people made by argon2, and failures that wait out timeouts.
jest.setTimeout(90_000);

/**
 * Delivering e-mail durably (src/mail): two nodes on one database plan and send every alert exactly once per report and
 * recipient; an SMTP server that refuses or hangs is retried with backoff, and one that refuses every attempt leaves a
 * failed e-mail that admins see and can send again; a node killed while its SMTP server holds the message loses
 * nothing and doubles nothing: the other node sends it. The settings: SMTP_TIMEOUT_SECONDS=2 (a silent server is given up
 * after 2 s, an attempt after 5 s, a dead node's job after about 8 s: the node to kill is still waiting for the held
 * reply when it is killed, even on a busy machine), SMTP_RETRY_LIMIT=2, SMTP_RETRY_DELAY_SECONDS=1.
 */
let smtp: TestSmtp;
let a: TestApp;
let b: TestApp;
let w: World;
const viaB = (u: TestUser) => new Api(b.url, u.token);
const rows = (sql: string, params: unknown[] = []) => withDb(a.databaseUrl, async (db) => (await db.query(sql, params)).rows);
const outboxOf = (reportId: string) =>
  rows(`SELECT id, status, attempts, last_error AS "lastError", claimed_by AS "claimedBy" FROM mail_outbox WHERE ref->>'reportId' = $1`, [reportId]);

beforeAll(async () => {
  smtp = await startSmtp();
  const env = mailEnvironment(smtp, { SMTP_TIMEOUT_SECONDS: '2' });
  a = await startTestApp({ env });
  [w, b] = await Promise.all([buildWorld(a, { tokens: 'signed' }), startTestApp({ databaseUrl: a.databaseUrl, env })]);
  const email = async (u: TestUser, filter: Record<string, unknown>, setting: Record<string, unknown>) => {
    const sub = await subscribe(u.api, filter);
    expect((await u.api.patch(`/api/subscriptions/${sub.id}`, setting)).status).toBe(200);
  };
  // The school follows everything at once; social services twice (one e-mail per report all the same); the
  // municipality from severity 4 on.
  await email(w.orgs.school.member, {}, { email: 'immediate' });
  await email(w.orgs.social.member, {}, { email: 'immediate' });
  await email(w.orgs.social.member, { areaIds: [w.areas.centrum] }, { email: 'immediate' });
  await email(w.orgs.municipality.member, {}, { email: 'immediate', emailMinSeverity: 4 });
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await smtp?.stop();
});

describe('two nodes on one database', () => {
  it('send exactly one e-mail per matching report and recipient, whichever node the reports were posted through', async () => {
    const writers = [w.orgs.police.member, w.orgs.police.coordinator];
    const reports = await inParallel(16, 4, (i) => {
      const u = writers[i % 2];
      return postReport(i % 4 < 2 ? u.api : viaB(u), reportBody({ placeId: w.places.torget, severity: 1 + (i % 5), description: `Från två noder, nummer ${i}.` }));
    });
    const expected = new Map<string, string[]>([
      [w.orgs.school.member.email, reports.map((r) => r.id)],
      [w.orgs.social.member.email, reports.map((r) => r.id)],
      [w.orgs.municipality.member.email, reports.filter((r) => r.severity >= 4).map((r) => r.id)],
    ]);
    const total = [...expected.values()].reduce((n, ids) => n + ids.length, 0);
    await eventually(async () => smtp.delivered.length >= total, 30_000, `${total} e-mails`);
    // Every planned e-mail is sent: none can be sent again (a sent one is never taken again).
    await eventually(async () => (await rows(`SELECT 1 FROM mail_outbox WHERE status <> 'sent'`)).length === 0, 10_000, 'every e-mail sent');
    for (const [address, ids] of expected) {
      const got = smtp.to(address).map((d) => ids.find((id) => d.text.includes(id)) ?? 'unexpected').sort();
      expect({ address, got }).toEqual({ address, got: [...ids].sort() });
    }
    expect(smtp.delivered).toHaveLength(total);
  });
});

describe('an SMTP server that fails', () => {
  const sent = async (description: string) => {
    const r = await postReport(w.orgs.police.member.api, reportBody({ placeId: w.places.torget, severity: 3, description }));
    return { r, mail: () => smtp.waitFor(`the e-mail about "${description}"`, (d) => d.to.includes(w.orgs.school.member.email) && d.text.includes(r.id), 30_000) };
  };

  it('refusing (451) is retried with backoff until it accepts, and the e-mail arrives once', async () => {
    smtp.refuse(2, 451);
    const refusedBefore = smtp.refused;
    const { r, mail } = await sent('Vägrad två gånger.');
    await mail();
    // Two recipients (the school, social services), two refusals among their attempts: four attempts in all.
    const both = await eventually(async () => {
      const now = await outboxOf(r.id);
      return now.length === 2 && now.every((x) => x.status === 'sent') && now;
    }, 20_000, 'both e-mails sent');
    expect({ refused: smtp.refused - refusedBefore, attempts: both.reduce((n, x) => n + x.attempts, 0) }).toEqual({ refused: 2, attempts: 4 });
    expect(smtp.delivered.filter((d) => d.text.includes(r.id))).toHaveLength(2);
  });

  it('hanging (no greeting) is given up after the timeout and retried', async () => {
    smtp.hang();
    const { r, mail } = await sent('Servern svarar inte.');
    const stuck = await eventually(async () => (await outboxOf(r.id)).find((x) => x.status === 'retrying'), 20_000, 'a timed-out attempt');
    expect(stuck.lastError).toMatch(/greeting|timeout|ETIMEDOUT/i);
    smtp.accept();
    await mail();
    // Both recipients' e-mails retry on their own backoff: wait for both to be sent, then count what arrived.
    await eventually(async () => {
      const now = await outboxOf(r.id);
      return now.length === 2 && now.every((x) => x.status === 'sent');
    }, 30_000, 'both e-mails sent');
    expect(smtp.delivered.filter((d) => d.text.includes(r.id))).toHaveLength(2);
  });

  it('refusing every attempt (550) leaves the e-mail failed, listed for admins, who can send it again', async () => {
    smtp.refuse(1000, 550);
    const { r, mail } = await sent('Vägras varje gång.');
    const failed = await eventually(async () => {
      const now = await outboxOf(r.id);
      return now.length === 2 && now.every((x) => x.status === 'failed') && now;
    }, 30_000, 'both e-mails failed after every attempt');
    expect(failed.map((x) => x.attempts)).toEqual([3, 3]);
    smtp.accept();

    const admin = w.orgs.school.admin;
    const list = await admin.api.get('/api/alerts/deliveries?status=failed');
    expect(list.status).toBe(200);
    const mine = list.body.items.find((d: { recipient: { id: string } }) => d.recipient.id === w.orgs.school.member.id);
    expect(mine).toEqual(expect.objectContaining({ kind: 'alert', status: 'failed', attempts: 3, lastError: expect.stringMatching(/550/), sentAt: null }));
    expect(list.body.items.every((d: { status: string }) => d.status === 'failed')).toBe(true);
    expectError(await w.orgs.school.member.api.get('/api/alerts/deliveries?status=failed'), 403);
    expectError(await admin.api.get('/api/alerts/deliveries?status=lost'), 400, { field: 'status' });

    expect((await viaB(admin).post(`/api/alerts/deliveries/${mine.id}/retry`)).status).toBe(202);
    await mail();
    expect((await outboxOf(r.id)).find((x) => x.id === mine.id)).toEqual(expect.objectContaining({ status: 'sent', attempts: 4 }));
    // Only a failed e-mail is tried again.
    expectError(await admin.api.post(`/api/alerts/deliveries/${mine.id}/retry`), 404);
  });
});

describe('a node killed mid-send', () => {
  it('neither loses nor doubles the e-mail: the other node sends it once, after the dead node\'s attempt expires', async () => {
    const only = w.orgs.municipality.member; // severity 4 and up: one recipient
    const held = new Promise<void>((ok) => smtp.hold(only.email, () => ok()));
    const r = await postReport(viaB(w.orgs.police.member), reportBody({ placeId: w.places.torget, severity: 5, description: 'Skickas när noden dör.' }));
    await held;
    expect(smtp.held.map((h) => h.to)).toEqual([[only.email]]);
    const [row] = await rows(`SELECT claimed_by AS "claimedBy", status FROM mail_outbox WHERE ref->>'reportId' = $1 AND recipient_user_id = $2`, [r.id, only.id]);
    expect(row.status).toBe('sending');
    const pid = Number(String(row.claimedBy).split(':').pop());
    const [dying, surviving] = pid === a.process.pid ? [a, b] : [b, a];
    expect(dying.process.pid).toBe(pid);
    await dying.close('SIGKILL');
    // The server never answered: as a real server, it did not keep a message whose sender vanished.
    smtp.held.splice(0).forEach((h) => h.release(false));

    const mail = await smtp.waitFor('the e-mail sent by the other node', (d) => d.to.includes(only.email) && d.text.includes(r.id), 30_000);
    expect(mail.subject).toContain('5 av 5');
    const [after] = await rows(`SELECT status, attempts, claimed_by AS "claimedBy" FROM mail_outbox WHERE ref->>'reportId' = $1 AND recipient_user_id = $2`, [r.id, only.id]);
    expect(after).toEqual({ status: 'sent', attempts: 2, claimedBy: expect.stringMatching(new RegExp(`:${surviving.process.pid}$`)) });
    expect(smtp.to(only.email).filter((d) => d.text.includes(r.id))).toHaveLength(1);
    expect(await halfWritten(a.databaseUrl)).toEqual({});
  });
});
