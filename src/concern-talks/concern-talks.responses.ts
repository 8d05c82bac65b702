import { ApiProperty } from '@nestjs/swagger';
import { type ConcernTalkCounts, type ConcernTalkResponse, type ConcernTalkSummaryResponse } from '#contracts';
import { OrganisationRefDoc, RefDoc } from '../common/api-refs.js';

/** OpenAPI shapes of the concern talks context; `implements` keeps them equal to the contract types. */
export class ConcernTalkCountsDoc implements ConcernTalkCounts {
  @ApiProperty({ minimum: 0, description: 'talks held' }) talks: number;
  @ApiProperty({ minimum: 0, description: 'youths talked with' }) youths: number;
  @ApiProperty({ minimum: 0, description: 'talks with a guardian present' }) guardiansPresent: number;
  @ApiProperty({ minimum: 0, description: 'talks with social services present' }) socialServicesPresent: number;
}

export class ConcernTalkResponseDoc extends ConcernTalkCountsDoc implements ConcernTalkResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2026-11', description: 'YYYY-MM' }) month: string;
  @ApiProperty({ type: RefDoc, nullable: true }) area: RefDoc | null;
  @ApiProperty({ type: OrganisationRefDoc, description: 'the organisation that entered it (police or social services)' }) organisation: OrganisationRefDoc;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class ConcernTalkTotalsDoc extends ConcernTalkCountsDoc {
  @ApiProperty({ minimum: 0, description: 'records summed' }) records: number;
}

export class ConcernTalkMonthTotalsDoc extends ConcernTalkTotalsDoc {
  @ApiProperty({ example: '2026-11' }) month: string;
}

export class ConcernTalkAreaTotalsDoc extends ConcernTalkTotalsDoc {
  @ApiProperty({ type: RefDoc, nullable: true, description: 'null: the records without an area' }) area: RefDoc | null;
}

export class ConcernTalkSummaryDoc implements ConcernTalkSummaryResponse {
  @ApiProperty({ example: '2026-01' }) from: string;
  @ApiProperty({ example: '2026-11' }) to: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) areaId: string | null;
  @ApiProperty({ type: ConcernTalkTotalsDoc }) total: ConcernTalkTotalsDoc;
  @ApiProperty({ type: [ConcernTalkMonthTotalsDoc], description: 'months with records, oldest first' }) byMonth: ConcernTalkMonthTotalsDoc[];
  @ApiProperty({ type: [ConcernTalkAreaTotalsDoc], description: 'areas with records, by name; the records without an area last' }) byArea: ConcernTalkAreaTotalsDoc[];
}
