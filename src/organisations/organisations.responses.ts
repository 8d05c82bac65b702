import { ApiProperty } from '@nestjs/swagger';
import type { CollaborationResponse, OrganisationResponse } from '#contracts';
import { OrganisationRefDoc } from '../common/api-refs.js';

export class OrganisationResponseDoc extends OrganisationRefDoc implements OrganisationResponse {
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CollaborationResponseDoc implements CollaborationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() municipality: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
