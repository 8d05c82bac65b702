import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, CurrentActor } from '../common/actor.js';
import { UuidParam } from '../common/validation.js';
import { CreateExclusionDto, PeriodQueryDto, SnapshotFileQuery, WeeklyPictureQuery } from './pictures.dto.js';
import { CONTENT_TYPES, type PictureFile } from './picture-files.service.js';
import { PicturesService } from './pictures.service.js';

@ApiTags('pictures')
@ApiBearerAuth()
@Controller('pictures')
export class PicturesController {
  constructor(private readonly pictures: PicturesService) {}

  @Get('weekly')
  @ApiOperation({ summary: 'The weekly picture as you may see it: totals, change, hotspots, weekday x hour, open reports, efforts (or a file)' })
  @ApiProduces(...Object.values(CONTENT_TYPES))
  @ApiOkResponse({ description: 'WeeklyPictureResponse (libs/contracts/src/pictures.ts), or the file of `format` as an attachment' })
  async weekly(@CurrentActor() actor: Actor, @Query() q: WeeklyPictureQuery, @Res({ passthrough: true }) res: Response) {
    if (!q.format || q.format === 'json') return this.pictures.weekly(actor, q);
    return send(res, await this.pictures.weeklyFile(actor, q, q.format));
  }

  @Get('period')
  @ApiOperation({ summary: 'A period analysis (month, tertial, year or range) against the same period a year earlier, areas ranked with reasons' })
  @ApiProduces(...Object.values(CONTENT_TYPES))
  @ApiOkResponse({ description: 'PeriodAnalysisResponse (libs/contracts/src/pictures.ts), or the file of `format` as an attachment' })
  async period(@CurrentActor() actor: Actor, @Query() q: PeriodQueryDto, @Res({ passthrough: true }) res: Response) {
    if (!q.format || q.format === 'json') return this.pictures.period(actor, q);
    return send(res, await this.pictures.periodFile(actor, q, q.format));
  }

  @Post('weekly/:week/freeze')
  @ApiOperation({ summary: 'Freeze a week that has ended: the joint picture and its files, stored once, never changed (coordinator)' })
  @ApiCreatedResponse({ description: 'PictureSnapshotResponse' })
  @ApiConflictResponse({ description: 'ALREADY_FROZEN' })
  freeze(@CurrentActor() actor: Actor, @Param('week') week: string) {
    return this.pictures.freeze(actor, week);
  }

  @Get('weekly/:week/exclusions')
  @ApiOperation({ summary: 'Reports left out of the week in review (those you may see)' })
  exclusions(@CurrentActor() actor: Actor, @Param('week') week: string) {
    return this.pictures.exclusions(actor, week);
  }

  @Post('weekly/:week/exclusions')
  @ApiOperation({ summary: 'Leave a report out of the week before it is frozen, with a reason (coordinator)' })
  exclude(@CurrentActor() actor: Actor, @Param('week') week: string, @Body() dto: CreateExclusionDto) {
    return this.pictures.exclude(actor, week, dto);
  }

  @Delete('weekly/:week/exclusions/:reportId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'taken back into the picture' })
  include(@CurrentActor() actor: Actor, @Param('week') week: string, @UuidParam('reportId') reportId: string) {
    return this.pictures.include(actor, week, reportId);
  }

  @Get('snapshots')
  @ApiOperation({ summary: 'Frozen weeks of your collaboration, newest first' })
  snapshots(@CurrentActor() actor: Actor) {
    return this.pictures.snapshots(actor);
  }

  @Get('snapshots/:id')
  @ApiOperation({ summary: 'A frozen week as stored: the same bytes every time' })
  async snapshot(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() q: SnapshotFileQuery, @Res({ passthrough: true }) res: Response) {
    const format = q.format ?? 'json';
    const file = await this.pictures.snapshotFile(actor, id, format);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(file.content, {
      type: CONTENT_TYPES[format], length: file.content.length,
      disposition: format === 'json' ? undefined : `attachment; filename="${file.fileName}"`,
    });
  }
}

/** A file as an attachment, with its meta in headers (the CSV has no room for it inside). */
function send(res: Response, file: PictureFile): StreamableFile {
  res.setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(file.headers)) res.setHeader(name, value);
  const options = { type: file.contentType, disposition: `attachment; filename="${file.fileName}"` };
  return Buffer.isBuffer(file.body) ? new StreamableFile(file.body, { ...options, length: file.body.length }) : new StreamableFile(file.body, options);
}
