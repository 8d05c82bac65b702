import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LIMITS } from '#contracts';
import type { Actor } from '../common/actor.js';
import { isCoordinator } from '../common/actor.js';
import { withCursor } from '../common/pagination.js';
import { SqlWhere } from '../common/sql-where.js';
import { type Viewer, visibleCondition } from '../common/visibility.js';
import { entityTable } from '../common/write/entity-table.js';
import type { Step, Values } from '../common/write/statement.js';
import type { Write } from '../common/write/write-path.js';
import { MeetingDecisionEntity } from './meeting-decision.entity.js';
import { MeetingItemEntity } from './meeting-item.entity.js';
import { MeetingEntity } from './meeting.entity.js';
import type { AgendaEffortRow, AgendaReportRow, HotspotRow, MeetingDecisionView, MeetingItemView, MeetingView } from './meeting.mapper.js';
import { HOTSPOT_MIN_REPORTS, MEETING_TIME_ZONE } from './meeting.rules.js';

const meetings = entityTable(MeetingEntity);
const items = entityTable(MeetingItemEntity);

const TZ = `'${MEETING_TIME_ZONE}'`;
const OPEN_REPORT = `r.status IN ('new', 'acknowledged', 'in_progress')`;
const OPEN_EFFORT = `e.status IN ('planned', 'ongoing')`;

const SELECT_MEETING = `SELECT ${meetings.selectList('m')}, u.name AS "creatorName", u.organisation_id AS "creatorOrganisationId",
    to_char(m.starts_at AT TIME ZONE ${TZ}, 'IYYY-"W"IW') AS week,
    (SELECT coalesce(json_agg(json_build_object('id', o.id, 'name', o.name, 'kind', o.kind)), '[]') FROM organisations o
      WHERE o.id = ANY(m.organisation_ids)) AS organisations,
    (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name)), '[]') FROM areas a WHERE a.id = ANY(m.area_ids)) AS areas
  FROM meetings m JOIN users u ON u.id = m.created_by`;
/** `mayRead` (meeting.rules.ts) in SQL, for lists: $1, $2 the reader's collaboration and organisation, $3 whether a coordinator. */
const READABLE = `m.collaboration_id = $1 AND ($3::boolean OR $2::uuid = ANY(m.organisation_ids))`;

/** The bounds of a meeting's agenda: its ISO week (Europe/Stockholm), and the two four-week periods before it. */
export interface AgendaPeriod {
  week: string;
  startsAt: Date;
  weekStart: Date;
  weekEnd: Date;
  hotspotsFrom: Date;
  previousFrom: Date;
}

/** What an agenda is computed over: the meeting's period and the areas it is narrowed to (none: all). */
export interface AgendaScope {
  period: AgendaPeriod;
  areaIds: string[];
}

type Cursored<T> = T & { cursorAt: string };

/**
 * The only place the meetings context's SQL lives. Meetings are read by the people of the organisations present and
 * by coordinators; the agenda reads reports and efforts (as reports.repository reads effort_reports) under the
 * visibility policy of the caller, so it never shows a record the caller may not see.
 */
@Injectable()
export class MeetingsRepository {
  constructor(private readonly ds: DataSource) {}

  /** The meeting of the collaboration (who may read it is the service's rule, `mayRead`). */
  async find(collaborationId: string, id: string): Promise<MeetingView | undefined> {
    const [row] = await this.ds.query<MeetingView[]>(`${SELECT_MEETING} WHERE m.collaboration_id = $1 AND m.id = $2`, [collaborationId, id]);
    return row;
  }

  /** A page of the meetings `actor` may read, latest first, after the keyset `after` ([startsAt, id]). */
  list(actor: Actor, f: { kind?: string; from?: string; to?: string }, after: (string | number)[] | undefined, limit: number): Promise<Cursored<MeetingView>[]> {
    const where = new SqlWhere(READABLE, actor.collaborationId, actor.organisationId, isCoordinator(actor))
      .add('m.kind = ?', f.kind)
      .add('m.starts_at >= ?', f.from)
      .add('m.starts_at < ?', f.to);
    if (after) where.raw('(m.starts_at, m.id) < ($1::timestamptz, $2::uuid)', after[0], after[1]);
    return this.ds.query(
      `${withCursor(SELECT_MEETING, 'm.starts_at')} WHERE ${where}
       ORDER BY m.starts_at DESC, m.id DESC LIMIT ${where.param(limit)}`,
      where.params,
    );
  }

