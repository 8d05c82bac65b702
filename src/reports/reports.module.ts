import { Module } from '@nestjs/common';
import { GeographyModule } from '../geography/geography.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { CategoriesModule } from '../categories/categories.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';
import { TriageController } from './triage.controller.js';
import { TriageRepository } from './triage.repository.js';
import { TriageService } from './triage.service.js';

@Module({
  imports: [GeographyModule, OrganisationsModule, CategoriesModule],
  controllers: [ReportsController, TriageController],
  providers: [ReportsService, ReportsRepository, TriageService, TriageRepository],
  exports: [ReportsService],
})
export class ReportsModule {}
