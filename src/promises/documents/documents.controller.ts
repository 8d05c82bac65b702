import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import type { PromiseDocumentKind } from '#contracts';
import { type Actor, CurrentActor } from '../../common/actor.js';
import { CoordinatorOnly, Public } from '../../common/decorators.js';
import { invalid } from '../../common/domain-error.js';
import { UuidParam } from '../../common/validation.js';
import { ActionPlanListQuery, DocumentListQuery, DocumentQuery, GenerateActionPlanDto, PublishDocumentDto, UpdateDocumentDto } from '../promises.dto.js';
import { DOCUMENT_CONTENT_TYPES } from './document.files.js';
import { ACTION_PLAN_KINDS, DocumentsService, FOLLOW_UP_KINDS } from './documents.service.js';
import { PublicRateLimitGuard } from './public-rate-limit.guard.js';

const FORMATS = ['application/json', ...Object.values(DOCUMENT_CONTENT_TYPES)];
const JSON_OR_FILE = 'DocumentResponse (libs/contracts/src/promises.ts), or with ?format=pdf|docx the file as an attachment';

/** A version number of a path: a whole number 1–2147483647, else 400 naming `version`. */
const VersionParam = () => Param('version', {
  transform: (v: string) => {
    if (!/^[1-9]\d{0,9}$/.test(v) || Number(v) > 2 ** 31 - 1) throw invalid('version', 'must be a whole number from 1');
    return Number(v);
  },
});

/** The JSON, or the file of `format`. */
async function answer(documents: DocumentsService, actor: Actor, id: string, kinds: readonly PromiseDocumentKind[], q: DocumentQuery, res: Response, version?: number) {
  if (!q.format || q.format === 'json') return documents.get(actor, id, kinds, version);
  const file = await documents.file(actor, id, kinds, q.format, version);
  res.setHeader('Cache-Control', 'no-store');
  return new StreamableFile(file.content, { type: file.contentType, disposition: `attachment; filename="${file.fileName}"`, length: file.content.length });
}

@ApiTags('promises')
@ApiBearerAuth()
@Controller('follow-ups')
export class FollowUpsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @ApiOperation({ summary: "Your collaboration's follow-ups (of promises and of action plans), newest year first" })
  @ApiOkResponse({ description: 'Page<DocumentSummary>' })
  list(@CurrentActor() actor: Actor, @Query() q: DocumentListQuery) {
    return this.documents.list(actor, FOLLOW_UP_KINDS, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A follow-up: its latest version (the generated draft beside the edited words), figures and versions; or its PDF or DOCX' })
  @ApiProduces(...FORMATS)
  @ApiOkResponse({ description: JSON_OR_FILE })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() q: DocumentQuery, @Res({ passthrough: true }) res: Response) {
    return answer(this.documents, actor, id, FOLLOW_UP_KINDS, q, res);
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: 'An earlier version of a follow-up (or its PDF or DOCX)' })
  @ApiProduces(...FORMATS)
  @ApiOkResponse({ description: JSON_OR_FILE })
  version(@CurrentActor() actor: Actor, @UuidParam() id: string, @VersionParam() version: number, @Query() q: DocumentQuery, @Res({ passthrough: true }) res: Response) {
    return answer(this.documents, actor, id, FOLLOW_UP_KINDS, q, res, version);
  }

  @Patch(':id')
  @CoordinatorOnly()
  @ApiOperation({ summary: "Edit a follow-up's words: a new version (each kept); after publishing, a new draft (coordinators)" })
  @ApiOkResponse({ description: 'DocumentResponse' })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT: not the latest version' })
  edit(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateDocumentDto) {
    return this.documents.edit(actor, id, FOLLOW_UP_KINDS, dto);
  }

  @Post(':id/publish')
  @CoordinatorOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the latest version: the public page shows it (coordinators)' })
  @ApiOkResponse({ description: 'DocumentResponse' })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT (not the latest version) or ALREADY_PUBLISHED' })
  publish(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: PublishDocumentDto) {
    return this.documents.publish(actor, id, FOLLOW_UP_KINDS, dto.version);
  }
}

