import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Api } from '../support/api.js';
import { adminUrl, createTestDatabase, withDb } from '../support/db.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/app.js';
import { expectError } from './helpers.js';

// Each file starts its own service and builds its people (argon2): generous on a busy 2-core machine.
jest.setTimeout(60_000);

/** Runs the built service with exactly this environment and collects what it prints and how it exits. */
function run(env: Record<string, string>, timeoutMs = 45_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'src', 'main.js')], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`still running after ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    // 'close', not 'exit': only then has everything the child wrote to its pipes been read.
    child.once('close', (code) => {
      clearTimeout(timer);
      ok({ code, stdout, stderr });
    });
  });
}

describe('start-up configuration', () => {
  const base = {
    NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', JWT_SECRET: TEST_JWT_SECRET, STATIC_DIR: '/nonexistent',
    DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none', DATA_DIR: join(process.cwd(), '.tmp', 'unused-data-dir'),
  };
  const cases: [string, Record<string, string | undefined>, RegExp, string?][] = [
    ['PORT=abc', { PORT: 'abc' }, /PORT/],
    ['JWT_SECRETS=x (a typo)', { JWT_SECRETS: 'x' }, /unknown setting JWT_SECRETS/],
    ['SEED_DEMOS=true (a typo)', { SEED_DEMOS: 'true' }, /unknown setting SEED_DEMOS/],
    ['SEED_DEMO=maybe', { SEED_DEMO: 'maybe' }, /SEED_DEMO/],
    ['LOG_LEVEL=loud', { LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    ['LOGIN_THROTTLE_LIMIT=0', { LOGIN_THROTTLE_LIMIT: '0' }, /LOGIN_THROTTLE_LIMIT/],
    ['a short JWT_SECRET', { JWT_SECRET: 'short-but-secret-value' }, /JWT_SECRET/, 'short-but-secret-value'],
    ['a short BOOTSTRAP_ADMIN_PASSWORD', { BOOTSTRAP_ADMIN_EMAIL: 'boss@test.lagesbild', BOOTSTRAP_ADMIN_PASSWORD: 'hemligt-pw' }, /BOOTSTRAP_ADMIN_PASSWORD/, 'hemligt-pw'],
    ['BOOTSTRAP_ADMIN_EMAIL without a password', { BOOTSTRAP_ADMIN_EMAIL: 'boss@test.lagesbild' }, /BOOTSTRAP_ADMIN/],
    ['a short METRICS_TOKEN', { METRICS_TOKEN: 'scraper-token-0123' }, /METRICS_TOKEN/, 'scraper-token-0123'],
    ['WRITE_THROTTLE_TTL_SECONDS=0', { WRITE_THROTTLE_TTL_SECONDS: '0' }, /WRITE_THROTTLE_TTL_SECONDS/],
    ['PASSWORD_HASH_MEMORY_KIB=64 (below argon2id at 1 MiB)', { PASSWORD_HASH_MEMORY_KIB: '64' }, /PASSWORD_HASH_MEMORY_KIB/],
    ['PASSWORD_HASH_TIME_COST=0', { PASSWORD_HASH_TIME_COST: '0' }, /PASSWORD_HASH_TIME_COST/],
  ];

  it.concurrent.each(cases)('%s stops the start with exit code 1 and one clear line on stderr', async (_label, over, mentions, secret) => {
    const env = Object.fromEntries(Object.entries({ ...base, ...over }).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const { code, stdout, stderr } = await run(env);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^configuration error: /);
    expect(lines[0]).toMatch(mentions);
    expect(stdout).not.toMatch(/running at/);
    if (secret) expect(stdout + stderr).not.toContain(secret);
  }, 60_000);
});

describe('health and shutdown', () => {
  let t: TestApp;
  let database: string;
  const api = () => new Api(t.url);
  const admin = <T>(fn: (c: import('pg').Client) => Promise<T>) => withDb(adminUrl(), fn);

  async function healthUntil(status: number, withinMs: number) {
    const end = Date.now() + withinMs;
    let res = await api().get('/api/health');
    while (res.status !== status && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 250));
      res = await api().get('/api/health');
    }
    return res;
  }

  beforeAll(async () => {
    const url = await createTestDatabase();
    database = new URL(url).pathname.slice(1);
    t = await startTestApp({ databaseUrl: url });
  });
  afterAll(async () => {
    await admin((c) => c.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`)).catch(() => undefined);
    await t?.close();
  });

  it('GET /api/health is 200 { status: ok, db: up } without a token', async () => {
    const res = await api().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ status: 'ok', db: 'up' }));
  });

  it('is 503 while the database refuses connections, and 200 again once it is back', async () => {
    await admin(async (c) => {
      await c.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
    });
    const down = await healthUntil(503, 10_000);
    expect(down.status).toBe(503);
    expect(down.body).toEqual(expect.objectContaining({ db: 'down' }));
    expect(down.body.status).not.toBe('ok');
    // The process stays up and answers what needs no database.
    expect((await api().get('/api/categories')).status).toBe(200);
    const login = await api().post('/api/auth/login', { email: 'someone@test.lagesbild', password: 'whatever-password' });
    expect(login.status).toBeGreaterThanOrEqual(500);
    expect(login.text).not.toMatch(/ALLOW_CONNECTIONS|not currently accepting|pg_|postgres/i);

    await admin((c) => c.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`));
    const up = await healthUntil(200, 20_000);
    expect(up.status).toBe(200);
    expect(up.body).toEqual(expect.objectContaining({ status: 'ok', db: 'up' }));
    expect((await api().get('/api/health')).status).toBe(200);
  }, 40_000);

  it('exits with code 0 on SIGTERM', async () => {
    expectError(await api().get('/api/me'), 401);
    const code = await t.close('SIGTERM');
    expect(code).toBe(0);
    expect(t.output()).toMatch(/SIGTERM/);
  });
});
