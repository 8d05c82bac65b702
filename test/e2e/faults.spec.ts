/**
 * Fault tests (issue "Trust", "Proof in CI"): the service recovers from a kill -9 with no manual step, and nothing
 * is lost, doubled or skipped.
 * - kill -9 of the service while several clients post reports with an Idempotency-Key each, twice, at different
 *   moments: the clients retry what got no 2xx answer, with the same key and body, against the service started
 *   again on the same data; every acknowledged report is stored exactly once, nothing unsent exists, a replay
 *   answers with the report of the first acknowledgement, and every write is whole. In embedded mode (what
 *   `npm start` runs: the orphaned PostgreSQL is stopped by the next start) and on an external database.
 * - kill -9 of the embedded PostgreSQL under feed load: the service starts it again by itself, the writer's retries
 *   go through, and every socket of a user who follows everything ends up with every event exactly once, in seq
 *   order, without a gap; sockets that were away over the outage reconnect and resume, and the resume fills the gap;
 *   a resume answered UNAVAILABLE during the outage and sent again after it replays everything in order too.
 * Each test prints what happened (reports posted, acknowledged before each kill, retried, answered by a replay;
 * each socket's connections and resumes).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Api } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { halfWritten } from '../support/consistency.js';
import { createTestDatabase, withDb } from '../support/db.js';
import { type Ack, connectFeed, eventually, type FeedClient, sleep, subscribe } from '../support/feed-client.js';
import { adminApi, createUser, reportBody, type TestUser } from '../support/world.js';
import { walk } from './helpers.js';

// Each embedded start runs initdb or crash recovery; a restart after kill -9 takes a few seconds on 2 cores.
jest.setTimeout(120_000);

const scratch: string[] = [];
const apps: TestApp[] = [];
const sockets: FeedClient[] = [];

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all(apps.map((t) => t.close('SIGTERM')));
  for (const dir of scratch) {
    // As root a cluster may have been kept elsewhere (a link from DATA_DIR/pg): remove that folder too.
    const link = join(dir, 'data', 'pg');
    if (existsSync(dir) && lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) rmSync(dirname(readlinkSync(link)), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});

function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `lagesbild-${label}-`));
  chmodSync(dir, 0o755);
  scratch.push(dir);
  return dir;
}

/** The built service in embedded mode (no DATABASE_URL) on this DATA_DIR. */
async function embedded(dataDir: string): Promise<TestApp> {
  const t = await startTestApp({ databaseUrl: '', env: { DATA_DIR: dataDir, SEED_DEMO: 'false' } });
  apps.push(t);
  return t;
}

/** The database a service uses: its DATABASE_URL, or the embedded server it started (a new port on every start). */
function databaseOf(t: TestApp): string {
  if (t.databaseUrl) return t.databaseUrl;
  const port = /embedded PostgreSQL 18 on 127\.0\.0\.1:(\d+)/.exec(t.output())?.[1];
  if (!port) throw new Error(`no embedded PostgreSQL line in the output:\n${t.output()}`);
  // The embedded server's one superuser and password (src/database/embedded-postgres.ts).
  return `postgres://postgres:lagesbild-local@127.0.0.1:${port}/lagesbild`;
}

/**
 * Two partner organisations (police, school), each with a member and a coordinator: only the people these tests use
 * (each costs an argon2 hash and a login).
 */
async function partners(t: TestApp): Promise<Record<'police' | 'school', { member: TestUser; coordinator: TestUser }>> {
  const admin = await adminApi(t);
  const people = async (kind: 'police' | 'school') => {
    const org = await admin.post('/api/organisations', { name: `Felprov ${kind}`, kind });
    expect(org.status).toBe(201);
    const [member, coordinator] = await Promise.all((['member', 'coordinator'] as const).map((role) => createUser(t, admin, org.body.id, role, { label: `${kind}-${role}` })));
    return { member, coordinator };
  };
  const [police, school] = await Promise.all([people('police'), people('school')]);
  return { police, school };
}

