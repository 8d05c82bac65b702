import type { Category } from './categories.js';
import type { EffortStatus, EffortType, OrganisationKind } from './enums.js';
import type { OrganisationRef } from './responses.js';

/**
 * Citizen promises (medborgarlöften), their commitments with live progress, and the yearly documents written from the
 * data: the follow-up of a promise, the action plan of lag 2023:196 and the action plan's follow-up
 * (api-contract.md, "Citizen promises"). Every route is of the caller's collaboration; another's id answers 404.
 *
 * Who:
 * - reading promises and documents (drafts too): every member of the collaboration;
 * - creating and changing promises, generating, editing and publishing documents: coordinators (and admins);
 * - `GET /api/public/follow-ups/:id` and `GET /api/public/action-plans/:id`: anyone, no login, published only.
 *
 * Counting:
 * - live progress (`GET /api/promises/:id`) counts what the **caller** may see (the visibility policy of every read);
 * - documents (follow-ups, action plans) are the collaboration's joint view: only efforts and reports shared with the
 *   whole collaboration (`partners`) are counted or listed, so every partner reads the same document and nothing one
 *   organisation holds alone reaches the public page;
 * - concern talks are sums only (never a month or a record): in live progress for police and social services
 *   organisations only (null for others); in documents as yearly sums, a sum below 3 written as "färre än 3".
 */

/** A public page shows any count below this as `PUBLIC_FEWER_THAN_MIN`, never as its number. */
export const PUBLIC_MIN_COUNT = 3;
export const PUBLIC_FEWER_THAN_MIN = 'färre än 3' as const;
/** A count on a public page: its number when at least PUBLIC_MIN_COUNT, else the words "färre än 3". */
export type PublicCount = number | typeof PUBLIC_FEWER_THAN_MIN;

/**
 * What a commitment's target counts:
 * - `efforts`: its efforts (of its types, in its areas) done in the promise's period; `count` is how many are promised;
 * - `actions`: the actions recorded in those efforts (`effort_actions`, a count of null counting 1) in the period,
 *   summed; `count` is how many are promised ("at least 20 traffic checks");
 * - `reports_trend`: reports of its categories in its areas over the period against the same period a year earlier;
 *   met when they went down by at least `count` (absent or 0: any decrease).
 */
export const COMMITMENT_TARGET_KINDS = ['efforts', 'actions', 'reports_trend'] as const;
export type CommitmentTargetKind = (typeof COMMITMENT_TARGET_KINDS)[number];

