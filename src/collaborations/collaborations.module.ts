import { Module } from '@nestjs/common';
import { CollaborationsController } from './collaborations.controller.js';
import { CollaborationsRepository } from './collaborations.repository.js';
import { CollaborationsService } from './collaborations.service.js';

@Module({ controllers: [CollaborationsController], providers: [CollaborationsService, CollaborationsRepository], exports: [CollaborationsService] })
export class CollaborationsModule {}
