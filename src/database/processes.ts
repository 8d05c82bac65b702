import { readFileSync, readlinkSync, realpathSync } from 'node:fs';

// What this machine's process table says about a pid (Linux /proc; elsewhere these return undefined).

/** Running: exists and is not a zombie (a killed process its parent has not reaped yet is gone for us). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return statOf(pid)?.[0] !== 'Z';
}

/** The parent's pid. */
export function parentOf(pid: number): number | undefined {
  const f = statOf(pid);
  return f ? Number(f[1]) : undefined;
}

/** When the process started (clock ticks since boot): with the pid, it names one process even after pid reuse. */
export function startTimeOf(pid: number): string | undefined {
  return statOf(pid)?.[19];
}

/** The executable's name (`postgres`, `node`). */
export function commandOf(pid: number): string | undefined {
  return read(() => readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
}

/** The working directory: a PostgreSQL server's is its data directory. Undefined when not ours to see. */
export function workingDirOf(pid: number): string | undefined {
  return read(() => realpathSync(readlinkSync(`/proc/${pid}/cwd`)));
}

/** Sends the signals in turn, each followed by a wait, until the process is gone; false if it never went. */
export async function stopProcess(pid: number, steps: [NodeJS.Signals, number][]): Promise<boolean> {
  for (const [signal, waitMs] of steps) {
    try {
      process.kill(pid, signal);
    } catch {
      return !isRunning(pid);
    }
    const end = Date.now() + waitMs;
    while (isRunning(pid) && Date.now() < end) await new Promise((ok) => setTimeout(ok, 20));
    if (!isRunning(pid)) return true;
  }
  return false;
}

/** /proc/<pid>/stat from field 3 (state) on; the command name before it may hold spaces and parentheses. */
function statOf(pid: number): string[] | undefined {
  return read(() => {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  });
}

function read<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
