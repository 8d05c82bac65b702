import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import pg, { type PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { CSV_COLUMNS, CSV_FORMULA_STARTS, type CsvColumn } from './exporters/picture-csv.js';
import type { PictureReportRow as ExportReportRow } from './exporters/picture-geojson.js';
import { REPORT_STATUS_LABEL } from './exporters/swedish.js';
import {
  DEFAULT_CATEGORY_LABELS_SV, PICTURE_TIME_ZONE, type Category, type EffortStatus, type EffortType, type OrganisationKind, type PictureFileFormat, type PicturePeriod, type ReportStatus, type WeeklyPictureResponse,
} from '#contracts';
import type { Actor } from '../common/actor.js';
import { SqlWhere } from '../common/sql-where.js';
import { type Viewer, visibleCondition, visibleIn } from '../common/visibility.js';
import type { Step, Values } from '../common/write/statement.js';
import type { Write } from '../common/write/write-path.js';
import { PictureExclusionEntity } from './picture-exclusion.entity.js';
import { PictureSnapshotEntity, PictureSnapshotFileEntity } from './picture-snapshot.entity.js';
import { CELL_DEGREES_LAT, HOTSPOT_LIMIT, HOTSPOT_MIN_REPORTS } from './picture.rules.js';

/**
 * Whose picture: an organisation's view (the visibility policy of every read), or the joint view of a frozen
 * snapshot, what every partner of the collaboration may see (`partners` visibility only), so that everyone at the
 * weekly meeting can open the same frozen files.
 */
export interface PictureAudience {
  collaborationId: string;
  /** null: the joint view. */
  organisationId: string | null;
}

/** What a picture counts: the audience, the areas (a meeting's agenda may name several) and categories it is narrowed to. */
export interface PictureScope {
  audience: PictureAudience;
  areaIds: string[] | null;
  categories: Category[] | null;
}

export interface TimeRange {
  from: string;
  to: string;
}

export interface BucketCountRow {
  bucket: number;
  category: Category;
  areaId: string | null;
  n: number;
}

export interface HotspotRow {
  key: string;
  placeId: string | null;
  placeName: string | null;
  areaId: string | null;
  areaName: string | null;
  lat: number;
  lng: number;
  /** Counts per range, in the order of the ranges given (the last the current one). */
  counts: number[];
  categories: Category[];
  weekday: number;
  hour: number;
  maxSeverity: number;
}

export interface AreaStats {
  areaId: string | null;
  count: number;
  severe: number;
  repeatPlaces: number;
}

export interface PictureReportRow {
  id: string;
  category: Category;
  severity: number;
  status: ReportStatus;
  observedAt: Date;
  placeId: string | null;
  placeName: string | null;
  areaId: string | null;
  areaName: string | null;
  lat: number;
  lng: number;
  orgId: string;
  orgName: string;
  orgKind: OrganisationKind;
  description: string;
}

export interface PictureEffortRow {
  id: string;
  title: string;
  type: EffortType;
  status: EffortStatus;
  mode: 'joint' | 'separate';
  organisations: { id: string; name: string; kind: OrganisationKind }[];
  plannedStart: Date;
  plannedEnd: Date | null;
  actualStart: Date | null;
  actualEnd: Date | null;
  outcome: string | null;
  reports: { id: string; category: Category; severity: number }[];
  actions: { kind: string; count: number }[];
}

const TZ = `'${PICTURE_TIME_ZONE}'`;
// With reportsIn's `merged_into IS NULL`, the predicate of ix_reports_open: keep them alike, or the index goes unused.
const OPEN = `r.status IN ('new', 'acknowledged', 'in_progress')`;

/** The audience's visibility of `alias` (a report or effort), with its placeholders taken from `w`. */
function seenBy(w: SqlWhere, a: PictureAudience, alias: string): string {
  const collaboration = w.param(a.collaborationId);
  return a.organisationId === null
    ? `(${alias}.collaboration_id = ${collaboration} AND ${alias}.visibility = 'partners')`
    : visibleCondition(alias, collaboration, `${w.param(a.organisationId)}::uuid`);
}

/**
 * The reports a picture counts, observed in one of `ranges`: seen by the audience, not merged into another (the one
 * it joined counts), within the area and categories, and not left out in review.
 */
function reportsIn(s: PictureScope, ranges: TimeRange[], alias = 'r', excluded = false): SqlWhere {
  const w = new SqlWhere();
  w.clause(seenBy(w, s.audience, alias));
  // One OR of index ranges: PostgreSQL scans each range of ix_reports_observed, not the months between them.
  w.clause(`(${ranges.map((r) => `(${alias}.observed_at >= ${w.param(r.from)} AND ${alias}.observed_at < ${w.param(r.to)})`).join(' OR ')})`);
  w.clause(`${alias}.merged_into IS NULL`);
  if (s.areaIds) w.clause(`${alias}.area_id = ANY(${w.param(s.areaIds)}::uuid[])`);
  if (s.categories) w.clause(`${alias}.category = ANY(${w.param(s.categories)}::text[])`);
  w.clause(`${excluded ? '' : 'NOT '}EXISTS (SELECT 1 FROM picture_exclusions x WHERE x.report_id = ${alias}.id)`);
  return w;
}

/**
 * Which of `ranges` (1-based, in the order given) a report's time falls in, as one array lookup: the ranges' bounds
 * sorted into `width_bucket`'s thresholds, and a map from each bucket to its range (null for a gap between ranges).
 */
function rangeIndex(w: SqlWhere, ranges: TimeRange[], alias = 'r'): string {
  const bounds = [...new Set(ranges.flatMap((r) => [r.from, r.to]))].sort((a, b) => Date.parse(a) - Date.parse(b));
  const map = bounds.slice(0, -1).map((b) => {
    const i = ranges.findIndex((r) => r.from === b);
    return i < 0 ? null : i + 1;
  });
  return `(${w.param(map)}::int[])[width_bucket(${alias}.observed_at, ${w.param(bounds)}::timestamptz[])]`;
}

/** The local (Stockholm) ISO weekday 1-7 and hour 0-23 of `alias`'s observation. */
const localDow = (alias = 'r') => `extract(isodow FROM ${alias}.observed_at AT TIME ZONE ${TZ})::int`;
const localHour = (alias = 'r') => `extract(hour FROM ${alias}.observed_at AT TIME ZONE ${TZ})::int`;

/**
 * The grid cell of a point (picture.rules.ts): the row from latitude; the column from longitude scaled by the
 * cosine of the row's middle latitude, so cells are about square and tile without overlap.
 */
const CELL_KEY = `CASE WHEN r.place_id IS NOT NULL THEN 'place:' || r.place_id::text ELSE 'cell:' || floor(r.lat / ${CELL_DEGREES_LAT})::bigint || ':'
  || floor(r.lng * cos(radians((floor(r.lat / ${CELL_DEGREES_LAT}) + 0.5) * ${CELL_DEGREES_LAT})) / ${CELL_DEGREES_LAT})::bigint END`;

/**
 * The only place the picture's SQL lives. Every aggregate is one GROUP BY over the reports in the picture's ranges
 * under the audience's visibility, so that nothing a reader may not see is ever counted, and a week of a million-row
 * collaboration is an index range scan of that week.
 */
@Injectable()
export class PicturesRepository {
  constructor(private readonly ds: DataSource) {}

  /** Reports per range, category and area. */
  countsByRange(s: PictureScope, ranges: TimeRange[]): Promise<BucketCountRow[]> {
    const w = reportsIn(s, ranges);
    const bucket = rangeIndex(w, ranges);
    return this.ds.query(
      `SELECT ${bucket} AS bucket, r.category, r.area_id AS "areaId", count(*)::int AS n FROM reports r WHERE ${w} GROUP BY 1, 2, 3`,
      w.params,
    );
  }

  /**
   * Reports of the range by local weekday (1-7) and hour. Counted per UTC hour first, and only those hours turned into
   * Stockholm time: its offset is always whole hours, so an hour's reports share its local weekday and hour, and a
   * tertial needs about 3,000 time-zone conversions instead of one per report (at a million reports: 300 -> 30 ms).
   */
  weekdayHour(s: PictureScope, range: TimeRange): Promise<{ dow: number; hour: number; n: number }[]> {
    const w = reportsIn(s, [range]);
    return this.ds.query(
      `SELECT ${localDow('h')} AS dow, ${localHour('h')} AS hour, sum(h.n)::int AS n
       FROM (SELECT date_bin('1 hour', r.observed_at, 'epoch') AS observed_at, count(*) AS n FROM reports r WHERE ${w} GROUP BY 1) h
       GROUP BY 1, 2`,
      w.params,
    );
  }

  /**
   * Places and grid cells with their counts per range (the last range is the current one, the others what it is
   * classed against): those with at least HOTSPOT_MIN_REPORTS now or on average before, busiest first.
   *
   * In two steps, because only HOTSPOT_LIMIT of them are shown: the counts per place or cell (one hash aggregate over
   * the ranges' reports) choose and order the hotspots; then only the reports of those are read again (from the
   * CTE, not the table) for where each is, its categories, severity and usual weekday and hour. Describing every
   * place and cell first (a window over all the reports, a sort by key, three ordered-set aggregates and two time-zone
   * conversions per report) took 245 ms for the 29,000 reports of five busy weeks and 1.0-2.5 s for two tertials of
   * a million-report collaboration.
   */
  hotspots(s: PictureScope, ranges: TimeRange[]): Promise<HotspotRow[]> {
    const w = reportsIn(s, ranges);
    const current = ranges.length;
    const earlierRanges = Math.max(1, ranges.length - 1);
    // Whether a report lies in each range, tested range by range (not rangeIndex's one bucket per report): a period
    // of more than a year overlaps the same period a year earlier, and a report of both counts in both.
    const inRange = ranges.map((r, i) => `(r.observed_at >= ${w.param(r.from)}::timestamptz AND r.observed_at < ${w.param(r.to)}::timestamptz) AS in${i + 1}`);
    const counts = ranges.map((_, i) => `count(*) FILTER (WHERE b.in${i + 1})::int`);
    // Where a hotspot is shown and what it is: from its current reports, or (a place that calmed down) all of them;
    // only those are joined, so the earlier ranges' reports of a hotspot active now are neither sorted nor aggregated.
    const now = `b.in${current} OR k.counts[${current}] = 0`;
    const busiest = `k.counts[${current}] DESC, (SELECT sum(c) FROM unnest(k.counts) c) DESC, k.key`;
    return this.ds.query(
      `WITH b AS MATERIALIZED (
         SELECT ${CELL_KEY} AS key, ${inRange.join(', ')}, r.place_id, r.area_id, r.lat, r.lng, r.category, r.severity, r.observed_at
         FROM reports r WHERE ${w}
       ), k AS (
         SELECT * FROM (
           SELECT b.key, ARRAY[${counts.join(', ')}] AS counts FROM b GROUP BY b.key
           HAVING ${counts[current - 1]} >= ${HOTSPOT_MIN_REPORTS}
             OR (${current > 1} AND ${current > 1 ? counts.slice(0, -1).join(' + ') : '0'} >= ${HOTSPOT_MIN_REPORTS * earlierRanges})
         ) k ORDER BY ${busiest} LIMIT ${HOTSPOT_LIMIT}
       ), g AS (
         SELECT k.key, k.counts, (array_agg(b.place_id))[1] AS "placeId", mode() WITHIN GROUP (ORDER BY b.area_id) AS "areaId",
           avg(b.lat) AS lat, avg(b.lng) AS lng,
           array_agg(b.category ORDER BY b.category) FILTER (WHERE b.in${current}) AS categories,
           mode() WITHIN GROUP (ORDER BY ${localDow('b')}) AS weekday, mode() WITHIN GROUP (ORDER BY ${localHour('b')}) AS hour,
           max(b.severity) AS "maxSeverity"
         FROM k JOIN b ON b.key = k.key AND (${now}) GROUP BY k.key, k.counts
       )
       SELECT k.key, k."placeId", p.name AS "placeName", k."areaId", a.name AS "areaName", k.lat, k.lng, k.counts,
         coalesce(k.categories, '{}') AS categories, k.weekday, k.hour, k."maxSeverity"
       FROM g k LEFT JOIN places p ON p.id = k."placeId" LEFT JOIN areas a ON a.id = k."areaId"
       ORDER BY ${busiest}`,
      w.params,
    );
  }

  /** Open reports observed before `before`, by severity. */
  openCounts(s: PictureScope, before: string): Promise<{ severity: number; n: number }[]> {
    const w = reportsIn(s, [{ from: '-infinity', to: before }]);
    return this.ds.query(`SELECT r.severity, count(*)::int AS n FROM reports r WHERE ${w} AND ${OPEN} GROUP BY 1`, w.params);
  }

  /** The most severe open reports observed before `before`, newest first within a severity. */
  openReports(s: PictureScope, before: string, limit: number): Promise<PictureReportRow[]> {
    const w = reportsIn(s, [{ from: '-infinity', to: before }]);
    return this.ds.query(`${SELECT_REPORT} WHERE ${w} AND ${OPEN} ORDER BY r.severity DESC, r.observed_at DESC, r.id LIMIT ${w.param(limit)}`, w.params);
  }

  /** The reports of the range, oldest first, up to `limit`. */
  reports(s: PictureScope, range: TimeRange, limit: number): Promise<PictureReportRow[]> {
    const w = reportsIn(s, [range]);
    return this.ds.query(`${SELECT_REPORT} WHERE ${w} ORDER BY r.observed_at, r.id LIMIT ${w.param(limit)}`, w.params);
  }

  /**
   * Every report of the range, oldest first, streamed from a cursor (pg-query-stream) in batches: an export of a
   * million rows holds one batch in memory, not the million. The connection goes back to the pool when the
   * iteration ends, fails or is abandoned (a client that hangs up mid-download).
   */
  async *streamReports(s: PictureScope, range: TimeRange): AsyncGenerator<ExportReportRow> {
    const w = reportsIn(s, [range]);
    const runner = this.ds.createQueryRunner('slave');
    const client = (await runner.connect()) as PoolClient;
    // Rows already in the exporters' shape: no mapping layer per row between the cursor and the file.
    const stream = client.query(new QueryStream(`${SELECT_EXPORT_ROW} WHERE ${w} ORDER BY r.observed_at, r.id`, w.params, { batchSize: 1000 }));
    try {
      yield* stream as AsyncIterable<ExportReportRow>;
    } finally {
      // Abandoned midway: close the cursor before the connection goes back to the pool.
      if (!stream.destroyed) await new Promise((resolve) => stream.once('close', resolve).destroy());
      await runner.release();
    }
  }

  /**
   * Every report of the range, oldest first, as the CSV file itself, written by PostgreSQL (`COPY (SELECT ...) TO
   * STDOUT (FORMAT csv)` through pg-copy-streams): the server only passes bytes on, at the speed its reader takes
   * them (TCP backpressure holds PostgreSQL back), in flat memory. Why not rows through csv-stringify: at a million
   * reports that kept Node's one thread about 95 % busy for 20 s per export (under 50,000 rows/s), while every live
   * feed on the node waited its turn; COPY writes 200,000 rows/s and leaves the thread free (bench/RESULTS.md).
   *
   * The columns are the CSV's format (exporters/picture-csv.ts says why it is so): Swedish headers and labels, the
   * time in Stockholm as `YYYY-MM-DD HH:mm`, six decimals with a decimal comma, free text guarded against formulas.
   * COPY takes no parameters: the filter's values are written in as quoted literals (SqlWhere.inline), and so are the
   * collaboration's category labels (`categoryLabels`, code to Swedish label; a code without one is written as it is).
   *
   * The connection goes back to the pool when the file ends; when it fails or its reader goes away midway, the
   * connection is closed instead, since it is still in the middle of a COPY.
   */
  async copyReportsCsv(s: PictureScope, range: TimeRange, categoryLabels: Readonly<Record<string, string>> = DEFAULT_CATEGORY_LABELS_SV): Promise<Readable> {
    const w = reportsIn(s, [range]);
    const sql = w.inline(`${selectCsvRow(categoryLabels)} WHERE ${w} ORDER BY r.observed_at, r.id`);
    const client = (await (this.ds.driver as PostgresDriver).master.connect()) as PoolClient;
    let released = false;
    const release = (broken?: Error) => {
      if (released) return;
      released = true;
      client.release(broken);
    };
    let copy: Readable;
    try {
      copy = client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv, DELIMITER ';', HEADER)`));
    } catch (e) {
      release(e as Error);
      throw e;
    }
    copy.once('end', () => release());
    copy.once('error', (e) => release(e));
    copy.once('close', () => release(copy.readableEnded ? undefined : new Error('CSV export abandoned midway')));
    return copy;
  }

  /**
   * Efforts the audience may see that were under way in the range: begun (actually, else as planned) before it ends
   * and not ended (actually, else as planned; open-ended if neither) before it begins. With the linked reports the
   * audience may see and the actions recorded in the range, summed per kind.
   */
  efforts(s: PictureScope, range: TimeRange, limit: number): Promise<PictureEffortRow[]> {
    const w = new SqlWhere();
    w.clause(seenBy(w, s.audience, 'e'));
    const from = w.param(range.from);
    const to = w.param(range.to);
    w.clause(`coalesce(e.actual_start, e.planned_start) < ${to} AND coalesce(e.actual_end, e.planned_end, 'infinity') >= ${from}`);
    if (s.areaIds) w.clause(`e.area_ids && ${w.param(s.areaIds)}::uuid[]`);
    const reportSeen = seenBy(w, s.audience, 'r');
    return this.ds.query(
      `SELECT e.id, e.title, e.type, e.status, e.mode, e.planned_start AS "plannedStart", e.planned_end AS "plannedEnd",
         e.actual_start AS "actualStart", e.actual_end AS "actualEnd", e.outcome,
         (SELECT json_agg(json_build_object('id', o.id, 'name', o.name, 'kind', o.kind) ORDER BY array_position(e.organisation_ids, o.id))
            FROM organisations o WHERE o.id = ANY(e.organisation_ids)) AS organisations,
         (SELECT coalesce(json_agg(json_build_object('id', r.id, 'category', r.category, 'severity', r.severity) ORDER BY r.observed_at, r.id), '[]')
            FROM effort_reports er JOIN reports r ON r.id = er.report_id WHERE er.effort_id = e.id AND ${reportSeen}) AS reports,
         (SELECT coalesce(json_agg(json_build_object('kind', x.kind, 'count', x.n) ORDER BY x.kind), '[]') FROM (
            SELECT a.kind, sum(coalesce(a.count, 1))::int AS n FROM effort_actions a
            WHERE a.effort_id = e.id AND a.at >= ${from} AND a.at < ${to} GROUP BY a.kind) x) AS actions
       FROM efforts e WHERE ${w}
       ORDER BY coalesce(e.actual_start, e.planned_start), e.id LIMIT ${w.param(limit)}`,
      w.params,
    );
  }

  /** Efforts under way in the range by type and status (period analyses). */
  effortCounts(s: PictureScope, range: TimeRange): Promise<{ type: EffortType; status: EffortStatus; count: number }[]> {
    const w = new SqlWhere();
    w.clause(seenBy(w, s.audience, 'e'));
    w.clause(`coalesce(e.actual_start, e.planned_start) < ${w.param(range.to)} AND coalesce(e.actual_end, e.planned_end, 'infinity') >= ${w.param(range.from)}`);
    if (s.areaIds) w.clause(`e.area_ids && ${w.param(s.areaIds)}::uuid[]`);
    return this.ds.query(`SELECT e.type, e.status, count(*)::int AS count FROM efforts e WHERE ${w} GROUP BY 1, 2 ORDER BY 1, 2`, w.params);
  }

  /** Reports the audience may see that were left out of the ranges in review (counted, never shown). */
  async excludedCount(s: PictureScope, ranges: TimeRange[]): Promise<number> {
    const w = reportsIn(s, ranges, 'r', true);
    const [row] = await this.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM reports r WHERE ${w}`, w.params);
    return row.n;
  }

  /** Per area: reports, severe ones, and places or cells with at least `repeatMin` reports in the range. */
  areaStats(s: PictureScope, range: TimeRange, severeFrom: number, repeatMin: number): Promise<AreaStats[]> {
    const w = reportsIn(s, [range]);
    return this.ds.query(
      `SELECT g."areaId", sum(g.n)::int AS count, sum(g.severe)::int AS severe, (count(*) FILTER (WHERE g.n >= ${w.param(repeatMin)}))::int AS "repeatPlaces"
       FROM (SELECT r.area_id AS "areaId", ${CELL_KEY} AS key, count(*) AS n, count(*) FILTER (WHERE r.severity >= ${w.param(severeFrom)}) AS severe
             FROM reports r WHERE ${w} GROUP BY 1, 2) g
       GROUP BY 1`,
      w.params,
    );
  }
}

