import { Module } from '@nestjs/common';
import { FeedModule } from '../feed/feed.module.js';
import { GeographyModule } from '../geography/geography.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [FeedModule, GeographyModule, OrganisationsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
