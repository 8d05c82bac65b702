import { Module } from '@nestjs/common';
import { CategoriesModule } from '../categories/categories.module.js';
import { CrimeStatsModule } from '../crime-stats/crime-stats.module.js';
import { GeographyModule } from '../geography/geography.module.js';
import { PictureFilesService } from './picture-files.service.js';
import { PicturesController } from './pictures.controller.js';
import { PicturesRepository, PictureWritesRepository } from './pictures.repository.js';
import { PicturesService } from './pictures.service.js';

@Module({
  imports: [GeographyModule, CrimeStatsModule, CategoriesModule],
  controllers: [PicturesController],
  providers: [PicturesService, PictureFilesService, PicturesRepository, PictureWritesRepository],
  exports: [PicturesService],
})
export class PicturesModule {}
