import { Body, Controller, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, CurrentActor } from '../common/actor.js';
import { ApiPageResponse } from '../common/api-page.js';
import { AdminOnly, Public } from '../common/decorators.js';
import { UuidParam } from '../common/validation.js';
import { DeliveriesQuery, UnsubscribeQuery, UpdateAlertPreferencesDto, UpdateSubscriptionEmailDto } from './alerts.dto.js';
import { AlertSettingsDoc, MailDeliveryDoc, SubscriptionWithEmailDoc } from './alerts.responses.js';
import { AlertsService } from './alerts.service.js';

@ApiTags('alerts')
@Controller()
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Patch('subscriptions/:id')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change one of your subscriptions, keeping its id: what it follows (areas, places, categories, from a severity) and how it is e-mailed (off, immediate, daily or weekly, and from which severity at once), together or not at all' })
  @ApiOkResponse({ type: SubscriptionWithEmailDoc })
  @ApiBadRequestResponse({ description: 'no field given, a value out of range, an unknown area, place or category (named)' })
  @ApiNotFoundResponse({ description: 'not one of your subscriptions' })
  setSubscriptionEmail(@CurrentActor() actor: Actor, @UuidParam() id: string, @Body() dto: UpdateSubscriptionEmailDto) {
    return this.alerts.setSubscriptionEmail(actor, id, dto);
  }

  @Get('me/alerts')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Your e-mail settings: all alert e-mail on or off, the language, and how each of your subscriptions is e-mailed' })
  @ApiOkResponse({ type: AlertSettingsDoc })
  settings(@CurrentActor() actor: Actor) {
    return this.alerts.settings(actor);
  }

  @Patch('me/alerts')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Turn all your alert e-mail on or off, or choose the language of your e-mails (sv, en)' })
  @ApiOkResponse({ type: AlertSettingsDoc })
  setPreferences(@CurrentActor() actor: Actor, @Body() dto: UpdateAlertPreferencesDto) {
    return this.alerts.setPreferences(actor, dto);
  }

  @Get('alerts/unsubscribe')
  @Public()
  @ApiProduces('text/html')
  @ApiOperation({ summary: "The page of an e-mail's unsubscribe link: asks, changes nothing (mail scanners open links); its buttons POST" })
  @ApiOkResponse({ description: 'an HTML page with the choice' })
  @ApiBadRequestResponse({ description: 'an HTML page: the link is not valid' })
  async unsubscribePage(@Query() q: UnsubscribeQuery, @Res() res: Response): Promise<void> {
    const page = await this.alerts.unsubscribePage(q.token, `/api/alerts/unsubscribe?token=${encodeURIComponent(q.token)}`);
    sendPage(res, page);
  }

  @Post('alerts/unsubscribe')
  @Public()
  @HttpCode(200)
  @ApiProduces('text/html')
  @ApiOperation({
    summary: 'One-click unsubscribe (RFC 8058; no login, the signed token decides): turns that subscription\'s e-mail off, or with scope=all all of its owner\'s alert e-mail',
    description: 'Mail clients POST `List-Unsubscribe=One-Click` (form-encoded) to the List-Unsubscribe URL; the body is not needed.',
  })
  @ApiOkResponse({ description: 'an HTML page: done (also when it was off already)' })
  @ApiBadRequestResponse({ description: 'an HTML page: the link is not valid' })
  async unsubscribe(@Query() q: UnsubscribeQuery, @Res() res: Response): Promise<void> {
    sendPage(res, await this.alerts.unsubscribe(q.token, q.scope ?? 'subscription'));
  }

  @Get('alerts/deliveries')
  @AdminOnly()
  @ApiBearerAuth()
  @ApiOperation({ summary: "The collaboration's e-mails and how they went, newest first (admins): ?status=failed lists those that need a look" })
  @ApiPageResponse(MailDeliveryDoc)
  @ApiForbiddenResponse({ description: 'not an admin' })
  deliveries(@CurrentActor() actor: Actor, @Query() q: DeliveriesQuery) {
    return this.alerts.deliveries(actor, q);
  }

  @Post('alerts/deliveries/:id/retry')
  @AdminOnly()
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Try a failed e-mail again, with a new round of attempts (admins)' })
  @ApiAcceptedResponse({ description: 'queued again' })
  @ApiNotFoundResponse({ description: 'no failed e-mail with this id in your collaboration' })
  async retry(@CurrentActor() actor: Actor, @UuidParam() id: string): Promise<void> {
    await this.alerts.retryDelivery(actor, id);
  }
}

function sendPage(res: Response, page: { status: number; html: string }): void {
  res.status(page.status).setHeader('Cache-Control', 'no-store').setHeader('X-Robots-Tag', 'noindex').type('html').send(page.html);
}
