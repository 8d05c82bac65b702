import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Response } from 'express';
import { DomainError } from '../common/domain-error.js';

/** Names of the two login throttlers (see AuthModule): per account and per client address. */
export const LOGIN_THROTTLERS = { account: 'login-account', address: 'login-address' } as const;

// The throttler's tracker signature (ThrottlerOptions.getTracker) takes the request as Record<string, any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loginAccountTracker(req: Record<string, any>): string {
  // Per account AND address: a stranger's attempts from elsewhere never use up the owner's (see LoginDelays).
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return `${typeof email === 'string' ? email.trim().toLowerCase() : ''}|${String(req.ip ?? '')}`;
}

/**
 * Throttles login attempts per account and per address, answering 429 with a plain Retry-After header
 * (the library names it Retry-After-<throttler> for named throttlers, which clients do not read).
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(ctx: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    throw new DomainError('rate_limited', 'TOO_MANY_ATTEMPTS', 'too many login attempts; wait and try again', {
      retryAfterSeconds: detail.timeToBlockExpire,
    });
  }
}
