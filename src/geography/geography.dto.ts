import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsObject, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsName, LatLngDto } from '../common/dto-helpers.js';
import { PageQuery } from '../common/pagination.js';
import { NoPersonalData } from '../common/validation.js';


export class CreateAreaDto {
  @ApiProperty({ example: 'Centrum' }) @IsName() @NoPersonalData() name: string;
  @ApiPropertyOptional({
    description: 'GeoJSON Polygon or MultiPolygon, WGS84 [lng, lat], closed rings, at most 5,000 positions',
    example: { type: 'Polygon', coordinates: [[[13.15, 58.50], [13.17, 58.50], [13.17, 58.51], [13.15, 58.51], [13.15, 58.50]]] },
  })
  @IsOptional() @IsObject() boundary?: Record<string, unknown>;
}

export class CreatePlaceDto {
  @ApiProperty({ example: 'Nya Stadens torg' }) @IsName() @NoPersonalData() name: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'omitted: the area whose boundary contains the location' }) @IsOptional() @IsUUID() areaId?: string;
  @ApiProperty({ type: LatLngDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => LatLngDto) location: LatLngDto;
  @ApiPropertyOptional({ example: 'square', maxLength: 50 }) @IsOptional() @IsString() @MaxLength(50) @NoPersonalData() kind?: string;
}

export class PlaceListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() areaId?: string;
}

// ---- Edits from the admin screens (PATCH /api/areas/:id, /api/places/:id) ----

export class UpdateAreaDto {
  @ApiProperty({ description: 'the version you last read; a stale one is a 409' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ example: 'Centrum' }) @IsOptional() @IsName() @NoPersonalData() name?: string;
  @ApiPropertyOptional({
    type: Object, nullable: true,
    description: 'GeoJSON Polygon or MultiPolygon as for POST /api/areas (no edge may cross another); null: no boundary. Reports keep the area they were given.',
  })
  @IsOptional() @IsObject() boundary?: Record<string, unknown> | null;
}

export class UpdatePlaceDto {
  @ApiProperty({ description: 'the version you last read; a stale one is a 409' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ example: 'Nya Stadens torg' }) @IsOptional() @IsName() @NoPersonalData() name?: string;
  @ApiPropertyOptional({ example: 'square', maxLength: 50, nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(50) @NoPersonalData() kind?: string | null;
}
