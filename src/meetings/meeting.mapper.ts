import type {
  AgendaEffort, AgendaReport, Category, EffortStatus, EffortType, MeetingDecisionResponse, MeetingItemResponse, MeetingResponse,
  OrganisationKind, OrganisationRef, ReportStatus,
} from '#contracts';
import type { MeetingDecisionEntity } from './meeting-decision.entity.js';
import type { MeetingItemEntity } from './meeting-item.entity.js';
import type { MeetingEntity } from './meeting.entity.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

/** A meeting as the repository reads it: the entity, its ISO week, the names it is shown with, and who created it. */
export type MeetingView = MeetingEntity & {
  week: string;
  organisations: OrganisationRef[];
  areas: { id: string; name: string }[];
  creatorName: string;
  creatorOrganisationId: string;
};

/** An item, with its reference only if the reader may see what it refers to. */
export type MeetingItemView = Omit<MeetingItemEntity, 'refId'> & { visibleRefId: string | null };

/** A decision (never its effort key), its owner's name, and its effort if the reader may see it. */
export type MeetingDecisionView = Omit<MeetingDecisionEntity, 'effortKey' | 'effortId'> & {
  ownerName: string;
  ownerKind: OrganisationKind;
  converted: boolean;
  effortRefId: string | null;
  effortTitle: string | null;
  effortType: EffortType | null;
  effortStatus: EffortStatus | null;
  effortOutcome: string | null;
};

export type AgendaReportRow = {
  id: string; category: Category; severity: number; status: ReportStatus; observedAt: Date;
  placeId: string | null; placeName: string | null; areaId: string | null; areaName: string | null;
};
export type HotspotRow = {
  placeId: string | null; placeName: string | null; areaId: string | null; areaName: string | null;
  count: number; previousCount: number; categories: Category[];
};
export type AgendaEffortRow = {
  id: string; title: string; type: EffortType; status: EffortStatus; followUpAt: Date | null; plannedEnd: Date | null;
  orgId: string; orgName: string; orgKind: OrganisationKind;
};

/** The organisations in their own order (as given when the meeting was created). */
const ordered = (ids: string[], refs: OrganisationRef[]) => ids.map((id) => refs.find((o) => o.id === id)!).filter(Boolean);

export function toItemResponse(i: MeetingItemView): MeetingItemResponse {
  return {
    id: i.id, kind: i.kind, refId: i.visibleRefId, title: i.title, note: i.note, position: i.position, createdAt: iso(i.createdAt),
  };
}

export function toDecisionResponse(d: MeetingDecisionView): MeetingDecisionResponse {
  return {
    id: d.id,
    meetingId: d.meetingId,
    text: d.text,
    ownerOrganisation: { id: d.ownerOrganisationId, name: d.ownerName, kind: d.ownerKind },
    dueAt: isoOrNull(d.dueAt),
    converted: d.converted,
    effort: d.effortRefId
      ? { id: d.effortRefId, title: d.effortTitle!, type: d.effortType!, status: d.effortStatus!, outcome: d.effortOutcome }
      : null,
    createdAt: iso(d.createdAt),
  };
}

/** The meeting as `viewerOrganisationId` sees it: who created it is shown to their own organisation only. */
export function toMeetingResponse(
  m: MeetingView, items: MeetingItemView[], decisions: MeetingDecisionView[], viewerOrganisationId: string,
): MeetingResponse {
  return {
    id: m.id,
    kind: m.kind,
    date: iso(m.startsAt),
    week: m.week,
    title: m.title,
    organisations: ordered(m.organisationIds, m.organisations),
    areas: m.areaIds.map((id) => m.areas.find((a) => a.id === id)!).filter(Boolean),
    items: items.map(toItemResponse),
    decisions: decisions.map(toDecisionResponse),
    createdBy: m.creatorOrganisationId === viewerOrganisationId ? { id: m.createdBy, name: m.creatorName } : null,
    createdAt: iso(m.createdAt),
    version: m.version,
  };
}

export const toAgendaReport = (r: AgendaReportRow): AgendaReport => ({
  id: r.id, category: r.category, severity: r.severity, status: r.status, observedAt: iso(r.observedAt),
  place: r.placeId ? { id: r.placeId, name: r.placeName! } : null,
  area: r.areaId ? { id: r.areaId, name: r.areaName! } : null,
});

export const toAgendaEffort = (e: AgendaEffortRow): AgendaEffort => ({
  id: e.id, title: e.title, type: e.type, status: e.status, organisation: { id: e.orgId, name: e.orgName, kind: e.orgKind },
  followUpAt: isoOrNull(e.followUpAt), plannedEnd: isoOrNull(e.plannedEnd),
});
