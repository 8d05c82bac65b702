import type { AgendaPicture } from './pictures.js';
import type { Category } from './categories.js';
import type {
  EffortMode, EffortStatus, EffortType, HotspotClass, MeetingItemKind, MeetingKind, OrganisationKind, ReportStatus, Role, Visibility,
} from './enums.js';

/** Response shapes of the REST API; the web client imports these instead of copying them. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface OrganisationRef {
  id: string;
  name: string;
  kind: OrganisationKind;
}

export interface MeResponse {
  id: string;
  email: string;
  name: string;
  role: Role;
  platformAdmin: boolean;
  collaboration: { id: string; name: string; municipality: string };
  organisation: OrganisationRef;
  /** Whether the account has a password here (an account made by an OpenID Connect sign-in has none). */
  hasPassword?: boolean;
}

export interface LoginResponse {
  accessToken: string;
  expiresAt: string;
  user: MeResponse;
}

export interface OrganisationResponse extends OrganisationRef {
  createdAt: string;
}

export interface UserResponse {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  organisation: OrganisationRef;
  version: number;
  createdAt: string;
}

export interface CollaborationResponse {
  id: string;
  name: string;
  municipality: string;
  createdAt: string;
}

export interface LatLng {
  lat: number;
  lng: number;
}

export type GeoJsonPolygon =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface AreaResponse {
  id: string;
  name: string;
  boundary: GeoJsonPolygon | null;
  createdAt: string;
  /** Changed by `PATCH /api/areas/:id` (name, boundary), which takes the version it was read at. */
  version: number;
}

export interface PlaceResponse {
  id: string;
  name: string;
  kind: string | null;
  location: LatLng;
  area: { id: string; name: string } | null;
  createdAt: string;
  /** Changed by `PATCH /api/places/:id` (name, kind), which takes the version it was read at. */
  version: number;
}

export interface ReportResponse {
  id: string;
  seq: number;
  category: Category;
  description: string;
  observedAt: string;
  severity: number;
  status: ReportStatus;
  visibility: Visibility;
  sharedWithOrganisationIds: string[];
  place: { id: string; name: string } | null;
  location: LatLng;
  area: { id: string; name: string } | null;
  organisation: OrganisationRef;
  /** The reporting person: shown to their own organisation only, null for partners. */
  author: { id: string; name: string } | null;
  /** The organisation a coordinator gave it to (triage). */
  assignedTo: OrganisationRef | null;
  /** Merged as a duplicate into this report: it has left the lists (its history and comments stay). */
  mergedInto: string | null;
  /** A coordinator's answer to the reporter (what was done, or why nothing will be). */
  answer: { body: string; at: string; organisation: OrganisationRef } | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /**
   * The efforts that took the report up, those the caller may see (GET /api/reports/:id only; absent from lists
   * and from feed events, whose one payload goes to callers who may see different efforts).
   */
  efforts?: EffortRef[];
}

/** An effort as a report shows it: what was done about it and how it ended. */
export interface EffortRef {
  id: string;
  title: string;
  type: EffortType;
  status: EffortStatus;
  outcome: string | null;
}

