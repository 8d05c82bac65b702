import type { Role } from './enums.js';
import type { LoginResponse } from './responses.js';

/**
 * Sign-in with OpenID Connect and one's own account (issue 12): identity providers of a collaboration, sessions,
 * and the codes the sign-in redirects with. Shared by the server and the web client.
 */

/** One rule of a provider's claim mapping: a claim (or group) value that makes someone a member of an organisation. */
export interface ClaimRule {
  /** The claim of the ID token (or userinfo) to look at: `groups`, `roles`, `department`, `hd`, … */
  claim: string;
  /** The value it must have (or, for a list such as `groups`, hold); `*` for any non-empty value. */
  value: string;
  organisationId: string;
  /** The role an account made by this rule gets (an existing account keeps the role its admins gave it). */
  role: Role;
  /** Whether someone this rule matches may get an account at their first sign-in. */
  createAccounts: boolean;
}

export interface IdentityProviderResponse {
  id: string;
  displayName: string;
  /** The issuer identifier (discovery at `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  /** Whether a client secret is stored; the secret itself is never returned. */
  hasClientSecret: boolean;
  scopes: string;
  /** The first rule that matches a person's claims decides their organisation (and the role of a new account). */
  mapping: ClaimRule[];
  /** Link a first sign-in to an existing account with the same e-mail address (only for a provider that owns the addresses). */
  linkByEmail: boolean;
  enabled: boolean;
  /** The redirect URI to register at the provider (as this server was reached by the request). */
  redirectUri: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What the login page shows: a button per provider. */
export interface PublicIdentityProvider {
  id: string;
  displayName: string;
}

/** The answer to the one-time code of a finished OpenID Connect sign-in: a login, and where the person was going. */
export interface OidcExchangeResponse extends LoginResponse {
  returnTo: string;
}

/** One live session (login) of the caller. */
export interface SessionResponse {
  id: string;
  createdAt: string;
  /** When a request last used it (recorded at most every few minutes); null if never since it began. */
  lastSeenAt: string | null;
  expiresAt: string;
  ip: string | null;
  /** The session of the token this list was asked with. */
  current: boolean;
}

/**
 * Why an OpenID Connect sign-in ended on the login page (`/logga-in?oidcError=<code>`): each is something the person
 * (or their admin) can act on.
 */
export const OIDC_ERROR_CODES = [
  'PROVIDER_NOT_FOUND', 'PROVIDER_UNAVAILABLE', 'PROVIDER_MISCONFIGURED', 'PROVIDER_REFUSED', 'LOGIN_EXPIRED', 'STATE_MISMATCH',
  'TOKEN_REFUSED', 'ORGANISATION_NOT_CONNECTED', 'ORGANISATION_MISMATCH', 'NO_ACCOUNT', 'EMAIL_MISSING', 'EMAIL_TAKEN',
  'ACCOUNT_DISABLED', 'TOO_MANY_ATTEMPTS', 'SIGN_IN_FAILED',
] as const;
export type OidcErrorCode = (typeof OIDC_ERROR_CODES)[number];
