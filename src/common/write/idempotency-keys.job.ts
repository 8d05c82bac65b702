import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DataSource } from 'typeorm';

/** Keys are kept for a week: long enough for any offline client to retry, short enough to stay small. */
@Injectable()
export class IdempotencyKeysJob {
  constructor(private readonly ds: DataSource) {}

  @Interval(6 * 60 * 60 * 1000)
  async prune(): Promise<void> {
    await this.ds.query(`DELETE FROM idempotency_keys WHERE created_at < now() - interval '7 days'`).catch(() => undefined);
  }
}
