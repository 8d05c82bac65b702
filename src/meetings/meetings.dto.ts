import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { LIMITS, MEETING_ITEM_KINDS, MEETING_KINDS, type MeetingItemKind, type MeetingKind } from '#contracts';
import { IsIsoDateTime, IsName, IsText } from '../common/dto-helpers.js';
import { PageQuery } from '../common/pagination.js';
import { NoPersonalData } from '../common/validation.js';

export class CreateMeetingDto {
  @ApiProperty({ enum: MEETING_KINDS, description: '"joint": a samverkansmöte; "rural_council": the landsbygdsråd' }) @IsIn(MEETING_KINDS) kind: MeetingKind;
  @ApiProperty({ format: 'date-time', description: 'when it starts; its ISO week (Europe/Stockholm) is the week its agenda is about' })
  @IsIsoDateTime() date: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'the organisations present (of your collaboration)' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(LIMITS.meetingOrganisationsMax) @IsUUID('all', { each: true }) organisationIds: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'narrow the agenda to these areas (a rural council: the countryside)' })
  @IsOptional() @IsArray() @ArrayMaxSize(LIMITS.meetingAreasMax) @IsUUID('all', { each: true }) areaIds?: string[];
  @ApiPropertyOptional({ maxLength: LIMITS.name, example: 'Samverkansmöte centrum' }) @IsOptional() @IsName() @NoPersonalData() title?: string;
}

export class CreateMeetingItemDto {
  @ApiProperty({ enum: MEETING_ITEM_KINDS, description: 'what the agenda item discussed is about' }) @IsIn(MEETING_ITEM_KINDS) kind: MeetingItemKind;
  @ApiPropertyOptional({ format: 'uuid', description: 'hotspot: a place or area; report, effort: one you may see; none for "other"' })
  @IsOptional() @IsUUID() refId?: string;
  @ApiProperty({ maxLength: LIMITS.name, example: 'Stenportsgatan: skadegörelse' }) @IsName() @NoPersonalData() title: string;
  @ApiPropertyOptional({ maxLength: LIMITS.text, description: 'what was said; no personal data' }) @IsOptional() @IsText() @NoPersonalData() note?: string;
}

export class CreateDecisionDto {
  @ApiProperty({ maxLength: LIMITS.text, example: 'Kommunen ser över belysningen vid torget.', description: 'what was decided; no personal data' })
  @IsText() @NoPersonalData() text: string;
  @ApiProperty({ format: 'uuid', description: 'the organisation that answers for it (of your collaboration)' }) @IsUUID() ownerOrganisationId: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'by when' }) @IsOptional() @IsIsoDateTime() dueAt?: string;
}

export class MeetingListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MEETING_KINDS }) @IsOptional() @IsIn(MEETING_KINDS) kind?: MeetingKind;
  @ApiPropertyOptional({ format: 'date-time', description: 'starting at or after' }) @IsOptional() @IsIsoDateTime() from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'starting before' }) @IsOptional() @IsIsoDateTime() to?: string;
}

export const MINUTES_FORMATS = ['pdf'] as const;

export class MinutesQuery {
  @ApiPropertyOptional({ enum: MINUTES_FORMATS, default: 'pdf' }) @IsOptional() @IsIn(MINUTES_FORMATS) format?: (typeof MINUTES_FORMATS)[number];
}
