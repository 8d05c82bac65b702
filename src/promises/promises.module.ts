import { Module } from '@nestjs/common';
import { CategoriesModule } from '../categories/categories.module.js';
import { ConcernTalksModule } from '../concern-talks/concern-talks.module.js';
import { GeographyModule } from '../geography/geography.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { ActionPlansController, FollowUpsController, PublicDocumentsController } from './documents/documents.controller.js';
import { DocumentsRepository } from './documents/documents.repository.js';
import { DocumentsService } from './documents/documents.service.js';
import { PublicRateLimitGuard } from './documents/public-rate-limit.guard.js';
import { PromisesController } from './promises.controller.js';
import { PromisesRepository } from './promises.repository.js';
import { PromisesService } from './promises.service.js';

/**
 * Citizen promises (medborgarlöften) with live progress, and the yearly documents written from the data: follow-ups,
 * the action plan (lag 2023:196) and its follow-up, with their public pages. Reads concern talks only through
 * ConcernTalksService.summary (sums); counts efforts, actions and reports with SQL of its own under the visibility policy.
 */
@Module({
  imports: [CategoriesModule, OrganisationsModule, GeographyModule, ConcernTalksModule],
  controllers: [PromisesController, FollowUpsController, ActionPlansController, PublicDocumentsController],
  providers: [PromisesService, PromisesRepository, DocumentsService, DocumentsRepository, PublicRateLimitGuard],
  exports: [PromisesService],
})
export class PromisesModule {}
