import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  // Not @IsEmail: a malformed address must get the same 401 as a wrong one, not reveal validation rules.
  @ApiProperty({ example: 'samordnare@lidkoping.se' }) @IsString() @MinLength(1) @MaxLength(200) email: string;
  @ApiProperty({ example: 'correct horse battery staple' }) @IsString() @MinLength(1) @MaxLength(200) password: string;
}
