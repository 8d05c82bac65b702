import { Module } from '@nestjs/common';
import { CrimeStatsController } from './crime-stats.controller.js';
import { CrimeStatsRepository } from './crime-stats.repository.js';
import { CrimeStatsService } from './crime-stats.service.js';

/** Police-reported crime statistics: uploaded as CSV, read by every member and, through the service's `byArea`, by the pictures. */
@Module({
  controllers: [CrimeStatsController],
  providers: [CrimeStatsService, CrimeStatsRepository],
  exports: [CrimeStatsService],
})
export class CrimeStatsModule {}
