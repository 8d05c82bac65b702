import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandOf, isRunning, parentOf, startTimeOf, stopProcess, workingDirOf } from './processes.js';
import { StartupError } from './startup-error.js';

export interface DataDirClaim {
  release: () => void;
}

/**
 * Claims the embedded database's directory for this service with a lock file beside it (`<dir>.lock`: the
 * service's pid and start time). A lock whose service is gone (killed, crashed) is taken over; one held by a live
 * service is refused with one line.
 */
export function claimDataDir(dir: string): DataDirClaim {
  const lock = `${dir}.lock`;
  const mine = `${process.pid} ${startTimeOf(process.pid) ?? ''}\n`;
  const release = () => {
    if (readOr(lock) === mine) rmSync(lock, { force: true });
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(lock, mine, { flag: 'wx', mode: 0o644 });
      return { release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const [pid, started] = (readOr(lock) ?? '').trim().split(' ');
    const owner = Number(pid);
    if (owner > 0 && owner !== process.pid && isRunning(owner) && (!started || startTimeOf(owner) === undefined || startTimeOf(owner) === started)) {
      throw new StartupError(`the data directory ${dir} is in use by another Lägesbild service (pid ${owner}); stop it or choose another DATA_DIR`);
    }
    rmSync(lock, { force: true }); // its service is gone
  }
  throw new StartupError(`could not lock the data directory ${dir} (${lock} keeps coming back); is another service starting on it?`);
}

/**
 * Makes sure no PostgreSQL server left behind holds the cluster in `dir`. A server whose service was killed keeps
 * running (nothing tells it); it is recognised by its pid in postmaster.pid, its command (`postgres`) and its
 * working directory (the data directory), and stopped: fast shutdown, then immediate, then SIGKILL. A server whose
 * parent is a live Node process belongs to another running service and is refused. A postmaster.pid naming a pid
 * that another program now has is removed.
 */
export async function clearStaleServer(dir: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(dir, 'postmaster.pid');
  const pid = Number((readOr(pidFile) ?? '').split('\n')[0]);
  if (!(pid > 0) || !isRunning(pid)) return; // none, or its server is gone: PostgreSQL replaces such a file itself
  const inUse = (by: string) => new StartupError(`the data directory ${dir} is in use by ${by}; stop it or choose another DATA_DIR`);
  const command = commandOf(pid);
  if (command === undefined) throw inUse(`a running PostgreSQL (pid ${pid})`); // cannot tell: the old, safe answer
  if (command !== 'postgres' || workingDirOf(pid) !== realpathSync(dir)) {
    if (command === 'postgres' && workingDirOf(pid) === undefined) throw inUse(`a PostgreSQL (pid ${pid}) of another user`);
    rmSync(pidFile, { force: true }); // the pid now belongs to another program: the file is stale
    return;
  }
  const parent = parentOf(pid);
  if (parent !== undefined && parent > 1 && isRunning(parent) && /^node/.test(commandOf(parent) ?? '')) {
    throw inUse(`the PostgreSQL (pid ${pid}) of another running service (pid ${parent})`);
  }
  log(`stopping the embedded PostgreSQL (pid ${pid}) that a stopped service left running on ${dir}`);
  const stopped = await stopProcess(pid, [['SIGINT', 10_000], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]]);
  if (!stopped) throw new StartupError(`the PostgreSQL (pid ${pid}) left running on ${dir} does not stop; end it (kill -9 ${pid}) and start again`);
}

function readOr(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
