import { ApiProperty } from '@nestjs/swagger';
import type { AreaResponse, GeoJsonPolygon, PlaceResponse } from '#contracts';
import { LatLngDoc, RefDoc } from '../common/api-refs.js';

export class AreaResponseDoc implements AreaResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: Object, nullable: true, description: 'GeoJSON Polygon or MultiPolygon (WGS84)' }) boundary: GeoJsonPolygon | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() version: number;
}

export class PlaceResponseDoc implements PlaceResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) kind: string | null;
  @ApiProperty({ type: LatLngDoc }) location: LatLngDoc;
  @ApiProperty({ type: RefDoc, nullable: true }) area: RefDoc | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() version: number;
}
