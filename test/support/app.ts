import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase } from './db.js';

export interface TestApp {
  url: string;
  databaseUrl: string;
  process: ChildProcess;
  /** Everything the server printed, for assertions and for debugging a failed test. */
  output: () => string;
  close: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export const TEST_ADMIN = { email: 'admin@test.lagesbild', password: 'admin-password-123' };
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789abcdef';

/**
 * The service's environment in the tests, for the built service (as a child process) and for the application built
 * in process (test/support/in-process.ts) alike: a given database, the test admin, the test JWT secret, quiet logs.
 */
export function testEnvironment(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    BOOTSTRAP_ADMIN_EMAIL: TEST_ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: TEST_ADMIN.password,
    LOG_LEVEL: 'warn',
    LOGIN_THROTTLE_LIMIT: '1000',
    // The suites write fast on purpose (hundreds of reports by a few users); the write limit has its own test.
    WRITE_THROTTLE_LIMIT: '100000',
    // Cheap password hashes (argon2id with 4 MiB and one pass, about a twentieth of the default's time): every file
    // builds its people and logs them in; the cost itself is argon2's, and a hash verifies at any cost it names.
    PASSWORD_HASH_MEMORY_KIB: '4096',
    PASSWORD_HASH_TIME_COST: '1',
    METRICS_TOKEN: TEST_METRICS_TOKEN,
    STATIC_DIR: '/nonexistent',
    DATA_DIR: join(process.cwd(), '.tmp', 'unused-data-dir'),
    // Plausible reports off: the suites post observations of fixed past weeks (the pictures) and points anywhere;
    // test/e2e/plausible-reports.spec.ts turns both checks on.
    REPORT_MAX_AGE_DAYS: '0',
    REPORT_OUTSIDE_MARGIN_KM: 'off',
    ...extra,
  };
}

/**
 * The real service (`node dist/src/main.js`, what `npm start` runs) as a child process on a fresh database and
 * a free port. The tests talk to it over HTTP and Socket.IO only, like any client.
 */
export async function startTestApp(opts: { databaseUrl?: string; env?: Record<string, string> } = {}): Promise<TestApp> {
  const databaseUrl = opts.databaseUrl ?? (await createTestDatabase());
  const env = testEnvironment(databaseUrl, opts.env);
  const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in 30 s:\n${output}`)), 30_000);
    const check = () => {
      const m = /running at (http:\/\/localhost:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        ok(m[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  // A service that dies or is stopped under a test leaves the test only "fetch failed" (ECONNREFUSED): say so, with
  // the last it printed. A signal from outside (another process on the machine stopping node processes by name)
  // shows as its shutdown line before close() was called.
  let closing = false;
  const unasked = (what: string) =>
    console.error(`the service (pid ${child.pid}) ${what} while the tests still used it; its last output:\n${output.slice(-4000)}`);
  child.once('exit', (code, signal) => {
    if (!closing) unasked(`exited (${signal ?? `code ${code}`})`);
  });
  return {
    url,
    databaseUrl,
    process: child,
    output: () => output,
    close: async (signal = 'SIGTERM') => {
      const outside = /^(SIG[A-Z]+): finishing requests and shutting down/m.exec(output);
      if (!closing && outside && child.exitCode === null) unasked(`got ${outside[1]} from outside the tests`);
      closing = true;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