const postmasterPid = (dataDir: string) => Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

/** `p`, or a failure naming what hung. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`${what}: no answer in ${ms} ms (a hang)`)), ms))),
  ]);
}

/** One logical report a client posts: one key and one body, however many attempts it takes. */
interface Posting {
  user: TestUser;
  key: string;
  body: ReturnType<typeof reportBody>;
  attempts: { at: number; url: string; outcome: string }[];
  /** The acknowledgement (the first 2xx answer). */
  ack?: { id: string; seq: number; at: number; replayed: boolean; generation: number };
}

/**
 * Posts `posting` until a 2xx answer, with the same key and body each time, against whichever service is current
 * (`url()`); no answer (connection refused or reset) or a 5xx is retried after a short pause. A 4xx fails the test:
 * an unchanged request must never be refused, first try or retry; so does a request left without an answer (a
 * hang). An answer counts as a replay when the report it names was created before this attempt was sent (its
 * `createdAt`, set by the service when it wrote).
 */
async function postUntilAcknowledged(posting: Posting, url: () => string, generation: () => number, deadline = 45_000): Promise<void> {
  const end = Date.now() + deadline;
  for (let pause = 50; ; pause = Math.min(pause * 2, 400)) {
    const at = Date.now();
    const target = url();
    const request = new Api(target, posting.user.token).post('/api/reports', posting.body, { 'Idempotency-Key': posting.key });
    const res = await within(request.catch((e: Error) => ((e.cause as Error | undefined) ?? e).message), 15_000, `POST /api/reports (${posting.body.description})`);
    posting.attempts.push({ at, url: target, outcome: typeof res === 'string' ? `no answer: ${res}` : String(res.status) });
    if (typeof res !== 'string' && res.status < 500) {
      expect({ status: res.status, text: res.text.slice(0, 300) }).toEqual({ status: 201, text: expect.any(String) });
      expect(res.body.description).toBe(posting.body.description);
      posting.ack = { id: res.body.id, seq: res.body.seq, at: Date.now(), replayed: Date.parse(res.body.createdAt) < at, generation: generation() };
      return;
    }
    if (Date.now() > end) throw new Error(`${posting.body.description}: not acknowledged in ${deadline} ms; attempts: ${JSON.stringify(posting.attempts.slice(-5))}`);
    await sleep(pause);
  }
}

/**
 * Scenario 1, from a running service `first` (its users made): `clients` concurrent posters (spread over `users`)
 * post `perClient` reports each; the service is killed with SIGKILL once when a third of the reports are
 * acknowledged (steady posting) and once soon after it was started again (while the retries are being answered),
 * and `restart` starts it again on the same data each time. Resolves with the service running at the end.
 */
