// Shared pieces of the benchmarks: an embedded PostgreSQL of their own, the built service as a child process,
// a small API client, percentiles, and per-process memory/CPU read from /proc. Nothing here asserts timings:
// every benchmark prints ratios against a baseline it measures in the same run.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The built service the benchmarks run. Others rebuild dist/ while benchmarks run, so the service is run from a
 * snapshot of dist/src and dist/libs taken when the run starts (under bench/, so node_modules still resolve; its
 * own package.json maps #privacy/#contracts to the snapshot). bench/run.mjs takes one snapshot for all benchmarks
 * and passes it in BENCH_DIST; a benchmark run on its own takes its own.
 */
export function serviceDist() {
  if (process.env.BENCH_DIST) return process.env.BENCH_DIST;
  if (process.env.BENCH_REF) return buildRef(process.env.BENCH_REF);
  const src = join(ROOT, 'dist');
  if (!existsSync(join(src, 'src', 'main.js'))) throw new Error('dist/src/main.js is missing: run "npm run build:server" first');
  const dir = join(ROOT, 'bench', `.dist-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(src, 'src'), join(dir, 'src'), { recursive: true });
  cpSync(join(src, 'libs'), join(dir, 'libs'), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const imports = Object.fromEntries(Object.entries(pkg.imports ?? {}).map(([k, v]) => [k, (typeof v === 'string' ? v : v.default).replace('./dist/', './')]));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'lagesbild-bench-snapshot', private: true, type: pkg.type, imports }, null, 2));
  const built = statSync(join(src, 'src', 'main.js')).mtime.toISOString();
  writeFileSync(join(dir, 'SNAPSHOT'), `dist/ built ${built}, copied ${new Date().toISOString()}\n`);
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  process.env.BENCH_DIST = dir;
  return dir;
}
const serviceMain = () => join(serviceDist(), 'src', 'main.js');

/**
 * BENCH_REF=<commit>: benchmark a committed version instead of the working tree. Its src/, libs/, package.json and
 * tsconfig.json are taken with `git archive` into bench/.dist-<pid>/ and compiled there with the project's tsc
 * (node_modules resolve from the parent folders); the repository itself is not touched.
 */
function buildRef(ref) {
  const dir = join(ROOT, 'bench', `.dist-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const archive = spawnSync('sh', ['-c', `git -C "${ROOT}" archive "${ref}" src libs package.json tsconfig.json | tar -x -C "${dir}"`], { stdio: 'inherit' });
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed`);
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')], { stdio: 'inherit' });
  if (tsc.status !== 0 || !existsSync(join(dir, 'dist', 'src', 'main.js'))) throw new Error(`compiling ${ref} failed`);
  const commit = spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', ref], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(join(dir, 'dist', 'SNAPSHOT'), `commit ${commit} (BENCH_REF=${ref}), compiled ${new Date().toISOString()}\n`);
  process.env.BENCH_DIST = join(dir, 'dist');
  return process.env.BENCH_DIST;
}
export const ADMIN = { email: 'bench-admin@bench.lagesbild', password: 'bench-admin-password-123' };
export const JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789abcdef';
export const PASSWORD = 'bench-user-password-123';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes of this machine. */
export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// ---------------------------------------------------------------------------------------------- cleanup

const cleanups = [];
/** Registers an async cleanup that runs on normal end, on error and on SIGINT/SIGTERM (last registered first). */
export function onCleanup(fn) {
  cleanups.push(fn);
}
export async function cleanup() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    await Promise.resolve().then(fn).catch((e) => console.error(`cleanup: ${e?.message ?? e}`));
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    void cleanup().finally(() => process.exit(130));
  });
}

/** Runs a benchmark's main function with cleanup, and hands its result to bench/run.mjs when forked by it. */
export async function runBench(name, main, { quiet = true } = {}) {
  let code = 0;
  let result;
  try {
    const machine = !quiet || process.env.BENCH_SKIP_QUIET_WAIT === '1' ? undefined : await waitForQuiet(name);
    result = await main();
    if (result && machine) result.machine = machine;
    if (result?.failed) code = 1;
  } catch (e) {
    console.error(`${name}: FAILED: ${e?.stack ?? e}`);
    result = { error: String(e?.message ?? e) };
    code = 1;
  } finally {
    await cleanup();
  }
  if (process.send) await new Promise((ok) => process.send({ type: 'result', name, result }, () => ok()));
  process.exit(code);
}

// ---------------------------------------------------------------------------------------------- ports, dirs

export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** A fresh folder under the system temp dir, with mode 0755 parents (as root, PostgreSQL runs as `postgres`). */
export function benchDir(name) {
  const root = join(tmpdir(), 'lagesbild-bench');
  mkdirSync(root, { recursive: true, mode: 0o755 });
  const dir = join(root, `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// ---------------------------------------------------------------------------------------------- PostgreSQL

/**
 * An embedded PostgreSQL 18 for one benchmark, with the flags the test harness uses (throwaway data:
 * fsync and synchronous commit off). The service and the bare baseline run against the same server, so the
 * ratio does not depend on this choice; BENCH_PG_DURABLE=1 runs it with fsync and synchronous commit on.
 *
 * Started with the service's own starter (dist: database/embedded-postgres.js), which knows where PostgreSQL can
 * run: as root the server runs as the user `postgres`, which cannot enter a clone in root's home (mode 700); the
 * starter then runs the programs from a copy in /var/lib/lagesbild (made once per installation) and keeps the
 * cluster where that user can reach it. The data folder itself is a throwaway one under the system temp folder.
 */
export async function startPostgres(name, { statements = false } = {}) {
  const dir = join(benchDir(`pg-${name}`), 'data');
  const port = await freePort();
  const durable = process.env.BENCH_PG_DURABLE === '1';
  // After the starter's own flags: the last setting of a parameter on the command line wins.
  const flags = ['-c', 'max_connections=400',
    ...(durable ? ['-c', 'fsync=on'] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'])];
  if (statements) flags.push('-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all');
  const server = await startEmbeddedPostgres(dir, { port, password: 'bench', flags });
  onCleanup(async () => {
    await server.stop();
    // A cluster kept elsewhere (see above) is this benchmark's too; the folder under /tmp goes with benchDir.
    if (!server.dir.startsWith(dirname(dir))) rmSync(dirname(server.dir), { recursive: true, force: true });
  });
  return { url: server.url, port, durable, dir: server.dir, stop: () => server.stop() };
}

/**
 * The service's own `startEmbeddedPostgres(dir, { port, password, flags, log })` (from the snapshot of dist/): starts,
 * initialising on first use, the cluster in `dir`; as root, where the user `postgres` can reach it (see above).
 */
export async function startEmbeddedPostgres(dir, opts) {
  const { startEmbeddedPostgres: start } = await import(pathToFileURL(join(serviceDist(), 'src', 'database', 'embedded-postgres.js')).href);
  return start(dir, { log: (line) => console.log(`[postgres] ${line}`), ...opts });
}

export async function createDatabase(pgsrv, name) {
  const c = new pg.Client({ connectionString: pgsrv.url('postgres') });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  return pgsrv.url(name);
}

/** The pids of the postgres processes listening on `port` (the postmaster and its backends), for CPU accounting. */
export function postgresPids(port) {
  const pids = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.startsWith('postgres') || cmd.includes('/bin/postgres')) pids.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return pids.filter((pid) => port === undefined || belongsToPort(pid, port));
}
function belongsToPort(pid, port) {
  // Backends are children of the postmaster; the postmaster has "-p <port>" in its command line.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const own = cmd.indexOf('-p') >= 0 && cmd[cmd.indexOf('-p') + 1] === String(port);
    if (own) return true;
    const pcmd = readFileSync(`/proc/${ppid}/cmdline`, 'utf8').split('\0');
    return pcmd.indexOf('-p') >= 0 && pcmd[pcmd.indexOf('-p') + 1] === String(port);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------- /proc

/** Resident set size of a process in bytes (VmRSS of /proc/<pid>/status). */
export function rssOf(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}
const TICK_MS = 10; // USER_HZ is 100 on Linux
/** CPU time of a process split into user and system (kernel) ms. */
export function cpuSplitOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(f[11]) * TICK_MS, system: Number(f[12]) * TICK_MS };
  } catch {
    return { user: 0, system: 0 };
  }
}
/** CPU time (user + system) of a process in ms. */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}
/** Busy and total jiffies of the whole machine (all cores), for machine utilisation over an interval. */
export function machineCpu() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}
/**
 * Measures CPU use of named pids (arrays, or functions returning them at the end) over an interval: call stop() at
 * its end. 1.0 = one core busy. `machine` is the busy share of all cores; `others` is what processes not named here
 * (nor this one) used, in cores: other work on a shared machine that the figures must be read against.
 */
