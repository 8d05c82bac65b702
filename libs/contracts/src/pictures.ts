import type { Category } from './categories.js';
import type { EffortStatus, EffortType, ReportStatus } from './enums.js';
import type { OrganisationRef } from './responses.js';

/**
 * The weekly picture and the period analyses (api-contract.md, "The weekly picture"): what the weekly joint meeting
 * works from. Everything is counted under the caller's visibility (or, for a frozen snapshot, the joint audience:
 * what every partner may see), in Europe/Stockholm time.
 */
export const PICTURE_TIME_ZONE = 'Europe/Stockholm';

/**
 * How a hotspot moved against the four weeks before (for a period: against the same period a year earlier):
 * - new: no report there before;
 * - intensifying: clearly more than its earlier (average) level: at least two more and at least half as many again;
 * - diminishing: clearly fewer, by the same measure;
 * - persistent: about as many as before (the rule: src/pictures/picture.rules.ts).
 */
export const PICTURE_HOTSPOT_CLASSES = ['new', 'persistent', 'intensifying', 'diminishing'] as const;
export type PictureHotspotClass = (typeof PICTURE_HOTSPOT_CLASSES)[number];

/** The files a picture or analysis is exported as (and `json`, the API's own answer). */
export const PICTURE_FORMATS = ['json', 'pdf', 'xlsx', 'csv', 'geojson'] as const;
export type PictureFormat = (typeof PICTURE_FORMATS)[number];
export const PICTURE_FILE_FORMATS = ['pdf', 'xlsx', 'csv', 'geojson'] as const;
export type PictureFileFormat = (typeof PICTURE_FILE_FORMATS)[number];