async function killServiceWhilePosting(label: string, first: TestApp, restart: () => Promise<TestApp>, users: TestUser[]): Promise<TestApp> {
  const clients = 6;
  const perClient = 25;
  const total = clients * perClient;
  let t = first;
  let generation = 1;
  const kills: { acknowledgedBefore: number; pid: number; restartMs: number }[] = [];
  const postings: Posting[] = [];
  const acknowledged = () => postings.filter((p) => p.ack).length;
  const acknowledgedBy = (g: number) => postings.filter((p) => p.ack?.generation === g).length;

  /** When `moment()` holds on service `g`: kill -9 it, wait for it to be gone, start it again on the same data. */
  const killAt = async (g: number, moment: () => boolean) => {
    await eventually(async () => generation === g && moment(), 40_000, `the moment of kill ${g}`, 2);
    const dead = t;
    const kill = { acknowledgedBefore: acknowledged(), pid: dead.process.pid!, restartMs: 0 };
    kills.push(kill);
    const t0 = Date.now();
    await dead.close('SIGKILL');
    expect(dead.process.signalCode).toBe('SIGKILL');
    t = await restart();
    generation++;
    kill.restartMs = Date.now() - t0;
  };

  const killer = (async () => {
    await killAt(1, () => acknowledged() >= total / 3);
    await killAt(2, () => acknowledgedBy(2) >= 8);
  })();
  const posters = Promise.all(Array.from({ length: clients }, async (_, c) => {
    const user = users[c % users.length];
    for (let i = 0; i < perClient; i++) {
      const p: Posting = { user, key: randomUUID(), body: reportBody({ description: `Felprov ${label} klient ${c} nummer ${i}`, severity: 1 + (i % 5) }), attempts: [] };
      postings.push(p);
      await postUntilAcknowledged(p, () => t.url, () => generation);
    }
  }));
  await Promise.all([posters, killer]);

  // What happened, for the reader.
  const retried = postings.filter((p) => p.attempts.length > 1);
  const replayed = postings.filter((p) => p.ack?.replayed);
  console.log([
    `kill -9 of the service while posting (${label}): ${postings.length} reports posted by ${clients} clients, ${acknowledged()} acknowledged`,
    ...kills.map((k, i) => `  kill ${i + 1} (service pid ${k.pid}): ${k.acknowledgedBefore} acknowledged before it; started again in ${k.restartMs} ms`),
    `  ${retried.length} reports retried (${postings.reduce((n, p) => n + p.attempts.length - 1, 0)} retries in all): ` +
      `${replayed.length} answered by a replay (written before the kill, answer lost), ${retried.length - replayed.length} written by a retry`,
  ].join('\n'));

  expect(kills).toHaveLength(2);
  expect(kills[1].acknowledgedBefore).toBeLessThan(total); // both while posting
  expect(generation).toBe(3);
  expect(postings).toHaveLength(total);
  expect(postings.filter((p) => !p.ack)).toEqual([]);
  expect(retried.length).toBeGreaterThan(0); // the kills hit clients mid-posting
  // Only a retry can be answered by a replay (of what an attempt before it wrote): a first attempt answered with an
  // older report would have been given someone else's.
  expect(postings.filter((p) => p.ack!.replayed && p.attempts.length < 2)).toEqual([]);

  // In SQL: every acknowledged report once, with the id and seq it was acknowledged with; no report that was never
  // sent; each key holds the answer its client was given.
  const db = databaseOf(t);
  const userIds = users.map((u) => u.id);
  const sent = new Map(postings.map((p) => [p.body.description, p]));
  const stored = await withDb(db, async (c) => (await c.query(
    'SELECT id, description, author_id AS "authorId", seq FROM reports WHERE author_id = ANY($1::uuid[]) ORDER BY seq', [userIds])).rows);
  const unsent = stored.filter((r) => !sent.has(r.description)).map((r) => r.description);
  expect(unsent).toEqual([]);
  expect(stored.map((r) => ({ description: r.description, id: r.id, author: r.authorId, seq: Number(r.seq) })).sort(byDescription))
    .toEqual(postings.map((p) => ({ description: p.body.description, id: p.ack!.id, author: p.user.id, seq: p.ack!.seq })).sort(byDescription));
  const keys = await withDb(db, async (c) => (await c.query(
    `SELECT user_id AS "userId", key, response_body->>'id' AS id FROM idempotency_keys WHERE user_id = ANY($1::uuid[]) AND scope = 'report.create'`,
    [userIds])).rows);
  expect(keys.map((k) => `${k.userId} ${k.key} ${k.id}`).sort()).toEqual(postings.map((p) => `${p.user.id} ${p.key} ${p.ack!.id}`).sort());
  expect(await halfWritten(db)).toEqual({});

  // Through the API: each report once in the list and readable by id; a replay of every key (the client that sends
  // once more) answers with the report and seq of its acknowledgement, and stores nothing.
  const api = new Api(t.url, users[0].token);
  const listed = (await walk(api, '/api/reports', 500)).items.filter((r) => r.description.startsWith(`Felprov ${label} `));
  expect(listed.map((r) => r.id).sort()).toEqual(postings.map((p) => p.ack!.id).sort());
  for (const p of retried.slice(0, 5)) expect((await api.get(`/api/reports/${p.ack!.id}`)).body.description).toBe(p.body.description);
  const again = await Promise.all(postings.map((p) => new Api(t.url, p.user.token).post('/api/reports', p.body, { 'Idempotency-Key': p.key })));
  expect(again.map((a) => [a.status, a.body.id, a.body.seq])).toEqual(postings.map((p) => [201, p.ack!.id, p.ack!.seq]));
  const count = await withDb(db, async (c) => Number((await c.query('SELECT count(*) FROM reports WHERE author_id = ANY($1::uuid[])', [userIds])).rows[0].count));
  expect(count).toBe(total);
  return t;
}

