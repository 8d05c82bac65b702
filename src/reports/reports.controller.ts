import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse } from '../common/api-page.js';
import { CommentResponseDoc, HistoryEntryDoc, ReportResponseDoc } from './reports.responses.js';
import { type Actor, CurrentActor } from '../common/actor.js';
import { ApiIdempotencyKey, IdempotencyKey } from '../common/idempotency-key.js';
import { PageQuery } from '../common/pagination.js';
import { UuidParam } from '../common/validation.js';
import { CreateCommentDto, CreateReportDto, ReportListQuery, UpdateReportDto } from './reports.dto.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post('reports')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Post an observation. Free text with personal data is refused (400, code PERSONAL_DATA).' })
  @ApiCreatedResponse({ description: 'the report as stored, with its feed seq', type: ReportResponseDoc })
  @ApiConflictResponse({ description: 'the Idempotency-Key was used with another body' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateReportDto, @IdempotencyKey() key?: string) {
    return this.reports.create(actor, dto, key);
  }

  @Get('reports')
  @ApiOperation({ summary: 'Reports you may see, newest first, with filters' })
  @ApiPageResponse(ReportResponseDoc)
  list(@CurrentActor() actor: Actor, @Query() q: ReportListQuery) {
    return this.reports.list(actor, q);
  }

  @Get('reports/:id')
  @ApiOperation({ summary: 'One report' })
  @ApiOkResponse({ type: ReportResponseDoc })
  @ApiNotFoundResponse({ description: 'unknown, or not visible to you' })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.reports.get(actor, id);
  }

  @Patch('reports/:id')
  @ApiOperation({ summary: 'Change status, severity, category, text, place or visibility (author or coordinator); needs version' })
  @ApiOkResponse({ type: ReportResponseDoc })
  @ApiConflictResponse({ description: 'stale version' })
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateReportDto) {
    return this.reports.update(actor, id, dto);
  }

  @Get('reports/:id/history')
  @ApiOperation({ summary: 'Every change of a report: who (within your organisation), when, which fields, old and new value' })
  @ApiPageResponse(HistoryEntryDoc)
  history(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.reports.history(actor, id);
  }

  @Post('reports/:id/comments')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Comment on a report you may see' })
  @ApiCreatedResponse({ type: CommentResponseDoc })
  comment(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: CreateCommentDto, @IdempotencyKey() key?: string) {
    return this.reports.addComment(actor, id, dto, key);
  }

  @Get('reports/:id/comments')
  @ApiOperation({ summary: 'Comments on a report, oldest first' })
  @ApiPageResponse(CommentResponseDoc)
  comments(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() q: PageQuery) {
    return this.reports.comments(actor, id, q);
  }
}
