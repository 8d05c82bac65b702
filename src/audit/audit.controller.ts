import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({ summary: 'The audit log of your collaboration, newest first (admins); format=csv: every entry of the filter as a file' })
  @ApiProduces('application/json', 'text/csv; charset=utf-8')
  @ApiPageResponse(AuditEntryDoc)
  async list(@CurrentActor() actor: Actor, @Query() q: AuditQuery, @Res({ passthrough: true }) res: Response) {
    if (q.format !== 'csv') return this.audit.list(actor, q);
    const file = await this.audit.csv(actor, q);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(file.body, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${file.fileName}"` });
  }
}
