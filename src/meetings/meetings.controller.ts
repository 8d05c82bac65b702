import { Body, Controller, Get, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, CurrentActor } from '../common/actor.js';
import { ApiPageResponse } from '../common/api-page.js';
import { CoordinatorOnly } from '../common/decorators.js';
import { ApiIdempotencyKey, IdempotencyKey } from '../common/idempotency-key.js';
import { UuidParam } from '../common/validation.js';
import { CreateEffortDto } from '../efforts/efforts.dto.js';
import { CreateDecisionDto, CreateMeetingDto, CreateMeetingItemDto, MeetingListQuery, MinutesQuery } from './meetings.dto.js';
import { MeetingAgendaDoc, MeetingDecisionDoc, MeetingItemDoc, MeetingResponseDoc } from './meetings.responses.js';
import { MeetingsService } from './meetings.service.js';

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Post()
  @CoordinatorOnly()
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Create a joint meeting or rural council with the organisations present (coordinators)' })
  @ApiCreatedResponse({ type: MeetingResponseDoc })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateMeetingDto, @IdempotencyKey() key?: string) {
    return this.meetings.create(actor, dto, key);
  }

  @Get()
  @ApiOperation({ summary: 'Meetings your organisation was present at (coordinators: every meeting), latest first' })
  @ApiPageResponse(MeetingResponseDoc)
  list(@CurrentActor() actor: Actor, @Query() q: MeetingListQuery) {
    return this.meetings.list(actor, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A meeting with the items discussed and the decisions taken' })
  @ApiOkResponse({ type: MeetingResponseDoc })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.meetings.get(actor, id);
  }

  @Get(':id/agenda')
  @ApiOperation({ summary: "The agenda prefilled from the picture of the meeting's week, as you may see it: open reports, hotspots, efforts due and overdue" })
  @ApiOkResponse({ type: MeetingAgendaDoc })
  agenda(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.meetings.agenda(actor, id);
  }

  @Post(':id/items')
  @CoordinatorOnly()
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Record an agenda item discussed, with a note (coordinators)' })
  @ApiCreatedResponse({ type: MeetingItemDoc })
  addItem(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: CreateMeetingItemDto, @IdempotencyKey() key?: string) {
    return this.meetings.addItem(actor, id, dto, key);
  }

  @Post(':id/decisions')
  @CoordinatorOnly()
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Record a decision with the organisation answering for it and a date (coordinators)' })
  @ApiCreatedResponse({ type: MeetingDecisionDoc })
  addDecision(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: CreateDecisionDto, @IdempotencyKey() key?: string) {
    return this.meetings.addDecision(actor, id, dto, key);
  }

  @Post(':id/decisions/:decisionId/effort')
  @CoordinatorOnly()
  @ApiOperation({
    summary: 'Turn a decision into an effort in one step (the fields of POST /api/efforts; by default owned by the decision\'s owner, '
      + 'followed up when it is due, described by its text); safe to retry (coordinators)',
  })
  @ApiCreatedResponse({ type: MeetingDecisionDoc })
  @ApiConflictResponse({ description: 'the decision has already become an effort' })
  toEffort(@CurrentActor() actor: Actor, @UuidParam() id: string, @UuidParam('decisionId') decisionId: string, @Body() dto: CreateEffortDto) {
    return this.meetings.toEffort(actor, id, decisionId, dto);
  }

  @Get(':id/minutes')
  @ApiOperation({ summary: 'The minutes (protokoll) as a Swedish A4 PDF' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the PDF, as an attachment', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  async minutes(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() _q: MinutesQuery, @Res({ passthrough: true }) res: Response) {
    const { fileName, pdf } = await this.meetings.minutes(actor, id);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="${fileName}"`, length: pdf.length });
  }
}
