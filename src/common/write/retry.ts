/**
 * For a change the client did not pin to a version (a link, an acknowledgement, an answer): decided again from the
 * record as it is now after losing a race with another writer, a few times at most, with a growing random pause so
 * that racing writers spread out. `attempt` answers `undefined` when its write was refused.
 */
export async function decideAgain<T>(times: number, attempt: (n: number) => Promise<T | undefined>, exhausted: () => Error): Promise<T> {
  for (let n = 1; ; n++) {
    const done = await attempt(n);
    if (done !== undefined) return done;
    if (n >= times) throw exhausted();
    await new Promise((ok) => setTimeout(ok, Math.random() * 15 * n));
  }
}
