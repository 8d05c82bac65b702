import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse,
  ApiOperation, ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { type Actor, CurrentActor } from '../../common/actor.js';
import { ApiPageResponse } from '../../common/api-page.js';
import { CollaborationAdminOnly } from '../../common/decorators.js';
import { UuidParam } from '../../common/validation.js';
import { IdentityProvidersService } from './identity-providers.service.js';
import { originOf } from './oidc.controller.js';
import { CreateIdentityProviderDto, UpdateIdentityProviderDto } from './oidc.dto.js';
import { IdentityProviderDoc } from './oidc.responses.js';

@ApiTags('identity providers')
@ApiBearerAuth()
@Controller('identity-providers')
@CollaborationAdminOnly()
export class IdentityProvidersController {
  constructor(private readonly providers: IdentityProvidersService) {}

  @Post()
  @ApiOperation({ summary: "Connect an identity provider to your collaboration (collaboration admins); register the answer's redirectUri at the provider" })
  @ApiCreatedResponse({ type: IdentityProviderDoc })
  @ApiBadRequestResponse({ description: 'issuer not https (http only on localhost), scopes without openid, a bad rule' })
  @ApiNotFoundResponse({ description: 'a rule names an organisation that is not of your collaboration (mapping.<i>.organisationId)' })
  @ApiConflictResponse({ description: 'PROVIDER_EXISTS: the same issuer and client id' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateIdentityProviderDto, @Req() req: Request) {
    return this.providers.create(actor, dto, originOf(req));
  }

  @Get()
  @ApiOperation({ summary: "Your collaboration's identity providers (collaboration admins); client secrets are never returned" })
  @ApiPageResponse(IdentityProviderDoc, 'every one, by name; nextCursor is always null')
  list(@CurrentActor() actor: Actor, @Req() req: Request) {
    return this.providers.list(actor, originOf(req));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One identity provider (collaboration admins)' })
  @ApiOkResponse({ type: IdentityProviderDoc })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string, @Req() req: Request) {
    return this.providers.get(actor, id, originOf(req));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an identity provider (collaboration admins); a new clientSecret replaces the stored one' })
  @ApiOkResponse({ type: IdentityProviderDoc })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT, PROVIDER_EXISTS' })
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateIdentityProviderDto, @Req() req: Request) {
    return this.providers.update(actor, id, dto, originOf(req));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Disconnect an identity provider (collaboration admins): its accounts stay, without a way to sign in until given a password' })
  @ApiNoContentResponse({ description: 'deleted' })
  delete(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.providers.delete(actor, id);
  }
}
