import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/validation.js';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { ApiPageResponse } from '../common/api-page.js';
import { AreaResponseDoc, PlaceResponseDoc } from './geography.responses.js';
import { type Actor, CurrentActor } from '../common/actor.js';
import { PageQuery } from '../common/pagination.js';
import { CoordinatorOnly } from '../common/decorators.js';
import { CreateAreaDto, CreatePlaceDto, PlaceListQuery } from './geography.dto.js';
import { GeographyService } from './geography.service.js';

@ApiTags('geography')
@ApiBearerAuth()
@Controller()
export class GeographyController {
  constructor(private readonly geography: GeographyService) {}

  @Post('areas')
  @CoordinatorOnly()
  @ApiOperation({ summary: 'Create an area, optionally with a GeoJSON boundary (coordinators, admins)' })
  @ApiCreatedResponse({ type: AreaResponseDoc })
  createArea(@CurrentActor() actor: Actor, @Body() dto: CreateAreaDto) {
    return this.geography.createArea(actor, dto);
  }

  @Get('areas')
  @ApiOperation({ summary: 'Areas of your collaboration' })
  @ApiPageResponse(AreaResponseDoc)
  listAreas(@CurrentActor() actor: Actor, @Query() q: PageQuery) {
    return this.geography.listAreas(actor, q);
  }

  @Get('areas/:id')
  @ApiOperation({ summary: 'One area with its boundary' })
  @ApiOkResponse({ type: AreaResponseDoc })
  getArea(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.geography.getArea(actor, id);
  }

  @Post('places')
  @ApiOperation({ summary: 'Create a place; without areaId it is put in the area that contains it' })
  @ApiCreatedResponse({ type: PlaceResponseDoc })
  createPlace(@CurrentActor() actor: Actor, @Body() dto: CreatePlaceDto) {
    return this.geography.createPlace(actor, dto);
  }

  @Get('places')
  @ApiOperation({ summary: 'Places of your collaboration, optionally of one area' })
  @ApiPageResponse(PlaceResponseDoc)
  listPlaces(@CurrentActor() actor: Actor, @Query() q: PlaceListQuery) {
    return this.geography.listPlaces(actor, q);
  }

  @Get('places/:id')
  @ApiOperation({ summary: 'One place' })
  @ApiOkResponse({ type: PlaceResponseDoc })
  getPlace(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.geography.getPlace(actor, id);
  }
}
