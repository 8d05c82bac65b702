import { Module } from '@nestjs/common';
import { FeedModule } from '../feed/feed.module.js';
import { ClientConfigController } from './client-config.controller.js';
import { HealthController } from './health.controller.js';

import { HealthRepository } from './health.repository.js';

@Module({ imports: [FeedModule], controllers: [HealthController, ClientConfigController], providers: [HealthRepository] })
export class HealthModule {}
