import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { OidcRepository } from './oidc.repository.js';

/** One-time codes live a minute; their rows are removed a day later (every node may run this: the delete is idempotent). */
@Injectable()
export class OidcHandoffsJob {
  constructor(private readonly repo: OidcRepository) {}

  @Interval(6 * 60 * 60 * 1000)
  async prune(): Promise<void> {
    await this.repo.pruneHandoffs().catch(() => undefined);
  }
}
