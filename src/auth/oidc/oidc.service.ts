import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import type { ClaimRule, OidcExchangeResponse } from '#contracts';
import type { Actor } from '../../common/actor.js';
import { DomainError } from '../../common/domain-error.js';
import { WritePath } from '../../common/write/write-path.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import { toActor, UsersService } from '../../users/users.service.js';
import { AuthService, type SignInUser } from '../auth.service.js';
import type { IdentityProviderEntity } from './identity-provider.entity.js';
import { classify, OidcClients } from './oidc-client.js';
import { OidcFailure } from './oidc-failure.js';
import { OidcRepository } from './oidc.repository.js';
import { emailOf, matchRule, nameOf, safeReturnTo } from './oidc.rules.js';
import { OidcSecrets } from './oidc-secrets.js';

/** How long a person may take at their provider between the button and the callback. */
export const FLOW_SECONDS = 10 * 60;
/** How long the web client has to exchange the one-time code it was redirected with (it does so at once). */
export const HANDOFF_SECONDS = 60;

/** A sign-in under way, sealed into a cookie of the browser that started it (so any node may take the callback). */
interface FlowState {
  /** provider id */
  p: string;
  /** state, nonce, PKCE code verifier */
  s: string;
  n: string;
  v: string;
  /** where the web client goes afterwards */
  r: string;
  /** the redirect URI the provider was given (the token request must repeat it exactly) */
  u: string;
  /** expires (epoch ms) */
  e: number;
}

export interface RequestContext {
  ip?: string;
  requestId?: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');
const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const unusable = () => new DomainError('unauthenticated', 'OIDC_CODE_INVALID', 'this sign-in code is unknown, used or expired: sign in again');

/**
 * Sign-in through a collaboration's identity provider: the authorisation code flow with PKCE, state and nonce
 * (openid-client), claims mapped to an organisation, the account found by (provider, subject) or made where the
 * mapping allows, and the session started exactly as a password login starts it (AuthService.signIn).
 *
 * The token reaches the web client through a one-time code rather than in the redirect's URL: the callback sends the
 * browser to `/logga-in/oidc#code=…` with a cookie of its own, and the page exchanges code and cookie, once, within a
 * minute, for the login. A bearer token in a URL (even in a fragment, which never reaches a server) stays in the
 * browser's history, its synced history, screenshots and copied links for its whole 12 hours; the code is worth
 * nothing once used, after a minute, or in any other browser.
 */
@Injectable()
export class OidcService {
  private readonly log = new Logger('OIDC');

  constructor(
    private readonly repo: OidcRepository,
    private readonly clients: OidcClients,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
    private readonly writes: WritePath,
    private readonly secrets: OidcSecrets,
  ) {}

  /**
   * Where to send the browser to sign in at the provider, and the sealed state for its cookie. `origin` is this
   * server as the browser reached it (the redirect URI the provider must know).
   */
  async start(providerId: string, returnTo: unknown, origin: string): Promise<{ location: string; flow: string }> {
    const provider = await this.enabledProvider(providerId);
    const config = await this.clients.config(this.clientOf(provider));
    const flow: FlowState = {
      p: provider.id, s: client.randomState(), n: client.randomNonce(), v: client.randomPKCECodeVerifier(), r: safeReturnTo(returnTo),
      u: redirectUri(origin, provider.id), e: Date.now() + FLOW_SECONDS * 1000,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: flow.u, scope: provider.scopes, state: flow.s, nonce: flow.n,
      code_challenge: await client.calculatePKCECodeChallenge(flow.v), code_challenge_method: 'S256',
    });
    return { location: url.href, flow: this.secrets.flows.seal(JSON.stringify(flow)) };
  }

