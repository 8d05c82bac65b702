import { Body, Controller, Get, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, CurrentActor } from '../common/actor.js';
import { CoordinatorOnly } from '../common/decorators.js';
import { ApiIdempotencyKey, IdempotencyKey } from '../common/idempotency-key.js';
import { UuidParam } from '../common/validation.js';
import { DocumentsService } from './documents/documents.service.js';
import { CreatePromiseDto, GenerateFollowUpDto, PromiseListQuery, UpdatePromiseDto } from './promises.dto.js';
import { PromisesService } from './promises.service.js';

@ApiTags('promises')
@ApiBearerAuth()
@Controller('promises')
export class PromisesController {
  constructor(private readonly promises: PromisesService, private readonly documents: DocumentsService) {}

  @Post()
  @CoordinatorOnly()
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Make a citizen promise (medborgarlöfte) with its focus areas and commitments (coordinators)' })
  @ApiCreatedResponse({ description: 'PromiseResponse (libs/contracts/src/promises.ts), with live progress' })
  @ApiNotFoundResponse({ description: 'an owner organisation or area is not of your collaboration (the field is named)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePromiseDto, @IdempotencyKey() key?: string) {
    return this.promises.create(actor, dto, key);
  }

  @Get()
  @ApiOperation({ summary: "Your collaboration's promises (those whose years include ?year=), newest year first, with how many commitments are met" })
  @ApiOkResponse({ description: 'Page<PromiseListItem> (libs/contracts/src/promises.ts)' })
  list(@CurrentActor() actor: Actor, @Query() q: PromiseListQuery) {
    return this.promises.list(actor, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A promise with live progress per commitment, counted from what you may see' })
  @ApiOkResponse({ description: 'PromiseResponse (libs/contracts/src/promises.ts)' })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.promises.get(actor, id);
  }

  @Patch(':id')
  @CoordinatorOnly()
  @ApiOperation({ summary: 'Change a promise at the version you read: title, years, and the whole list of focus areas and commitments (coordinators)' })
  @ApiOkResponse({ description: 'PromiseResponse' })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT: a stale version (currentVersion given)' })
  update(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdatePromiseDto) {
    return this.promises.update(actor, id, dto);
  }

  @Post(':id/follow-ups')
  @CoordinatorOnly()
  @ApiOperation({
    summary: "Generate the follow-up of one of the promise's years from the data (coordinators): 201 the first time, "
      + '200 with a new version (the draft afresh, edited sections kept) when it exists',
  })
  @ApiCreatedResponse({ description: 'DocumentResponse (libs/contracts/src/promises.ts)' })
  @ApiOkResponse({ description: 'DocumentResponse: a new version of the follow-up that existed' })
  async followUp(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: GenerateFollowUpDto, @Res({ passthrough: true }) res: Response) {
    const { created, document } = await this.documents.generateFollowUp(actor, id, dto.year);
    res.status(created ? 201 : 200);
    return document;
  }
}