const byDescription = (a: { description: string }, b: { description: string }) => a.description.localeCompare(b.description);

/**
 * A user's feed over any number of connections, as a client with a memory does it: it remembers the last seq it
 * got (or a resume acknowledged), and whenever its connection is lost it connects again (retrying while the
 * service refuses) and sends feed:resume with that seq (again while the answer is "unavailable"). `drop` ends the
 * connection from the client side (a network loss) and reconnects only when `until` resolves.
 */
class Follower {
  readonly connections: FeedClient[] = [];
  /** Where the feed stood when this follower first connected. */
  start = 0;
  position = 0;
  readonly resumes: { afterSeq: number; ack: Ack | 'timeout' }[] = [];
  refusedConnects = 0;
  /** A resume answered with an error is retried no sooner than this (a client with a longer back-off). */
  retryAfter?: Promise<unknown>;
  private closed = false;
  private reconnecting?: Promise<void>;

  constructor(readonly label: string, readonly user: TestUser, readonly all: boolean, private readonly url: () => string) {}

  get events() {
    return this.connections.flatMap((c) => c.events);
  }

  get connected(): boolean {
    return !!this.connections.at(-1)?.connected;
  }

  /** Connects (again) and resumes; with `resumeAfter`, the first resume waits for it (the connection is made at once). */
  async open(resumeAfter?: Promise<unknown>): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      if (attempt > 200) throw new Error(`${this.label}: could not connect and resume in 200 attempts`);
      let c: FeedClient;
      try {
        c = await connectFeed(this.url(), this.user.token, `${this.label} #${this.connections.length + 1}`, { resume: false });
      } catch {
        this.refusedConnects++;
        await sleep(150);
        continue;
      }
      sockets.push(c);
      if (!this.connections.length) this.start = this.position = c.hello!.lastSeq;
      this.connections.push(c);
      c.socket.on('disconnect', () => {
        if (!this.closed && c === this.connections.at(-1) && c.disconnectReason !== 'io client disconnect') this.reconnect();
      });
      await resumeAfter;
      if (await this.resume(c)) return;
    }
  }

  /** Loses the connection; connects again when `until` resolves, and resumes when `resumeAfter` does. */
  drop(until: Promise<unknown>, resumeAfter?: Promise<unknown>): void {
    this.connections.at(-1)!.close();
    this.track(until.then(() => this.open(resumeAfter)));
  }

  /** Waits for a reconnection under way, if any. */
  async settled(): Promise<void> {
    while (this.reconnecting) {
      const r = this.reconnecting;
      await r;
      if (this.reconnecting === r) this.reconnecting = undefined;
    }
  }

  close(): void {
    this.closed = true;
    this.connections.forEach((c) => c.close());
  }

  private reconnect(): void {
    this.track((this.reconnecting ?? Promise.resolve()).then(() => this.open()));
  }

  /** A reconnection under way: its failure is the test's (through `settled`), never an unhandled rejection. */
  private track(p: Promise<void>): void {
    p.catch(() => undefined);
    this.reconnecting = p;
  }

  /** feed:all (for a coordinator) and feed:resume from the position, until the service answers ok on this connection. */
  private async resume(c: FeedClient): Promise<boolean> {
    while (c.connected) {
      const all = this.all ? await c.ackOrTimeout(5000, 'feed:all', { enabled: true }) : { ok: true };
      if (all !== 'timeout' && all.ok) {
        const afterSeq = Math.max(this.position, this.events.at(-1)?.seq ?? 0);
        const ack = await c.ackOrTimeout(5000, 'feed:resume', { afterSeq });
        this.resumes.push({ afterSeq, ack });
        if (ack !== 'timeout' && ack.ok) {
          this.position = Math.max(afterSeq, ack.lastSeq ?? 0);
          return true;
        }
        if (ack !== 'timeout' && ack.resync) throw new Error(`${this.label}: resume after ${afterSeq} answered resync: ${JSON.stringify(ack)}`);
      }
      await Promise.all([sleep(150), this.retryAfter]);
    }
    return false;
  }
}

