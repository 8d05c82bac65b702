import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/actor.js';
import { ApiPageResponse } from '../common/api-page.js';
import { ApiIdempotencyKey, IdempotencyKey } from '../common/idempotency-key.js';
import { PageQuery } from '../common/pagination.js';
import { UuidParam } from '../common/validation.js';
import { HistoryEntryDoc, ReportResponseDoc } from '../reports/reports.responses.js';
import { CreateActionDto, CreateEffortDto, EffortListQuery, LinkReportsDto, UpdateEffortDto } from './efforts.dto.js';
import { EffortActionDoc, EffortResponseDoc } from './efforts.responses.js';
import { EffortsService } from './efforts.service.js';

@ApiTags('efforts')
@ApiBearerAuth()
@Controller('efforts')
export class EffortsController {
  constructor(private readonly efforts: EffortsService) {}

  @Post()
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Record an effort (insats), joint or separate, optionally taking up reports you may see' })
  @ApiCreatedResponse({ type: EffortResponseDoc })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateEffortDto, @IdempotencyKey() key?: string) {
    return this.efforts.create(actor, dto, key);
  }

  @Get()
  @ApiOperation({ summary: 'Efforts you may see, newest first, with filters (overdue=true: follow-ups past due)' })
  @ApiPageResponse(EffortResponseDoc)
  list(@CurrentActor() actor: Actor, @Query() q: EffortListQuery) {
    return this.efforts.list(actor, q);
  }

  @Get(':id')
  @ApiOkResponse({ type: EffortResponseDoc })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.efforts.get(actor, id);
  }

  @Patch(':id')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Change status, outcome, dates, places or who takes part (its organisations or a coordinator); needs version',
    description: 'A retry with the same Idempotency-Key and body gets the first answer (200, the version it wrote), not a stale-version 409.',
  })
  @ApiOkResponse({ type: EffortResponseDoc })
  @ApiConflictResponse({ description: 'stale version (VERSION_CONFLICT), or the Idempotency-Key used with another body (IDEMPOTENCY_KEY_REUSED)' })
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateEffortDto, @IdempotencyKey() key?: string) {
    return this.efforts.update(actor, id, dto, key);
  }

  @Post(':id/reports')
  @HttpCode(200)
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Link reports you may see; new and acknowledged ones move to in_progress; those linked already are skipped' })
  @ApiOkResponse({ type: EffortResponseDoc })
  link(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: LinkReportsDto, @IdempotencyKey() key?: string) {
    return this.efforts.linkReports(actor, id, dto, key);
  }

  @Get(':id/reports')
  @ApiOperation({ summary: 'The linked reports you may see' })
  @ApiPageResponse(ReportResponseDoc)
  reports(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() q: PageQuery) {
    return this.efforts.linkedReports(actor, id, q);
  }

  @Delete(':id/reports/:reportId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'unlinked' })
  unlink(@CurrentActor() actor: Actor, @UuidParam() id: string, @UuidParam('reportId') reportId: string) {
    return this.efforts.unlinkReport(actor, id, reportId);
  }

  @Post(':id/actions')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'What one organisation did ("12 visits")' })
  @ApiCreatedResponse({ type: EffortActionDoc })
  addAction(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: CreateActionDto, @IdempotencyKey() key?: string) {
    return this.efforts.addAction(actor, id, dto, key);
  }

  @Get(':id/actions')
  @ApiPageResponse(EffortActionDoc)
  actions(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.efforts.actions(actor, id);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every change of an effort: who (within your organisation), when, which fields' })
  @ApiPageResponse(HistoryEntryDoc)
  history(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.efforts.history(actor, id);
  }
}