const SELECT_REPORT = `SELECT r.id, r.category, r.severity, r.status, r.observed_at AS "observedAt", r.place_id AS "placeId", p.name AS "placeName",
    r.area_id AS "areaId", a.name AS "areaName", r.lat, r.lng, o.id AS "orgId", o.name AS "orgName", o.kind AS "orgKind", r.description
  FROM reports r JOIN organisations o ON o.id = r.organisation_id LEFT JOIN places p ON p.id = r.place_id LEFT JOIN areas a ON a.id = r.area_id`;

/** A report as the GeoJSON exporter takes it (exporters/picture-geojson.ts `PictureReportRow`). */
const SELECT_EXPORT_ROW = `SELECT r.id, r.observed_at AS "observedAt", r.category, r.severity, r.status, p.name AS "placeName", a.name AS "areaName",
    o.name AS "organisationName", r.lat, r.lng, r.description
  FROM reports r JOIN organisations o ON o.id = r.organisation_id LEFT JOIN places p ON p.id = r.place_id LEFT JOIN areas a ON a.id = r.area_id`;

/** Writes `column` (free text a partner wrote) with a leading apostrophe when it begins like a formula (OWASP). */
const formulaSafe = (column: string) =>
  `CASE WHEN left(${column}, 1) IN (${CSV_FORMULA_STARTS.map((c) => pg.escapeLiteral(c)).join(', ')}) THEN '''' || ${column} ELSE ${column} END`;
