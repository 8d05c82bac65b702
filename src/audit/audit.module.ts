import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

/** Reading the audit log (admins). Rows are written by the write path of common/. */
@Module({ controllers: [AuditController], providers: [AuditService, AuditRepository] })
export class AuditModule {}
