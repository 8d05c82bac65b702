import { ApiProperty } from '@nestjs/swagger';
import type { CategoryResponse } from '#contracts';

export class CategoryLabelsDoc {
  @ApiProperty() sv: string;
  @ApiProperty() en: string;
}

export class CategoryDoc implements CategoryResponse {
  @ApiProperty({ example: 'drug_dealing', description: 'a default code or one of the collaboration\'s own' }) code: string;
  @ApiProperty({ example: 'Narkotikaförsäljning' }) sv: string;
  @ApiProperty({ example: 'Drug dealing' }) en: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: "the collaboration's own category (not a default)" }) custom: boolean;
  @ApiProperty({ type: CategoryLabelsDoc, nullable: true }) defaultLabels: CategoryLabelsDoc | null;
  @ApiProperty() version: number;
}