/** `column`'s code as its Swedish label. */
const labelled = (column: string, labels: Record<string, string>) =>
  `CASE ${column} ${Object.entries(labels).map(([code, label]) => `WHEN ${pg.escapeLiteral(code)} THEN ${pg.escapeLiteral(label)}`).join(' ')} ELSE ${column} END`;
const decimalComma = (column: string) => `replace(round(${column}::numeric, 6)::text, '.', ',')`;
const csvCells: Record<Exclude<CsvColumn, 'category'>, string> = {
  id: 'r.id',
  observedAt: `to_char(r.observed_at AT TIME ZONE ${TZ}, 'YYYY-MM-DD HH24:MI')`,
  severity: 'r.severity',
  status: labelled('r.status', REPORT_STATUS_LABEL),
  place: formulaSafe('p.name'),
  area: formulaSafe('a.name'),
  organisation: formulaSafe('o.name'),
  lat: decimalComma('r.lat'),
  lng: decimalComma('r.lng'),
  description: formulaSafe('r.description'),
};
/** The CSV's SELECT, with the collaboration's category labels (a code without a label is written as it is). */
const selectCsvRow = (categoryLabels: Readonly<Record<string, string>>) => {
  const cell = (key: CsvColumn) => (key === 'category' ? labelled('r.category', { ...DEFAULT_CATEGORY_LABELS_SV, ...categoryLabels }) : csvCells[key]);
  return `SELECT ${CSV_COLUMNS.map((c) => `${cell(c.key)} AS ${pg.escapeIdentifier(c.header)}`).join(', ')}
  FROM reports r JOIN organisations o ON o.id = r.organisation_id LEFT JOIN places p ON p.id = r.place_id LEFT JOIN areas a ON a.id = r.area_id`;
};

