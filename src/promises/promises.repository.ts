import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Category, CommitmentTargetKind, EffortStatus, EffortType, OrganisationKind } from '#contracts';
import { visibleCondition } from '../common/visibility.js';
import { type EntityClass, entityTable } from '../common/write/entity-table.js';
import { Sql, type Step, type Values } from '../common/write/statement.js';
import type { Write } from '../common/write/write-path.js';
import { PromiseCommitmentEntity } from './promise-commitment.entity.js';
import { PromiseFocusAreaEntity } from './promise-focus-area.entity.js';
import { PromiseEntity } from './promise.entity.js';
import { PROMISE_TIME_ZONE } from './promise.rules.js';

const promises = entityTable(PromiseEntity);
const TZ = `'${PROMISE_TIME_ZONE}'`;

/** Whose view a count is of: a reader's (their organisation's, by the visibility policy) or the joint one (`partners` only). */
export type CountView = { kind: 'reader'; collaborationId: string; organisationId: string } | { kind: 'joint'; collaborationId: string };

/** Local days (YYYY-MM-DD, both included) of what is counted: efforts and actions over from..to, reports from..countedTo vs previousFrom..previousTo. */
export interface CountPeriod {
  from: string;
  to: string;
  countedTo: string;
  previousFrom: string;
  previousTo: string;
}

export interface PromiseRow extends PromiseEntity {
  creatorName: string;
  creatorOrganisationId: string;
}

export interface FocusAreaRow {
  id: string;
  promiseId: string;
  position: number;
  title: string;
  text: string;
}

export interface CommitmentRow {
  id: string;
  promiseId: string;
  focusAreaId: string;
  position: number;
  text: string;
  ownerOrganisationId: string;
  ownerName: string;
  ownerKind: OrganisationKind;
  effortTypes: EffortType[];
  areas: { id: string; name: string }[];
  categories: Category[];
  targetKind: CommitmentTargetKind;
  targetCount: number | null;
  dueAt: string;
}

export interface EffortCountRow {
  commitmentId: string;
  status: EffortStatus;
  type: EffortType | null;
  organisationId: string | null;
  organisationName: string | null;
  organisationKind: OrganisationKind | null;
  n: number;
}

export interface ActionCountRow {
  commitmentId: string;
  kind: string | null;
  organisationId: string | null;
  organisationName: string | null;
  organisationKind: OrganisationKind | null;
  total: number;
}

export interface ReportCountDbRow {
  /** A commitment's or a focus area's id. */
  ownerId: string;
  category: Category;
  areaId: string | null;
  areaName: string | null;
  current: number;
  previous: number;
}

export interface PlanEffortRow {
  id: string;
  title: string;
  type: EffortType;
  status: EffortStatus;
  outcome: string | null;
  plannedStart: string;
  plannedEnd: string | null;
  actualEnd: string | null;
  followUpAt: string | null;
  visibility: string;
  organisations: { id: string; name: string; kind: OrganisationKind }[];
  areas: { id: string; name: string }[];
  categories: Category[];
}

/** A list of rows for one jsonb_to_recordset parameter, keyed by column name; the column types come from the entity. */
function recordset<E>(entity: EntityClass<E>, props: (keyof E & string)[]): { columns: string; definition: string; row: (v: Partial<E>) => Record<string, unknown> } {
  const t = entityTable(entity);
  const cols = props.map((p) => t.columns.get(p)!);
  return {
    columns: cols.map((c) => c.name).join(', '),
    definition: cols.map((c) => `${c.name} ${c.type}`).join(', '),
    row: (v) => Object.fromEntries(props.map((p, i) => [cols[i].name, v[p] ?? null])),
  };
}

const FOCUS_COLUMNS: (keyof PromiseFocusAreaEntity & string)[] = ['id', 'position', 'title', 'text'];
const COMMITMENT_COLUMNS: (keyof PromiseCommitmentEntity & string)[] = [
  'id', 'focusAreaId', 'position', 'text', 'ownerOrganisationId', 'effortTypes', 'areaIds', 'categories', 'targetKind', 'targetCount', 'dueAt',
];

/**
 * SQL with named parameters (`@name`), as `pg` takes it: each name becomes $n in order of first use, and only the
 * values used are sent (PostgreSQL cannot type a parameter a statement never uses).
 */