export function cpuMeter(pidsByName) {
  const t0 = now();
  const m0 = machineCpu();
  const list = (pids) => [].concat(typeof pids === 'function' ? pids() : pids);
  const start = Object.fromEntries(Object.entries(pidsByName).map(([k, pids]) => [k, new Map(list(pids).map((p) => [p, cpuMsOf(p)]))]));
  const self0 = process.cpuUsage();
  return {
    stop() {
      const wall = now() - t0;
      const m1 = machineCpu();
      const cores = (m1.total - m0.total) > 0 ? (m1.busy - m0.busy) / (m1.total - m0.total) : NaN;
      const out = { machine: cores };
      let ours = 0;
      for (const [k, pids] of Object.entries(pidsByName)) {
        const used = list(pids).reduce((s, p) => s + cpuMsOf(p) - (start[k].get(p) ?? 0), 0);
        out[k] = used / wall;
        ours += out[k];
      }
      const self = process.cpuUsage(self0);
      out.bench = (self.user + self.system) / 1000 / wall;
      ours += out.bench;
      out.others = Math.max(0, cores * NCPU - ours);
      return out;
    },
  };
}
const NCPU = (await import('node:os')).availableParallelism();

// ---------------------------------------------------------------------------------------------- the service

/**
 * Starts `node dist/src/main.js` with `env` (on top of a minimal base) and waits for "running at <url>".
 * `stop()` sends SIGTERM and waits for the exit.
 */
