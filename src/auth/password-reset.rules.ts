import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Password reset links as plain functions (unit-tested in password-reset.rules.spec.ts): the token a link carries, how
 * long it lives, and how many requests an address and an account get.
 */

/** A link works for an hour, once. */
export const RESET_TTL_MINUTES = 60;
/** Links e-mailed to one account per hour at most (more requests are answered the same, and mail nothing). */
export const RESETS_PER_ACCOUNT_PER_HOUR = 3;

/** The key the links are signed with, derived from the service's secret (JWT_SECRET) for this one purpose. */
export const resetKey = (secret: string) => createHmac('sha256', secret).update('lagesbild:auth:password-reset').digest();

const signature = (key: Buffer, id: string) => createHmac('sha256', key).update(`reset:${id}`).digest().subarray(0, 24).toString('base64url');

/**
 * `<id>.<signature>`: the id of a password_reset_tokens row, signed. The table holds only the id, so reading the
 * database (a backup, a replica) gives nobody a working link; the row makes a link single-use and expiring.
 */
export const resetToken = (key: Buffer, id: string) => `${id}.${signature(key, id)}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The row a token names, or undefined for anything this service did not sign. */
export function readResetToken(key: Buffer, token: string): string | undefined {
  const [id, sig, ...rest] = token.split('.');
  if (rest.length || !id || !sig || !UUID.test(id)) return undefined;
  const want = Buffer.from(signature(key, id));
  const got = Buffer.from(sig);
  return got.length === want.length && timingSafeEqual(got, want) ? id : undefined;
}

/** Why a link's row no longer opens, or undefined while it does. */
export function resetTokenState(row: { usedAt: Date | null; expiresAt: Date }, now = new Date()): 'used' | 'expired' | undefined {
  if (row.usedAt) return 'used';
  return new Date(row.expiresAt).getTime() <= now.getTime() ? 'expired' : undefined;
}