function named(sql: string, values: Record<string, unknown>): [string, unknown[]] {
  const order: string[] = [];
  const text = sql.replace(/@([a-zA-Z]\w*)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for @${name}`);
    if (!order.includes(name)) order.push(name);
    return `$${order.indexOf(name) + 1}`;
  });
  return [text, order.map((n) => values[n])];
}

/** The instant a local day begins (Europe/Stockholm), for an SQL date expression. */
const dayStart = (date: string) => `((${date})::timestamp AT TIME ZONE ${TZ})`;
/** The instant after a local day ends. */
const dayEnd = (date: string) => `((${date} + 1)::timestamp AT TIME ZONE ${TZ})`;

/**
 * Whether effort `e` is one a commitment `c` covers: of its effort types (none: all, but a reports trend that names no
 * type covers no effort: it is about reports) and in its areas (none: all), an effort being in an area it names or
 * that one of its places lies in.
 */
const COVERS = `(cardinality(c.effort_types) > 0 OR c.target_kind <> 'reports_trend')
  AND (cardinality(c.effort_types) = 0 OR e.type = ANY(c.effort_types))
  AND (cardinality(c.area_ids) = 0 OR e.area_ids && c.area_ids
       OR EXISTS (SELECT 1 FROM places pl WHERE pl.id = ANY(e.place_ids) AND pl.area_id = ANY(c.area_ids)))`;
/** Whether report `r` is one a commitment `c` follows: of its categories and in its areas (none: all). */
const FOLLOWS = `(cardinality(c.categories) = 0 OR r.category = ANY(c.categories)) AND (cardinality(c.area_ids) = 0 OR r.area_id = ANY(c.area_ids))`;
/** An effort's day in a period: when it began, or was planned to. */
const EFFORT_AT = 'coalesce(e.actual_start, e.planned_start)';

/**
 * The only place the promises context's SQL lives (the documents' own: documents/documents.repository.ts). Progress is
 * never stored: it is counted here from efforts, effort_actions and reports (read as meetings and pictures read them:
 * SQL of this context under the visibility policy of the reader, or the joint view for documents), each count one
 * GROUP BY over the commitments of the promises asked about.
 */
@Injectable()
export class PromisesRepository {
  constructor(private readonly ds: DataSource) {}

  /** The local year of the collaboration's first report or effort (null: it holds none yet). */
  async firstDataYear(collaborationId: string): Promise<number | null> {
    const [row] = await this.ds.query<{ year: number | null }[]>(
      `SELECT extract(year FROM least(
          (SELECT min(observed_at) FROM reports WHERE collaboration_id = $1),
          (SELECT min(planned_start) FROM efforts WHERE collaboration_id = $1)) AT TIME ZONE ${TZ})::int AS year`,
      [collaborationId],
    );
    return row?.year ?? null;
  }

  async find(collaborationId: string, id: string): Promise<PromiseRow | undefined> {
    const [row] = await this.ds.query<PromiseRow[]>(
      `SELECT ${promises.selectList('p')}, u.name AS "creatorName", u.organisation_id AS "creatorOrganisationId"
       FROM promises p JOIN users u ON u.id = p.created_by WHERE p.collaboration_id = $1 AND p.id = $2`,
      [collaborationId, id],
    );
    return row;
  }

  /** A page of the collaboration's promises (those whose years include `year`), newest year first. */
  list(collaborationId: string, year: number | undefined, after: (string | number)[] | undefined, limit: number): Promise<PromiseRow[]> {
    const params: unknown[] = [collaborationId, year ?? null, limit];
    let keyset = '';
    if (after) {
      params.push(after[0], after[1]);
      keyset = ' AND (p.year, p.id) < ($4::int, $5::uuid)';
    }
    return this.ds.query(
      `SELECT ${promises.selectList('p')}, u.name AS "creatorName", u.organisation_id AS "creatorOrganisationId"
       FROM promises p JOIN users u ON u.id = p.created_by
       WHERE p.collaboration_id = $1 AND ($2::int IS NULL OR $2::int BETWEEN p.year AND p.to_year)${keyset}
       ORDER BY p.year DESC, p.id DESC LIMIT $3`,
      params,
    );
  }

  /** The focus areas and commitments of the promises, in order, each commitment with its owner and areas named. */
  async parts(promiseIds: string[]): Promise<{ focusAreas: FocusAreaRow[]; commitments: CommitmentRow[] }> {
    const [focusAreas, commitments] = await Promise.all([
      this.ds.query<FocusAreaRow[]>(
        `SELECT id, promise_id AS "promiseId", position, title, text FROM promise_focus_areas WHERE promise_id = ANY($1::uuid[])
         ORDER BY promise_id, position`,
        [promiseIds],
      ),
      this.ds.query<CommitmentRow[]>(
        `SELECT c.id, c.promise_id AS "promiseId", c.focus_area_id AS "focusAreaId", c.position, c.text,
           c.owner_organisation_id AS "ownerOrganisationId", o.name AS "ownerName", o.kind AS "ownerKind", c.effort_types AS "effortTypes",
           (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name) ORDER BY array_position(c.area_ids, a.id)), '[]')
              FROM areas a WHERE a.id = ANY(c.area_ids)) AS areas,
           c.categories, c.target_kind AS "targetKind", c.target_count AS "targetCount", to_char(c.due_at, 'YYYY-MM-DD') AS "dueAt"
         FROM promise_commitments c JOIN organisations o ON o.id = c.owner_organisation_id
         WHERE c.promise_id = ANY($1::uuid[]) ORDER BY c.promise_id, c.position`,
        [promiseIds],
      ),
    ]);
    return { focusAreas, commitments };
  }

  /** The ids of the focus areas and commitments a promise has now (PATCH keeps those it names again). */
  async partIds(promiseId: string): Promise<{ focusAreas: string[]; commitments: string[] }> {
    const [row] = await this.ds.query<{ focusAreas: string[]; commitments: string[] }[]>(
      `SELECT (SELECT coalesce(array_agg(id), '{}') FROM promise_focus_areas WHERE promise_id = $1) AS "focusAreas",
              (SELECT coalesce(array_agg(id), '{}') FROM promise_commitments WHERE promise_id = $1) AS "commitments"`,
      [promiseId],
    );
    return row;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Writes: each one statement of the write path.

  insertPromise(w: Write, promise: Values<PromiseEntity>): Step<PromiseEntity> {
    return w.s.insert(PromiseEntity, promise, { guard: w.guard });
  }

  /** Requires the promise at `version` (of the writer's collaboration), locked until the write commits; moves it on. */
  updatePromise(w: Write, id: string, version: number, set: Values<PromiseEntity>): Step<PromiseEntity> {
    const s = w.s;
    w.require(s.select<{ id: string }>(s.sql`SELECT p.id FROM promises p
      WHERE p.id = ${id}::uuid AND p.collaboration_id = ${w.collaborationId}::uuid AND p.version = ${version}::int FOR NO KEY UPDATE OF p`));
    return s.update(PromiseEntity, { ...set, version: s.sql`t.version + 1`, updatedAt: s.sql`date_trunc('milliseconds', now())` },
      s.sql`t.id = ${id}::uuid`, { guard: w.guard });
  }

  /**
   * Writes the promise's focus areas and commitments as given: those it had and names again are updated, the others
   * deleted, new ones inserted; every row touched by one step only (the steps of one statement share a snapshot and
   * their order is PostgreSQL's). Foreign keys are checked at the statement's end, when every step has run.
   */
  writeParts(w: Write, promiseId: string, existing: { focusAreas: string[]; commitments: string[] },
    focusAreas: Omit<PromiseFocusAreaEntity, 'collaborationId' | 'promiseId'>[],
    commitments: Omit<PromiseCommitmentEntity, 'collaborationId' | 'promiseId'>[]): void {
    const fixed = { collaborationId: w.collaborationId, promiseId };
    const keptFocus = focusAreas.filter((f) => existing.focusAreas.includes(f.id));
    const keptCommitments = commitments.filter((c) => existing.commitments.includes(c.id));
    if (existing.commitments.length) this.deleteRows(w, 'promise_commitments', promiseId, keptCommitments.map((c) => c.id));
    if (existing.focusAreas.length) this.deleteRows(w, 'promise_focus_areas', promiseId, keptFocus.map((f) => f.id));
    this.upsertRows(w, PromiseFocusAreaEntity, FOCUS_COLUMNS, keptFocus, 'update', promiseId);
    this.upsertRows(w, PromiseCommitmentEntity, COMMITMENT_COLUMNS, keptCommitments, 'update', promiseId);
    this.upsertRows(w, PromiseFocusAreaEntity, FOCUS_COLUMNS, focusAreas.filter((f) => !existing.focusAreas.includes(f.id)).map((f) => ({ ...fixed, ...f })), 'insert', promiseId);
    this.upsertRows(w, PromiseCommitmentEntity, COMMITMENT_COLUMNS, commitments.filter((c) => !existing.commitments.includes(c.id)).map((c) => ({ ...fixed, ...c })), 'insert', promiseId);
  }

  private deleteRows(w: Write, table: 'promise_commitments' | 'promise_focus_areas', promiseId: string, keep: string[]): void {
    const s = w.s;
    const guards = w.guard.map((g) => g.name).join(', ');
    s.select(new Sql(`DELETE FROM ${table} t${guards ? ` USING ${guards}` : ''} WHERE t.promise_id = ${s.param(promiseId, 'uuid').text}
      AND t.id <> ALL(${s.param(keep, 'uuid[]').text}) RETURNING 1 AS "written"`));
  }

  /** Inserts or updates rows of `entity` from one jsonb parameter (one step whatever their number). */
  private upsertRows<E>(w: Write, entity: EntityClass<E>, props: (keyof E & string)[], rows: Partial<E>[], how: 'insert' | 'update', promiseId: string): void {
    if (!rows.length) return;
    const s = w.s;
    const t = entityTable(entity);
    const all = how === 'insert' ? [...props, 'collaborationId', 'promiseId'] as (keyof E & string)[] : props;
    const r = recordset(entity, all);
    const data = s.param(rows.map(r.row), 'jsonb').text;
    // The write's guard (its requirements, or its Idempotency-Key) in FROM: nothing is written unless it held.
    const from = [...w.guard.map((g) => g.name), `jsonb_to_recordset(${data}) AS x(${r.definition})`].join(', ');
    if (how === 'insert') {
      s.select(new Sql(`INSERT INTO ${t.table} (${r.columns}) SELECT x.* FROM ${from} RETURNING 1 AS "written"`));
      return;
    }
    const set = props.filter((p) => p !== 'id').map((p) => `${t.columns.get(p)!.name} = x.${t.columns.get(p)!.name}`).join(', ');
    s.select(new Sql(`UPDATE ${t.table} t SET ${set} FROM ${from}
      WHERE t.id = x.id AND t.promise_id = ${s.param(promiseId, 'uuid').text} RETURNING 1 AS "written"`));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Progress: counted, never stored.

  /** The visibility condition of `alias` for the view (@collab the collaboration, @org the reader's organisation). */
  private visible(view: CountView, alias: string): string {
    return view.kind === 'joint' ? `(${alias}.collaboration_id = @collab AND ${alias}.visibility = 'partners')` : visibleCondition(alias, '@collab', '@org::uuid');
  }

  private query<R>(view: CountView, period: CountPeriod, sql: string, more: Record<string, unknown>): Promise<R> {
    return this.ds.query(...named(sql, {
      collab: view.collaborationId, org: view.kind === 'reader' ? view.organisationId : null,
      from: period.from, to: period.to, countedTo: period.countedTo, previousFrom: period.previousFrom, previousTo: period.previousTo, ...more,
    })) as Promise<R>;
  }

  /**
   * Efforts each commitment of the promises covers with their day in the period: per status and type, and (every effort
   * once per organisation taking part) per status and organisation.
   */
  effortCounts(view: CountView, period: CountPeriod, promiseIds: string[]): Promise<EffortCountRow[]> {
    return this.query(view, period,
      `SELECT g."commitmentId", g.status, g.type, g."organisationId", o.name AS "organisationName", o.kind AS "organisationKind", g.n FROM (
         SELECT c.id AS "commitmentId", e.status, CASE WHEN GROUPING(e.type) = 0 THEN e.type END AS type,
           CASE WHEN GROUPING(x.org) = 0 THEN x.org END AS "organisationId", count(DISTINCT e.id)::int AS n
         FROM promise_commitments c
         JOIN efforts e ON ${this.visible(view, 'e')} AND ${COVERS}
           AND ${EFFORT_AT} >= ${dayStart('@from::date')} AND ${EFFORT_AT} < ${dayEnd('@to::date')}
         CROSS JOIN LATERAL unnest(e.organisation_ids) AS x(org)
         WHERE c.promise_id = ANY(@promiseIds::uuid[]) AND c.collaboration_id = @collab
         GROUP BY GROUPING SETS ((c.id, e.status, e.type), (c.id, e.status, x.org))
       ) g LEFT JOIN organisations o ON o.id = g."organisationId"`,
      { promiseIds },
    );
  }

  /** Actions recorded in the period in the efforts each commitment covers (a count of null counts 1): per kind, and per organisation. */
  actionCounts(view: CountView, period: CountPeriod, promiseIds: string[]): Promise<ActionCountRow[]> {
    return this.query(view, period,
      `SELECT g."commitmentId", g.kind, g."organisationId", o.name AS "organisationName", o.kind AS "organisationKind", g.total FROM (
         SELECT c.id AS "commitmentId", CASE WHEN GROUPING(a.kind) = 0 THEN a.kind END AS kind,
           CASE WHEN GROUPING(a.organisation_id) = 0 THEN a.organisation_id END AS "organisationId", sum(coalesce(a.count, 1))::int AS total
         FROM promise_commitments c
         JOIN efforts e ON ${this.visible(view, 'e')} AND ${COVERS}
         JOIN effort_actions a ON a.effort_id = e.id AND a.at >= ${dayStart('@from::date')} AND a.at < ${dayEnd('@to::date')}
         WHERE c.promise_id = ANY(@promiseIds::uuid[]) AND c.collaboration_id = @collab
         GROUP BY GROUPING SETS ((c.id, a.kind), (c.id, a.organisation_id))
       ) g LEFT JOIN organisations o ON o.id = g."organisationId"`,
      { promiseIds },
    );
  }

  /** Reports each commitment follows, per category and area, in the period (up to countedTo) and in the comparison. */
  reportCounts(view: CountView, period: CountPeriod, promiseIds: string[]): Promise<ReportCountDbRow[]> {
    return this.query(view, period,
      `SELECT c.id AS "ownerId", ${REPORT_COLUMNS}
       FROM promise_commitments c JOIN reports r ON ${this.visible(view, 'r')} AND r.merged_into IS NULL AND ${FOLLOWS} AND ${REPORT_WINDOWS}
       LEFT JOIN areas ar ON ar.id = r.area_id
       WHERE c.promise_id = ANY(@promiseIds::uuid[]) AND c.collaboration_id = @collab
       GROUP BY c.id, r.category, r.area_id, ar.name`,
      { promiseIds },
    );
  }

  /**
   * Reports per focus area of the promise, per category and area: each report once that one of its commitments naming
   * categories follows (the focus area's problem), or, when none names any, that any of its commitments follows.
   */
  focusAreaReportCounts(view: CountView, period: CountPeriod, promiseId: string): Promise<ReportCountDbRow[]> {
    return this.query(view, period,
      `SELECT f.id AS "ownerId", ${REPORT_COLUMNS}
       FROM promise_focus_areas f JOIN reports r ON ${this.visible(view, 'r')} AND r.merged_into IS NULL AND ${REPORT_WINDOWS}
         AND EXISTS (SELECT 1 FROM promise_commitments c WHERE c.focus_area_id = f.id AND ${FOLLOWS}
           AND (cardinality(c.categories) > 0
                OR NOT EXISTS (SELECT 1 FROM promise_commitments n WHERE n.focus_area_id = f.id AND cardinality(n.categories) > 0)))
       LEFT JOIN areas ar ON ar.id = r.area_id
       WHERE f.promise_id = @promiseId::uuid AND f.collaboration_id = @collab
       GROUP BY f.id, r.category, r.area_id, ar.name`,
      { promiseId },
    );
  }

  /** Efforts of the period any commitment of the promise covers, each once, by status; and their actions of the period. */
  async promiseTotals(view: CountView, period: CountPeriod, promiseId: string): Promise<{ byStatus: { status: EffortStatus; n: number }[]; actions: number }> {
    const anyCommitment = `EXISTS (SELECT 1 FROM promise_commitments c WHERE c.promise_id = @promiseId::uuid AND ${COVERS})`;
    const [byStatus, [actions]] = await Promise.all([
      this.query<{ status: EffortStatus; n: number }[]>(view, period,
        `SELECT e.status, count(*)::int AS n FROM efforts e
         WHERE ${this.visible(view, 'e')} AND ${EFFORT_AT} >= ${dayStart('@from::date')} AND ${EFFORT_AT} < ${dayEnd('@to::date')} AND ${anyCommitment}
         GROUP BY e.status`, { promiseId }),
      this.query<{ total: number }[]>(view, period,
        `SELECT coalesce(sum(coalesce(a.count, 1)), 0)::int AS total FROM effort_actions a JOIN efforts e ON e.id = a.effort_id
         WHERE ${this.visible(view, 'e')} AND a.at >= ${dayStart('@from::date')} AND a.at < ${dayEnd('@to::date')} AND ${anyCommitment}`, { promiseId }),
    ]);
    return { byStatus, actions: actions.total };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The action plan's data: the joint view.

  /** The commitments of the promises whose years include `year`, in the order of their promises, focus areas and own. */
  planCommitments(collaborationId: string, year: number): Promise<(CommitmentRow & { focusAreaTitle: string })[]> {
    return this.ds.query(
      `SELECT c.id, c.promise_id AS "promiseId", c.focus_area_id AS "focusAreaId", f.title AS "focusAreaTitle", c.position, c.text,
         c.owner_organisation_id AS "ownerOrganisationId", o.name AS "ownerName", o.kind AS "ownerKind", c.effort_types AS "effortTypes",
         (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name) ORDER BY array_position(c.area_ids, a.id)), '[]')
            FROM areas a WHERE a.id = ANY(c.area_ids)) AS areas,
         c.categories, c.target_kind AS "targetKind", c.target_count AS "targetCount", to_char(c.due_at, 'YYYY-MM-DD') AS "dueAt"
       FROM promise_commitments c JOIN promise_focus_areas f ON f.id = c.focus_area_id JOIN promises p ON p.id = c.promise_id
         JOIN organisations o ON o.id = c.owner_organisation_id
       WHERE p.collaboration_id = $1 AND $2::int BETWEEN p.year AND p.to_year
       ORDER BY p.year, p.created_at, p.id, f.position, c.position`,
      [collaborationId, year],
    );
  }

  /**
   * The year's planned efforts shared with the whole collaboration: planned or ongoing, and under way in the year (its
   * start in it, or begun before it and not planned to end before it). With `ids`: those efforts, whatever their
   * status now (an action plan's follow-up), shared or not (the caller leaves out those no longer shared).
   */
  planEfforts(collaborationId: string, q: { year: number } | { ids: string[] }): Promise<PlanEffortRow[]> {
    const where = 'ids' in q
      ? 'e.collaboration_id = $1 AND e.id = ANY($2::uuid[])'
      : `e.collaboration_id = $1 AND e.visibility = 'partners' AND e.status IN ('planned', 'ongoing')
         AND ${EFFORT_AT} < ${dayStart("make_date($2::int + 1, 1, 1)")}
         AND coalesce(e.actual_end, e.planned_end, ${EFFORT_AT}) >= ${dayStart('make_date($2::int, 1, 1)')}`;
    return this.ds.query(
      `SELECT e.id, e.title, e.type, e.status, e.outcome, e.visibility, e.planned_start AS "plannedStart", e.planned_end AS "plannedEnd",
         e.actual_end AS "actualEnd", e.follow_up_at AS "followUpAt",
         (SELECT json_agg(json_build_object('id', o.id, 'name', o.name, 'kind', o.kind) ORDER BY array_position(e.organisation_ids, o.id))
            FROM organisations o WHERE o.id = ANY(e.organisation_ids)) AS organisations,
         (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name) ORDER BY a.name), '[]') FROM areas a
            WHERE a.id = ANY(e.area_ids) OR a.id IN (SELECT pl.area_id FROM places pl WHERE pl.id = ANY(e.place_ids))) AS areas,
         (SELECT coalesce(array_agg(x.category ORDER BY x.n DESC, x.category), '{}') FROM (
            SELECT r.category, count(*) AS n FROM effort_reports l JOIN reports r ON r.id = l.report_id
            WHERE l.effort_id = e.id AND r.visibility = 'partners' GROUP BY r.category) x) AS categories
       FROM efforts e WHERE ${where}
       ORDER BY e.planned_start, e.id`,
      [collaborationId, 'ids' in q ? q.ids : q.year],
    );
  }
}

const REPORT_COLUMNS = `r.category, r.area_id AS "areaId", ar.name AS "areaName",
  count(*) FILTER (WHERE r.observed_at >= ${dayStart('@from::date')})::int AS current,
  count(*) FILTER (WHERE r.observed_at < ${dayStart('@from::date')})::int AS previous`;
/** The period's reports (up to countedTo) and the comparison's; the comparison always ends before the period begins. */
const REPORT_WINDOWS = `((r.observed_at >= ${dayStart('@from::date')} AND r.observed_at < ${dayEnd('@countedTo::date')})
  OR (r.observed_at >= ${dayStart('@previousFrom::date')} AND r.observed_at < ${dayEnd('@previousTo::date')}))`;
