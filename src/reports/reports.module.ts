import { Module } from '@nestjs/common';
import { GeographyModule } from '../geography/geography.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { CategoriesController } from './categories.controller.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [GeographyModule, OrganisationsModule],
  controllers: [CategoriesController, ReportsController],
  providers: [ReportsService, ReportsRepository],
  exports: [ReportsService],
})
export class ReportsModule {}
