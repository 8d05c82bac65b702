/** Addresses remembered at most: a flood of addresses must not grow the map without bound (the oldest window goes). */
const MAX_ADDRESSES = 50_000;

/**
 * Requests per client address in fixed windows, in memory (per node: behind a load balancer of n nodes an address
 * gets up to n times the budget, still a bound). For the few unauthenticated routes the throttlers of AuthModule do not
 * cover: password reset requests, the public pages, the start and callback of a sign-in through a provider.
 */
export class AddressWindow {
  private readonly windows = new Map<string, { hits: number; resetAt: number }>();

  constructor(private readonly limit: number, private readonly ttlMs: number) {}

  /** Counts a request; the seconds to wait when it is over the limit, else 0. */
  hit(address: string | undefined, now = Date.now()): number {
    const key = address ?? '';
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      this.windows.delete(key);
      if (this.windows.size >= MAX_ADDRESSES) this.windows.delete(this.windows.keys().next().value!);
      this.windows.set(key, (w = { hits: 0, resetAt: now + this.ttlMs }));
    }
    w.hits++;
    return w.hits > this.limit ? Math.max(1, Math.ceil((w.resetAt - now) / 1000)) : 0;
  }
}
