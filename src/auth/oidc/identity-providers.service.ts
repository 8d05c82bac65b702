import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IdentityProviderResponse, Page, PublicIdentityProvider } from '#contracts';
import type { Actor } from '../../common/actor.js';
import { conflict, invalid, notFound } from '../../common/domain-error.js';
import { WritePath } from '../../common/write/write-path.js';
import { OrganisationsService } from '../../organisations/organisations.service.js';
import type { IdentityProviderEntity } from './identity-provider.entity.js';
import type { CreateIdentityProviderDto, UpdateIdentityProviderDto } from './oidc.dto.js';
import { OidcClients } from './oidc-client.js';
import { OidcSecrets } from './oidc-secrets.js';
import { OidcRepository } from './oidc.repository.js';
import { issuerProblem, scopesProblem } from './oidc.rules.js';
import { redirectUri } from './oidc.service.js';

const DEFAULT_SCOPES = 'openid email profile';

const toResponse = (p: IdentityProviderEntity, origin: string): IdentityProviderResponse => ({
  id: p.id, displayName: p.displayName, issuer: p.issuer, clientId: p.clientId, hasClientSecret: p.clientSecret !== null, scopes: p.scopes,
  mapping: p.mapping.map((r) => ({ claim: r.claim, value: r.value, organisationId: r.organisationId, role: r.role, createAccounts: r.createAccounts })),
  linkByEmail: p.linkByEmail, enabled: p.enabled, redirectUri: redirectUri(origin, p.id), version: p.version,
  createdAt: new Date(p.createdAt).toISOString(), updatedAt: new Date(p.updatedAt).toISOString(),
});

/** A collaboration's identity providers, managed by its collaboration admins; the login page lists the enabled ones. */
@Injectable()
export class IdentityProvidersService {
  constructor(
    private readonly repo: OidcRepository,
    private readonly writes: WritePath,
    private readonly organisations: OrganisationsService,
    private readonly secrets: OidcSecrets,
    private readonly clients: OidcClients,
  ) {}

  /** The buttons of the login page: a collaboration's enabled providers (the default collaboration's when none is named). */
  async publicList(collaborationId: string | undefined): Promise<Page<PublicIdentityProvider>> {
    const rows = collaborationId ? await this.repo.providers(collaborationId, true) : await this.repo.defaultProviders();
    return { items: rows.map((p) => ({ id: p.id, displayName: p.displayName })), nextCursor: null };
  }

  async list(actor: Actor, origin: string): Promise<Page<IdentityProviderResponse>> {
    return { items: (await this.repo.providers(actor.collaborationId)).map((p) => toResponse(p, origin)), nextCursor: null };
  }

  async get(actor: Actor, id: string, origin: string): Promise<IdentityProviderResponse> {
    return toResponse(await this.ours(actor, id), origin);
  }

  async create(actor: Actor, dto: CreateIdentityProviderDto, origin: string): Promise<IdentityProviderResponse> {
    const scopes = dto.scopes ?? DEFAULT_SCOPES;
    await this.check(actor, { issuer: dto.issuer, scopes, mapping: dto.mapping });
    const id = randomUUID();
    const result = await this.writes.run(actor, {}, (w) => {
      w.audit({ action: 'identity_provider.create', entityType: 'identity_provider', entityId: id, details: { issuer: dto.issuer, clientId: dto.clientId } });
      return this.repo.insertProvider(w, {
        id, collaborationId: actor.collaborationId, displayName: dto.displayName, issuer: dto.issuer, clientId: dto.clientId,
        clientSecret: dto.clientSecret === undefined ? null : this.secrets.clientSecrets.seal(dto.clientSecret), scopes,
        mapping: dto.mapping.map(plainRule), linkByEmail: dto.linkByEmail ?? false, enabled: dto.enabled ?? true,
      });
    });
    if (result.kind !== 'written') throw conflict('PROVIDER_EXISTS', 'your collaboration has a provider with this issuer and client id already');
    return toResponse(result.rows[0], origin);
  }

