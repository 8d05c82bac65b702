import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CATEGORY_CODES, SEVERITY_MAX, SEVERITY_MIN, type Category } from '#contracts';

export class CreateSubscriptionDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'areas to follow (with placeIds: either matches)' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true }) areaIds?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'places to follow' })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsUUID('all', { each: true }) placeIds?: string[];
  @ApiPropertyOptional({ enum: CATEGORY_CODES, isArray: true, description: 'empty or omitted: every category' })
  @IsOptional() @IsArray() @ArrayMaxSize(CATEGORY_CODES.length) @IsIn(CATEGORY_CODES, { each: true }) categories?: Category[];
  @ApiPropertyOptional({ minimum: SEVERITY_MIN, maximum: SEVERITY_MAX, default: 1 })
  @IsOptional() @IsInt() @Min(SEVERITY_MIN) @Max(SEVERITY_MAX) minSeverity?: number;
}
