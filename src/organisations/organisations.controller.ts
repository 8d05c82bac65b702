import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { PageQuery } from '../common/pagination.js';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCreatedResponse } from '@nestjs/swagger';
import { ApiPageResponse } from '../common/api-page.js';
import { OrganisationResponseDoc } from './organisations.responses.js';
import { type Actor, CurrentActor } from '../common/actor.js';
import { CollaborationAdminOnly } from '../common/decorators.js';
import { CreateOrganisationDto } from './organisations.dto.js';
import { OrganisationsService } from './organisations.service.js';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @CollaborationAdminOnly()
  @ApiOperation({ summary: 'Add a partner organisation to your collaboration (collaboration admins)' })
  @ApiCreatedResponse({ type: OrganisationResponseDoc })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateOrganisationDto) {
    return this.organisations.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The partner organisations of your collaboration' })
  @ApiPageResponse(OrganisationResponseDoc)
  list(@CurrentActor() actor: Actor, @Query() q: PageQuery) {
    return this.organisations.list(actor, q);
  }
}
