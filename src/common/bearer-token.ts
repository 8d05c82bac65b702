import type { AuthenticatedRequest } from './actor.js';

/** The httpOnly cookie the web client may use instead of the Authorization header. */
export const TOKEN_COOKIE = 'lagesbild_token';

export function bearerToken(req: AuthenticatedRequest): string | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  const cookie = req.headers.cookie?.split(/;\s*/).find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
  if (!cookie) return undefined;
  try {
    return decodeURIComponent(cookie.slice(TOKEN_COOKIE.length + 1));
  } catch {
    return undefined; // a malformed %-escape: no token (a 401), not a 500
  }
}
