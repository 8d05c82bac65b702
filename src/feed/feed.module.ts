import { Module } from '@nestjs/common';
import { EventLogService } from './event-log.service.js';

/** The event log now; the gateway, subscriptions and fan-out come with the live-feed issue. */
@Module({ providers: [EventLogService], exports: [EventLogService] })
export class FeedModule {}
