import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type ClaimRule, type IdentityProviderResponse, type OidcExchangeResponse, type PublicIdentityProvider } from '#contracts';
import { LoginResponseDoc } from '../../users/users.responses.js';

/** OpenAPI shapes of sign-in with OpenID Connect; `implements` keeps them equal to the contract types. */
export class ClaimRuleDoc implements ClaimRule {
  @ApiProperty({ example: 'groups' }) claim: string;
  @ApiProperty() value: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ enum: ROLES }) role: ClaimRule['role'];
  @ApiProperty() createAccounts: boolean;
}

export class IdentityProviderDoc implements IdentityProviderResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty() issuer: string;
  @ApiProperty() clientId: string;
  @ApiProperty({ description: 'whether a client secret is stored (it is never returned)' }) hasClientSecret: boolean;
  @ApiProperty({ example: 'openid email profile' }) scopes: string;
  @ApiProperty({ type: [ClaimRuleDoc] }) mapping: ClaimRuleDoc[];
  @ApiProperty() linkByEmail: boolean;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ example: 'https://lagesbild.lidkoping.se/api/auth/oidc/<id>/callback', description: 'register this at the provider' }) redirectUri: string;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class PublicIdentityProviderDoc implements PublicIdentityProvider {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Lidköpings kommun' }) displayName: string;
}

export class OidcExchangeDoc extends LoginResponseDoc implements OidcExchangeResponse {
  @ApiProperty({ example: '/lagesbild', description: 'where the sign-in was started from' }) returnTo: string;
}
