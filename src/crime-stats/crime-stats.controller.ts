import { Controller, Get, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOperation,
  ApiPayloadTooLargeResponse, ApiTags, ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { type Actor, CurrentActor } from '../common/actor.js';
import { ApiPageResponse } from '../common/api-page.js';
import { CoordinatorOnly } from '../common/decorators.js';
import { CSV_MEDIA_TYPES, readCsvBody } from './crime-stats.body.js';
import { CrimeStatsQuery } from './crime-stats.dto.js';
import { CrimeStatRowDoc, CrimeStatsRefusedDoc, CrimeStatsUploadDoc } from './crime-stats.responses.js';
import { CrimeStatsService } from './crime-stats.service.js';

const EXAMPLE = 'month;areaName;crimeType;count\n2026-01;Centrum;Skadegörelse;14\n2026-01;Centrum;Narkotikabrott;6\n2026-02;Östermalm;Misshandel;3\n';

@ApiTags('crime statistics')
@ApiBearerAuth()
@Controller('crime-stats')
export class CrimeStatsController {
  constructor(private readonly stats: CrimeStatsService) {}

  @Post()
  @CoordinatorOnly()
  @ApiOperation({
    summary: "Upload police-reported crime as CSV (coordinators): replaces every row of the file's months",
    description: 'UTF-8 (a byte order mark is fine), separated by `;` (or `,` if the header is), up to 2 MB. Header: '
      + '`month;areaId|areaName;crimeType;count` in any order (`area` takes an id or a name; in Swedish `månad;område;brottstyp;antal`). '
      + 'Every line is checked; a file with any bad line stores nothing and the 400 lists each (line, column, reason).',
  })
  @ApiConsumes(...CSV_MEDIA_TYPES)
  @ApiBody({ schema: { type: 'string', example: EXAMPLE }, description: 'the CSV file' })
  @ApiCreatedResponse({ type: CrimeStatsUploadDoc })
  @ApiBadRequestResponse({ type: CrimeStatsRefusedDoc, description: 'bad lines (all of them, the first 100 listed), an empty file, or a header without lines' })
  @ApiForbiddenResponse({ description: 'not a coordinator' })
  @ApiPayloadTooLargeResponse({ description: 'over 2 MB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'not text/csv or text/plain, or not UTF-8' })
  async upload(@CurrentActor() actor: Actor, @Req() req: Request) {
    return this.stats.upload(actor, await readCsvBody(req));
  }

  @Get()
  @ApiOperation({ summary: 'Police-reported crime of your collaboration by month, area and crime type (every member); sorted by month, area name and type' })
  @ApiPageResponse(CrimeStatRowDoc, 'every row of the period (at most five years): nextCursor is always null')
  @ApiBadRequestResponse({ description: 'a month not YYYY-MM, to before from, or more than five years' })
  @ApiNotFoundResponse({ description: 'areaId is not an area of your collaboration' })
  list(@CurrentActor() actor: Actor, @Query() q: CrimeStatsQuery) {
    return this.stats.list(actor, q);
  }
}
