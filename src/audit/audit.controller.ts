import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse } from '../common/api-page.js';
import { AuditEntryDoc } from './audit.responses.js';
import { type Actor, CurrentActor } from '../common/actor.js';
import { AdminOnly } from '../common/decorators.js';
import { AuditQuery } from './audit.dto.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @AdminOnly()
  @ApiOperation({ summary: 'The audit log of your collaboration, newest first (admins)' })
  @ApiPageResponse(AuditEntryDoc)
  list(@CurrentActor() actor: Actor, @Query() q: AuditQuery) {
    return this.audit.list(actor, q);
  }
}