describe('embedded mode (what npm start runs)', () => {
  const dataDir = join(tempDir('faults'), 'data');
  let service: TestApp; // the one running now
  let police: { member: TestUser; coordinator: TestUser };
  let school: { member: TestUser; coordinator: TestUser };
  const as = (u: TestUser) => new Api(service.url, u.token);

  beforeAll(async () => {
    service = await embedded(dataDir);
    ({ police, school } = await partners(service));
  });

  it('kill -9 of the service mid-posting, twice: with idempotent retries every acknowledged report is stored exactly once', async () => {
    service = await killServiceWhilePosting('inbäddad', service, async () => {
      const t = await embedded(dataDir);
      // The PostgreSQL the killed service left running was stopped by the new one, without a human.
      expect(t.output()).toMatch(/stopping the embedded PostgreSQL \(pid \d+\) that a stopped service left running/);
      return t;
    }, [police.member, school.member, police.coordinator]);
  });

  it('kill -9 of PostgreSQL under feed load: restarted without a human, every socket gets every event once, in order, without a gap', async () => {
    const t = service;
    const writers = [police.member, school.member];
    await Promise.all([subscribe(as(school.member), {}), subscribe(as(police.member), {})]);
    const followers = [
      new Follower('police coordinator (all)', police.coordinator, true, () => t.url),
      new Follower('police coordinator, 2nd socket (all, away over the outage)', police.coordinator, true, () => t.url),
      new Follower('school coordinator (all)', school.coordinator, true, () => t.url),
      new Follower('school member (subscribed to everything, away over the outage)', school.member, false, () => t.url),
      new Follower('police member (subscribed to everything)', police.member, false, () => t.url),
      new Follower('school coordinator, 2nd socket (all, reconnected just before the kill, resumes during the outage)', school.coordinator, true, () => t.url),
    ];
    const away = [followers[1], followers[3], followers[5]];
    const unlucky = followers[5];
    try {
      await Promise.all(followers.map((f) => f.open()));
      const start = Math.min(...followers.map((f) => f.start));
      expect(followers.map((f) => f.start)).toEqual(followers.map(() => start)); // nothing is being written yet

      // Writers post until told to stop, each report retried with its key until acknowledged.
      const postings: Posting[] = [];
      const acknowledged = () => postings.filter((p) => p.ack).length;
      let stop = false;
      const writing = Promise.all(writers.flatMap((user, w) => [0, 1].map(async (lane) => {
        for (let i = 0; !stop; i++) {
          const p: Posting = { user, key: randomUUID(), body: reportBody({ description: `Flödesprov skribent ${w} fil ${lane} nummer ${i}` }), attempts: [] };
          postings.push(p);
          await postUntilAcknowledged(p, () => t.url, () => 1);
        }
      })));
      writing.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile

      // Three sockets lose their connection while the writers write; two come back only once PostgreSQL is killed
      // (their connects are refused until it is back).
      await eventually(async () => acknowledged() >= 10, 20_000, '10 reports before the drop', 5);
      const killed = deferred();
      const droppedAt = away.map((f) => f.events.at(-1)?.seq ?? f.start);
      const outage = deferred();
      const liveAgain = deferred();
      unlucky.retryAfter = liveAgain.p;
      away.slice(0, 2).forEach((f) => f.drop(killed.p));
      // This one is back before the kill (live events are held for it until it resumes) and sends its resume once
      // the service has noticed that PostgreSQL is gone: the resume fails ("try again"), and it tries again only
      // when the feed is live again for the others, as a client with a longer back-off would.
      unlucky.drop(eventually(async () => acknowledged() >= 15, 20_000, '15 reports', 5), outage.p);

      await eventually(async () => acknowledged() >= 20 && unlucky.connections.length === 2 && unlucky.connected, 20_000, '20 reports before the kill', 5);
      const pid = postmasterPid(dataDir);
      const beforeKill = acknowledged();
      const t0 = Date.now();
      process.kill(pid, 'SIGKILL');
      killed.fire();
      // The supervisor has seen the server (and its backends) gone; starting it again takes a while.
      await printedLine(t, new RegExp(`embedded PostgreSQL \\(pid ${pid}\\) stopped unexpectedly \\(signal SIGKILL\\)`), 10_000);
      outage.fire();

      // The service starts PostgreSQL again by itself; the writers' retries go through; the feed is up again.
      await printedLine(t, /embedded PostgreSQL is back \(pid \d+\) \d+ ms after it stopped/, 30_000);
      await eventually(async () => {
        const h = await new Api(t.url).get('/api/health');
        return h.status === 200 && h.body.feed === 'up';
      }, 30_000, 'health 200 with the feed up', 50);
      const recovered = Date.now() - t0;
      await eventually(async () => acknowledged() >= beforeKill + 5, 30_000, '5 reports after the recovery', 5);
      const recent = Math.max(...postings.map((p) => p.ack?.seq ?? 0));
      await followers[0].connections[0].waitForSeq(recent, 10_000); // delivered live to the others
      liveAgain.fire();
      await eventually(async () => acknowledged() >= beforeKill + 20, 30_000, '20 reports after the recovery', 5);
      stop = true;
      await writing;
      await Promise.all(followers.map((f) => f.settled()));

      expect(t.output()).toContain(`embedded PostgreSQL (pid ${pid}) stopped unexpectedly (signal SIGKILL)`);
      expect(postmasterPid(dataDir)).not.toBe(pid);
      expect(t.process.exitCode).toBeNull();

      // Every follower ends up with every acknowledged report.
      const ids = postings.map((p) => p.ack!.id);
      await Promise.all(followers.map((f) => eventually(async () => {
        const got = new Set(f.events.map((e) => e.data?.id));
        return ids.every((id) => got.has(id));
      }, 20_000, `${f.label} to receive all ${ids.length} reports`, 50).catch((e: Error) => {
        throw new Error(`${e.message}; it has ${f.events.length} events, seqs ${f.events.map((x) => x.seq).join(',')}; resumes ${JSON.stringify(f.resumes)}`);
      })));
      await sleep(300); // a doubled event would arrive about now

      const db = databaseOf(t);
      const collaborationId = (await as(police.member).get('/api/me')).body.collaboration.id;
      const logged = await withDb(db, async (c) => (await c.query(
        'SELECT seq, type, entity_id AS id FROM events WHERE collaboration_id = $1 AND seq > $2 ORDER BY seq', [collaborationId, start])).rows)
        .then((rows) => rows.map((r) => ({ seq: Number(r.seq), type: r.type, id: r.id })));
      // The log holds exactly the acknowledged reports, each once.
      expect(logged.map((e) => e.type)).toEqual(logged.map(() => 'report:created'));
      expect(logged.map((e) => e.id).sort()).toEqual([...ids].sort());
      expect(new Set(ids).size).toBe(ids.length);

      const retried = postings.filter((p) => p.attempts.length > 1);
      console.log([
        `kill -9 of the embedded PostgreSQL (pid ${pid}) under feed load: ${postings.length} reports posted, ${beforeKill} acknowledged before the kill; ` +
          `health 200 again ${recovered} ms later`,
        `  ${retried.length} reports retried (${postings.reduce((n, p) => n + p.attempts.length - 1, 0)} retries; answers: ` +
          `${[...new Set(retried.flatMap((p) => p.attempts.slice(0, -1).map((a) => a.outcome)))].join(' | ')}); ` +
          `${postings.filter((p) => p.ack!.replayed).length} answered by a replay`,
        ...followers.map((f) => `  ${f.label}: ${f.events.length} events over ${f.connections.length} connection(s)` +
          `${f.refusedConnects ? `, ${f.refusedConnects} connects refused` : ''}; resumes: ` +
          f.resumes.map((r) => (r.ack === 'timeout' ? `after ${r.afterSeq} timeout` : `after ${r.afterSeq} ${r.ack.ok ? `replayed ${r.ack.replayed}` : r.ack.error?.code}`)).join(', ')),
      ].join('\n'));

      // Each socket: every event of the log after where it started, once, in seq order, whatever its connections.
      for (const f of followers) {
        expect({ follower: f.label, seqs: f.events.map((e) => e.seq) }).toEqual({ follower: f.label, seqs: logged.map((e) => e.seq) });
        expect({ follower: f.label, ids: f.events.map((e) => e.data.id) }).toEqual({ follower: f.label, ids: logged.map((e) => e.id) });
      }
      // The sockets that were away came back by a resume from the last seq they had, and it brought what they missed.
      away.forEach((f, i) => {
        expect(f.connections.length).toBeGreaterThanOrEqual(2);
        const last = f.resumes.at(-1)!;
        expect(last.afterSeq).toBe(droppedAt[i]);
        expect(last.ack).toEqual({ ok: true, replayed: expect.any(Number), lastSeq: expect.any(Number) });
        const missed = logged.filter((e) => e.seq > droppedAt[i] && e.seq <= (last.ack as Ack).lastSeq!).length;
        expect((last.ack as Ack).replayed).toBe(missed);
        expect(missed).toBeGreaterThan(5); // at least the reports acknowledged between the drop and the kill
      });
      // The resume sent during the outage was answered "unavailable", not lost, and the retry then succeeded.
      expect(unlucky.resumes.slice(1, -1).map((r) => (r.ack === 'timeout' ? 'timeout' : r.ack.error?.code))).toContain('UNAVAILABLE');
      expect(await halfWritten(db)).toEqual({});
      expect((await new Api(t.url).get('/api/health')).status).toBe(200);
    } finally {
      followers.forEach((f) => f.close());
    }
  });
});

/** A promise and the function that resolves it. */
function deferred(): { p: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const p = new Promise<void>((ok) => (fire = ok));
  return { p, fire };
}

/** Resolves when the service has printed a line matching `re` (already printed counts). */
async function printedLine(t: TestApp, re: RegExp, ms: number): Promise<void> {
  await eventually(async () => re.test(t.output()), ms, `a line matching ${re}:\n${t.output().slice(-2000)}`, 20);
}

describe('on an external database (DATABASE_URL)', () => {
  it('kill -9 of the service mid-posting, twice: with idempotent retries every acknowledged report is stored exactly once', async () => {
    const url = await createTestDatabase();
    const start = async () => {
      const t = await startTestApp({ databaseUrl: url });
      apps.push(t);
      return t;
    };
    const first = await start();
    const { police, school } = await partners(first);
    await killServiceWhilePosting('extern', first, start, [police.member, school.member, police.coordinator]);
  });
});