export interface EffortResponse {
  id: string;
  seq: number;
  type: EffortType;
  title: string;
  description: string | null;
  mode: EffortMode;
  /** The organisation that owns the effort (answers for its follow-up). */
  organisation: OrganisationRef;
  /** Every organisation taking part, the owner first. */
  organisations: OrganisationRef[];
  status: EffortStatus;
  visibility: Visibility;
  sharedWithOrganisationIds: string[];
  areas: { id: string; name: string }[];
  places: { id: string; name: string }[];
  plannedStart: string;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  followUpAt: string | null;
  /** Past its follow-up date and still planned or ongoing. */
  overdue: boolean;
  outcome: string | null;
  /** How many reports it is linked to (which ones: GET /api/efforts/:id/reports, those the caller may see). */
  linkedReports: number;
  /** Who recorded it: shown to the owning organisation only, null for partners. */
  author: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface EffortActionResponse {
  id: string;
  effortId: string;
  organisation: OrganisationRef;
  kind: string;
  count: number | null;
  at: string;
  note: string | null;
  author: { id: string; name: string } | null;
  createdAt: string;
}

export interface AnswerTemplateResponse {
  id: string;
  title: string;
  body: string;
  createdAt: string;
}

export interface TriageSettingsResponse {
  /** Reports of one category this near (metres) ... */
  duplicateDistanceM: number;
  /** ... and this near in time (hours) are suggested as duplicates of each other. */
  duplicateWindowHours: number;
}

/** A suggested duplicate: a report of the same category near in place and time, and how near. */
export interface DuplicateCandidate {
  report: ReportResponse;
  distanceM: number;
  hoursApart: number;
  /** Whether the report asked about may be merged into this candidate (POST /api/reports/:id/merge would allow it). */
  mergeInto: boolean;
  /** Whether this candidate may be merged into the report asked about. */
  mergeFrom: boolean;
}

/** The answer of POST /api/reports/acknowledge. */
export interface AcknowledgeResponse {
  /** The ids that were new and are now acknowledged (each its own change and event). */
  acknowledged: string[];
  /** The ids left as they were (not new, or merged). */
  unchanged: string[];
  /** Every report asked about as it is after the call (the acknowledged ones at their new version and seq). */
  reports: ReportResponse[];
}

/** A joint meeting (samverkansmöte) or rural council: who was there, what was discussed and decided. */
export interface MeetingResponse {
  id: string;
  kind: MeetingKind;
  /** When the meeting starts. */
  date: string;
  /** The ISO week of the meeting (Europe/Stockholm), e.g. "2026-W49": the week its agenda is about. */
  week: string;
  title: string | null;
  /** The organisations present (their people may read the meeting; coordinators read every meeting). */
  organisations: OrganisationRef[];
  /** The areas its agenda is narrowed to (none: the whole collaboration). */
  areas: { id: string; name: string }[];
  /** The agenda items discussed, in order. */
  items: MeetingItemResponse[];
  decisions: MeetingDecisionResponse[];
  /** Who created it: shown to their own organisation only. */
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  /** One more with every item and decision recorded. */
  version: number;
}

/** An agenda item discussed at a meeting, with what was said about it (no personal data). */
export interface MeetingItemResponse {
  id: string;
  kind: MeetingItemKind;
  /**
   * The place or area (hotspot), report or effort it is about; null for "other", and null when the record is one the
   * caller may not see.
   */
  refId: string | null;
  title: string;
  note: string | null;
  position: number;
  createdAt: string;
}

/** A decision of a meeting: what, which organisation answers for it, by when, and the effort it became. */
export interface MeetingDecisionResponse {
  id: string;
  meetingId: string;
  text: string;
  ownerOrganisation: OrganisationRef;
  dueAt: string | null;
  /** Whether it became an effort (POST /api/meetings/:id/decisions/:decisionId/effort). */
  converted: boolean;
  /** The effort it became, if the caller may see it. */
  effort: EffortRef | null;
  createdAt: string;
}

/** A report on a meeting's agenda. */
export interface AgendaReport {
  id: string;
  category: Category;
  severity: number;
  status: ReportStatus;
  observedAt: string;
  place: { id: string; name: string } | null;
  area: { id: string; name: string } | null;
}

/** A place (or, for reports without one, an area) with many reports in the four weeks before the meeting. */
export interface AgendaHotspot {
  place: { id: string; name: string } | null;
  area: { id: string; name: string } | null;
  /** Reports in the four weeks before the meeting, and in the four weeks before those. */
  count: number;
  previousCount: number;
  class: HotspotClass;
  categories: Category[];
}

/** An effort on a meeting's agenda. */
export interface AgendaEffort {
  id: string;
  title: string;
  type: EffortType;
  status: EffortStatus;
  organisation: OrganisationRef;
  followUpAt: string | null;
  plannedEnd: string | null;
}

/**
 * A meeting's agenda, prefilled from the live picture as the caller may see it: the open reports, the hotspots of the
 * four weeks before the meeting, and the efforts due in the meeting's week or overdue at its start.
 */
export interface MeetingAgendaResponse {
  meetingId: string;
  period: {
    /** The meeting's ISO week (Europe/Stockholm) and its bounds. */
    week: string;
    weekStart: string;
    weekEnd: string;
    /** The hotspots' period: the four weeks before the meeting (compared with the four weeks before those). */
    hotspotsFrom: string;
    hotspotsTo: string;
  };
  openReports: {
    total: number;
    /** Open reports (new, acknowledged, in progress) observed before the end of the meeting's week, by severity "1".."5". */
    bySeverity: Record<string, number>;
    /** The most severe of them, newest first within a severity. */
    top: AgendaReport[];
  };
  /**
   * Deprecated (kept for existing clients): places counted over the four weeks before the meeting. Use
   * `picture.hotspots`, the weekly picture's hotspots (places and grid cells, classed against four weeks).
   */
  hotspots: AgendaHotspot[];
  /** The weekly picture the agenda works from (the last week ended before the meeting; frozen if it was). */
  picture: AgendaPicture;
  efforts: {
    /** Planned or ongoing, with a follow-up or planned end in the meeting's week (and not overdue). */
    due: AgendaEffort[];
    /** Planned or ongoing, with a follow-up before the meeting. */
    overdue: AgendaEffort[];
  };
}

export interface CommentResponse {
  id: string;
  reportId: string;
  seq: number;
  body: string;
  organisation: OrganisationRef;
  author: { id: string; name: string } | null;
  createdAt: string;
}

export interface HistoryEntryResponse {
  id: string;
  /** Reports: created, updated, commented; efforts also linked, unlinked and action (an organisation's action). */
  action: 'created' | 'updated' | 'commented' | 'linked' | 'unlinked' | 'action';
  at: string;
  actor: { id: string; name: string } | null;
  organisation: OrganisationRef;
  changes: { field: string; from: unknown; to: unknown }[];
}

export interface CategoryResponse {
  code: Category;
  sv: string;
  en: string;
  /** Whether new reports and subscriptions may take it (switched-off ones keep their reports and labels). */
  active: boolean;
  /** The collaboration's own (true) or a default one (false). */
  custom: boolean;
  /** For a default category: its default labels (a renamed one shows the collaboration's in `sv`/`en`). */
  defaultLabels: { sv: string; en: string } | null;
  /** Changed by `PATCH /api/categories/:code`, which takes the version it was read at (1 for a default never changed). */
  version: number;
}

export interface SubscriptionResponse {
  id: string;
  areaIds: string[];
  placeIds: string[];
  categories: Category[];
  minSeverity: number;
  createdAt: string;
}

export interface AuditEntryResponse {
  id: string;
  at: string;
  action: string;
  user: { id: string; email: string; name: string } | null;
  organisationId: string | null;
  entityType: string | null;
  entityId: string | null;
  entityIds: string[] | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
}

/** The counts of concern talks: of one record, or summed. Counts only; never a name or free text. */
export interface ConcernTalkCounts {
  /** Talks held. */
  talks: number;
  /** Youths talked with. */
  youths: number;
  /** Talks with a guardian present (at most `talks`). */
  guardiansPresent: number;
  /** Talks with social services present (at most `talks`). */
  socialServicesPresent: number;
}

/** One record of concern talks (orossamtal): an organisation's counts for a month, optionally of an area. */
export interface ConcernTalkResponse extends ConcernTalkCounts {
  id: string;
  /** YYYY-MM */
  month: string;
  area: { id: string; name: string } | null;
  organisation: OrganisationRef;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Sums of the records of a period: in all, per month and per area (`area: null` for records without an area). */
export interface ConcernTalkSummaryResponse {
  from: string;
  to: string;
  areaId: string | null;
  total: ConcernTalkCounts & { records: number };
  byMonth: (ConcernTalkCounts & { records: number; month: string })[];
  byArea: (ConcernTalkCounts & { records: number; area: { id: string; name: string } | null })[];
}

export interface ApiError {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
  field?: string;
  kind?: string;
  correlationId?: string;
}
