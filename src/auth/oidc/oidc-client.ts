import { Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import { OidcFailure } from './oidc-failure.js';
import { isLoopback } from './oidc.rules.js';

/** What a provider's client needs to talk to it (a row of identity_providers with its secret opened). */
export interface ProviderClient {
  id: string;
  version: number;
  issuer: string;
  clientId: string;
  clientSecret: string | null;
}

/** Seconds for discovery and for the token request: a provider that hangs is "unavailable", not a hung sign-in. */
const TIMEOUT_S = 10;
/** A discovered provider is reused for an hour (its keys and endpoints rarely move; a changed row is a new key). */
const KEEP_MS = 60 * 60 * 1000;
/** A provider that could not be reached is not asked again for a while: every click on its button would wait again. */
const DOWN_MS = 15 * 1000;

/**
 * The openid-client configuration of each provider, discovered once (`<issuer>/.well-known/openid-configuration`)
 * and kept per node; failures are kept briefly, so a provider that is down answers at once with PROVIDER_UNAVAILABLE.
 */
@Injectable()
export class OidcClients {
  private readonly log = new Logger('OIDC');
  private readonly cache = new Map<string, { key: string; until: number; config?: Promise<client.Configuration>; failure?: OidcFailure }>();

  async config(p: ProviderClient): Promise<client.Configuration> {
    const key = `${p.version}:${p.issuer}:${p.clientId}:${p.clientSecret === null ? '' : 'secret'}`;
    const hit = this.cache.get(p.id);
    if (hit && hit.key === key && hit.until > Date.now()) {
      if (hit.failure) throw hit.failure;
      return hit.config!;
    }
    const config = this.discover(p);
    const entry: { key: string; until: number; config?: Promise<client.Configuration>; failure?: OidcFailure } = { key, until: Date.now() + KEEP_MS, config };
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(p.id, entry);
    try {
      return await config;
    } catch (e) {
      const failure = e instanceof OidcFailure ? e : classify(e, 'discovery');
      Object.assign(entry, { config: undefined, failure, until: Date.now() + DOWN_MS });
      this.log.warn(`provider ${p.id} (${p.issuer}): discovery failed, ${failure.code}: ${failure.message}`);
      throw failure;
    }
  }

  /** Forgets a provider (after an admin changed or deleted it). */
  forget(id: string): void {
    this.cache.delete(id);
  }

  private async discover(p: ProviderClient): Promise<client.Configuration> {
    const issuer = new URL(p.issuer);
    const insecure = issuer.protocol === 'http:' && isLoopback(issuer);
    // client_secret_basic: what OpenID Connect assumes of a client registered without saying, and what Entra ID,
    // Keycloak and oidc-provider take by default; no client authentication (PKCE only) for a public client.
    const auth = p.clientSecret === null ? client.None() : client.ClientSecretBasic(p.clientSecret);
    return client.discovery(issuer, p.clientId, undefined, auth, {
      timeout: TIMEOUT_S, ...(insecure && { execute: [client.allowInsecureRequests] }),
    });
  }
}

const NETWORK = /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|fetch failed|socket|certificate|TLS|SSL/i;

/**
 * What an error of openid-client (or of the network under it) means to the person signing in. `step`: discovery
 * (nothing sent yet) or the code grant (the provider's answer to our callback, its token endpoint, its ID token).
 */
export function classify(e: unknown, step: 'discovery' | 'grant'): OidcFailure {
  const err = e as { name?: string; code?: string; message?: string; error?: string; error_description?: string; cause?: unknown };
  const detail = `${err?.message ?? String(e)}${err?.error ? ` (${err.error}${err.error_description ? `: ${err.error_description}` : ''})` : ''}`;
  const causeText = (c: unknown): string => (c && typeof c === 'object' ? `${(c as Error).message ?? ''} ${(c as { code?: string }).code ?? ''} ${causeText((c as Error).cause)}` : '');
  if (e instanceof client.AuthorizationResponseError) return new OidcFailure('PROVIDER_REFUSED', detail);
  if (e instanceof client.ResponseBodyError) {
    // The token endpoint refused: our client (id or secret) is wrong, or the code is (used, expired, not ours).
    if (['invalid_client', 'unauthorized_client'].includes(err.error ?? '')) return new OidcFailure('PROVIDER_MISCONFIGURED', detail);
    if ((e as client.ResponseBodyError).status >= 500) return new OidcFailure('PROVIDER_UNAVAILABLE', detail);
    return new OidcFailure('TOKEN_REFUSED', detail);
  }
  if (e instanceof client.ClientError) {
    switch (err.code) {
      case 'OAUTH_TIMEOUT':
      case 'OAUTH_ABORT':
      case 'OAUTH_RESPONSE_IS_NOT_CONFORM': // a 5xx or 404 where JSON was expected
      case 'OAUTH_RESPONSE_IS_NOT_JSON':
        return new OidcFailure('PROVIDER_UNAVAILABLE', detail);
      case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED': // discovery: its issuer is not the one configured
      case 'OAUTH_HTTP_REQUEST_FORBIDDEN':
      case 'OAUTH_INVALID_SERVER_METADATA':
      case 'OAUTH_MISSING_SERVER_METADATA':
        return new OidcFailure(step === 'discovery' ? 'PROVIDER_MISCONFIGURED' : 'TOKEN_REFUSED', detail);
      case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED': // aud, iss, nonce, azp
      case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED': // exp, iat, auth_time
      case 'OAUTH_INVALID_RESPONSE':
      case 'OAUTH_PARSE_ERROR':
      case 'OAUTH_KEY_SELECTION_FAILED':
        return new OidcFailure(step === 'discovery' ? 'PROVIDER_MISCONFIGURED' : 'TOKEN_REFUSED', detail);
    }
    if (NETWORK.test(causeText(err.cause))) return new OidcFailure('PROVIDER_UNAVAILABLE', `${detail}: ${causeText(err.cause).trim()}`);
  }
  if (e instanceof TypeError && NETWORK.test(`${err.message} ${causeText(err.cause)}`)) {
    return new OidcFailure('PROVIDER_UNAVAILABLE', `${detail}: ${causeText(err.cause).trim()}`);
  }
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return new OidcFailure('PROVIDER_UNAVAILABLE', detail);
  return new OidcFailure('SIGN_IN_FAILED', detail);
}
