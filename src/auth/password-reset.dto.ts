import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { LIMITS } from '#contracts';
import { IsUnguessablePassword } from '../common/password.js';

export class PasswordResetRequestDto {
  // Not @IsEmail: any text is answered 202 like an address without an account; nothing tells which addresses exist.
  @ApiProperty({ example: 'anna.berg@lidkoping.se' }) @IsString() @MinLength(1) @MaxLength(200) email: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'the token of the link in the e-mail' }) @IsString() @MinLength(1) @MaxLength(200) token: string;
  // The same rules as every new password (POST /api/users).
  @ApiProperty({ minLength: LIMITS.passwordMin, maxLength: 200 })
  @IsString() @MinLength(LIMITS.passwordMin) @MaxLength(200) @IsUnguessablePassword() newPassword: string;
}
