import type { LoginResponse, OidcExchangeResponse, Page, PublicIdentityProvider, SessionResponse } from '#contracts';
import { del, get, post, setSession, type Session } from './api.js';

/** Sign-in through an identity provider, and one's own account: password and sessions. */

const COLLABORATION_KEY = 'lagesbild.collaboration';

/** The collaboration the login page shows the providers of: `?samverkan=` of its address, else the last one logged in to. */
export function loginCollaboration(search: URLSearchParams): string | undefined {
  const given = search.get('samverkan');
  if (given && /^[0-9a-f-]{36}$/i.test(given)) return given;
  return localStorage.getItem(COLLABORATION_KEY) ?? undefined;
}

function remember(session: Session): Session {
  localStorage.setItem(COLLABORATION_KEY, session.user.collaboration.id);
  setSession(session);
  return session;
}

/** The identity providers to offer on the login page (none when the server cannot be reached: the password form stays). */
export async function loginProviders(collaborationId: string | undefined): Promise<PublicIdentityProvider[]> {
  const query = collaborationId ? `?collaboration=${encodeURIComponent(collaborationId)}` : '';
  try {
    return (await get<Page<PublicIdentityProvider>>(`/api/auth/providers${query}`, { anonymous: true })).items;
  } catch {
    return [];
  }
}

/** Where a provider's button goes: a navigation to the server, which sends the browser on to the provider. */
export const providerStartUrl = (providerId: string, returnTo: string) =>
  `/api/auth/oidc/${encodeURIComponent(providerId)}/start?returnTo=${encodeURIComponent(returnTo)}`;

/** The one-time code of a finished sign-in, exchanged for the session (the cookie set with it goes along). */
export async function exchangeSignInCode(code: string): Promise<{ session: Session; returnTo: string }> {
  const res = await post<OidcExchangeResponse>('/api/auth/oidc/exchange', { code }, { anonymous: true });
  return { session: remember({ accessToken: res.accessToken, expiresAt: res.expiresAt, user: res.user }), returnTo: res.returnTo };
}

/** Remembers the collaboration of a password login too (its providers are offered next time). */
export function rememberLogin(session: Session): void {
  localStorage.setItem(COLLABORATION_KEY, session.user.collaboration.id);
}

export const mySessions = () => get<Page<SessionResponse>>('/api/me/sessions').then((p) => p.items);
export const endSession = (id: string) => del<void>(`/api/me/sessions/${encodeURIComponent(id)}`);

/** A new password of one's own: every session ends, this one goes on with the new token the answer holds. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<Session> {
  const res = await post<LoginResponse>('/api/me/password', { currentPassword, newPassword });
  return remember({ accessToken: res.accessToken, expiresAt: res.expiresAt, user: res.user });
}
