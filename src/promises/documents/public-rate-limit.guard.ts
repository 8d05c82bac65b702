import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AddressWindow } from '../../common/address-window.js';
import { DomainError } from '../../common/domain-error.js';

/** Requests one address may make to the public pages in a window. A reader opens a page, prints it: a few requests. */
export const PUBLIC_READS_PER_WINDOW = 60;
export const PUBLIC_WINDOW_MS = 60_000;

/**
 * The rate limit of the public pages (no login): per address, answered 429 with Retry-After as every limit of the
 * service. The service's own throttlers limit logins and writes only; these are the one public reads of records.
 */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  private readonly window = new AddressWindow(PUBLIC_READS_PER_WINDOW, PUBLIC_WINDOW_MS);

  canActivate(ctx: ExecutionContext): boolean {
    const wait = this.window.hit(ctx.switchToHttp().getRequest<Request>().ip);
    if (!wait) return true;
    ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(wait));
    throw new DomainError('rate_limited', 'TOO_MANY_REQUESTS', 'too many requests in a short time; wait and try again', { retryAfterSeconds: wait });
  }
}
