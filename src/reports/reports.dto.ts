import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsUUID, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { LIMITS, REPORT_STATUSES, SEVERITY_MAX, SEVERITY_MIN, UNASSIGNED, VISIBILITIES, type Category, type ReportStatus, type Visibility } from '#contracts';
import { IsCategoryCode, IsIsoDateTime, IsName, IsText, LatLngDto } from '../common/dto-helpers.js';
import { PageQuery } from '../common/pagination.js';
import { NoPersonalData } from '../common/validation.js';

export class CreateReportDto {
  @ApiProperty({ example: 'vandalism', description: 'an active category of your collaboration (GET /api/categories)' }) @IsCategoryCode() category: Category;
  @ApiProperty({ maxLength: LIMITS.text, description: 'what was observed; no personal data (names, personnummer, phone numbers, e-mail)' })
  @IsText() @NoPersonalData() description: string;
  @ApiProperty({ format: 'date-time', description: 'when it was observed; not in the future' }) @IsIsoDateTime() observedAt: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'one of placeId or location is required' }) @IsOptional() @IsUUID() placeId?: string;
  @ApiPropertyOptional({ type: LatLngDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => LatLngDto) location?: LatLngDto;
  @ApiPropertyOptional({ minimum: SEVERITY_MIN, maximum: SEVERITY_MAX, default: 2 }) @IsOptional() @IsInt() @Min(SEVERITY_MIN) @Max(SEVERITY_MAX) severity?: number;
  @ApiPropertyOptional({ enum: VISIBILITIES, default: 'partners' }) @IsOptional() @IsIn(VISIBILITIES) visibility?: Visibility;
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'with visibility "organisations": who else may see it' })
  @IsOptional() @IsArray() @ArrayMaxSize(LIMITS.sharedWithMax) @IsUUID('all', { each: true }) sharedWithOrganisationIds?: string[];
  @ApiPropertyOptional({ description: 'true: the location lies outside the municipality on purpose (else that is a 400 LOCATION_OUTSIDE)' })
  @IsOptional() @IsBoolean() confirmOutside?: boolean;
}

export class UpdateReportDto {
  @ApiProperty({ description: 'the version you last read; a stale one is a 409' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ enum: REPORT_STATUSES }) @IsOptional() @IsIn(REPORT_STATUSES) status?: ReportStatus;
  @ApiPropertyOptional({ minimum: SEVERITY_MIN, maximum: SEVERITY_MAX }) @IsOptional() @IsInt() @Min(SEVERITY_MIN) @Max(SEVERITY_MAX) severity?: number;
  @ApiPropertyOptional({ example: 'vandalism', description: 'an active category of your collaboration' }) @IsOptional() @IsCategoryCode() category?: Category;
  @ApiPropertyOptional({ maxLength: LIMITS.text }) @IsOptional() @IsText() @NoPersonalData() description?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsIsoDateTime() observedAt?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() placeId?: string;
  @ApiPropertyOptional({ type: LatLngDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => LatLngDto) location?: LatLngDto;
  @ApiPropertyOptional({ enum: VISIBILITIES }) @IsOptional() @IsIn(VISIBILITIES) visibility?: Visibility;
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional() @IsArray() @ArrayMaxSize(LIMITS.sharedWithMax) @IsUUID('all', { each: true }) sharedWithOrganisationIds?: string[];
  @ApiPropertyOptional({ description: 'true: a new location lies outside the municipality on purpose' }) @IsOptional() @IsBoolean() confirmOutside?: boolean;
}

const csv = Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value));

export class ReportListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() areaId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() placeId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'reports of one organisation' }) @IsOptional() @IsUUID() organisationId?: string;
  @ApiPropertyOptional({ description: 'reports a coordinator gave to this organisation (its id), or "none": those given to no organisation (the triage queue)' })
  @IsOptional() @ValidateIf((_, v) => v !== UNASSIGNED) @IsUUID('all', { message: `assignedTo must be an organisation id (UUID) or "${UNASSIGNED}"` }) assignedTo?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 8760, description: 'reported more than this many hours ago' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(8760) olderThanHours?: number;
  @ApiPropertyOptional({ description: 'one category or several, comma-separated', example: 'drug_dealing,nightlife' })
  @IsOptional() @csv @IsArray() @ArrayMaxSize(200) @IsCategoryCode(true) category?: Category[];
  @ApiPropertyOptional({ description: 'one status or several, comma-separated', example: 'new,acknowledged' })
  @IsOptional() @csv @IsArray() @IsIn(REPORT_STATUSES, { each: true }) status?: ReportStatus[];
  @ApiPropertyOptional({ minimum: SEVERITY_MIN, maximum: SEVERITY_MAX }) @IsOptional() @Type(() => Number) @IsInt() @Min(SEVERITY_MIN) @Max(SEVERITY_MAX) minSeverity?: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'observed at or after' }) @IsOptional() @IsIsoDateTime() from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'observed before' }) @IsOptional() @IsIsoDateTime() to?: string;
}

export class CreateCommentDto {
  @ApiProperty({ maxLength: LIMITS.text }) @IsText() @NoPersonalData() body: string;
}

export class AssignReportDto {
  @ApiProperty({ format: 'uuid', nullable: true, description: 'an organisation that may see the report; null to take the assignment back' })
  @ValidateIf((_, v) => v !== null) @IsUUID() organisationId: string | null;
  @ApiPropertyOptional({ description: 'the version you last read; a stale one is a 409' }) @IsOptional() @IsInt() @Min(1) version?: number;
}

export class AcknowledgeReportsDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'new reports you may see (others are left as they are)' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(LIMITS.linkMax) @IsUUID('all', { each: true }) reportIds: string[];
}

export class MergeReportDto {
  @ApiProperty({ format: 'uuid', description: 'the report this one duplicates' }) @IsUUID() intoReportId: string;
}

export class AnswerReportDto {
  @ApiProperty({ maxLength: LIMITS.text, description: 'what the reporter is told; no personal data' }) @IsText() @NoPersonalData() body: string;
  @ApiPropertyOptional({ description: 'also mark the report resolved' }) @IsOptional() @IsBoolean() resolve?: boolean;
}

export class CreateAnswerTemplateDto {
  @ApiProperty({ maxLength: LIMITS.name }) @IsName() @NoPersonalData() title: string;
  @ApiProperty({ maxLength: LIMITS.text }) @IsText() @NoPersonalData() body: string;
}

export class TriageSettingsDto {
  @ApiProperty({ minimum: 1, maximum: 10000, description: 'metres' }) @IsInt() @Min(1) @Max(10000) duplicateDistanceM: number;
  @ApiProperty({ minimum: 1, maximum: 2160, description: 'hours' }) @IsInt() @Min(1) @Max(2160) duplicateWindowHours: number;
}