  /** The items of the meetings, in order; a report or effort referred to shows its id only if `viewer` may see it. */
  items(viewer: Viewer, meetingIds: string[]): Promise<MeetingItemView[]> {
    const list = items.selectList('i').replace('i.ref_id AS "refId", ', '');
    return this.ds.query(
      `SELECT ${list}, CASE i.kind
           WHEN 'report' THEN (SELECT r.id FROM reports r WHERE r.id = i.ref_id AND ${visibleCondition('r', '$1', '$2')})
           WHEN 'effort' THEN (SELECT e.id FROM efforts e WHERE e.id = i.ref_id AND ${visibleCondition('e', '$1', '$2')})
           ELSE i.ref_id END AS "visibleRefId"
       FROM meeting_items i WHERE i.meeting_id = ANY($3::uuid[]) ORDER BY i.meeting_id, i.position`,
      [viewer.collaborationId, viewer.organisationId, meetingIds],
    );
  }

  /** The decisions of the meetings, oldest first, each with its effort if `viewer` may see it (never its effort key). */
  decisions(viewer: Viewer, meetingIds: string[], decisionId?: string): Promise<MeetingDecisionView[]> {
    return this.ds.query(
      `SELECT d.id, d.collaboration_id AS "collaborationId", d.meeting_id AS "meetingId", d.text, d.owner_organisation_id AS "ownerOrganisationId",
         o.name AS "ownerName", o.kind AS "ownerKind", d.due_at AS "dueAt", d.created_by AS "createdBy", d.created_at AS "createdAt",
         d.effort_id IS NOT NULL AS converted, e.id AS "effortRefId", e.title AS "effortTitle", e.type AS "effortType",
         e.status AS "effortStatus", e.outcome AS "effortOutcome"
       FROM meeting_decisions d JOIN organisations o ON o.id = d.owner_organisation_id
         LEFT JOIN efforts e ON e.id = d.effort_id AND ${visibleCondition('e', '$1', '$2')}
       WHERE d.meeting_id = ANY($3::uuid[]) AND ($4::uuid IS NULL OR d.id = $4::uuid) ORDER BY d.created_at, d.id`,
      [viewer.collaborationId, viewer.organisationId, meetingIds, decisionId ?? null],
    );
  }

  /** The meeting's week (ISO, Europe/Stockholm, so a week starts on Monday at 00:00 local time) and the periods before it. */
  async period(startsAt: Date): Promise<AgendaPeriod> {
    const [row] = await this.ds.query<AgendaPeriod[]>(
      `SELECT to_char(l, 'IYYY-"W"IW') AS week, $1::timestamptz AS "startsAt",
         date_trunc('week', l) AT TIME ZONE ${TZ} AS "weekStart",
         (date_trunc('week', l) + interval '1 week') AT TIME ZONE ${TZ} AS "weekEnd",
         (l - interval '4 weeks') AT TIME ZONE ${TZ} AS "hotspotsFrom",
         (l - interval '8 weeks') AT TIME ZONE ${TZ} AS "previousFrom"
       FROM (SELECT $1::timestamptz AT TIME ZONE ${TZ} AS l) x`,
      [startsAt],
    );
    return row;
  }

  /** Open reports `viewer` may see, observed before the end of the meeting's week, counted by severity. */
  openReportCounts(viewer: Viewer, a: AgendaScope): Promise<{ severity: number; n: number }[]> {
    return this.ds.query(
      `SELECT r.severity, count(*)::int AS n FROM reports r
       WHERE ${visibleCondition('r', '$1', '$2')} AND ${OPEN_REPORT} AND r.observed_at < $3 AND (cardinality($4::uuid[]) = 0 OR r.area_id = ANY($4::uuid[]))
       GROUP BY r.severity`,
      [viewer.collaborationId, viewer.organisationId, a.period.weekEnd, a.areaIds],
    );
  }

