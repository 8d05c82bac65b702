import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/validation.js';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { ApiPageResponse } from '../common/api-page.js';
import { AreaResponseDoc, PlaceResponseDoc } from './geography.responses.js';
import { type Actor, CurrentActor } from '../common/actor.js';
import { PageQuery } from '../common/pagination.js';
import { CoordinatorOnly } from '../common/decorators.js';
import { CreateAreaDto, CreatePlaceDto, PlaceListQuery, UpdateAreaDto, UpdatePlaceDto } from './geography.dto.js';
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

  // ---- Edits from the admin screens (coordinators) ----

  @Patch('areas/:id')
  @CoordinatorOnly()
  @ApiOperation({ summary: 'Rename an area or redraw its boundary, at the version you read (coordinators); reports keep their area' })
  @ApiOkResponse({ type: AreaResponseDoc })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT (with currentVersion), AREA_EXISTS (the name)' })
  updateArea(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateAreaDto) {
    return this.geography.updateArea(actor, id, dto);
  }

  @Delete('areas/:id')
  @CoordinatorOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an area nothing refers to (coordinators)' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiConflictResponse({ description: 'AREA_IN_USE: reports, places, efforts, subscriptions or meetings refer to it (counted)' })
  deleteArea(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.geography.deleteArea(actor, id);
  }

  @Patch('places/:id')
  @CoordinatorOnly()
  @ApiOperation({ summary: 'Rename a place or change its kind, at the version you read (coordinators)' })
  @ApiOkResponse({ type: PlaceResponseDoc })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT (with currentVersion)' })
  updatePlace(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdatePlaceDto) {
    return this.geography.updatePlace(actor, id, dto);
  }

  @Delete('places/:id')
  @CoordinatorOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a place nothing refers to (coordinators)' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiConflictResponse({ description: 'PLACE_IN_USE: reports, efforts, subscriptions or meeting items refer to it (counted)' })
  deletePlace(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.geography.deletePlace(actor, id);
  }
}
