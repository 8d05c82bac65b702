import { Module } from '@nestjs/common';
import { CategoriesModule } from '../categories/categories.module.js';
import { FeedModule } from '../feed/feed.module.js';
import { MailModule } from '../mail/mail.module.js';
import { AlertDigests } from './alert-digests.js';
import { AlertPlanner } from './alert-planner.js';
import { AlertRenderer } from './alert-renderer.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';

/**
 * E-mail alerts and digests from subscriptions: settings per subscription and person, the planner that reads the event
 * log, the digests, the e-mails' words, and one-click unsubscribe. Sends through the mail context; reads the feed's
 * subscriptions and the event log with SQL of its own, so the feed knows nothing of it.
 */
@Module({
  imports: [CategoriesModule, FeedModule, MailModule],
  controllers: [AlertsController],
  providers: [AlertsService, AlertsRepository, AlertPlanner, AlertDigests, AlertRenderer],
  exports: [AlertsService],
})
export class AlertsModule {}
