import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, CurrentActor } from '../common/actor.js';
import { UuidParam } from '../common/validation.js';
import { CreateExclusionDto, PeriodQueryDto, SnapshotFileQuery, WeeklyPictureQuery } from './pictures.dto.js';
import { PicturesService } from './pictures.service.js';

const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
};

@ApiTags('pictures')
@ApiBearerAuth()
@Controller('pictures')
export class PicturesController {
  constructor(private readonly pictures: PicturesService) {}

  @Get('weekly')
  @ApiOperation({ summary: 'The weekly picture as you may see it: totals, change, hotspots, weekday x hour, open reports, efforts (or a file)' })
  @ApiOkResponse({ description: 'WeeklyPictureResponse, or the file of `format`' })
  weekly(@CurrentActor() actor: Actor, @Query() q: WeeklyPictureQuery) {
    return this.pictures.weekly(actor, q);
  }

  @Get('period')
  @ApiOperation({ summary: 'A period analysis (month, tertial, year or range) against the same period a year earlier, areas ranked with reasons' })
  period(@CurrentActor() actor: Actor, @Query() q: PeriodQueryDto) {
    return this.pictures.period(actor, q);
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
