import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../common/actor.js';
import { DomainError } from '../common/domain-error.js';

/** The throttlers (see AuthModule): logins per account and address, logins per address, writes per user. */
export const THROTTLERS = { loginAccount: 'login-account', loginAddress: 'login-address', writes: 'writes' } as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the throttler's getTracker signature
export function loginAccountTracker(req: Record<string, any>): string {
  // Per account AND address: a stranger's attempts from elsewhere never use up the owner's (see LoginDelays).
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return `${typeof email === 'string' ? email.trim().toLowerCase() : ''}|${String(req.ip ?? '')}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the throttler's getTracker signature
export const writerTracker = (req: Record<string, any>): string => (req as AuthenticatedRequest).actor?.id ?? String(req.ip ?? '');

/**
 * One write budget per user for all write routes together. The library's default key is per route (it starts with
 * the controller's and the handler's names), which gave every user WRITE_THROTTLE_LIMIT writes on each route.
 */
export const writerKey = (_ctx: ExecutionContext, tracker: string, throttlerName: string): string => `${throttlerName}|${tracker}`;

/**
 * Routes where a caller proves who they are, limited as logins are (per account and address, per address): the
 * login, the current password of a password change, and the one-time code of an OpenID Connect sign-in.
 */
const PROOF_PATHS = new Set(['/api/auth/login', '/api/me/password', '/api/auth/oidc/exchange']);
const isLogin = (ctx: ExecutionContext) => PROOF_PATHS.has(ctx.switchToHttp().getRequest<Request>().path);
/** The login itself is not a write of anyone's (its throttles are its limit); a password change and a code exchange are both. */
const isPasswordLogin = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<Request>().path === '/api/auth/login';
/** Reads are not limited here; writes are, per user (the guard runs after authentication has set the caller). */
const isRead = (ctx: ExecutionContext) => ['GET', 'HEAD', 'OPTIONS'].includes(ctx.switchToHttp().getRequest<Request>().method);
export const skipUnlessLogin = (ctx: ExecutionContext) => ctx.getType() !== 'http' || !isLogin(ctx);
export const skipUnlessWrite = (ctx: ExecutionContext) => ctx.getType() !== 'http' || isRead(ctx) || isPasswordLogin(ctx);

/**
 * The global rate limit (after authentication): login attempts per account-and-address and per address, and writes
 * per user (one budget for every write route; see writerKey). Answers 429 with a plain Retry-After header (the library names it Retry-After-<throttler> for
 * named throttlers, which clients do not read).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(ctx: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    // Which throttler refused: the write budget's keys are its own (writerKey); the others are the login throttles.
    const login = !detail.key.startsWith(`${THROTTLERS.writes}|`);
    throw new DomainError('rate_limited', login ? 'TOO_MANY_ATTEMPTS' : 'TOO_MANY_WRITES',
      login ? 'too many attempts; wait and try again' : 'too many changes in a short time; wait and try again',
      { retryAfterSeconds: detail.timeToBlockExpire });
  }
}
