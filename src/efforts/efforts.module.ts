import { Module } from '@nestjs/common';
import { GeographyModule } from '../geography/geography.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { EffortsController } from './efforts.controller.js';
import { EffortsRepository } from './efforts.repository.js';
import { EffortsService } from './efforts.service.js';

@Module({
  imports: [GeographyModule, OrganisationsModule, ReportsModule],
  controllers: [EffortsController],
  providers: [EffortsService, EffortsRepository],
  exports: [EffortsService],
})
export class EffortsModule {}
