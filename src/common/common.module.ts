import { Global, Module } from '@nestjs/common';
import { NotificationsService } from './notifications.service.js';
import { IdempotencyKeysJob } from './write/idempotency-keys.job.js';
import { WritePath } from './write/write-path.js';

/**
 * What every context uses and that is not business logic: the one write path (change + history + audit + event +
 * key) and this node's PostgreSQL notifications.
 */
@Global()
@Module({ providers: [WritePath, IdempotencyKeysJob, NotificationsService], exports: [WritePath, NotificationsService] })
export class CommonModule {}
