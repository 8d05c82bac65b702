import { ApiProperty } from '@nestjs/swagger';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  // Not @IsEmail: a malformed address must get the same 401 as a wrong one, not reveal validation rules.
  @ApiProperty({ example: 'samordnare@lidkoping.se' }) @IsString() @MinLength(1) @MaxLength(200) email: string;
  @ApiProperty({ example: 'correct horse battery staple' }) @IsString() @MinLength(1) @MaxLength(200) password: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'only when the address and password open accounts in several collaborations (409 CHOOSE_COLLABORATION)' })
  @IsOptional() @IsUUID() collaborationId?: string;
}
