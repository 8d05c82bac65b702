import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { ApiPageResponse } from '../common/api-page.js';
import { SubscriptionResponseDoc } from './subscriptions.responses.js';
import { type Actor, CurrentActor } from '../common/actor.js';
import { UuidParam } from '../common/validation.js';
import { CreateSubscriptionDto } from './subscriptions.dto.js';
import { SubscriptionsService } from './subscriptions.service.js';

@ApiTags('feed')
@ApiBearerAuth()
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @ApiOperation({ summary: 'Follow areas, places, categories from a severity on; no filters = everything you may see' })
  @ApiCreatedResponse({ type: SubscriptionResponseDoc })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSubscriptionDto) {
    return this.subscriptions.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Your subscriptions' })
  @ApiPageResponse(SubscriptionResponseDoc)
  list(@CurrentActor() actor: Actor) {
    return this.subscriptions.list(actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your subscriptions' })
  @ApiOkResponse({ type: SubscriptionResponseDoc })
  get(@CurrentActor() actor: Actor, @UuidParam() id: string) {
    return this.subscriptions.get(actor, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop following' })
  remove(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    return this.subscriptions.remove(actor, id);
  }
}
