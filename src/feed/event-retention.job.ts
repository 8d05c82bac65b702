import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectConfig, type ResolvedConfig } from '../config/config.module.js';
import { EventLogRepository } from './event-log.repository.js';

/**
 * Prunes the event log: events older than EVENT_RETENTION_DAYS are deleted every hour (and at start).
 * A client resuming from before the oldest kept event is told to resync. Running on several nodes at once is
 * harmless: the deletes are idempotent.
 */
@Injectable()
export class EventRetentionJob {
  private readonly log = new Logger('EventRetention');

  constructor(private readonly events: EventLogRepository, @InjectConfig() private readonly config: ResolvedConfig) {}

  @Interval(60 * 60 * 1000)
  async prune(): Promise<number> {
    try {
      const pruned = await this.events.prune(this.config.eventRetentionDays);
      if (pruned) this.log.log(`pruned ${pruned} events older than ${this.config.eventRetentionDays} days`);
      return pruned;
    } catch (e) {
      this.log.warn(`pruning the event log failed: ${(e as Error).message}`);
      return 0;
    }
  }
}
