import type { ClaimRule } from '#contracts';
import { findPersonalData } from '#privacy';

/** The pure rules of OpenID Connect sign-in, as plain functions (unit-tested in oidc.rules.spec.ts). */

/** Where the web client goes after a sign-in when it asked for nowhere (or for somewhere it may not be sent). */
export const DEFAULT_RETURN_TO = '/lagesbild';

/**
 * A path of this site only: `/…`, not `//host` or `/\host` (which browsers read as another host), no scheme, no
 * control characters, at most 200 characters. Anything else becomes the live picture: an open redirect would let a
 * link through our sign-in send someone to a look-alike site.
 */
export function safeReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 200 || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return DEFAULT_RETURN_TO;
  if ([...raw].some((c) => c < ' ' || c === '\u007f' || c === '\\') || raw.startsWith('/api/') || raw === '/api') return DEFAULT_RETURN_TO;
  return raw;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether the issuer is on this machine (development and tests): the only place plain HTTP is allowed. */
export const isLoopback = (url: URL): boolean => LOOPBACK.has(url.hostname);

/**
 * Why an issuer URL is refused, or undefined: HTTPS (plain HTTP on this machine only, for development and tests),
 * no user name or password, no query or fragment (the issuer identifier of OpenID Connect Discovery has neither).
 */
export function issuerProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL such as https://login.microsoftonline.com/<tenant>/v2.0';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) return 'must use https (plain http only on localhost)';
  if (url.username || url.password) return 'must not hold a user name or password';
  if (url.search || url.hash) return 'must not have a query or a fragment';
  if (raw.includes('/.well-known/')) return 'is the issuer itself, not its discovery document (drop /.well-known/…)';
  return undefined;
}

/** Whether the scopes are space-separated OAuth scope tokens that include `openid`. */
export function scopesProblem(scopes: string): string | undefined {
  const list = scopes.split(' ');
  if (list.some((s) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s))) return 'must be scope names separated by single spaces';
  if (!list.includes('openid')) return 'must include openid';
  return undefined;
}

/**
 * The values of a claim as strings: a string, number or boolean gives one, a list gives each of its strings (`groups`,
 * `roles`). A dotted name reads into objects (`realm_access.roles` of Keycloak) when there is no claim of that name.
 */
export function claimValues(claims: Record<string, unknown>, name: string): string[] {
  let v: unknown = claims[name];
  if (v === undefined && name.includes('.')) {
    v = name.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>)[k] : undefined), claims);
  }
  const one = (x: unknown) => (typeof x === 'string' ? [x] : typeof x === 'number' || typeof x === 'boolean' ? [String(x)] : []);
  return Array.isArray(v) ? v.flatMap(one) : one(v);
}

/** The first rule whose claim holds its value (or, for `*`, any non-empty value): the organisation it names decides. */
export function matchRule(rules: readonly ClaimRule[], claims: Record<string, unknown>): ClaimRule | undefined {
  return rules.find((r) => {
    const values = claimValues(claims, r.claim).filter((v) => v !== '');
    return r.value === '*' ? values.length > 0 : values.includes(r.value);
  });
}

/** The e-mail address a provider asserts (`email`, else Entra ID's `preferred_username` or `upn` when they are one), lower case. */
export function emailOf(claims: Record<string, unknown>): string | undefined {
  for (const name of ['email', 'preferred_username', 'upn']) {
    const v = claims[name];
    if (typeof v === 'string') {
      const email = v.trim().toLowerCase();
      if (email.length <= 200 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return email;
    }
  }
  return undefined;
}

/**
 * The name of a new account: `name`, else given and family names, else the e-mail address's local part; never text
 * the shared picture refuses (a name claim holding an e-mail address or a personnummer), at most 200 characters.
 */
export function nameOf(claims: Record<string, unknown>, email: string): string {
  const str = (k: string) => (typeof claims[k] === 'string' ? (claims[k] as string).replace(/\s+/g, ' ').trim() : '');
  const candidates = [str('name'), `${str('given_name')} ${str('family_name')}`.trim(), email.split('@')[0].replace(/[._-]+/g, ' ').trim()];
  for (const c of candidates) {
    const name = c.slice(0, 200).trim();
    if (name && !findPersonalData(name).length) return name;
  }
  return 'Namn saknas';
}
