import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse,
  ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { CONCERN_TALK_HOLDER_KINDS } from '#contracts';
import { type Actor, CurrentActor } from '../common/actor.js';
import { ApiPageResponse } from '../common/api-page.js';
import { OrganisationKindsOnly } from '../common/decorators.js';
import { ApiIdempotencyKey, IdempotencyKey } from '../common/idempotency-key.js';
import { UuidParam } from '../common/validation.js';
import { ConcernTalkListQuery, ConcernTalkSummaryQuery, CreateConcernTalkDto, UpdateConcernTalkDto } from './concern-talks.dto.js';
import { ConcernTalkResponseDoc, ConcernTalkSummaryDoc } from './concern-talks.responses.js';
import { ConcernTalksService } from './concern-talks.service.js';

/** Reads: for the others the route holds nothing (404). */
const HoldersRead = () => OrganisationKindsOnly({ kinds: CONCERN_TALK_HOLDER_KINDS, otherwise: { status: 404, what: 'concern talk' } });
/** Writes: the others are refused (403). */
const HoldersWrite = () => OrganisationKindsOnly({
  kinds: CONCERN_TALK_HOLDER_KINDS, otherwise: { status: 403, reason: 'concern talks are kept by police and social services organisations only' },
});

@ApiTags('concern talks')
@ApiBearerAuth()
@Controller('concern-talks')
export class ConcernTalksController {
  constructor(private readonly talks: ConcernTalksService) {}

  @Post()
  @HoldersWrite()
  @ApiIdempotencyKey()
  @ApiOperation({ summary: "Record a month's concern talks (police and social services only): counts, no names, no free text" })
  @ApiCreatedResponse({ type: ConcernTalkResponseDoc })
  @ApiForbiddenResponse({ description: 'your organisation is not of the police or social services' })
  @ApiNotFoundResponse({ description: 'areaId is not an area of your collaboration' })
  @ApiConflictResponse({ description: 'the Idempotency-Key was used with another body' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateConcernTalkDto, @IdempotencyKey() key?: string) {
    return this.talks.create(actor, dto, key);
  }

  @Get()
  @HoldersRead()
  @ApiOperation({ summary: 'The concern talk records of your collaboration (police and social services only), newest month first' })
  @ApiPageResponse(ConcernTalkResponseDoc)
  @ApiNotFoundResponse({ description: 'your organisation is not of the police or social services' })
  list(@CurrentActor() actor: Actor, @Query() q: ConcernTalkListQuery) {
    return this.talks.list(actor, q);
  }

  // Before ':id', which would take "summary" for an id.
  @Get('summary')
  @HoldersRead()
  @ApiOperation({ summary: 'Sums of every count from one month to another: in all, per month and per area (police and social services only)' })
  @ApiOkResponse({ type: ConcernTalkSummaryDoc })
  @ApiNotFoundResponse({ description: 'your organisation is not of the police or social services' })
  summary(@CurrentActor() actor: Actor, @Query() q: ConcernTalkSummaryQuery) {
    return this.talks.summaryFor(actor, q);
  }

  @Get(':id')
  @HoldersRead()
  @ApiOperation({ summary: 'One concern talk record' })
  @ApiOkResponse({ type: ConcernTalkResponseDoc })
  @ApiNotFoundResponse({ description: 'unknown, or your organisation is not of the police or social services' })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.talks.get(actor, id);
  }

  @Patch(':id')
  @HoldersWrite()
  @ApiOperation({ summary: 'Correct the counts (the entering organisation, or a coordinator of the police or social services); needs version' })
  @ApiOkResponse({ type: ConcernTalkResponseDoc })
  @ApiForbiddenResponse({ description: 'not your organisation\'s record and you are not a coordinator, or not a holding organisation' })
  @ApiConflictResponse({ description: 'stale version (the answer carries currentVersion)' })
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateConcernTalkDto) {
    return this.talks.update(actor, id, dto);
  }

  @Delete(':id')
  @HoldersWrite()
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a mistaken record (the entering organisation, or a coordinator of the police or social services); audited' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiForbiddenResponse({ description: 'not your organisation\'s record and you are not a coordinator, or not a holding organisation' })
  @ApiConflictResponse({ description: 'changed meanwhile: read it again before deleting' })
  remove(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    return this.talks.remove(actor, id);
  }
}
