import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ORGANISATION_KINDS, type OrganisationKind } from '#contracts';
import { IsName } from '../common/dto-helpers.js';
import { NoPersonalData } from '../common/validation.js';

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Polisen Lidköping', maxLength: 200 }) @IsName() @NoPersonalData() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) @IsIn(ORGANISATION_KINDS) kind: OrganisationKind;
  @ApiPropertyOptional({ format: 'uuid', description: 'platform admins only: the collaboration to add the organisation to (default: your own)' })
  @IsOptional() @IsUUID() collaborationId?: string;
}