@ApiTags('promises')
@ApiBearerAuth()
@Controller('action-plans')
export class ActionPlansController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @CoordinatorOnly()
  @ApiOperation({
    summary: "Draft the year's action plan (lag 2023:196) from its commitments and planned efforts (coordinators): 201 the first time, "
      + '200 with a new version when it exists',
  })
  @ApiCreatedResponse({ description: 'DocumentResponse' })
  async generate(@CurrentActor() actor: Actor, @Body() dto: GenerateActionPlanDto, @Res({ passthrough: true }) res: Response) {
    const { created, document } = await this.documents.generateActionPlan(actor, dto.year);
    res.status(created ? 201 : 200);
    return document;
  }

  @Get()
  @ApiOperation({ summary: "Your collaboration's action plans, newest year first" })
  @ApiOkResponse({ description: 'Page<DocumentSummary>' })
  list(@CurrentActor() actor: Actor, @Query() q: ActionPlanListQuery) {
    return this.documents.list(actor, ACTION_PLAN_KINDS, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An action plan: its latest version, figures and versions; or its PDF or DOCX' })
  @ApiProduces(...FORMATS)
  @ApiOkResponse({ description: JSON_OR_FILE })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() q: DocumentQuery, @Res({ passthrough: true }) res: Response) {
    return answer(this.documents, actor, id, ACTION_PLAN_KINDS, q, res);
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: 'An earlier version of an action plan (or its PDF or DOCX)' })
  @ApiProduces(...FORMATS)
  @ApiOkResponse({ description: JSON_OR_FILE })
  version(@CurrentActor() actor: Actor, @UuidParam() id: string, @VersionParam() version: number, @Query() q: DocumentQuery, @Res({ passthrough: true }) res: Response) {
    return answer(this.documents, actor, id, ACTION_PLAN_KINDS, q, res, version);
  }

  @Patch(':id')
  @CoordinatorOnly()
  @ApiOperation({ summary: "Edit an action plan's words: a new version (coordinators)" })
  @ApiOkResponse({ description: 'DocumentResponse' })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT' })
  edit(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateDocumentDto) {
    return this.documents.edit(actor, id, ACTION_PLAN_KINDS, dto);
  }

  @Post(':id/publish')
  @CoordinatorOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the latest version of an action plan (coordinators)' })
  @ApiOkResponse({ description: 'DocumentResponse' })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT or ALREADY_PUBLISHED' })
  publish(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: PublishDocumentDto) {
    return this.documents.publish(actor, id, ACTION_PLAN_KINDS, dto.version);
  }

  @Post(':id/follow-ups')
  @CoordinatorOnly()
  @ApiOperation({ summary: "Generate the plan's follow-up from its efforts' status and outcomes (coordinators): served at /api/follow-ups/:id" })
  @ApiCreatedResponse({ description: 'DocumentResponse (kind action_plan_follow_up)' })
  async followUp(@CurrentActor() actor: Actor, @UuidParam() id: string, @Res({ passthrough: true }) res: Response) {
    const { created, document } = await this.documents.generateActionPlanFollowUp(actor, id);
    res.status(created ? 201 : 200);
    return document;
  }
}

@ApiTags('public')
@Controller('public')
@UseGuards(PublicRateLimitGuard)
export class PublicDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get('follow-ups/:id')
  @Public()
  @ApiOperation({ summary: 'A published follow-up, no login: its published words and aggregates only (a count below 3 as "färre än 3")' })
  @ApiOkResponse({ description: 'PublicDocumentResponse (libs/contracts/src/promises.ts)' })
  @ApiTooManyRequestsResponse({ description: 'too many requests from your address' })
  followUp(@UuidParam() id: string) {
    return this.documents.publicView(id, FOLLOW_UP_KINDS);
  }

  @Get('action-plans/:id')
  @Public()
  @ApiOperation({ summary: 'A published action plan, no login: its published words and counts per problem and area' })
  @ApiOkResponse({ description: 'PublicDocumentResponse' })
  @ApiTooManyRequestsResponse({ description: 'too many requests from your address' })
  actionPlan(@UuidParam() id: string) {
    return this.documents.publicView(id, ACTION_PLAN_KINDS);
  }
}
