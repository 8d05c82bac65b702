import { ApiProperty } from '@nestjs/swagger';
import type { SubscriptionResponse } from '#contracts';

export class SubscriptionResponseDoc implements SubscriptionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: [String], format: 'uuid' }) areaIds: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) placeIds: string[];
  @ApiProperty({ type: [String], example: ['vandalism'], description: 'category codes' }) categories: SubscriptionResponse['categories'];
  @ApiProperty({ minimum: 1, maximum: 5 }) minSeverity: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