export async function startService({ env = {}, nodeArgs = [], timeoutMs = 60_000, quiet = true } = {}) {
  const main = serviceMain();
  const fullEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET,
    BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    LOGIN_THROTTLE_LIMIT: '1000',
    WRITE_THROTTLE_LIMIT: '1000000', // the benchmarks write as fast as they can
    ...env,
  };
  for (const [k, v] of Object.entries(fullEnv)) if (v === undefined) delete fullEnv[k];
  const t0 = now();
  const child = spawn(process.execPath, [...nodeArgs, main], { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const onData = (d) => {
    output += d;
    if (!quiet) process.stdout.write(d);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((ok) => child.once('exit', (code, signal) => ok(code ?? signal)));
  const stop = async (signal = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  onCleanup(stop);
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the service did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      const m = /running at (http:\/\/localhost:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        ok(m[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the service exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { url, child, pid: child.pid, startedAt: t0, readyAt: now(), output: () => output, stop, exited };
}

/**
 * The start of most benchmarks in one call: an embedded PostgreSQL of their own (startPostgres), a database
 * `lagesbild` in it, the built service on that database (which migrates it and creates the bootstrap admin), the
 * admin logged in, and a bare `pg` client on the same database with the default collaboration's id.
 * `statements`: pg_stat_statements on (and the extension created); `env`/`nodeArgs` go to startService.
 */
export async function startStack(name, { statements = false, env = {}, nodeArgs = [] } = {}) {
  const pgsrv = await startPostgres(name, { statements });
  const databaseUrl = await createDatabase(pgsrv, 'lagesbild');
  const service = await startService({ env: { DATABASE_URL: databaseUrl, ...env }, nodeArgs });
  const adminToken = await login(service.url, ADMIN.email, ADMIN.password);
  const db = new pg.Client({ connectionString: databaseUrl });
  db.on('error', () => {});
  await db.connect();
  onCleanup(() => db.end().catch(() => {}));
  if (statements) await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const [{ id: collaborationId }] = (await db.query('SELECT id FROM collaborations WHERE is_default')).rows;
  const pgPids = () => postgresPids(pgsrv.port);
  console.log(`service pid ${service.pid} at ${service.url}; PostgreSQL 18 on port ${pgsrv.port} (${pgsrv.durable ? 'fsync on' : 'fsync/synchronous_commit off, as the tests run it'})`);
  return { pgsrv, databaseUrl, service, adminToken, db, collaborationId, pgPids };
}

// ---------------------------------------------------------------------------------------------- API

export async function api(baseUrl, method, path, { token, body, expect } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (expect !== undefined && res.status !== expect) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 400)}`);
  return { status: res.status, body: json, text };
}

export const login = async (url, email, password) =>
  (await api(url, 'POST', '/api/auth/login', { body: { email, password }, expect: 200 })).body.accessToken;

/** A rectangle in Lidköping used as the area boundary of the benchmarks: [minLng, minLat, maxLng, maxLat]. */
export const AREA_BOX = [13.15, 58.5, 13.17, 58.51];
export const AREA_POLYGON = {
  type: 'Polygon',
  coordinates: [[[AREA_BOX[0], AREA_BOX[1]], [AREA_BOX[2], AREA_BOX[1]], [AREA_BOX[2], AREA_BOX[3]], [AREA_BOX[0], AREA_BOX[3]], [AREA_BOX[0], AREA_BOX[1]]]],
};
export const inAreaBox = ({ lat, lng }) => lng > AREA_BOX[0] && lng < AREA_BOX[2] && lat > AREA_BOX[1] && lat < AREA_BOX[3];

/**
 * Organisations with users (created through the API as the bootstrap admin; argon2 makes this the slow part,
 * so it runs a few at a time), each user logged in once. `roles` lists the role of each user of an organisation.
 */
export async function createOrganisations(url, adminToken, { count, roles, tag }) {
  const kinds = ['police', 'municipality', 'school', 'property_owner', 'social_services', 'business', 'other'];
  const orgs = [];
  for (let i = 0; i < count; i++) {
    const o = await api(url, 'POST', '/api/organisations', { token: adminToken, body: { name: `Bench ${tag} org ${i} ${process.pid}`, kind: kinds[i % kinds.length] }, expect: 201 });
    orgs.push({ index: i, id: o.body.id, name: o.body.name, users: [] });
  }
  const jobs = [];
  for (const org of orgs) {
    roles.forEach((role, j) => jobs.push({ org, role, j }));
  }
  await pool(jobs, 4, async ({ org, role, j }) => {
    const email = `bench-${tag}-${org.index}-${j}-${process.pid}@bench.lagesbild`;
    const u = await api(url, 'POST', '/api/users', {
      token: adminToken, body: { email, name: `Bench ${tag} ${org.index}.${j}`, organisationId: org.id, role, password: PASSWORD }, expect: 201,
    });
    const token = await login(url, email, PASSWORD);
    org.users[j] = { id: u.body.id, email, role, token, orgId: org.id, orgIndex: org.index, index: j };
  });
  return orgs;
}

/** Runs `fn` over `items` with at most `n` at a time. */
export async function pool(items, n, fn) {
  let next = 0;
  const results = new Array(items.length);
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }));
  return results;
}

// ---------------------------------------------------------------------------------------------- report bodies

export const CATEGORIES = ['drug_dealing', 'drug_use', 'youth_at_risk', 'disorder', 'nightlife', 'unsafe_place', 'vandalism',
  'littering', 'lighting', 'traffic_speeding', 'gathering', 'reckless_driving', 'violence', 'burglary', 'fire', 'threat_to_staff', 'other'];
const WORDS = ('ungdomar samlas vid busshållplatsen sent på kvällen och det har varit stökigt med mopeder som kör runt på torget ' +
  'belysningen är trasig i gångtunneln nära skolan flera boende upplever otrygghet klotter på fasaden glaskross vid cykelstället ' +
  'folksamling utanför krogen efter stängning hög musik nedskräpning i parken brand i papperskorg vaktbolaget har kontaktats ' +
  'polisen gjorde en runda fastighetsägaren informerad kommunen följer upp nattvandrare fanns på plats').split(' ');

/** A description of `n` words from a fixed vocabulary: varied, and free of anything the personal-data guard refuses. */
export function description(rand, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]);
  const s = out.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}

/** A small deterministic PRNG (mulberry32), so runs post the same mix. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A location inside the benchmark area (probability `inside`) or elsewhere in Lidköping. */
export function location(rand, inside) {
  if (rand() < inside) {
    return { lat: 58.5 + 0.001 + rand() * 0.008, lng: 13.15 + 0.001 + rand() * 0.018 };
  }
  return { lat: 58.515 + rand() * 0.02, lng: 13.18 + rand() * 0.05 };
}

// ---------------------------------------------------------------------------------------------- statistics

export function percentiles(values, ps = [50, 90, 99]) {
  const a = Float64Array.from(values).sort();
  const out = {};
  for (const p of ps) out[`p${p}`] = a.length ? a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))] : NaN;
  out.max = a.length ? a[a.length - 1] : NaN;
  out.n = a.length;
  return out;
}

export const fmt = {
  int: (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : String(n)),
  ms: (n) => (Number.isFinite(n) ? `${n.toFixed(n < 10 ? 2 : 1)} ms` : String(n)),
  pct: (r) => (Number.isFinite(r) ? `${(r * 100).toFixed(1)}%` : String(r)),
  x: (r) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : String(r)),
  mb: (b) => `${(b / 1024 / 1024).toFixed(1)} MB`,
  kb: (b) => `${(b / 1024).toFixed(1)} KB`,
};

export function table(rows, headers) {
  const all = [headers, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const w = headers.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => c.padEnd(w[i])).join('  ');
  return [line(all[0]), w.map((n) => '-'.repeat(n)).join('  '), ...all.slice(1).map(line)].join('\n');
}

export function header(title) {
  console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 70 - title.length))}`);
}

// ---------------------------------------------------------------------------------------------- child processes

/**
 * Forks a helper (bench/lib/*.mjs) with an IPC channel using structured clone (typed arrays travel as such), and
 * waits for its `ready` message. `request(msg, type)` sends a command and resolves with the next message of `type`.
 */
export async function forkHelper(file, { execArgv = [], captureOutput = false } = {}) {
  const { fork } = await import('node:child_process');
  const child = fork(file, [], {
    execArgv,
    serialization: 'advanced',
    stdio: captureOutput ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let output = '';
  if (captureOutput) {
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
  }
  const waiting = [];
  const listeners = [];
  child.on('message', (m) => {
    const i = waiting.findIndex((w) => w.type === m.type);
    if (i >= 0) waiting.splice(i, 1)[0].ok(m);
    for (const l of listeners) l(m);
  });
  const exited = new Promise((ok) => child.once('exit', (code) => {
    for (const w of waiting.splice(0)) w.fail(new Error(`${file} exited (${code}) while waiting for "${w.type}"\n${output}`));
    ok(code);
  }));
  const next = (type) => new Promise((ok, fail) => waiting.push({ type, ok, fail }));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  onCleanup(stop);
  const ready = await next('ready');
  return {
    child, pid: child.pid, ready, output: () => output, stop, exited,
    on: (fn) => listeners.push(fn),
    request: (msg, type) => {
      const p = next(type);
      child.send(msg);
      return p;
    },
  };
}

// ---------------------------------------------------------------------------------------------- inspector

/** Connects to a process started with --inspect=127.0.0.1:0 (the URL is read from its output) for GC and heap size. */
export async function inspectorOf(output) {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(output())?.[1];
  if (!url) throw new Error('no inspector URL in the output');
  const { default: WebSocket } = await import('ws');
  const ws = new WebSocket(url);
  await new Promise((ok, fail) => {
    ws.once('open', ok);
    ws.once('error', fail);
  });
  let id = 0;
  const pending = new Map();
  ws.on('message', (raw) => {
    const m = JSON.parse(String(raw));
    if (m.id && pending.has(m.id)) {
      const { ok, fail } = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) fail(new Error(m.error.message));
      else ok(m.result);
    }
  });
  const call = (method, params = {}) => new Promise((ok, fail) => {
    const i = ++id;
    pending.set(i, { ok, fail });
    ws.send(JSON.stringify({ id: i, method, params }));
  });
  onCleanup(() => ws.close());
  return {
    /** Full GCs with pauses in between, so that freed memory can settle. */
    async settle() {
      for (let i = 0; i < 3; i++) {
        await call('HeapProfiler.collectGarbage');
        await sleep(300);
      }
    },
    /** One full GC, without the pauses of settle(). */
    gc: () => call('HeapProfiler.collectGarbage'),
    heapUsed: async () => (await call('Runtime.getHeapUsage')).usedSize,
    close: () => ws.close(),
  };
}

// ---------------------------------------------------------------------------------------------- a shared machine

/**
 * These machines are shared: before measuring, wait (up to BENCH_QUIET_WAIT_SECONDS, default 180) until other
 * processes leave the cores mostly idle (< 0.3 cores busy over 3 consecutive seconds). Prints what it found; never
 * fails. Ratios against same-run baselines are the real defence against noise; this only avoids the worst of it.
 */
export async function waitForQuiet(label) {
  const max = Number(process.env.BENCH_QUIET_WAIT_SECONDS ?? 180) * 1000;
  const t0 = now();
  let quiet = 0;
  let last = NaN;
  while (now() - t0 < max) {
    const a = machineCpu();
    await sleep(1000);
    const b = machineCpu();
    last = ((b.busy - a.busy) / Math.max(1, b.total - a.total)) * NCPU;
    quiet = last < 0.3 ? quiet + 1 : 0;
    if (quiet >= 3) break;
  }
  const waited = (now() - t0) / 1000;
  if (quiet >= 3) console.log(`[${label}] machine quiet (other processes ${last.toFixed(2)} cores) after ${waited.toFixed(0)} s`);
  else console.log(`[${label}] machine still busy after ${waited.toFixed(0)} s (other processes ${last.toFixed(2)} cores busy): measuring anyway, read the ratios`);
  return { waitedSeconds: waited, otherCores: last, quiet: quiet >= 3 };
}
