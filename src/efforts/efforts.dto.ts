import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import {
  EFFORT_MODES, EFFORT_STATUSES, EFFORT_TYPES, type EffortMode, type EffortStatus, type EffortType, LIMITS, VISIBILITIES, type Visibility,
} from '#contracts';
import { IsIsoDateTime, IsName, IsText } from '../common/dto-helpers.js';
import { PageQuery } from '../common/pagination.js';
import { NoPersonalData } from '../common/validation.js';

const uuids = (max: number) => [IsArray(), ArrayMaxSize(max), IsUUID('all', { each: true })];
const apply = (ds: PropertyDecorator[]): PropertyDecorator => (target, key) => ds.forEach((d) => d(target, key));

export class CreateEffortDto {
  @ApiProperty({ enum: EFFORT_TYPES }) @IsIn(EFFORT_TYPES) type: EffortType;
  @ApiProperty({ maxLength: LIMITS.name }) @IsName() @NoPersonalData() title: string;
  @ApiPropertyOptional({ maxLength: LIMITS.text, description: 'what is to be done; no personal data' }) @IsOptional() @IsText() @NoPersonalData() description?: string;
  @ApiProperty({ enum: EFFORT_MODES, description: '"separate": exactly one organisation; "joint": two or more' }) @IsIn(EFFORT_MODES) mode: EffortMode;
  @ApiProperty({ type: [String], format: 'uuid', description: 'the organisations taking part' })
  @apply([...uuids(LIMITS.effortOrganisationsMax), ArrayMinSize(1)]) organisationIds: string[];
  @ApiPropertyOptional({ format: 'uuid', description: 'one of organisationIds; by default yours if it takes part, else the first' })
  @IsOptional() @IsUUID() ownerOrganisationId?: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'reports the effort takes up (only ones you may see)' })
  @IsOptional() @apply(uuids(LIMITS.linkMax)) reportIds?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @IsOptional() @apply(uuids(LIMITS.linkMax)) placeIds?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @IsOptional() @apply(uuids(LIMITS.linkMax)) areaIds?: string[];
  @ApiProperty({ format: 'date-time' }) @IsIsoDateTime() plannedStart: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'not before plannedStart' }) @IsOptional() @IsIsoDateTime() plannedEnd?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'when the owner is to follow it up' }) @IsOptional() @IsIsoDateTime() followUpAt?: string;
  @ApiPropertyOptional({ enum: EFFORT_STATUSES, default: 'planned' }) @IsOptional() @IsIn(EFFORT_STATUSES) status?: EffortStatus;
  @ApiPropertyOptional({ enum: VISIBILITIES, description: 'default "partners"; "own" for a drug operation or dog search, which stay so until done' })
  @IsOptional() @IsIn(VISIBILITIES) visibility?: Visibility;
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'with visibility "organisations": who else may see it' })
  @IsOptional() @apply(uuids(LIMITS.sharedWithMax)) sharedWithOrganisationIds?: string[];
}

export class UpdateEffortDto {
  @ApiProperty({ description: 'the version you last read; a stale one is a 409' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ enum: EFFORT_TYPES }) @IsOptional() @IsIn(EFFORT_TYPES) type?: EffortType;
  @ApiPropertyOptional({ maxLength: LIMITS.name }) @IsOptional() @IsName() @NoPersonalData() title?: string;
  @ApiPropertyOptional({ maxLength: LIMITS.text }) @IsOptional() @IsText() @NoPersonalData() description?: string;
  @ApiPropertyOptional({ enum: EFFORT_MODES }) @IsOptional() @IsIn(EFFORT_MODES) mode?: EffortMode;
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @IsOptional() @apply([...uuids(LIMITS.effortOrganisationsMax), ArrayMinSize(1)]) organisationIds?: string[];
  @ApiPropertyOptional({ enum: EFFORT_STATUSES }) @IsOptional() @IsIn(EFFORT_STATUSES) status?: EffortStatus;
  @ApiPropertyOptional({ maxLength: LIMITS.text, description: 'what came of it; no personal data' }) @IsOptional() @IsText() @NoPersonalData() outcome?: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @IsOptional() @apply(uuids(LIMITS.linkMax)) placeIds?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @IsOptional() @apply(uuids(LIMITS.linkMax)) areaIds?: string[];
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsIsoDateTime() plannedStart?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsIsoDateTime() plannedEnd?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsIsoDateTime() actualStart?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsIsoDateTime() actualEnd?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsIsoDateTime() followUpAt?: string;
  @ApiPropertyOptional({ enum: VISIBILITIES }) @IsOptional() @IsIn(VISIBILITIES) visibility?: Visibility;
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @IsOptional() @apply(uuids(LIMITS.sharedWithMax)) sharedWithOrganisationIds?: string[];
}

export class LinkReportsDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'reports you may see; new and acknowledged ones move to in_progress' })
  @apply([...uuids(LIMITS.linkMax), ArrayMinSize(1)]) reportIds: string[];
}

export class CreateActionDto {
  @ApiProperty({ format: 'uuid', description: 'an organisation taking part (yours unless you are a coordinator)' }) @IsUUID() organisationId: string;
  @ApiProperty({ maxLength: LIMITS.name, example: 'besök', description: 'what was done, e.g. "besök", "hundsök", "kontroller"' }) @IsName() @NoPersonalData() kind: string;
  @ApiPropertyOptional({ minimum: 0, maximum: LIMITS.actionCountMax, example: 12 }) @IsOptional() @IsInt() @Min(0) @Max(LIMITS.actionCountMax) count?: number;
  @ApiProperty({ format: 'date-time', description: 'when; not in the future' }) @IsIsoDateTime() at: string;
  @ApiPropertyOptional({ maxLength: LIMITS.text }) @IsOptional() @IsText() @NoPersonalData() note?: string;
}

const csv = Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value));
const bool = Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

export class EffortListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'one status or several, comma-separated', example: 'planned,ongoing' })
  @IsOptional() @csv @IsArray() @IsIn(EFFORT_STATUSES, { each: true }) status?: EffortStatus[];
  @ApiPropertyOptional({ description: 'one type or several, comma-separated' })
  @IsOptional() @csv @IsArray() @IsIn(EFFORT_TYPES, { each: true }) type?: EffortType[];
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() areaId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'efforts this organisation takes part in' }) @IsOptional() @IsUUID() organisationId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'efforts linked to this report' }) @IsOptional() @IsUUID() reportId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'under way at or after (its end, or its start when it has none)' }) @IsOptional() @IsIsoDateTime() from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'starting before' }) @IsOptional() @IsIsoDateTime() to?: string;
  @ApiPropertyOptional({ description: 'true: past their follow-up date and still planned or ongoing' }) @IsOptional() @bool @IsBoolean() overdue?: boolean;
}
