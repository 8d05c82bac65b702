import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { CATEGORY_CODE_PATTERN, SEVERITY_MAX, SEVERITY_MIN, type Category } from '#contracts';

export class CreateSubscriptionDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'areas to follow (with placeIds: either matches)' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true }) areaIds?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'places to follow' })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsUUID('all', { each: true }) placeIds?: string[];
  @ApiPropertyOptional({ type: [String], example: ['vandalism'], description: 'active categories of your collaboration; empty or omitted: every category' })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsString({ each: true })
  @Matches(CATEGORY_CODE_PATTERN, { each: true, message: 'each value in categories must be a category code such as vandalism' }) categories?: Category[];
  @ApiPropertyOptional({ minimum: SEVERITY_MIN, maximum: SEVERITY_MAX, default: 1 })
  @IsOptional() @IsInt() @Min(SEVERITY_MIN) @Max(SEVERITY_MAX) minSeverity?: number;
}
