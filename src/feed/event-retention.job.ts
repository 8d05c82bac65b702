import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { InjectConfig, type ResolvedConfig } from '../config/config.module.js';

/**
 * Prunes the event log: events older than EVENT_RETENTION_DAYS are deleted every hour (and at start).
 * A client resuming from before the oldest kept event is told to resync. Running on several nodes at once is
 * harmless: the deletes are idempotent.
 */
@Injectable()
export class EventRetentionJob {
  private readonly log = new Logger('EventRetention');

  constructor(private readonly ds: DataSource, @InjectConfig() private readonly config: ResolvedConfig) {}

  @Interval(60 * 60 * 1000)
  async prune(): Promise<number> {
    try {
      const [rows] = await this.ds.query(`DELETE FROM events WHERE at < now() - make_interval(days => $1) RETURNING seq`, [this.config.eventRetentionDays]);
      if (rows.length) this.log.log(`pruned ${rows.length} events older than ${this.config.eventRetentionDays} days`);
      return rows.length;
    } catch (e) {
      this.log.warn(`pruning the event log failed: ${(e as Error).message}`);
      return 0;
    }
  }
}
