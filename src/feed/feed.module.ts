import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { CategoriesModule } from '../categories/categories.module.js';
import { GeographyModule } from '../geography/geography.module.js';
import { EventLogRepository } from './event-log.repository.js';
import { EventPumpService } from './event-pump.service.js';
import { EventRetentionJob } from './event-retention.job.js';
import { FeedMetrics } from './feed-metrics.service.js';
import { FeedReplayService } from './feed-replay.service.js';
import { FeedGateway } from './feed.gateway.js';
import { SubscriptionsController } from './subscriptions.controller.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { SubscriptionsService } from './subscriptions.service.js';

/**
 * The live feed: the event log's reader, subscriptions, the /feed gateway with replay, and its metrics. Events are
 * written by every context through the write path (common/write); the feed never reads another context's tables.
 */
@Module({
  imports: [GeographyModule, CategoriesModule],
  controllers: [SubscriptionsController],
  providers: [
    EventLogRepository, EventPumpService, FeedGateway, FeedReplayService, SubscriptionsService, SubscriptionsRepository, FeedMetrics, EventRetentionJob,
  ],
  exports: [FeedMetrics, EventPumpService, SubscriptionsService],
})
export class FeedModule implements OnApplicationBootstrap {
  constructor(private readonly retention: EventRetentionJob) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.retention.prune();
  }
}