  /**
   * The provider's answer: checks it (state against the cookie, then openid-client: the code grant with the PKCE
   * verifier, the ID token's issuer, audience, nonce and times), maps the claims, finds or makes the account, and
   * leaves a one-time code for the web client. Nothing is written when it is refused.
   */
  async callback(providerId: string, query: URLSearchParams, flowCookie: string | undefined, ctx: RequestContext): Promise<{ location: string; binder: string }> {
    const flow = this.openFlow(flowCookie);
    if (!flow || flow.p !== providerId) {
      throw new OidcFailure('LOGIN_EXPIRED', flow ? 'the cookie is of a sign-in through another provider' : 'no live sign-in cookie in this browser');
    }
    const provider = await this.enabledProvider(providerId);
    // Not audited: anyone can send a callback; what follows needs the provider to have signed someone in.
    const state = query.get('state');
    if (!state || !sameText(state, flow.s)) throw new OidcFailure('STATE_MISMATCH', 'the state of the answer is not the one this browser sent');
    try {
      const config = await this.clients.config(this.clientOf(provider));
      const current = new URL(flow.u);
      current.search = query.toString();
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, current, {
          expectedState: flow.s, expectedNonce: flow.n, pkceCodeVerifier: flow.v, idTokenExpected: true,
        });
      } catch (e) {
        throw classify(e, 'grant');
      }
      const claims: Record<string, unknown> = { ...(await this.userinfo(config, provider, tokens)), ...tokens.claims()! };
      const user = await this.account(provider, claims, ctx);
      const code = randomBytes(32).toString('base64url');
      const binder = randomBytes(32).toString('base64url');
      await this.writes.run({ ...toActor(user), ...ctx }, {}, (w) => this.repo.insertHandoff(w, {
        id: randomUUID(), codeHash: sha256(code), binderHash: sha256(binder), collaborationId: provider.collaborationId, providerId: provider.id,
        userId: user.id, returnTo: flow.r, expiresAt: new Date(Date.now() + HANDOFF_SECONDS * 1000),
      }));
      return { location: `/logga-in/oidc#code=${code}`, binder };
    } catch (e) {
      const failure = e instanceof OidcFailure ? e : classify(e, 'grant');
      await this.refused(provider, failure, ctx);
      throw failure;
    }
  }

  /** The one-time code of a finished sign-in, from the browser that finished it: the login, once. */
  async exchange(code: string, binder: string | undefined, ctx: RequestContext): Promise<OidcExchangeResponse> {
    if (!binder) throw unusable();
    const handoff = await this.repo.handoff(sha256(code), sha256(binder));
    if (!handoff) throw unusable();
    const user = await this.users.find(handoff.userId);
    if (!user || user.disabled) throw unusable();
    const login = await this.auth.signIn(user, ctx, {
      details: { via: 'oidc', providerId: handoff.providerId },
      require: (w) => this.repo.requireHandoffUnused(w, handoff.id),
    });
    if (!login) throw unusable();
    return { ...login, returnTo: handoff.returnTo };
  }

  /** The account of these claims: by (provider, subject); else linked by e-mail address, or made, where the provider allows. */
  private async account(provider: IdentityProviderEntity, claims: Record<string, unknown>, ctx: RequestContext): Promise<SignInUser> {
    const subject = typeof claims.sub === 'string' ? claims.sub : '';
    if (!subject) throw new OidcFailure('TOKEN_REFUSED', 'the ID token has no subject');
    const rule = await this.mappedRule(provider, claims);
    for (let attempt = 0; attempt < 2; attempt++) {
      const linked = await this.repo.identity(provider.id, subject);
      if (linked) return this.usable(await this.users.find(linked.userId));
      const email = emailOf(claims);
      const existing = email ? (await this.users.findAllByEmail(email)).find((u) => u.collaborationId === provider.collaborationId) : undefined;
      if (existing) {
        if (!provider.linkByEmail) {
          throw new OidcFailure('EMAIL_TAKEN', `an account with ${email} exists and this provider does not link by e-mail address`, { userId: existing.id });
        }
        if (existing.organisationId !== rule.organisationId) {
          throw new OidcFailure('ORGANISATION_MISMATCH', `the account with ${email} belongs to another organisation than the claims map to`, { userId: existing.id });
        }
        this.usable(existing);
        const result = await this.writes.run({ ...toActor(existing), ...ctx }, {}, (w) => {
          w.audit({ action: 'auth.oidc_link', entityType: 'user', entityId: existing.id, details: { providerId: provider.id } });
          return this.repo.insertIdentity(w, { providerId: provider.id, subject, collaborationId: provider.collaborationId, userId: existing.id });
        });
        if (result.kind === 'written') return existing;
        continue; // linked meanwhile (to this account or another): read the link again
      }
      if (!rule.createAccounts) throw new OidcFailure('NO_ACCOUNT', 'no account for this person, and the rule that maps them makes none');
      if (!email) throw new OidcFailure('EMAIL_MISSING', 'the provider gives no e-mail address (claims email, preferred_username, upn)');
      const id = await this.users.insert(null, { id: rule.organisationId, collaborationId: provider.collaborationId },
        { email, name: nameOf(claims, email), role: rule.role }, null, false, {
          details: { via: 'oidc', providerId: provider.id },
          build: (w, user, userId) => this.repo.insertIdentity(w, { providerId: provider.id, subject, collaborationId: provider.collaborationId, userId }, user),
        });
      if (id) return this.usable(await this.users.find(id));
      // The address was taken meanwhile (a sign-in of the same person racing this one): look again.
    }
    throw new OidcFailure('SIGN_IN_FAILED', 'the account changed twice while it was looked up');
  }

  /** The rule the claims match, naming an organisation of the provider's collaboration. */
  private async mappedRule(provider: IdentityProviderEntity, claims: Record<string, unknown>): Promise<ClaimRule> {
    const rule = matchRule(provider.mapping, claims);
    if (!rule) throw new OidcFailure('ORGANISATION_NOT_CONNECTED', 'no rule of the claim mapping matches these claims');
    const org = await this.organisations.find(rule.organisationId);
    if (!org || org.collaborationId !== provider.collaborationId) {
      throw new OidcFailure('ORGANISATION_NOT_CONNECTED', `the mapping names organisation ${rule.organisationId}, which is not one of the collaboration's`);
    }
    return rule;
  }

  private usable(user: SignInUser | undefined): SignInUser {
    if (!user) throw new OidcFailure('SIGN_IN_FAILED', 'the linked account is gone');
    if (user.disabled) throw new OidcFailure('ACCOUNT_DISABLED', 'the account is disabled', { userId: user.id });
    return user;
  }

  /**
   * The userinfo claims, when the ID token lacks what the sign-in reads (the e-mail address, a mapped claim) and the
   * provider has a userinfo endpoint: one more request only where it is needed.
   */
  private async userinfo(config: client.Configuration, provider: IdentityProviderEntity, tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers): Promise<Record<string, unknown>> {
    const idToken = tokens.claims()!;
    const wanted = ['email', ...provider.mapping.map((r) => r.claim.split('.')[0])];
    if (wanted.every((c) => c in idToken) || !config.serverMetadata().userinfo_endpoint || !tokens.access_token) return {};
    try {
      return { ...(await client.fetchUserInfo(config, tokens.access_token, idToken.sub)) };
    } catch (e) {
      throw classify(e, 'grant');
    }
  }

  /** A refused sign-in in the audit log of the provider's collaboration (never the token or its claims). */
  private async refused(provider: IdentityProviderEntity, failure: OidcFailure, ctx: RequestContext): Promise<void> {
    this.log.warn(`sign-in through provider ${provider.id} refused: ${failure.code}: ${failure.message}`);
    const user = failure.userId ? await this.users.find(failure.userId) : undefined;
    const actor: Actor | null = user ? { ...toActor(user), ...ctx } : null;
    await this.writes.audit(actor, {
      action: 'auth.login_failed', entityType: user ? 'user' : undefined, entityId: user?.id,
      details: { ip: ctx.ip, via: 'oidc', providerId: provider.id, reason: failure.code },
    }, provider.collaborationId).catch((e) => this.log.error(`audit of a refused sign-in failed: ${(e as Error).message}`));
  }

  private async enabledProvider(id: string): Promise<IdentityProviderEntity> {
    const provider = await this.repo.provider(id);
    if (!provider || !provider.enabled) throw new OidcFailure('PROVIDER_NOT_FOUND', `no enabled provider ${id}`);
    return provider;
  }

  private clientOf(p: IdentityProviderEntity) {
    let clientSecret: string | null = null;
    if (p.clientSecret !== null) {
      const opened = this.secrets.clientSecrets.open(p.clientSecret);
      if (!opened.ok) {
        throw new OidcFailure('PROVIDER_MISCONFIGURED', opened.reason === 'other-key'
          ? 'the client secret was stored under another JWT_SECRET: an admin must enter it again' : 'the stored client secret is damaged');
      }
      clientSecret = opened.value;
    }
    return { id: p.id, version: p.version, issuer: p.issuer, clientId: p.clientId, clientSecret };
  }

  private openFlow(cookie: string | undefined): FlowState | undefined {
    if (!cookie) return undefined;
    const opened = this.secrets.flows.open(cookie);
    if (!opened.ok) return undefined;
    try {
      const flow = JSON.parse(opened.value) as FlowState;
      return flow.e > Date.now() ? flow : undefined;
    } catch {
      return undefined;
    }
  }
}

/** The redirect URI of a provider: this server's callback for it, as the browser reaches this server. */
export const redirectUri = (origin: string, providerId: string) => `${origin}/api/auth/oidc/${providerId}/callback`;