  async update(actor: Actor, id: string, dto: UpdateIdentityProviderDto, origin: string): Promise<IdentityProviderResponse> {
    const row = await this.ours(actor, id);
    const stale = () => conflict('VERSION_CONFLICT', `the provider was changed by someone else (version ${row.version}); reload and try again`);
    if (row.version !== dto.version) throw stale();
    await this.check(actor, { issuer: dto.issuer ?? undefined, scopes: dto.scopes ?? undefined, mapping: dto.mapping ?? undefined });
    // An explicit null changes nothing, as an absent field (the DTO lets null through as "not given"), but for the
    // client secret, where null removes the stored one (the provider becomes a public client, PKCE only).
    const set = {
      displayName: dto.displayName ?? undefined, issuer: dto.issuer ?? undefined, clientId: dto.clientId ?? undefined,
      clientSecret: typeof dto.clientSecret === 'string' ? this.secrets.clientSecrets.seal(dto.clientSecret) : dto.clientSecret === null ? null : undefined,
      scopes: dto.scopes ?? undefined, mapping: dto.mapping ? dto.mapping.map(plainRule) : undefined,
      linkByEmail: dto.linkByEmail ?? undefined, enabled: dto.enabled ?? undefined,
    };
    const fields = Object.entries(set).filter(([, v]) => v !== undefined).map(([k]) => k);
    const result = await this.writes.run(actor, {}, (w) => {
      this.repo.requireProviderAtVersion(w, id, dto.version);
      w.audit({ action: 'identity_provider.update', entityType: 'identity_provider', entityId: id, details: { fields } });
      return this.repo.updateProvider(w, id, set);
    }).catch((e: { code?: string }) => {
      if (e?.code === '23505') throw conflict('PROVIDER_EXISTS', 'your collaboration has a provider with this issuer and client id already');
      throw e;
    });
    if (result.kind !== 'written') throw stale();
    this.clients.forget(id);
    return toResponse(result.rows[0], origin);
  }

  /** Deletes a provider: its people can no longer sign in through it (their accounts stay; an admin may give them a password). */
  async delete(actor: Actor, id: string): Promise<void> {
    const result = await this.writes.run(actor, {}, (w) => {
      const gone = this.repo.deleteProvider(w, id);
      w.audit({ action: 'identity_provider.delete', entityType: 'identity_provider', entityId: id });
      return gone;
    });
    this.clients.forget(id);
    if (result.kind !== 'written') throw notFound('identity provider');
  }

  /** The collaboration's provider; another collaboration's answers 404, like one that does not exist. */
  private async ours(actor: Actor, id: string): Promise<IdentityProviderEntity> {
    const row = await this.repo.provider(id);
    if (!row || row.collaborationId !== actor.collaborationId) throw notFound('identity provider');
    return row;
  }

  private async check(actor: Actor, p: { issuer?: string; scopes?: string; mapping?: { organisationId: string }[] }): Promise<void> {
    const issuer = p.issuer === undefined ? undefined : issuerProblem(p.issuer);
    if (issuer) throw invalid('issuer', issuer);
    const scopes = p.scopes === undefined ? undefined : scopesProblem(p.scopes);
    if (scopes) throw invalid('scopes', scopes);
    // Every rule names an organisation of the caller's collaboration (404 naming the first that does not).
    for (const [i, r] of (p.mapping ?? []).entries()) {
      await this.organisations.assertAllInCollaboration(actor.collaborationId, [r.organisationId], `mapping.${i}.organisationId`);
    }
  }
}

/** A rule as stored: its five fields and nothing else. */
const plainRule = (r: { claim: string; value: string; organisationId: string; role: IdentityProviderEntity['mapping'][number]['role']; createAccounts: boolean }) =>
  ({ claim: r.claim, value: r.value, organisationId: r.organisationId, role: r.role, createAccounts: r.createAccounts });
