import { ApiProperty } from '@nestjs/swagger';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { LIMITS } from '#contracts';
import { IsUnguessablePassword } from '../common/password.js';

export class LoginDto {
  // Not @IsEmail: a malformed address must get the same 401 as a wrong one, not reveal validation rules.
  @ApiProperty({ example: 'samordnare@lidkoping.se' }) @IsString() @MinLength(1) @MaxLength(200) email: string;
  @ApiProperty({ example: 'correct horse battery staple' }) @IsString() @MinLength(1) @MaxLength(200) password: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'only when the address and password open accounts in several collaborations (409 CHOOSE_COLLABORATION)' })
  @IsOptional() @IsUUID() collaborationId?: string;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'the password you log in with now' }) @IsString() @MinLength(1) @MaxLength(200) currentPassword: string;
  @ApiProperty({ minLength: LIMITS.passwordMin, maxLength: 200, description: 'at least 12 characters and not easily guessed' })
  @IsString() @MinLength(LIMITS.passwordMin) @MaxLength(200) @IsUnguessablePassword() newPassword: string;
}