/** The picture's writes, each a step of the one write path (common/write). */
@Injectable()
export class PictureWritesRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Leaves a report out of a week: only one the coordinator may see, observed in that week, not merged, and only
   * while the week is not frozen (all checked, share-locked, in the statement).
   */
  exclude(w: Write, actor: Actor, row: { id: string; reportId: string; week: string; from: string; to: string; reason: string }): Step<PictureExclusionEntity> {
    const s = w.s;
    const held = w.require(s.select<{ id: string }>(s.sql`SELECT r.id FROM reports r
      WHERE ${visibleIn(s, actor, 'r')} AND r.id = ${row.reportId}::uuid AND r.merged_into IS NULL
        AND r.observed_at >= ${row.from}::timestamptz AND r.observed_at < ${row.to}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM picture_snapshots ps WHERE ps.collaboration_id = r.collaboration_id AND ps.week = ${row.week})
      FOR SHARE OF r`));
    return s.insert(PictureExclusionEntity, {
      id: row.id, collaborationId: actor.collaborationId, reportId: row.reportId, week: row.week, reason: row.reason,
      organisationId: actor.organisationId, createdBy: actor.id,
    }, { guard: [held, ...w.guard], onConflictDoNothing: true });
  }

  /** Takes an exclusion back, while the week is not frozen. */
  include(w: Write, actor: Actor, week: string, reportId: string): Step<{ id: string }> {
    const s = w.s;
    return s.select<{ id: string }>(s.sql`DELETE FROM picture_exclusions x USING reports r
      WHERE x.report_id = ${reportId}::uuid AND x.week = ${week} AND x.collaboration_id = ${actor.collaborationId}::uuid
        AND r.id = x.report_id AND ${visibleIn(s, actor, 'r')}
        AND NOT EXISTS (SELECT 1 FROM picture_snapshots ps WHERE ps.collaboration_id = x.collaboration_id AND ps.week = x.week)
      RETURNING x.id`);
  }

  /** A frozen week and its files; nothing when the week is already frozen. */
  freeze(w: Write, snapshot: Values<PictureSnapshotEntity>, files: Values<PictureSnapshotFileEntity>[]): Step<PictureSnapshotEntity> {
    const s = w.s;
    const row = s.insert(PictureSnapshotEntity, snapshot, { guard: w.guard, onConflictDoNothing: true });
    for (const f of files) s.insert(PictureSnapshotFileEntity, f, { guard: [row], returning: 'marker' });
    return row;
  }

  /** Exclusions of a week the reader may see (the excluded report is visible to them). */
  exclusions(viewer: Viewer, week: string): Promise<ExclusionRow[]> {
    return this.ds.query(
      `SELECT x.id, x.week, x.report_id AS "reportId", x.reason, x.created_at AS "createdAt", o.id AS "orgId", o.name AS "orgName", o.kind AS "orgKind"
       FROM picture_exclusions x JOIN reports r ON r.id = x.report_id JOIN organisations o ON o.id = x.organisation_id
       WHERE x.collaboration_id = $1 AND x.week = $3 AND ${visibleCondition('r', '$1', '$2')} ORDER BY x.created_at, x.id`,
      [viewer.collaborationId, viewer.organisationId, week],
    );
  }

  snapshots(collaborationId: string): Promise<SnapshotRow[]> {
    return this.ds.query(`${SELECT_SNAPSHOT} WHERE ps.collaboration_id = $1 ORDER BY ps.week DESC`, [collaborationId]);
  }

  /** The picture a snapshot froze. */
  async snapshotPicture(id: string): Promise<WeeklyPictureResponse> {
    const [row] = await this.ds.query<{ picture: WeeklyPictureResponse }[]>('SELECT picture FROM picture_snapshots WHERE id = $1', [id]);
    return row.picture;
  }

  async snapshot(collaborationId: string, by: { id: string } | { week: string }): Promise<SnapshotRow | undefined> {
    const [row] = await this.ds.query<SnapshotRow[]>(
      `${SELECT_SNAPSHOT} WHERE ps.collaboration_id = $1 AND ${'id' in by ? 'ps.id = $2::uuid' : 'ps.week = $2'}`, [collaborationId, 'id' in by ? by.id : by.week]);
    return row;
  }

  async file(snapshotId: string, format: string): Promise<{ fileName: string; content: Buffer } | undefined> {
    const [row] = await this.ds.query<{ fileName: string; content: Buffer }[]>(
      'SELECT file_name AS "fileName", content FROM picture_snapshot_files WHERE snapshot_id = $1 AND format = $2', [snapshotId, format]);
    return row;
  }
}

export interface ExclusionRow {
  id: string;
  week: string;
  reportId: string;
  reason: string;
  createdAt: Date;
  orgId: string;
  orgName: string;
  orgKind: OrganisationKind;
}

export interface SnapshotRow {
  id: string;
  week: string;
  period: PicturePeriod;
  contentHash: string;
  frozenAt: Date;
  orgId: string;
  orgName: string;
  orgKind: OrganisationKind;
  files: { format: PictureFileFormat; fileName: string; bytes: number; sha256: string }[];
}

const SELECT_SNAPSHOT = `SELECT ps.id, ps.week, ps.picture -> 'period' AS period, ps.content_hash AS "contentHash", ps.frozen_at AS "frozenAt",
    o.id AS "orgId", o.name AS "orgName", o.kind AS "orgKind",
    (SELECT json_agg(json_build_object('format', f.format, 'fileName', f.file_name, 'bytes', octet_length(f.content), 'sha256', f.sha256) ORDER BY f.format)
       FROM picture_snapshot_files f WHERE f.snapshot_id = ps.id) AS files
  FROM picture_snapshots ps JOIN organisations o ON o.id = ps.frozen_by_organisation`;
