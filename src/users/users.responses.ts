import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type LoginResponse, type MeResponse, type UserResponse } from '#contracts';
import { OrganisationRefDoc } from '../common/api-refs.js';

export class CollaborationRefDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() municipality: string;
}

export class MeResponseDoc implements MeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: MeResponse['role'];
  @ApiProperty() platformAdmin: boolean;
  @ApiProperty({ type: CollaborationRefDoc }) collaboration: CollaborationRefDoc;
  @ApiProperty({ type: OrganisationRefDoc }) organisation: OrganisationRefDoc;
}

export class LoginResponseDoc implements LoginResponse {
  @ApiProperty({ description: 'send as Authorization: Bearer <accessToken>' }) accessToken: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: MeResponseDoc }) user: MeResponseDoc;
}

export class UserResponseDoc implements UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: UserResponse['role'];
  @ApiProperty() disabled: boolean;
  @ApiProperty({ type: OrganisationRefDoc }) organisation: OrganisationRefDoc;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