export const PERIOD_KINDS = ['week', 'month', 'tertial', 'year', 'range'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A period in local (Europe/Stockholm) time: `from` inclusive, `to` exclusive, both as instants with offset. */
export interface PicturePeriod {
  kind: PeriodKind;
  /** 2026-W47, 2026-11, 2026-T2, 2026, or 2026-01-01--2026-03-31 for a range. */
  label: string;
  from: string;
  to: string;
  /** The local calendar dates of the first and the last day (YYYY-MM-DD). */
  firstDay: string;
  lastDay: string;
}

/** What the picture was narrowed to. */
export interface PictureFilter {
  area: { id: string; name: string } | null;
  /** Category codes, or null for all. */
  categories: Category[] | null;
}

/** A count and how it moved: against the previous period and the average of the four before (weeks), or a year earlier. */
export interface CountChange {
  current: number;
  /** The previous week (weekly picture) or the same period a year earlier (analyses). */
  previous: number;
  /** The average of the four weeks before the week (weekly picture only; one decimal). */
  average: number | null;
  /** current - previous, and current - average. */
  vsPrevious: number;
  vsAverage: number | null;
  trend: 'up' | 'down' | 'steady';
}

export interface AreaCount {
  /** null: reports outside every area of the collaboration. */
  area: { id: string; name: string } | null;
  count: number;
}

export interface PictureTotals {
  all: number;
  /** By category code: only categories with reports. */
  byCategory: Partial<Record<Category, number>>;
  byArea: AreaCount[];
}

export interface PictureChange {
  all: CountChange;
  byCategory: Partial<Record<Category, CountChange>>;
  byArea: (CountChange & { area: { id: string; name: string } | null })[];
}

/**
 * A hotspot: a named place of the collaboration (its reports' `placeId`), or a grid cell of about 250 x 250 m for
 * reports given as a point (pictures/picture.rules.ts explains the choice).
 */
export interface PictureHotspot {
  /** Stable across weeks: `place:<uuid>` or `cell:<row>:<col>`. */
  key: string;
  kind: 'place' | 'cell';
  place: { id: string; name: string } | null;
  /** The area most of its reports lie in. */
  area: { id: string; name: string } | null;
  /** The mean point of its reports. */
  center: { lat: number; lng: number };
  count: number;
  /** The counts it is classed against: the four weeks before, oldest first (a period: one, a year earlier). */
  earlier: number[];
  class: PictureHotspotClass;
  categories: { code: Category; count: number }[];
  /** The most frequent local weekday (1 Monday ... 7 Sunday) and hour (0-23) of its reports. */
  typicalWeekday: number;
  typicalHour: number;
  /** Highest severity among its reports. */
  maxSeverity: number;
}

export interface PictureReport {
  id: string;
  category: Category;
  severity: number;
  status: ReportStatus;
  observedAt: string;
  place: { id: string; name: string } | null;
  area: { id: string; name: string } | null;
  location: { lat: number; lng: number };
  organisation: OrganisationRef;
  description: string;
}

export interface PictureEffort {
  id: string;
  title: string;
  type: EffortType;
  status: EffortStatus;
  mode: 'joint' | 'separate';
  organisations: OrganisationRef[];
  plannedStart: string;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  outcome: string | null;
  /** The linked reports the reader may see. */
  reports: { id: string; category: Category; severity: number }[];
  /** Actions recorded in the period, summed per kind ("besök": 12). */
  actions: { kind: string; count: number }[];
}

/** One step of a trend series: a week (weekly picture and short periods) or a month (a year or longer). */
export interface SeriesPoint {
  label: string;
  from: string;
  count: number;
}

/** What the weekly picture and a period analysis both carry. */
export interface PictureBase {
  period: PicturePeriod;
  filter: PictureFilter;
  generatedAt: string;
  /** Whose view this is: the organisation whose visibility it was counted under (a snapshot: null, the joint view). */
  audience: { organisation: OrganisationRef | null; joint: boolean };
  totals: PictureTotals;
  change: PictureChange;
  /** Busiest first; at most 25. */
  hotspots: PictureHotspot[];
  /** Reports by local weekday (index 0 Monday) and hour (0-23). */
  weekdayHour: number[][];
  /** Weekly picture: the last eight weeks, ending with this one. A period: its weeks (up to about four months) or months. */
  series: SeriesPoint[];
  /** The reports of the period (for exports and the map); at most 2,000 in JSON, all of them in CSV and GeoJSON. */
  reports: PictureReport[];
  reportsTruncated: boolean;
  /** Reports a coordinator left out in review (counted, not shown, and not in the totals). */
  excluded: number;
}

export interface WeeklyPictureResponse extends PictureBase {
  openReports: {
    /** Open (new, acknowledged, in progress) reports observed before the end of the period, by severity "1".."5". */
    total: number;
    bySeverity: Record<string, number>;
    /** The most severe of them, newest first within a severity; at most 100. */
    items: PictureReport[];
  };
  efforts: { planned: PictureEffort[]; ongoing: PictureEffort[]; done: PictureEffort[]; cancelled: PictureEffort[] };
  /** The frozen snapshot of this week, if there is one. */
  snapshot: { id: string; frozenAt: string } | null;
}

/** Why an area needs a longer effort (the ranking's reasons, each with its figure). */
export interface RankingReason {
  kind: 'volume' | 'severity' | 'trend' | 'repeat_places';
  value: number;
  /** The reason in Swedish, e.g. "42 rapporter (+60 % mot samma period i fjol)". */
  text: string;
}

export interface AreaRanking {
  area: { id: string; name: string } | null;
  rank: number;
  score: number;
  count: number;
  previous: number;
  reasons: RankingReason[];
}

export interface CrimeStatRow {
  month: string;
  area: { id: string; name: string };
  crimeType: string;
  count: number;
}

export interface PeriodAnalysisResponse extends PictureBase {
  /** The same period a year earlier. */
  comparison: PicturePeriod;
  /** Areas ranked by how much they need a longer effort, most first. */
  ranking: AreaRanking[];
  efforts: { byType: { type: EffortType; status: EffortStatus; count: number }[]; done: PictureEffort[] };
  /** Police-reported crime per area and type over the period and a year earlier: shown beside, never added to, the observations. */
  crime: { byArea: { area: { id: string; name: string }; byType: Record<string, number>; total: number; previousTotal: number }[]; months: string[] };
}

export interface PictureExclusionResponse {
  id: string;
  week: string;
  reportId: string;
  reason: string;
  excludedBy: OrganisationRef;
  createdAt: string;
}

export interface PictureSnapshotResponse {
  id: string;
  week: string;
  period: PicturePeriod;
  frozenAt: string;
  frozenBy: OrganisationRef;
  /** sha256 of the picture's JSON and of each file, hex. */
  contentHash: string;
  files: { format: PictureFileFormat; fileName: string; bytes: number; sha256: string }[];
}

export interface CrimeStatsUploadResponse {
  months: string[];
  rows: number;
}

/**
 * The picture a meeting's agenda works from: the last week ended before the meeting. Its frozen snapshot when there
 * is one (the joint view everyone at the meeting shares), else the live picture as the reader may see it.
 */
export interface AgendaPicture {
  week: string;
  snapshot: { id: string; frozenAt: string } | null;
  joint: boolean;
  total: CountChange;
  hotspots: PictureHotspot[];
}