  /** The most severe of those open reports, newest first within a severity. */
  topOpenReports(viewer: Viewer, a: AgendaScope): Promise<AgendaReportRow[]> {
    return this.ds.query(
      `SELECT r.id, r.category, r.severity, r.status, r.observed_at AS "observedAt", r.place_id AS "placeId", p.name AS "placeName",
         r.area_id AS "areaId", ar.name AS "areaName"
       FROM reports r LEFT JOIN places p ON p.id = r.place_id LEFT JOIN areas ar ON ar.id = r.area_id
       WHERE ${visibleCondition('r', '$1', '$2')} AND ${OPEN_REPORT} AND r.observed_at < $3 AND (cardinality($4::uuid[]) = 0 OR r.area_id = ANY($4::uuid[]))
       ORDER BY r.severity DESC, r.observed_at DESC, r.id LIMIT $5`,
      [viewer.collaborationId, viewer.organisationId, a.period.weekEnd, a.areaIds, LIMITS.agendaTop],
    );
  }

  /**
   * Places (or, for reports without a place, their area) by how many reports `viewer` may see were observed there in
   * the four weeks before the meeting, with the count of the four weeks before those: at least HOTSPOT_MIN_REPORTS.
   * Whatever their status: a hotspot is where things happen, handled or not.
   */
  hotspotCounts(viewer: Viewer, a: AgendaScope): Promise<HotspotRow[]> {
    return this.ds.query(
      `SELECT g."placeId", p.name AS "placeName", g."areaId", ar.name AS "areaName", g.count, g."previousCount", g.categories
       FROM (
         SELECT r.place_id AS "placeId", (array_agg(r.area_id ORDER BY r.observed_at DESC))[1] AS "areaId",
           count(*) FILTER (WHERE r.observed_at >= $3)::int AS count,
           count(*) FILTER (WHERE r.observed_at < $3)::int AS "previousCount",
           coalesce(array_agg(DISTINCT r.category) FILTER (WHERE r.observed_at >= $3), '{}') AS categories
         FROM reports r
         WHERE ${visibleCondition('r', '$1', '$2')} AND (r.place_id IS NOT NULL OR r.area_id IS NOT NULL)
           AND r.observed_at >= $4 AND r.observed_at < $5 AND (cardinality($6::uuid[]) = 0 OR r.area_id = ANY($6::uuid[]))
         GROUP BY r.place_id, CASE WHEN r.place_id IS NULL THEN r.area_id END
         HAVING count(*) FILTER (WHERE r.observed_at >= $3) >= $7
       ) g LEFT JOIN places p ON p.id = g."placeId" LEFT JOIN areas ar ON ar.id = g."areaId"
       ORDER BY g.count DESC, g."previousCount" DESC, coalesce(p.name, ar.name), coalesce(g."placeId", g."areaId") LIMIT $8`,
      [viewer.collaborationId, viewer.organisationId, a.period.hotspotsFrom, a.period.previousFrom, a.period.startsAt, a.areaIds,
        HOTSPOT_MIN_REPORTS, LIMITS.agendaTop],
    );
  }

  /**
   * Planned or ongoing efforts `viewer` may see: `overdue`, followed up before the meeting started; `due`, the others
   * whose follow-up or planned end falls in the meeting's week.
   */
  efforts(viewer: Viewer, a: AgendaScope, which: 'due' | 'overdue'): Promise<AgendaEffortRow[]> {
    const { startsAt, weekStart, weekEnd } = a.period;
    const when = which === 'overdue'
      ? new SqlWhere('e.follow_up_at < $1', startsAt)
      : new SqlWhere(`NOT coalesce(e.follow_up_at < $1, false)
          AND ((e.follow_up_at >= $2 AND e.follow_up_at < $3) OR (e.planned_end >= $2 AND e.planned_end < $3))`, startsAt, weekStart, weekEnd);
    const where = new SqlWhere(visibleCondition('e', '$1', '$2'), viewer.collaborationId, viewer.organisationId)
      .raw(`${OPEN_EFFORT} AND (cardinality($1::uuid[]) = 0 OR e.area_ids && $1::uuid[])`, a.areaIds)
      .raw(when.toString(), ...when.params);
    return this.ds.query(
      `SELECT e.id, e.title, e.type, e.status, e.follow_up_at AS "followUpAt", e.planned_end AS "plannedEnd",
         o.id AS "orgId", o.name AS "orgName", o.kind AS "orgKind"
       FROM efforts e JOIN organisations o ON o.id = e.organisation_id
       WHERE ${where} ORDER BY least(e.follow_up_at, e.planned_end), e.id LIMIT ${where.param(LIMITS.listDefault)}`,
      where.params,
    );
  }

