import { Global, Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service.js';

/** Cross-context services that are not business logic (idempotent creates). */
@Global()
@Module({ providers: [IdempotencyService], exports: [IdempotencyService] })
export class CommonModule {}
