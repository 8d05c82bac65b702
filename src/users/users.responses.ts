import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type LoginResponse, type MeResponse, type SessionResponse, type UserResponse } from '#contracts';
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
  @ApiProperty({ required: false, description: 'whether the account has a password here (one made by an OpenID Connect sign-in has none)' }) hasPassword?: boolean;
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

export class SessionResponseDoc implements SessionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time', description: 'when it began (the login)' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when a request last used it (noted at most every five minutes)' })
  lastSeenAt: string | null;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'the address it began from' }) ip: string | null;
  @ApiProperty({ description: 'the session of the token this list was asked with' }) current: boolean;
}
