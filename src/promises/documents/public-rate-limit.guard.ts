import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/domain-error.js';

/** Requests one address may make to the public pages in a window. A reader opens a page, prints it: a few requests. */
export const PUBLIC_READS_PER_WINDOW = 60;
export const PUBLIC_WINDOW_MS = 60_000;
/** Addresses remembered at most (a flood of addresses must not grow the map without bound): the oldest window is dropped. */
const MAX_ADDRESSES = 50_000;

/**
 * The rate limit of the public pages (no login): per address, a fixed window, answered 429 with Retry-After as every
 * limit of the service. The service's own throttlers limit logins and writes only; these are the one public reads of
 * records. Per node (memory): behind a load balancer of n nodes an address gets up to n times the budget, which is
 * still a bound on scraping.
 */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request>();
    const now = Date.now();
    const key = String(req.ip ?? '');
    let w = this.windows.get(key);
    if (!w || now - w.start >= PUBLIC_WINDOW_MS) {
      this.windows.delete(key);
      if (this.windows.size >= MAX_ADDRESSES) this.windows.delete(this.windows.keys().next().value!);
      this.windows.set(key, (w = { start: now, count: 0 }));
    }
    if (++w.count <= PUBLIC_READS_PER_WINDOW) return true;
    const retryAfter = Math.max(1, Math.ceil((w.start + PUBLIC_WINDOW_MS - now) / 1000));
    ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new DomainError('rate_limited', 'TOO_MANY_REQUESTS', 'too many requests in a short time; wait and try again', { retryAfterSeconds: retryAfter });
  }
}