  /** Whether an agenda item may refer to `id`: a report or effort `viewer` may see, or a place or area (a hotspot). */
  async refExists(viewer: Viewer, kind: 'hotspot' | 'report' | 'effort', id: string): Promise<boolean> {
    const rows = kind === 'hotspot'
      ? await this.ds.query(`SELECT 1 FROM places WHERE id = $2 AND collaboration_id = $1
                             UNION ALL SELECT 1 FROM areas WHERE id = $2 AND collaboration_id = $1`, [viewer.collaborationId, id])
      : await this.ds.query(`SELECT 1 FROM ${kind === 'report' ? 'reports' : 'efforts'} x WHERE x.id = $3 AND ${visibleCondition('x', '$1', '$2')}`,
        [viewer.collaborationId, viewer.organisationId, id]);
    return rows.length > 0;
  }

  /**
   * Runs `work` holding the decision locked (it stays so until `work` is done and its final write committed), with
   * the decision as it is then (undefined: no such decision of this meeting and collaboration).
   */
  withDecisionLocked<T>(collaborationId: string, meetingId: string, decisionId: string,
    work: (m: EntityManager, d: Pick<MeetingDecisionEntity, 'id' | 'text' | 'ownerOrganisationId' | 'dueAt' | 'effortId' | 'effortKey'> | undefined) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (m) => {
      const [d] = await m.query(
        `SELECT id, text, owner_organisation_id AS "ownerOrganisationId", due_at AS "dueAt", effort_id AS "effortId", effort_key AS "effortKey"
         FROM meeting_decisions WHERE id = $1 AND meeting_id = $2 AND collaboration_id = $3 FOR NO KEY UPDATE`,
        [decisionId, meetingId, collaborationId],
      );
      return work(m, d);
    });
  }

  /**
   * The effort an earlier try created under the Idempotency-Key `key` (by whoever tried: the keys of the write path
   * are per user), if it exists in the collaboration.
   */
  async effortUnderKey(m: EntityManager, collaborationId: string, key: string): Promise<string | undefined> {
    const [row] = await m.query<{ id: string }[]>(
      `SELECT f.id FROM idempotency_keys k JOIN efforts f ON f.id::text = k.response_body->>'id'
       WHERE k.key = $1 AND k.scope = 'effort.create' AND f.collaboration_id = $2 LIMIT 1`,
      [key, collaborationId],
    );
    return row?.id;
  }

  insertMeeting(w: Write, meeting: Values<MeetingEntity>): Step<unknown> {
    return w.s.insert(MeetingEntity, meeting, { guard: w.guard, returning: 'marker' });
  }

  /**
   * Requires the meeting (of the writer's collaboration), locked until the write commits, and takes its next version:
   * items and decisions recorded at once each get their own (an item's position is the version it made).
   */
  nextVersion(w: Write, meetingId: string): Step<MeetingEntity> {
    const s = w.s;
    w.require(s.select<{ id: string }>(s.sql`SELECT m.id FROM meetings m
      WHERE m.id = ${meetingId}::uuid AND m.collaboration_id = ${w.collaborationId}::uuid FOR NO KEY UPDATE OF m`));
    return s.update(MeetingEntity, { version: s.sql`t.version + 1` }, s.sql`t.id = ${meetingId}::uuid`, { guard: w.guard });
  }

  insertItem(w: Write, item: Omit<Values<MeetingItemEntity>, 'position'>, version: Step<MeetingEntity>): Step<unknown> {
    return w.s.insert(MeetingItemEntity, { ...item, position: version.col('version') }, { guard: [version], returning: 'marker' });
  }

  insertDecision(w: Write, decision: Values<MeetingDecisionEntity>, version: Step<MeetingEntity>): Step<unknown> {
    return w.s.insert(MeetingDecisionEntity, decision, { guard: [version], returning: 'marker' });
  }

  /** Records the effort a decision became; requires the decision still without one, locked until the write commits. */
  setEffort(w: Write, meetingId: string, decisionId: string, effortId: string): Step<unknown> {
    const s = w.s;
    w.require(s.select<{ id: string }>(s.sql`SELECT d.id FROM meeting_decisions d
      WHERE d.id = ${decisionId}::uuid AND d.meeting_id = ${meetingId}::uuid AND d.collaboration_id = ${w.collaborationId}::uuid
        AND d.effort_id IS NULL FOR NO KEY UPDATE OF d`));
    return s.update(MeetingDecisionEntity, { effortId }, s.sql`t.id = ${decisionId}::uuid`, { guard: w.guard, returning: 'marker' });
  }
}
