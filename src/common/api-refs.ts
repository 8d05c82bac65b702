import { ApiProperty } from '@nestjs/swagger';
import { ORGANISATION_KINDS, type OrganisationKind } from '#contracts';

/** OpenAPI shapes that several contexts' answers share (references to other records). */
export class RefDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}
export class OrganisationRefDoc extends RefDoc {
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
}
export class LatLngDoc {
  @ApiProperty() lat: number;
  @ApiProperty() lng: number;
}

