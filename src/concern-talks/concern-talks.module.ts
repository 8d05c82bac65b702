import { Module } from '@nestjs/common';
import { GeographyModule } from '../geography/geography.module.js';
import { ConcernTalksController } from './concern-talks.controller.js';
import { ConcernTalksRepository } from './concern-talks.repository.js';
import { ConcernTalksService } from './concern-talks.service.js';

/** Concern talks (orossamtal): a context of their own, apart from reports and the feed. Exports the service (its `summary`). */
@Module({
  imports: [GeographyModule],
  controllers: [ConcernTalksController],
  providers: [ConcernTalksService, ConcernTalksRepository],
  exports: [ConcernTalksService],
})
export class ConcernTalksModule {}
