import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { LIMITS, PICTURE_FORMATS, type PictureFormat } from '#contracts';
import { IsText } from '../common/dto-helpers.js';
import { NoPersonalData } from '../common/validation.js';

/** What every picture is narrowed by, and the format it is answered in. The period strings are parsed by the service. */
export class PictureFilterDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'narrow to one area of your collaboration' }) @IsOptional() @IsUUID() areaId?: string;
  @ApiPropertyOptional({ example: 'vandalism,drug_dealing', description: 'category codes, comma-separated (default: all)' })
  @IsOptional() @IsString() @MaxLength(1000) categories?: string;
  @ApiPropertyOptional({ enum: PICTURE_FORMATS, default: 'json', description: 'json, or a file: pdf, xlsx, csv (UTF-8 with BOM, ";"), geojson (RFC 7946)' })
  @IsOptional() @IsIn(PICTURE_FORMATS) format?: PictureFormat;
}

export class WeeklyPictureQuery extends PictureFilterDto {
  @ApiProperty({ example: '2026-W47', description: 'ISO week, Europe/Stockholm' }) @IsString() @MaxLength(20) week: string;
}

export class PeriodQueryDto extends PictureFilterDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'first day of a range (with to; at most five years)' }) @IsOptional() @IsString() @MaxLength(20) from?: string;
  @ApiPropertyOptional({ example: '2026-03-31', description: 'last day of a range (inclusive)' }) @IsOptional() @IsString() @MaxLength(20) to?: string;
  @ApiPropertyOptional({ example: '2026-11' }) @IsOptional() @IsString() @MaxLength(20) month?: string;
  @ApiPropertyOptional({ example: '2026-T2', description: 'T1 January-April, T2 May-August, T3 September-December' }) @IsOptional() @IsString() @MaxLength(20) tertial?: string;
  @ApiPropertyOptional({ example: '2026' }) @IsOptional() @IsString() @MaxLength(20) year?: string;
}

export class SnapshotFileQuery {
  @ApiPropertyOptional({ enum: PICTURE_FORMATS, default: 'json' }) @IsOptional() @IsIn(PICTURE_FORMATS) format?: PictureFormat;
}

export class CreateExclusionDto {
  @ApiProperty({ format: 'uuid', description: 'a report of the week that you may see' }) @IsUUID() reportId: string;
  @ApiProperty({ maxLength: LIMITS.text, example: 'Dubblett av rapporten vid torget', description: 'why it is left out; no personal data' })
  @IsText() @NoPersonalData() reason: string;
}
