// Starts one embedded PostgreSQL 18 for the whole test run; each test file gets its own database cloned from
// a migrated template (see test/support/db.ts). Plain JS: Jest loads global setup outside the ts-jest transform.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function globalSetup() {
  if (process.env.TEST_DATABASE_ADMIN_URL) return; // an outside server was given
  if (!existsSync(compiled('embedded-postgres.js'))) throw new Error('dist/ is missing: run "npm run build:server" (npm test does) before jest');
  // As root the server runs as the `postgres` user, which may not enter the checkout's folders (a clone in /root).
  const root = process.getuid?.() === 0 ? join(tmpdir(), 'lagesbild-test') : join(process.cwd(), '.tmp');
  mkdirSync(root, { recursive: true, mode: 0o755 });
  const dir = join(root, `test-pg-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  // The service's own start (as root it also puts PostgreSQL's programs where the `postgres` user can run them).
  const { startEmbeddedPostgres } = await import(pathToFileURL(compiled('embedded-postgres.js')).href);
  // Throwaway data: durability is not needed, speed is.
  const flags = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=400'];
  const db = await startEmbeddedPostgres(dir, { password: 'test', flags, log: () => {} });
  globalThis.__EMBEDDED_PG__ = { stop: () => db.stop().then(() => rmSync(dir, { recursive: true, force: true })) };
  process.env.TEST_DATABASE_ADMIN_URL = db.url('postgres');
  await buildTemplate(`postgres://postgres:test@127.0.0.1:${db.port}`);
}

const compiled = (file) => join(process.cwd(), 'dist', 'src', 'database', file);

/**
 * Migrates the template database once with the compiled migrations (the same code `npm start` runs).
 * The service under test runs as its own process from dist/, so the build must exist: `npm test` builds it.
 */
async function buildTemplate(base) {
  const { dataSourceOptions, migrate } = await import(pathToFileURL(compiled('data-source.js')).href);
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
