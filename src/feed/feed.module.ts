import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { EventLogService } from './event-log.service.js';
import { EventPumpService } from './event-pump.service.js';
import { EventRetentionJob } from './event-retention.job.js';
import { FeedMetrics } from './feed-metrics.js';
import { FeedReplayService } from './feed-replay.service.js';
import { FeedGateway } from './feed.gateway.js';
import { SubscriptionsController } from './subscriptions.controller.js';
import { SubscriptionsService } from './subscriptions.service.js';

/** The live feed: event log, subscriptions, the /feed gateway with replay, and its metrics. */
@Module({
  controllers: [SubscriptionsController],
  providers: [EventLogService, EventPumpService, FeedGateway, FeedReplayService, SubscriptionsService, FeedMetrics, EventRetentionJob],
  exports: [EventLogService, FeedMetrics, EventPumpService],
})
export class FeedModule implements OnApplicationBootstrap {
  constructor(private readonly retention: EventRetentionJob) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.retention.prune();
  }
}
