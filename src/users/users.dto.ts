import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { LIMITS, ROLES, type Role } from '#contracts';
import { IsUnguessablePassword } from '../common/password.js';
import { IsName } from '../common/dto-helpers.js';
import { PageQuery } from '../common/pagination.js';
import { NoPersonalData } from '../common/validation.js';

const lower = Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

export class CreateUserDto {
  @ApiProperty({ example: 'anna.berg@lidkoping.se' }) @lower @IsEmail() @MaxLength(200) email: string;
  @ApiProperty({ example: 'Anna Berg' }) @IsName() @NoPersonalData() name: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() organisationId: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiProperty({ minLength: LIMITS.passwordMin, maxLength: 200 })
  @IsString() @MinLength(LIMITS.passwordMin) @MaxLength(200) @IsUnguessablePassword() password: string;
}

export class UpdateUserDto {
  @ApiProperty({ description: 'the version you last read' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional() @IsOptional() @IsName() @NoPersonalData() name?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ description: 'a disabled user cannot log in and their tokens stop working at once' })
  @IsOptional() @IsBoolean() disabled?: boolean;
  @ApiPropertyOptional({ minLength: LIMITS.passwordMin }) @IsOptional() @IsString() @MinLength(LIMITS.passwordMin) @MaxLength(200) @IsUnguessablePassword() password?: string;
}

export class UserListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organisationId?: string;
}
