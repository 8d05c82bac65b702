import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCreatedResponse } from '@nestjs/swagger';
import { ApiPageResponse } from '../common/api-page.js';
import { CollaborationResponseDoc } from '../organisations/organisations.responses.js';
import { type Actor, CurrentActor } from '../common/actor.js';
import { PageQuery } from '../common/pagination.js';
import { PlatformAdminOnly } from '../common/decorators.js';
import { CreateCollaborationDto } from './collaborations.dto.js';
import { CollaborationsService } from './collaborations.service.js';

@ApiTags('collaborations')
@ApiBearerAuth()
@Controller('collaborations')
export class CollaborationsController {
  constructor(private readonly collaborations: CollaborationsService) {}

  @Post()
  @PlatformAdminOnly()
  @ApiOperation({ summary: 'Create a collaboration (platform admins)' })
  @ApiCreatedResponse({ type: CollaborationResponseDoc })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCollaborationDto) {
    return this.collaborations.create(actor, dto);
  }

  @Get()
  @PlatformAdminOnly()
  @ApiOperation({ summary: 'All collaborations of this installation (platform admins)' })
  @ApiPageResponse(CollaborationResponseDoc)
  list(@Query() q: PageQuery) {
    return this.collaborations.list(q);
  }
}
