import { ApiProperty } from '@nestjs/swagger';
import { EFFORT_MODES, EFFORT_STATUSES, EFFORT_TYPES, type EffortActionResponse, type EffortResponse, VISIBILITIES } from '#contracts';
import { OrganisationRefDoc, RefDoc } from '../common/api-refs.js';

/** OpenAPI shapes of the efforts context; `implements` keeps them equal to the contract types. */
export class EffortResponseDoc implements EffortResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'feed seq of the latest change of this effort' }) seq: number;
  @ApiProperty({ enum: EFFORT_TYPES }) type: EffortResponse['type'];
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: EFFORT_MODES }) mode: EffortResponse['mode'];
  @ApiProperty({ type: OrganisationRefDoc, description: 'the owning organisation' }) organisation: OrganisationRefDoc;
  @ApiProperty({ type: [OrganisationRefDoc], description: 'every organisation taking part, the owner first' }) organisations: OrganisationRefDoc[];
  @ApiProperty({ enum: EFFORT_STATUSES }) status: EffortResponse['status'];
  @ApiProperty({ enum: VISIBILITIES }) visibility: EffortResponse['visibility'];
  @ApiProperty({ type: [String], format: 'uuid', description: 'organisations besides those taking part that may see it' }) sharedWithOrganisationIds: string[];
  @ApiProperty({ type: [RefDoc] }) areas: RefDoc[];
  @ApiProperty({ type: [RefDoc] }) places: RefDoc[];
  @ApiProperty({ format: 'date-time' }) plannedStart: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) plannedEnd: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) actualStart: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) actualEnd: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) followUpAt: string | null;
  @ApiProperty({ description: 'past its follow-up date and still planned or ongoing' }) overdue: boolean;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
  @ApiProperty({ description: 'how many reports it is linked to' }) linkedReports: number;
  @ApiProperty({ type: RefDoc, nullable: true, description: 'shown to the owning organisation only' }) author: RefDoc | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class EffortActionDoc implements EffortActionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) effortId: string;
  @ApiProperty({ type: OrganisationRefDoc }) organisation: OrganisationRefDoc;
  @ApiProperty({ example: 'besök' }) kind: string;
  @ApiProperty({ nullable: true, type: Number, example: 12 }) count: number | null;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: RefDoc, nullable: true, description: 'shown to the acting organisation only' }) author: RefDoc | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
