/**
 * Self-healing of the embedded database and of several nodes without a configured key:
 * - kill -9 of the embedded PostgreSQL under a running service: the service starts it again on the same directory
 *   and port, /api/health goes 503 and back to 200 by itself, and reports can be posted again;
 * - kill -9 of the service: the PostgreSQL it leaves running is recognised and stopped by the next start on the same
 *   DATA_DIR (no "in use"), and the data is intact; a DATA_DIR held by a live service is still refused, in one line;
 * - a DATA_DIR below a mode-700 folder (as root: PostgreSQL runs as `postgres`, which cannot enter it) starts;
 * - two nodes on one DATABASE_URL without JWT_SECRET accept each other's tokens (one key, shared through the database).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Api } from '../support/api.js';
import { startTestApp, TEST_ADMIN, type TestApp } from '../support/app.js';
import { createTestDatabase, withDb } from '../support/db.js';
import { eventually, postReport } from '../support/feed-client.js';
import { decodeJwt, signJwt } from '../support/jwt.js';
import { adminApi, createUser, login, reportBody, type TestUser } from '../support/world.js';

jest.setTimeout(60_000);

const isRoot = process.getuid?.() === 0;
const scratch: string[] = [];
const apps: TestApp[] = [];

/** The built service in embedded mode (no DATABASE_URL) on this DATA_DIR. */
async function embedded(dataDir: string): Promise<TestApp> {
  const t = await startTestApp({ databaseUrl: '', env: { DATA_DIR: dataDir, SEED_DEMO: 'false' } });
  apps.push(t);
  return t;
}

function tempDir(label: string, mode = 0o755): string {
  const dir = mkdtempSync(join(tmpdir(), `lagesbild-${label}-`));
  chmodSync(dir, mode);
  scratch.push(dir);
  return dir;
}

const postmasterPid = (dataDir: string) => Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

/** Running, not a zombie (an orphan's new parent may reap it late). */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0] !== 'Z';
  } catch {
    return false;
  }
}

/** Resolves when the service has printed a line matching `re` (already printed counts). */
function printed(t: TestApp, re: RegExp, ms = 20_000): Promise<RegExpExecArray> {
  return new Promise((ok, fail) => {
    const check = () => {
      const m = re.exec(t.output());
      if (!m) return;
      clearTimeout(timer);
      t.process.stdout!.off('data', check);
      ok(m);
    };
    const timer = setTimeout(() => fail(new Error(`no line matching ${re} within ${ms} ms:\n${t.output()}`)), ms);
    t.process.stdout!.on('data', check);
    check();
  });
}

/** An organisation and a member who may post reports, made through the bootstrap admin. */
async function aMember(t: TestApp): Promise<TestUser> {
  const admin = await adminApi(t);
  const org = await admin.post('/api/organisations', { name: `Org ${Date.now()}`, kind: 'police' });
  expect(org.status).toBe(201);
  return createUser(t, admin, org.body.id, 'member');
}

