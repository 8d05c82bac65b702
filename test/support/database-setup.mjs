// Starts one embedded PostgreSQL 18 for the whole test run; each test file gets its own database cloned from
// a migrated template (see test/support/db.ts). The global setup of the integration tier, and the second half of
// the e2e tier's (global-setup.mjs); when both tiers run, whichever setup comes first starts the database and the
// other finds it running. Plain JS: Jest loads global setup outside the ts-jest transform.
//
// The database is started and the template migrated by the service's own code (src/database/embedded-postgres.ts,
// src/database/data-source.ts), taken from the sources transpiled file by file (about a second, where a build takes
// six), so that the unit and integration tiers need no build. The e2e tier refuses a dist/ older than the sources
// (global-setup.mjs), so there the service runs this same code.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import ts from 'typescript';

export default async function databaseSetup() {
  if (process.env.TEST_DATABASE_ADMIN_URL) return; // started by the other tier's setup, or an outside server was given
  // Kept until the teardown: the running database's code may load more of it (stop, restart).
  const sources = transpileSources(join(process.cwd(), '.tmp', `test-src-${process.pid}`));
  const load = (file) => import(pathToFileURL(join(sources, 'src', 'database', file)).href);
  // As root the server runs as the `postgres` user, which may not enter the checkout's folders (a clone in /root).
  const root = process.getuid?.() === 0 ? join(tmpdir(), 'lagesbild-test') : join(process.cwd(), '.tmp');
  mkdirSync(root, { recursive: true, mode: 0o755 });
  const dir = join(root, `test-pg-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  // The service's own start (as root it also puts PostgreSQL's programs where the `postgres` user can run them).
  const { startEmbeddedPostgres } = await load('embedded-postgres.js');
  // Throwaway data: durability is not needed, speed is.
  const flags = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=400'];
  const db = await startEmbeddedPostgres(dir, { password: 'test', flags, log: () => {} });
  globalThis.__EMBEDDED_PG__ = {
    stop: async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(sources, { recursive: true, force: true });
    },
  };
  process.env.TEST_DATABASE_ADMIN_URL = db.url('postgres');
  await buildTemplate(`postgres://postgres:test@127.0.0.1:${db.port}`, await load('data-source.js'));
}

/** Migrates the template database once, with the one DataSource definition `npm start` runs. */
async function buildTemplate(base, { dataSourceOptions, migrate }) {
  const { DataSource } = await import('typeorm');
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE lagesbild_template');
  await admin.end();
  const ds = new DataSource(dataSourceOptions(`${base}/lagesbild_template`, 2));
  await ds.initialize();
  await migrate(ds);
  await ds.destroy();
}

/**
 * src/ and libs/ transpiled file by file into `out` (no type check: `npm run typecheck` does that), with a
 * package.json of their own that makes them ES modules and resolves `#privacy` and `#contracts` to the copies there.
 */
function transpileSources(out) {
  const root = process.cwd();
  const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
  // Without a package.json to look at, `nodenext` would transpile to CommonJS; the sources are ESM.
  const compilerOptions = { ...options, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, sourceMap: false, noEmit: false };
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  rmSync(out, { recursive: true, force: true });
  for (const file of [...walk(join(root, 'src')), ...walk(join(root, 'libs'))]) {
    if (!file.endsWith('.ts') || file.endsWith('.d.ts') || file.endsWith('.spec.ts')) continue;
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, ts.transpileModule(readFileSync(file, 'utf8'), { fileName: file, compilerOptions }).outputText);
  }
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const imports = Object.fromEntries(Object.entries(pkg.imports ?? {}).map(([alias, to]) => [alias, String(to.default ?? to).replace(/^\.\/dist\//, './')]));
  writeFileSync(join(out, 'package.json'), JSON.stringify({ type: 'module', imports }));
  return out;
}
