import { ApiProperty } from '@nestjs/swagger';
import { IsName } from '../common/dto-helpers.js';

export class CreateCollaborationDto {
  @ApiProperty({ example: 'Trygg i Lidköping', maxLength: 200 }) @IsName() name: string;
  @ApiProperty({ example: 'Lidköping', maxLength: 200 }) @IsName() municipality: string;
}
