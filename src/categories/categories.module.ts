import { Module } from '@nestjs/common';
import { CategoriesController } from './categories.controller.js';
import { CategoriesRepository } from './categories.repository.js';
import { CategoriesService } from './categories.service.js';

/** A collaboration's report categories: the defaults switched and renamed, and its own (the reports, feed and pictures check theirs here). */
@Module({ controllers: [CategoriesController], providers: [CategoriesService, CategoriesRepository], exports: [CategoriesService] })
export class CategoriesModule {}
