import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './config/app-config.js';
import { resolveJwtSecret } from './config/secrets.js';
import type { StartedApp } from './bootstrap.js';
import type { EmbeddedDatabase } from './database/embedded-postgres.js';
import { StartupError } from './database/startup-error.js';
import { DEMO_DOMAIN, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_ROLES } from './database/seed/lidkoping.js';

async function main(): Promise<void> {
  // Validate the configuration before loading the application, so a bad setting fails in milliseconds.
  const config = loadConfig();
  const dataDir = resolve(config.dataDir);
  // Nodes sharing a database (DATABASE_URL) share one generated key through it; one node keeps its own in DATA_DIR.
  const jwtSecret = config.databaseUrl && !config.jwtSecret
    ? await (await import('./database/shared-jwt-secret.js')).sharedJwtSecret(config.databaseUrl)
    : resolveJwtSecret(config.jwtSecret, dataDir);

  let embedded: EmbeddedDatabase | undefined;
  let app: StartedApp['app'] | undefined;
  let stopping = false;
  const stopDatabase = async () => {
    await embedded?.stop().catch(() => undefined);
  };
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    embedded?.expectStop();
    console.log(`${signal}: finishing requests and shutting down`);
    // app.close() stops accepting connections, waits for open requests, runs module destroy hooks (pool, feed).
    await app?.close().catch((e) => console.error(e));
    await stopDatabase();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    // From the start on (a signal while starting stops the embedded database too), and in order: requests, app,
    // then database. Listeners a dependency installed (async-exit-hook exits at once) are replaced.
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(signal));
  }

  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const t0 = Date.now();
    const { startEmbeddedPostgres } = await import('./database/embedded-postgres.js');
    const { ensureDatabase } = await import('./database/ensure-database.js');
    embedded = await startEmbeddedPostgres(join(dataDir, 'pg'), { port: config.embeddedPgPort });
    databaseUrl = embedded.url('lagesbild');
    await ensureDatabase(embedded.url('postgres'), 'lagesbild');
    console.log(`embedded PostgreSQL 18 on 127.0.0.1:${embedded.port} (data in ${embedded.dir}) ready in ${Date.now() - t0} ms`);
  }

  try {
    const { createApp } = await import('./bootstrap.js');
    const started = await createApp({ ...config, jwtSecret, databaseUrl });
    app = started.app;
    await app.listen(config.port, config.host);
    const url = `http://localhost:${(app.getHttpServer().address() as { port: number }).port}`;
    console.log(`\nLägesbild is running at ${url}  (API docs: ${url}/api/docs)`);
    if (config.seedDemo) printDemoLogins(started.seeded);
  } catch (e) {
    await stopDatabase();
    throw e;
  }
}

function printDemoLogins(justSeeded: boolean): void {
  console.log(`\nDemo logins${justSeeded ? ' (demo data seeded now)' : ''} — password for all: ${DEMO_PASSWORD}`);
  for (const o of DEMO_ORGANISATIONS) {
    console.log(`  ${o.name.padEnd(42)} ${DEMO_ROLES.map((r) => `${o.code}.${r.sv}@${DEMO_DOMAIN}`).join('  ')}`);
  }
  console.log('');
}

main().catch((e) => {
  // One clear line for configuration and start-up problems; the stack only for the unexpected.
  if (e instanceof ConfigError) console.error(`configuration error: ${e.message}`);
  else if (e instanceof StartupError) console.error(`cannot start: ${e.message}`);
  else if (['EACCES', 'EPERM', 'EROFS'].includes(e?.code) && e.path) console.error(`cannot start: ${e.code} on ${e.path}: choose a DATA_DIR this user can write`);
  else console.error('cannot start:', e);
  process.exit(1);
});