afterAll(async () => {
  await Promise.all(apps.map((t) => t.close('SIGTERM')));
  for (const dir of scratch) {
    // As root a cluster may have been kept elsewhere (a link from DATA_DIR/pg): remove that folder too.
    const link = join(dir, 'data', 'pg');
    if (existsSync(dir) && lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) rmSync(dirname(readlinkSync(link)), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('the embedded PostgreSQL under a running service', () => {
  const dataDir = join(tempDir('heal'), 'data');
  let t: TestApp;
  let member: TestUser;
  let before: { id: string };

  beforeAll(async () => {
    t = await embedded(dataDir);
    member = await aMember(t);
    before = await postReport(member.api, reportBody({ description: 'Före kill -9' }));
  });

  it('is killed with SIGKILL: the service starts it again by itself, health goes 503 and back to 200, reports can be posted', async () => {
    const pid = postmasterPid(dataDir);
    const port = Number(/on 127\.0\.0\.1:(\d+)/.exec(t.output())![1]);
    const health = new Api(t.url);
    const t0 = Date.now();
    process.kill(pid, 'SIGKILL');

    const down = await eventually(async () => (await health.get('/api/health')).status === 503, 10_000, 'health 503', 10);
    expect(down).toBe(true);
    await eventually(async () => (await health.get('/api/health')).status === 200, 20_000, 'health 200 again', 25);
    const recovered = Date.now() - t0;

    expect(t.output()).toContain(`embedded PostgreSQL (pid ${pid}) stopped unexpectedly (signal SIGKILL); restarting it on 127.0.0.1:${port}`);
    await printed(t, /embedded PostgreSQL is back \(pid \d+\)/);
    expect(postmasterPid(dataDir)).not.toBe(pid);
    expect(t.process.exitCode).toBeNull();
    const after = await postReport(member.api, reportBody({ description: 'Efter kill -9' }));
    expect((await member.api.get(`/api/reports/${before.id}`)).status).toBe(200);
    expect((await member.api.get(`/api/reports/${after.id}`)).status).toBe(200);
    expect(recovered).toBeLessThan(15_000); // the server is back in about a second; the LISTEN connection retries with backoff
    console.log(`kill -9 of the embedded PostgreSQL: /api/health 200 again ${recovered} ms later`);
  });

  it('survives its service being killed with SIGKILL: the next start on the same DATA_DIR stops the server left behind, data intact', async () => {
    const orphan = postmasterPid(dataDir);
    await t.close('SIGKILL');
    expect(alive(orphan)).toBe(true); // nothing told it: it still holds the directory

    const again = await embedded(dataDir);
    expect(again.output()).toContain(`stopping the embedded PostgreSQL (pid ${orphan}) that a stopped service left running`);
    expect(again.output()).not.toMatch(/in use/);
    expect(alive(orphan)).toBe(false);
    // Same data, same key (DATA_DIR/jwt-secret): the member's token from before still works.
    const api = new Api(again.url, member.token);
    expect((await api.get(`/api/reports/${before.id}`)).body.description).toBe('Före kill -9');
    await postReport(api, reportBody({ description: 'Efter omstarten' }));

    // A DATA_DIR held by a live service is still refused, with one line naming it.
    const refused = await embedded(dataDir).then(() => 'started', (e: Error) => e.message);
    const said = refused.split('\n').slice(1).filter(Boolean);
    expect(said).toEqual([`cannot start: the data directory ${join(realpathSync(dataDir), 'pg')} is in use by another Lägesbild service (pid ${again.process.pid}); stop it or choose another DATA_DIR`]);
    expect((await api.get('/api/health')).status).toBe(200);
  });
});

describe('a DATA_DIR below a folder of mode 700', () => {
  it(`starts${isRoot ? ' as root (the cluster is kept where the postgres user can reach it, and found again on restart)' : ''}`, async () => {
    const home = tempDir('home700', 0o700);
    const dataDir = join(home, 'data');
    const first = await embedded(dataDir);
    expect((await new Api(first.url).get('/api/health')).status).toBe(200);
    const member = await aMember(first);
    const report = await postReport(member.api, reportBody({ description: 'I en stängd mapp' }));
    if (isRoot) {
      const [, target] = /cannot enter \S+: .*the database of \S+ is kept in (\S+) \(/.exec(first.output()) ?? [];
      expect(target).toBeDefined();
      expect(readlinkSync(join(dataDir, 'pg'))).toBe(target);
    }
    expect(await first.close('SIGTERM')).toBe(0);

    const second = await embedded(dataDir);
    expect(second.output()).not.toMatch(/is kept in/);
    expect((await new Api(second.url, member.token).get(`/api/reports/${report.id}`)).status).toBe(200);
  });
});

describe('two nodes on one DATABASE_URL without JWT_SECRET', () => {
  let a: TestApp;
  let b: TestApp;
  let url: string;

  beforeAll(async () => {
    url = await createTestDatabase();
    // Started together: both race to generate the key; one is stored and both read it.
    [a, b] = await Promise.all([
      startTestApp({ databaseUrl: url, env: { JWT_SECRET: '' } }),
      startTestApp({ databaseUrl: url, env: { JWT_SECRET: '', BOOTSTRAP_ADMIN_EMAIL: '', BOOTSTRAP_ADMIN_PASSWORD: '' } }),
    ]);
    apps.push(a, b);
  });

  it('accept each other\'s tokens, signed with the one key stored in the database', async () => {
    const fromA = await login(a.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const fromB = await login(b.url, TEST_ADMIN.email, TEST_ADMIN.password);
    expect((await new Api(b.url, fromA).get('/api/me')).status).toBe(200);
    expect((await new Api(a.url, fromB).get('/api/me')).status).toBe(200);

    const [{ value }] = await withDb(url, async (c) => (await c.query("SELECT value FROM settings WHERE name = 'jwt_secret'")).rows);
    expect(value.length).toBeGreaterThanOrEqual(32);
    expect(signJwt(decodeJwt(fromA), value)).toBe(fromA);
    // Not some fixed key: a token signed with another one is refused on both.
    const forged = signJwt(decodeJwt(fromA));
    expect((await new Api(a.url, forged).get('/api/me')).status).toBe(401);
    expect((await new Api(b.url, forged).get('/api/me')).status).toBe(401);
  });
});