export const PROMISE_LIMITS = {
  /** A promise's year (and `toYear`): 2000–2099, and at most this many years in one promise. */
  yearMin: 2000,
  yearMax: 2099,
  spanYearsMax: 5,
  focusAreasMax: 20,
  commitmentsPerFocusAreaMax: 30,
  /** Effort types, areas and categories one commitment names. */
  commitmentListMax: 50,
  /** A target's count: 0–100,000. */
  targetCountMax: 100_000,
  /** A document's text: sections, paragraphs per section; each paragraph 1–4,000 characters, a heading 1–200. */
  documentSectionsMax: 300,
  documentParagraphsMax: 60,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Requests

export interface CommitmentTarget {
  kind: CommitmentTargetKind;
  /** Whole number 0–100,000; required for `efforts` and `actions`, optional for `reports_trend`. */
  count?: number | null;
}

export interface CreateCommitmentRequest {
  /** 1–4,000 characters, no personal data. */
  text: string;
  /** An organisation of the collaboration: who answers for it. */
  ownerOrganisationId: string;
  /** The effort types it covers (none: every type; but a `reports_trend` naming none covers no effort: it is about reports). */
  effortTypes?: EffortType[];
  /** The areas it covers (none: the whole municipality). */
  areaIds?: string[];
  /** The report categories whose trend it follows (none: every category). */
  categories?: Category[];
  target: CommitmentTarget;
  /** When it is due: a date `YYYY-MM-DD` (or an ISO instant) within the promise's years; default the period's end. */
  dueAt?: string | null;
}

export interface CreateFocusAreaRequest {
  /** 1–200 characters. */
  title: string;
  /** 1–4,000 characters: why this focus, what the partners promise. */
  text: string;
  commitments: CreateCommitmentRequest[];
}

/**
 * `POST /api/promises` (coordinator). The year rule: `year` (and `toYear`) between 2000 and 2099, at most five years
 * in one promise, and not later than next year (a promise is made for the coming year at the latest); a year
 * before the collaboration's first report or effort is refused too (400 `YEAR_OUTSIDE_DATA`, naming `year`),
 * unless the collaboration holds no data yet.
 */
export interface CreatePromiseRequest {
  year: number;
  /** The last year of a promise over several years (inclusive; default `year`). */
  toYear?: number | null;
  /** 1–200 characters. */
  title: string;
  /** At least one focus area, each with at least one commitment. */
  focusAreas: CreateFocusAreaRequest[];
}

/** A commitment in `PATCH /api/promises/:id`: with `id` it keeps its identity (an id of this promise), else new. */
export interface UpdateCommitmentRequest extends CreateCommitmentRequest {
  id?: string;
}
export interface UpdateFocusAreaRequest extends Omit<CreateFocusAreaRequest, 'commitments'> {
  id?: string;
  commitments: UpdateCommitmentRequest[];
}

/**
 * `PATCH /api/promises/:id` (coordinator) `{ version, ... }`: the fields given replace what was; `focusAreas`, when
 * given, is the whole new list (focus areas and commitments left out are removed). A stale version: 409.
 */
export interface UpdatePromiseRequest {
  version: number;
  year?: number;
  toYear?: number | null;
  title?: string;
  focusAreas?: UpdateFocusAreaRequest[];
}

// ---------------------------------------------------------------------------------------------------------------
// Promises and progress

/**
 * The local days (Europe/Stockholm, `YYYY-MM-DD`, both ends included) a promise or a document counts. Efforts and
 * actions count over `from`..`to`; reports over `from`..`countedTo` (`to`, or today while the period runs) against
 * `previousFrom`..`previousTo`, the same days as many years earlier as the period is long (one year for a one-year
 * promise), so a year under way is compared with the same part of the year before.
 */
export interface PromisePeriod {
  from: string;
  to: string;
  countedTo: string;
  previousFrom: string;
  previousTo: string;
}

export interface ConcernTalkSums {
  /** Records summed (one per organisation, month and area). */
  records: number;
  talks: number;
  youths: number;
  guardiansPresent: number;
  socialServicesPresent: number;
}

export interface ReportTrend {
  /** Reports in the period and in the same period a year earlier. */
  current: number;
  previous: number;
  /** current - previous. */
  change: number;
  /** `up`/`down` for a change of at least two reports and a fifth of the earlier count, else `steady`. */
  trend: 'up' | 'down' | 'steady';
  byCategory: { category: Category; current: number; previous: number }[];
  byArea: { area: { id: string; name: string } | null; current: number; previous: number }[];
}

/** A commitment's progress: the figures its target is measured by and everything else the data says about it. */
export interface CommitmentProgress {
  /** What counts towards the target: efforts done, actions summed, or the decrease in reports (may be negative). */
  done: number;
  /** The target's count (null for a `reports_trend` without one). */
  target: number | null;
  /** done / target in whole percent, at most 100 (null without a target count or when it is 0). */
  percent: number | null;
  /** Whether the target is reached (a reports trend: reports went down, by at least `target`). */
  met: boolean;
  efforts: {
    /** Of its types in its areas with a start (actual, else planned) in the period. */
    done: number;
    planned: number;
    ongoing: number;
    cancelled: number;
    /** Done, by type and by organisation taking part (an effort of two organisations counts for each). */
    byType: { type: EffortType; done: number }[];
    byOrganisation: { organisation: OrganisationRef; done: number }[];
  };
  actions: {
    /** Actions of those efforts recorded in the period (a count of null counts 1). */
    total: number;
    byKind: { kind: string; total: number }[];
    byOrganisation: { organisation: OrganisationRef; total: number }[];
  };
  reports: ReportTrend;
  /**
   * Concern talks in its areas (none: the whole municipality) over the period's months, when it names the effort type
   * `concern_talk`; null otherwise, and for callers whose organisation does not hold concern talks (live progress).
   */
  concernTalks: ConcernTalkSums | null;
}

export interface CommitmentResponse {
  id: string;
  /** Its place in its focus area (0 first). */
  position: number;
  text: string;
  owner: OrganisationRef;
  effortTypes: EffortType[];
  areas: { id: string; name: string }[];
  categories: Category[];
  target: { kind: CommitmentTargetKind; count: number | null };
  /** YYYY-MM-DD. */
  dueAt: string;
  /** Past its due date without its target met. */
  overdue: boolean;
  progress: CommitmentProgress;
}

export interface FocusAreaResponse {
  id: string;
  position: number;
  title: string;
  text: string;
  commitments: CommitmentResponse[];
}

export const PROMISE_DOCUMENT_KINDS = ['follow_up', 'action_plan', 'action_plan_follow_up'] as const;
/** `follow_up` of a promise; `action_plan` of a year; `action_plan_follow_up` of an action plan. */
export type PromiseDocumentKind = (typeof PROMISE_DOCUMENT_KINDS)[number];
export const DOCUMENT_STATUSES = ['draft', 'published'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
/** `GET /api/follow-ups/:id?format=` and `GET /api/action-plans/:id?format=`: json (default), pdf or docx. */
export const DOCUMENT_FORMATS = ['json', 'pdf', 'docx'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** A document as lists show it. */
export interface DocumentSummary {
  id: string;
  kind: PromiseDocumentKind;
  year: number;
  title: string;
  /** Of the latest version. */
  status: DocumentStatus;
  version: number;
  /** The version the public page shows (null: never published). */
  publishedVersion: number | null;
  publishedAt: string | null;
  promiseId: string | null;
  /** The action plan an `action_plan_follow_up` follows up. */
  actionPlanId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PromiseResponse {
  id: string;
  year: number;
  /** The last year (the same as `year` for a one-year promise). */
  toYear: number;
  title: string;
  period: PromisePeriod;
  focusAreas: FocusAreaResponse[];
  /** Its follow-ups, newest first. */
  followUps: DocumentSummary[];
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** `GET /api/promises?year=` (a promise whose years include `year`): `Page<PromiseListItem>`, newest year first. */
export interface PromiseListItem {
  id: string;
  year: number;
  toYear: number;
  title: string;
  focusAreas: { id: string; title: string; commitments: number }[];
  commitments: number;
  /** Commitments whose target is met now (live, under the caller's visibility). */
  commitmentsMet: number;
  followUps: DocumentSummary[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Documents: generated draft, edited text, versions, publishing

/**
 * A document's words, structured: sections in order, each a heading and paragraphs. `key` names a section stably
 * (`intro`, `focus:<focusAreaId>`, `commitment:<commitmentId>`, `group:<n>`, `summary`, `closing`, or any key a
 * coordinator adds), so an editor can show the generated section beside the edited one.
 * `level` 1 is a chapter (a focus area), 2 a part of one (a commitment).
 */
export interface DocumentSection {
  /** 1–100 characters of a-z, 0-9, `_`, `-`, `:`; unique in the document. */
  key: string;
  level: 1 | 2;
  /** 1–200 characters. */
  heading: string;
  /** Each 1–4,000 characters; up to 60. */
  paragraphs: string[];
}

export interface DocumentText {
  /** 1–200 characters. */
  title: string;
  sections: DocumentSection[];
}

/**
 * `PATCH /api/follow-ups/:id` and `PATCH /api/action-plans/:id` (coordinator) `{ version, text }`: `version` is the
 * document's latest version; the answer is a new version (each kept). When the latest version is published, the
 * edit makes a new draft version and the public page keeps showing the published one until that is published.
 * Personal data in any heading or paragraph: 400 `PERSONAL_DATA` naming the field (`text.sections.2.paragraphs.0`).
 */
export interface UpdateDocumentRequest {
  version: number;
  text: DocumentText;
}

/**
 * `POST /api/follow-ups/:id/publish` (and action plans) `{ version }`: publishes that version (the latest; a stale one
 * is 409 `VERSION_CONFLICT`; one already published is 409 `ALREADY_PUBLISHED`).
 */
export interface PublishDocumentRequest {
  version: number;
}

/**
 * `POST /api/promises/:id/follow-ups` `{ year? }` (coordinator; `year` one of the promise's years, default its last):
 * generates the follow-up from the data. The first time: 201, version 1. Again for the same promise and year: a new
 * version of the same document with the draft and figures generated afresh; sections the coordinator edited keep
 * their edited words, the others take the new ones (200).
 */
export interface GenerateFollowUpRequest {
  year?: number;
}

/** `POST /api/action-plans` `{ year }` (coordinator): the year's plan; again for the same year, as for follow-ups. */
export interface GenerateActionPlanRequest {
  year: number;
}

/** A commitment in a follow-up's figures: the progress of the joint view at generation. */
export interface FollowUpCommitmentFigures {
  id: string;
  text: string;
  owner: OrganisationRef;
  effortTypes: EffortType[];
  areas: { id: string; name: string }[];
  categories: Category[];
  target: { kind: CommitmentTargetKind; count: number | null };
  dueAt: string;
  progress: CommitmentProgress;
}

export interface FollowUpFigures {
  kind: 'follow_up';
  promise: { id: string; title: string; year: number; toYear: number };
  year: number;
  period: PromisePeriod;
  /** Always `joint`: what every partner may see. */
  audience: 'joint';
  generatedAt: string;
  totals: {
    /** Efforts of any commitment (each effort once). */
    effortsDone: number;
    effortsPlanned: number;
    effortsOngoing: number;
    actions: number;
    /** In the areas of the commitments that name `concern_talk` (the whole municipality when one names no area), over the year. */
    concernTalks: ConcernTalkSums;
  };
  focusAreas: {
    id: string;
    title: string;
    text: string;
    /**
     * Reports of its problem, each once: those its commitments that name categories follow (in their areas), or, when
     * none names a category, those any of its commitments follows.
     */
    reports: ReportTrend;
    commitments: FollowUpCommitmentFigures[];
  }[];
}

/** One effort of an action plan (planned or ongoing when the plan was drafted, starting in its year). */
export interface ActionPlanEffort {
  id: string;
  title: string;
  type: EffortType;
  status: EffortStatus;
  owner: OrganisationRef;
  organisations: OrganisationRef[];
  plannedStart: string;
  plannedEnd: string | null;
  followUpAt: string | null;
  /** In an action plan's follow-up: the effort's outcome as recorded (null: none yet). */
  outcome?: string | null;
  actualEnd?: string | null;
}

/** A problem of an action plan: a focus area of a promise, or (for efforts no commitment covers) a report category. */
export interface ActionPlanGroup {
  /** Stable key of the group (`focus:<id>:area:<id|none>` or `category:<code>:area:<id|none>`). */
  key: string;
  problem: { kind: 'focus_area'; focusAreaId: string; title: string } | { kind: 'category'; category: Category | null; title: string };
  area: { id: string; name: string } | null;
  commitments: { id: string; text: string; owner: OrganisationRef; target: { kind: CommitmentTargetKind; count: number | null }; dueAt: string; promiseId: string }[];
  efforts: ActionPlanEffort[];
}

export interface ActionPlanFigures {
  kind: 'action_plan';
  year: number;
  period: PromisePeriod;
  audience: 'joint';
  generatedAt: string;
  groups: ActionPlanGroup[];
  totals: { efforts: number; commitments: number; byType: { type: EffortType; count: number }[] };
}

/** The follow-up of an action plan: each of its efforts as it stands now (status, outcome). */
export interface ActionPlanFollowUpFigures {
  kind: 'action_plan_follow_up';
  actionPlan: { id: string; year: number; version: number };
  year: number;
  period: PromisePeriod;
  audience: 'joint';
  generatedAt: string;
  groups: ActionPlanGroup[];
  totals: {
    efforts: number;
    byStatus: { status: EffortStatus; count: number }[];
    /** Efforts with an outcome written. */
    withOutcome: number;
    /** Efforts of the plan no longer shared with the whole collaboration (not shown). */
    notShown: number;
  };
}

export type DocumentFigures = FollowUpFigures | ActionPlanFigures | ActionPlanFollowUpFigures;

/** One version of a document: the draft generated from the data, kept beside the words as edited. */
export interface DocumentVersionResponse {
  version: number;
  status: DocumentStatus;
  /** The draft as generated (from the figures of this version). */
  generated: DocumentText;
  /** The words as edited (equal to `generated` until someone edits). */
  text: DocumentText;
  /** Sections whose text differs from the generated (by key; a section added by hand counts). */
  editedSections: string[];
  /** `generate` (made from the data), `edit`, or `regenerate` (afresh from the data, edited sections kept). */
  origin: 'generate' | 'edit' | 'regenerate';
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  publishedAt: string | null;
  publishedBy: { id: string; name: string } | null;
}

/**
 * `GET /api/follow-ups/:id`, `GET /api/action-plans/:id` (every member), the answer of every document write:
 * the latest version in full, the figures it was generated from, and the list of versions.
 * `GET /api/follow-ups/:id/versions/:version` gives an earlier one (`current` is then that version).
 */
export interface DocumentResponse extends DocumentSummary {
  current: DocumentVersionResponse;
  figures: DocumentFigures;
  versions: { version: number; status: DocumentStatus; origin: DocumentVersionResponse['origin']; createdAt: string; publishedAt: string | null }[];
  /** The public page's path when published (`/uppfoljning/:id`, `/atgardsplan/:id`), else null. */
  publicPath: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// The public page: aggregates and the published words only

export interface PublicCommitment {
  text: string;
  owner: { name: string; kind: OrganisationKind };
  target: { kind: CommitmentTargetKind; count: number | null };
  dueAt: string;
  met: boolean;
  /** What counts towards the target (a `reports_trend`: the decrease, shown as a number only when ≥ 3). */
  done: PublicCount;
  efforts: {
    done: PublicCount;
    byType: { type: EffortType; done: PublicCount }[];
    byOrganisation: { organisation: { name: string; kind: OrganisationKind }; done: PublicCount }[];
  };
  actions: { total: PublicCount };
  reports: { current: PublicCount; previous: PublicCount; trend: 'up' | 'down' | 'steady' };
  /** Yearly sums of concern talks in its areas (null when the commitment follows none). */
  concernTalks: { talks: PublicCount; youths: PublicCount } | null;
}

export interface PublicFollowUpFigures {
  kind: 'follow_up';
  year: number;
  period: PromisePeriod;
  totals: { effortsDone: PublicCount; actions: PublicCount; concernTalks: PublicCount };
  focusAreas: {
    title: string;
    text: string;
    reports: {
      current: PublicCount; previous: PublicCount; trend: 'up' | 'down' | 'steady';
      byCategory: { category: Category; current: PublicCount; previous: PublicCount }[];
      byArea: { area: { name: string } | null; current: PublicCount; previous: PublicCount }[];
    };
    commitments: PublicCommitment[];
  }[];
}

/** An action plan (or its follow-up) in public: per problem and area, how many efforts of which type, by whom. */
export interface PublicActionPlanFigures {
  kind: 'action_plan' | 'action_plan_follow_up';
  year: number;
  period: PromisePeriod;
  groups: {
    title: string;
    area: { name: string } | null;
    commitments: { text: string; owner: { name: string; kind: OrganisationKind }; dueAt: string }[];
    efforts: PublicCount;
    byType: { type: EffortType; count: PublicCount }[];
    byOwner: { organisation: { name: string; kind: OrganisationKind }; count: PublicCount }[];
    /** Follow-up only: how many are done. */
    done?: PublicCount;
  }[];
}

/**
 * `GET /api/public/follow-ups/:id` and `GET /api/public/action-plans/:id` (no login; rate-limited): the latest
 * published version's words and the aggregates it was generated from. An unknown id, a draft never published, or a
 * document of the other kind: 404. Never a report, an effort's title, a place, or a count below 3.
 */
export interface PublicDocumentResponse {
  id: string;
  kind: PromiseDocumentKind;
  year: number;
  collaboration: { name: string; municipality: string };
  version: number;
  publishedAt: string;
  text: DocumentText;
  figures: PublicFollowUpFigures | PublicActionPlanFigures;
}
