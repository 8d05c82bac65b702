/** After this many failed logins of one account within WINDOW_MS, each attempt on it waits before it is checked. */
const FREE_FAILURES = 5;
const WINDOW_MS = 15 * 60 * 1000;
const MAX_DELAY_MS = 5000;

/**
 * A back-off per account instead of a lock: guessing someone's password gets slower with every failure (0.2 s, 0.4 s,
 * … up to 5 s per attempt), but a stranger's failures never lock the owner out — the owner's right password still
 * opens, a few seconds later at worst. The hard limits are per address (and per account and address), in the
 * login throttler. Per node: an attacker spread over nodes is still held by those limits.
 */
export class LoginDelays {
  private readonly failures = new Map<string, { count: number; since: number }>();

  delayFor(email: string, now = Date.now()): number {
    const f = this.failures.get(key(email));
    if (!f || now - f.since > WINDOW_MS || f.count < FREE_FAILURES) return 0;
    return Math.min(MAX_DELAY_MS, 200 * 2 ** (f.count - FREE_FAILURES));
  }

  async wait(email: string): Promise<void> {
    const ms = this.delayFor(email);
    if (ms) await new Promise((ok) => setTimeout(ok, ms));
  }

  failed(email: string, now = Date.now()): void {
    const k = key(email);
    const f = this.failures.get(k);
    if (!f || now - f.since > WINDOW_MS) {
      if (this.failures.size > 100_000) this.failures.clear();
      this.failures.set(k, { count: 1, since: now });
    } else f.count++;
  }

  succeeded(email: string): void {
    this.failures.delete(key(email));
  }
}

const key = (email: string) => email.trim().toLowerCase();
