import { Module } from '@nestjs/common';
import { CategoriesModule } from '../categories/categories.module.js';
import { EffortsModule } from '../efforts/efforts.module.js';
import { GeographyModule } from '../geography/geography.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { PicturesModule } from '../pictures/pictures.module.js';
import { MeetingsController } from './meetings.controller.js';
import { MeetingsRepository } from './meetings.repository.js';
import { MeetingsService } from './meetings.service.js';

@Module({
  imports: [CategoriesModule, EffortsModule, GeographyModule, OrganisationsModule, PicturesModule],
  controllers: [MeetingsController],
  providers: [MeetingsService, MeetingsRepository],
  exports: [MeetingsService],
})
export class MeetingsModule {}
