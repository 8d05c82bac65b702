import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LatLngDoc, OrganisationRefDoc, RefDoc } from '../common/api-refs.js';
import {
  EFFORT_STATUSES, EFFORT_TYPES, REPORT_STATUSES, VISIBILITIES,
  type AcknowledgeResponse, type AnswerTemplateResponse, type CommentResponse, type DuplicateCandidate, type EffortRef, type TriageSettingsResponse, type HistoryEntryResponse, type ReportResponse,
} from '#contracts';

/** OpenAPI shapes of the reports context; `implements` keeps them equal to the contract types. */
export class ReportResponseDoc implements ReportResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'feed seq of the latest change of this report' }) seq: number;
  @ApiProperty({ example: 'vandalism', description: 'a category code of the collaboration (GET /api/categories)' }) category: ReportResponse['category'];
  @ApiProperty() description: string;
  @ApiProperty({ format: 'date-time' }) observedAt: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) severity: number;
  @ApiProperty({ enum: REPORT_STATUSES }) status: ReportResponse['status'];
  @ApiProperty({ enum: VISIBILITIES }) visibility: ReportResponse['visibility'];
  @ApiProperty({ type: [String], format: 'uuid' }) sharedWithOrganisationIds: string[];
  @ApiPropertyOptional({ type: RefDoc, nullable: true }) place: RefDoc | null;
  @ApiProperty({ type: LatLngDoc }) location: LatLngDoc;
  @ApiPropertyOptional({ type: RefDoc, nullable: true }) area: RefDoc | null;
  @ApiProperty({ type: OrganisationRefDoc }) organisation: OrganisationRefDoc;
  @ApiProperty({ type: RefDoc, nullable: true, description: 'shown to the reporting organisation only' }) author: RefDoc | null;
  @ApiProperty({ type: OrganisationRefDoc, nullable: true, description: 'the organisation a coordinator gave it to' }) assignedTo: OrganisationRefDoc | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'merged as a duplicate into this report; it has left the lists' }) mergedInto: string | null;
  @ApiProperty({ type: () => AnswerDoc, nullable: true, description: "a coordinator's answer to the reporter" }) answer: AnswerDoc | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
  @ApiPropertyOptional({ type: () => [EffortRefDoc], description: 'GET /api/reports/:id only: the efforts that took it up, those you may see' })
  efforts?: EffortRefDoc[];
}

export class AnswerDoc {
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: OrganisationRefDoc }) organisation: OrganisationRefDoc;
}

export class AnswerTemplateDoc implements AnswerTemplateResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class TriageSettingsDoc implements TriageSettingsResponse {
  @ApiProperty({ minimum: 1, maximum: 10000, description: 'metres' }) duplicateDistanceM: number;
  @ApiProperty({ minimum: 1, maximum: 2160, description: 'hours' }) duplicateWindowHours: number;
}

export class DuplicateCandidateDoc implements DuplicateCandidate {
  @ApiProperty({ type: () => ReportResponseDoc }) report: ReportResponseDoc;
  @ApiProperty() distanceM: number;
  @ApiProperty() hoursApart: number;
  @ApiProperty({ description: 'the report asked about may be merged into this one (POST /api/reports/:id/merge { intoReportId: this })' }) mergeInto: boolean;
  @ApiProperty({ description: 'this one may be merged into the report asked about' }) mergeFrom: boolean;
}

export class AcknowledgeResponseDoc implements AcknowledgeResponse {
  @ApiProperty({ type: [String], format: 'uuid', description: 'new before, acknowledged now' }) acknowledged: string[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'left as they were (not new)' }) unchanged: string[];
  @ApiProperty({ type: () => [ReportResponseDoc], description: 'every report asked about as it is now (the acknowledged ones at their new version)' })
  reports: ReportResponseDoc[];
}

export class EffortRefDoc implements EffortRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: EFFORT_TYPES }) type: EffortRef['type'];
  @ApiProperty({ enum: EFFORT_STATUSES }) status: EffortRef['status'];
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
}

export class CommentResponseDoc implements CommentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) reportId: string;
  @ApiProperty() seq: number;
  @ApiProperty() body: string;
  @ApiProperty({ type: OrganisationRefDoc }) organisation: OrganisationRefDoc;
  @ApiProperty({ type: RefDoc, nullable: true }) author: RefDoc | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ChangeDoc {
  @ApiProperty() field: string;
  @ApiProperty({ nullable: true, description: 'old value (any JSON)' }) from: unknown;
  @ApiProperty({ nullable: true, description: 'new value (any JSON)' }) to: unknown;
}

export class HistoryEntryDoc implements HistoryEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['created', 'updated', 'commented', 'linked', 'unlinked', 'action'] }) action: HistoryEntryResponse['action'];
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: RefDoc, nullable: true, description: 'shown to the acting organisation only' }) actor: RefDoc | null;
  @ApiProperty({ type: OrganisationRefDoc }) organisation: OrganisationRefDoc;
  @ApiProperty({ type: [ChangeDoc] }) changes: ChangeDoc[];
}

