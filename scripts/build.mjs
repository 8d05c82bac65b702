#!/usr/bin/env node
// Builds only what changed, for `npm start` and `npm run build`: the server (tsc, incremental) when a server source
// or its configuration is newer than the last server build, the web client (Vite) when a web source or its
// configuration is newer than the last web build. A restart without changes builds nothing.
//
//   node scripts/build.mjs            build what is stale
//   node scripts/build.mjs --force    build both
//   node scripts/build.mjs --check    print the plan as JSON ({ server, web }: "stale" | "fresh", with a reason), build nothing
//   --root <dir>                      another project folder (the tests use a fixture)
//
// "Newer" compares modification times, of folders too (a deleted or renamed file changes its folder's time), against
// a stamp file that is written only after a build succeeded; a missing output is always stale.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const rootArg = args.indexOf('--root');
const root = rootArg >= 0 ? resolve(args[rootArg + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The newest modification time under `path` (files and folders), skipping node_modules and dot-folders. */
export function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    max = Math.max(max, newest(join(path, entry.name)));
  }
  return max;
}

const TARGETS = {
  server: {
    inputs: ['src', 'libs', 'tsconfig.json', 'package.json', 'package-lock.json'],
    outputs: ['dist/src/main.js'],
    stamp: 'dist/.build-server',
  },
  web: {
    inputs: ['web', 'libs/contracts/src', 'libs/privacy/src', 'package.json', 'package-lock.json'],
    outputs: ['dist/web/index.html', 'dist/web/sw.js'],
    stamp: 'dist/.build-web',
  },
};

/** Whether a target must be built, and why. */
export function plan(dir, target) {
  const t = TARGETS[target];
  const missing = t.outputs.find((o) => !existsSync(join(dir, o)));
  if (missing) return { state: 'stale', reason: `${missing} is missing` };
  const stamp = join(dir, t.stamp);
  if (!existsSync(stamp)) return { state: 'stale', reason: 'never built by this script' };
  const built = statSync(stamp).mtimeMs;
  const changed = t.inputs.find((i) => newest(join(dir, i)) > built);
  return changed ? { state: 'stale', reason: `${changed} changed since the last build` } : { state: 'fresh', reason: 'up to date' };
}

function run(cmd, cmdArgs, env = process.env) {
  const r = spawnSync(process.execPath, [join(root, 'node_modules', ...cmd), ...cmdArgs], { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function stampNow(target, startedAt) {
  // The stamp carries the time the build started: a source saved during the build is newer, so it builds again.
  const stamp = join(root, TARGETS[target].stamp);
  const t = new Date(startedAt);
  writeFileSync(stamp, `${t.toISOString()}\n`);
  utimesSync(stamp, t, t);
}

/** All files under `dir`. */
function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * tsc --incremental leaves an output alone when a saved source compiles to the same text; mark such outputs as new
 * as their source, so "every .js at least as new as its .ts" (the check of the e2e tests) still says "built".
 */
function touchUnchangedOutputs() {
  const now = new Date();
  for (const source of ['src', 'libs'].flatMap((d) => files(join(root, d)))) {
    if (!source.endsWith('.ts') || source.endsWith('.d.ts') || source.endsWith('.spec.ts')) continue;
    const compiled = join(root, 'dist', source.slice(root.length + 1).replace(/\.ts$/, '.js'));
    if (existsSync(compiled) && statSync(compiled).mtimeMs < statSync(source).mtimeMs) utimesSync(compiled, now, now);
  }
}

const plans = { server: plan(root, 'server'), web: plan(root, 'web') };
if (flag('--check')) {
  process.stdout.write(`${JSON.stringify(plans)}\n`);
  process.exit(0);
}

for (const target of ['server', 'web']) {
  const p = flag('--force') ? { state: 'stale', reason: '--force' } : plans[target];
  if (p.state === 'fresh') {
    process.stdout.write(`build: ${target} up to date, not rebuilt\n`);
    continue;
  }
  process.stdout.write(`build: ${target} (${p.reason})\n`);
  const started = Date.now();
  if (target === 'server') {
    const info = join(root, 'dist', '.tsbuildinfo');
    // tsc --incremental trusts its build info: with the emitted files gone it would emit nothing, so start afresh.
    if (!existsSync(join(root, 'dist', 'src', 'main.js'))) rmSync(info, { force: true });
    run(['typescript', 'bin', 'tsc'], ['-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', info]);
    touchUnchangedOutputs();
  } else {
    run(['vite', 'bin', 'vite.js'], ['build', '--config', 'web/vite.config.ts'], { ...process.env, NODE_ENV: 'production' });
  }
  stampNow(target, started);
}
