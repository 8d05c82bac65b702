/** A token bucket: `capacity` messages at once, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();
  /** How far past empty the client has pushed; a large deficit means a flood. */
  deficit = 0;

  constructor(private readonly capacity: number, private readonly perSecond: number) {
    this.tokens = capacity;
  }

  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.deficit = Math.max(0, this.deficit - 1);
      return true;
    }
    this.deficit += 1;
    return false;
  }
}
