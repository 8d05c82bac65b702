import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { ROLES, type ClaimRule, type Role } from '#contracts';
import { IsName } from '../../common/dto-helpers.js';
import { NoPersonalData } from '../../common/validation.js';

/** One rule of a claim mapping. */
export class ClaimRuleDto implements ClaimRule {
  @ApiProperty({ example: 'groups', description: 'the claim to look at (a dotted name reads into an object: realm_access.roles)' })
  @IsString() @MinLength(1) @MaxLength(100) @Matches(/^[\x21-\x7e]+$/, { message: 'claim must be a claim name (printable ASCII, no spaces)' }) claim: string;
  @ApiProperty({ example: '4f1c9a7e-7d1b-4f0e-9a43-1b8cf2d0a611', description: 'the value it must have or hold; * for any non-empty value' })
  @IsString() @MinLength(1) @MaxLength(500) value: string;
  @ApiProperty({ format: 'uuid', description: 'an organisation of your collaboration' }) @IsUUID() organisationId: string;
  @ApiProperty({ enum: ROLES, description: 'the role of an account this rule makes' }) @IsIn(ROLES) role: Role;
  @ApiProperty({ description: 'whether a first sign-in matched by this rule makes an account' }) @IsBoolean() createAccounts: boolean;
}

const MAPPING = { type: [ClaimRuleDto], maxItems: 50, description: 'in order: the first rule that matches decides (an empty mapping lets nobody in)' } satisfies ApiPropertyOptions;

export class CreateIdentityProviderDto {
  @ApiProperty({ example: 'Lidköpings kommun (Entra ID)', description: 'shown on the login page as "Logga in med …"' }) @IsName() @NoPersonalData() displayName: string;
  @ApiProperty({ example: 'https://login.microsoftonline.com/<tenant id>/v2.0', description: 'the issuer identifier (https; http only on localhost)' })
  @IsString() @MaxLength(500) issuer: string;
  @ApiProperty({ example: '0f3d…', description: "Lägesbild's client (application) id at the provider" }) @IsString() @MinLength(1) @MaxLength(200) clientId: string;
  @ApiPropertyOptional({ description: 'the client secret (stored sealed, never returned); none for a public client (PKCE only)' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(1000) clientSecret?: string;
  @ApiPropertyOptional({ example: 'openid email profile', description: 'space-separated, with openid' }) @IsOptional() @IsString() @MaxLength(500) scopes?: string;
  @ApiProperty(MAPPING) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ClaimRuleDto) mapping: ClaimRuleDto[];
  @ApiPropertyOptional({ default: false, description: "link a first sign-in to the collaboration's account with the same e-mail address (only for a provider that owns those addresses)" })
  @IsOptional() @IsBoolean() linkByEmail?: boolean;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
}

export class UpdateIdentityProviderDto {
  @ApiProperty({ description: 'the version you last read' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional() @IsOptional() @IsName() @NoPersonalData() displayName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) issuer?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) clientId?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'a new client secret (the stored one is kept when absent); null removes it (a public client, PKCE only)' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(1000) clientSecret?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) scopes?: string;
  @ApiPropertyOptional(MAPPING) @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ClaimRuleDto) mapping?: ClaimRuleDto[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() linkByEmail?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
}

export class ProvidersQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "the collaboration whose providers the login page shows (the installation's default when absent)" })
  @IsOptional() @IsUUID() collaboration?: string;
}

export class StartQuery {
  @ApiPropertyOptional({ example: '/insatser', description: 'a path of this site to return to after the sign-in' })
  @IsOptional() @IsString() @MaxLength(200) returnTo?: string;
}

export class ExchangeDto {
  @ApiProperty({ description: 'the code from the fragment of /logga-in/oidc#code=…' }) @IsString() @MinLength(1) @MaxLength(100) code: string;
}
