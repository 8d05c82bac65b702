import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../common/dto-helpers.js';
import { PageQuery } from '../common/pagination.js';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organisationId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'a record the entry is about' }) @IsOptional() @IsUUID() entityId?: string;
  @ApiPropertyOptional({ example: 'report.read' }) @IsOptional() @IsString() @MaxLength(100) action?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsIsoDateTime() from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsIsoDateTime() to?: string;
  @ApiPropertyOptional({ example: 'report', description: 'the kind of record the entries are about (report, effort, area, category, user, ...)' })
  @IsOptional() @IsString() @Matches(/^[a-z_]{1,50}$/, { message: 'entityType must be a kind of record such as report or area' }) entityType?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv: every entry of the filter as a file (UTF-8 with BOM, `;`, Swedish headers), newest first' })
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}
