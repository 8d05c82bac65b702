import { ApiProperty } from '@nestjs/swagger';
import {
  type AgendaPicture, type AgendaEffort, type AgendaHotspot, type AgendaReport, CATEGORY_CODES, EFFORT_STATUSES, EFFORT_TYPES, HOTSPOT_CLASSES, MEETING_ITEM_KINDS,
  MEETING_KINDS, type MeetingAgendaResponse, type MeetingDecisionResponse, type MeetingItemResponse, type MeetingResponse, REPORT_STATUSES,
} from '#contracts';
import { OrganisationRefDoc, RefDoc } from '../common/api-refs.js';
import { EffortRefDoc } from '../reports/reports.responses.js';

/** OpenAPI shapes of the meetings context; `implements` keeps them equal to the contract types. */
export class MeetingItemDoc implements MeetingItemResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MEETING_ITEM_KINDS }) kind: MeetingItemResponse['kind'];
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the place or area, report or effort; null for "other" or one you may not see' })
  refId: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() position: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class MeetingDecisionDoc implements MeetingDecisionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: OrganisationRefDoc }) ownerOrganisation: OrganisationRefDoc;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dueAt: string | null;
  @ApiProperty({ description: 'whether it became an effort' }) converted: boolean;
  @ApiProperty({ type: EffortRefDoc, nullable: true, description: 'the effort it became, if you may see it' }) effort: EffortRefDoc | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class MeetingResponseDoc implements MeetingResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MEETING_KINDS }) kind: MeetingResponse['kind'];
  @ApiProperty({ format: 'date-time', description: 'when it starts' }) date: string;
  @ApiProperty({ example: '2026-W49', description: 'its ISO week (Europe/Stockholm)' }) week: string;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ type: [OrganisationRefDoc], description: 'the organisations present' }) organisations: OrganisationRefDoc[];
  @ApiProperty({ type: [RefDoc], description: 'the areas its agenda is narrowed to (none: all)' }) areas: RefDoc[];
  @ApiProperty({ type: [MeetingItemDoc] }) items: MeetingItemDoc[];
  @ApiProperty({ type: [MeetingDecisionDoc] }) decisions: MeetingDecisionDoc[];
  @ApiProperty({ type: RefDoc, nullable: true, description: 'shown to their own organisation only' }) createdBy: RefDoc | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() version: number;
}

export class AgendaReportDoc implements AgendaReport {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CATEGORY_CODES }) category: AgendaReport['category'];
  @ApiProperty({ minimum: 1, maximum: 5 }) severity: number;
  @ApiProperty({ enum: REPORT_STATUSES }) status: AgendaReport['status'];
  @ApiProperty({ format: 'date-time' }) observedAt: string;
  @ApiProperty({ type: RefDoc, nullable: true }) place: RefDoc | null;
  @ApiProperty({ type: RefDoc, nullable: true }) area: RefDoc | null;
}

export class AgendaHotspotDoc implements AgendaHotspot {
  @ApiProperty({ type: RefDoc, nullable: true }) place: RefDoc | null;
  @ApiProperty({ type: RefDoc, nullable: true }) area: RefDoc | null;
  @ApiProperty({ description: 'reports in the four weeks before the meeting' }) count: number;
  @ApiProperty({ description: 'reports in the four weeks before those' }) previousCount: number;
  @ApiProperty({ enum: HOTSPOT_CLASSES }) class: AgendaHotspot['class'];
  @ApiProperty({ enum: CATEGORY_CODES, isArray: true }) categories: AgendaHotspot['categories'];
}

export class AgendaEffortDoc implements AgendaEffort {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: EFFORT_TYPES }) type: AgendaEffort['type'];
  @ApiProperty({ enum: EFFORT_STATUSES }) status: AgendaEffort['status'];
  @ApiProperty({ type: OrganisationRefDoc, description: 'the owning organisation' }) organisation: OrganisationRefDoc;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) followUpAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) plannedEnd: string | null;
}

class AgendaPeriodDoc {
  @ApiProperty({ example: '2026-W49' }) week: string;
  @ApiProperty({ format: 'date-time' }) weekStart: string;
  @ApiProperty({ format: 'date-time' }) weekEnd: string;
  @ApiProperty({ format: 'date-time', description: 'four weeks before the meeting' }) hotspotsFrom: string;
  @ApiProperty({ format: 'date-time', description: 'the meeting' }) hotspotsTo: string;
}

class AgendaOpenReportsDoc {
  @ApiProperty() total: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { 1: 0, 2: 4, 3: 2, 4: 1, 5: 0 } }) bySeverity: Record<string, number>;
  @ApiProperty({ type: [AgendaReportDoc] }) top: AgendaReportDoc[];
}

class AgendaEffortsDoc {
  @ApiProperty({ type: [AgendaEffortDoc], description: "follow-up or planned end in the meeting's week" }) due: AgendaEffortDoc[];
  @ApiProperty({ type: [AgendaEffortDoc], description: 'follow-up before the meeting, still planned or ongoing' }) overdue: AgendaEffortDoc[];
}

class AgendaPictureDoc implements AgendaPicture {
  @ApiProperty({ example: '2026-W48', description: 'the last week ended before the meeting' }) week: string;
  @ApiProperty({ type: Object, nullable: true, description: '{ id, frozenAt } when that week is frozen (then the joint view)' }) snapshot: AgendaPicture['snapshot'];
  @ApiProperty({ description: 'the joint view of a snapshot (else your own view, live)' }) joint: boolean;
  @ApiProperty({ type: Object, description: 'CountChange of the reports of that week: { current, previous, average, vsPrevious, vsAverage, trend }' }) total: AgendaPicture['total'];
  @ApiProperty({ type: [Object], description: 'PictureHotspot (see GET /api/pictures/weekly)' }) hotspots: AgendaPicture['hotspots'];
}

export class MeetingAgendaDoc implements MeetingAgendaResponse {
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ type: AgendaPeriodDoc }) period: AgendaPeriodDoc;
  @ApiProperty({ type: AgendaOpenReportsDoc }) openReports: AgendaOpenReportsDoc;
  @ApiProperty({ type: [AgendaHotspotDoc], deprecated: true, description: 'use picture.hotspots' }) hotspots: AgendaHotspotDoc[];
  @ApiProperty({ type: AgendaPictureDoc }) picture: AgendaPictureDoc;
  @ApiProperty({ type: AgendaEffortsDoc }) efforts: AgendaEffortsDoc;
}
