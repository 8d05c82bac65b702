import { ApiProperty } from '@nestjs/swagger';
import { IsName } from '../common/dto-helpers.js';
import { NoPersonalData } from '../common/validation.js';

export class CreateCollaborationDto {
  @ApiProperty({ example: 'Trygg i Lidköping', maxLength: 200 }) @IsName() @NoPersonalData() name: string;
  @ApiProperty({ example: 'Lidköping', maxLength: 200 }) @IsName() @NoPersonalData() municipality: string;
}
