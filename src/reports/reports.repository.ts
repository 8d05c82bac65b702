import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { withCursor } from '../common/pagination.js';
import { SqlWhere } from '../common/sql-where.js';
import { type EffortRef, UNASSIGNED } from '#contracts';
import { restrictToVisible, type Viewer, visibleCondition, visibleIn } from '../common/visibility.js';
import { entityTable } from '../common/write/entity-table.js';
import type { Step, Values } from '../common/write/statement.js';
import type { Write } from '../common/write/write-path.js';
import { ReportCommentEntity } from './report-comment.entity.js';
import { type FieldChange, ReportHistoryEntity } from './report-history.entity.js';
import type { CommentView, HistoryView, ReportView } from './report.mapper.js';
import { ReportEntity } from './report.entity.js';

const reports = entityTable(ReportEntity);
const comments = entityTable(ReportCommentEntity);
const history = entityTable(ReportHistoryEntity);

const SELECT_REPORT = `SELECT ${reports.selectList('r')}, o.name AS "orgName", o.kind AS "orgKind", u.name AS "authorName",
    p.name AS "placeName", a.name AS "areaName", ao.name AS "assignedName", ao.kind AS "assignedKind",
    bo.name AS "answeredByName", bo.kind AS "answeredByKind"
  FROM reports r JOIN organisations o ON o.id = r.organisation_id JOIN users u ON u.id = r.author_id
  LEFT JOIN places p ON p.id = r.place_id LEFT JOIN areas a ON a.id = r.area_id
  LEFT JOIN organisations ao ON ao.id = r.assigned_to LEFT JOIN organisations bo ON bo.id = r.answered_by`;

const SELECT_COMMENT = `SELECT ${comments.selectList('c')}, o.name AS "orgName", o.kind AS "orgKind", u.name AS "authorName"
  FROM report_comments c JOIN organisations o ON o.id = c.organisation_id JOIN users u ON u.id = c.author_id`;

/** A keyset cursor's instant, to the microsecond, beside each row of a list. */
type Cursored<T> = T & { cursorAt: string };

export interface ReportFilters {
  areaId?: string;
  /** An organisation's id, or UNASSIGNED ('none'): given to no organisation. */
  assignedTo?: string;
  /** Reported more than this many hours ago (the triage queue's age filter). */
  olderThanHours?: number;
  placeId?: string;
  organisationId?: string;
  category?: string[];
  status?: string[];
  minSeverity?: number;
  from?: string;
  to?: string;
}

/** The facts of a report that decide who sees it and what its events match, as a locking step returns them. */
export type ReportFacts = Pick<ReportEntity, 'visibility' | 'organisationId' | 'sharedWith' | 'areaId' | 'placeId' | 'category' | 'severity'>;

/** The only place the reports context's SQL lives. Reads apply the visibility policy; writes are steps of a Write. */
@Injectable()
export class ReportsRepository {
  constructor(private readonly ds: DataSource) {}

  /** The report if `viewer` may see it. */
  async findVisible(viewer: Viewer, id: string): Promise<ReportView | undefined> {
    const where = restrictToVisible(new SqlWhere(), viewer, 'r').add('r.id = ?', id);
    const [row] = await this.ds.query<ReportView[]>(`${SELECT_REPORT} WHERE ${where}`, where.params);
    return row;
  }

  /** A page of the reports `viewer` may see, newest first, after the keyset `after` ([createdAt, id]). */
  list(viewer: Viewer, f: ReportFilters, after: (string | number)[] | undefined, limit: number): Promise<Cursored<ReportView>[]> {
    // A report merged into another has left the lists (it is still read by its id).
    const where = restrictToVisible(new SqlWhere(), viewer, 'r').raw('r.merged_into IS NULL')
      .add('r.area_id = ?', f.areaId)
      .add('r.assigned_to = ?', f.assignedTo === UNASSIGNED ? undefined : f.assignedTo)
      .add('r.created_at < now() - make_interval(hours => ?)', f.olderThanHours)
      .add('r.place_id = ?', f.placeId)
      .add('r.organisation_id = ?', f.organisationId)
      .add('r.category = ANY(?)', f.category)
      .add('r.status = ANY(?)', f.status)
      .add('r.severity >= ?', f.minSeverity)
      .add('r.observed_at >= ?', f.from)
      .add('r.observed_at < ?', f.to);
    if (f.assignedTo === UNASSIGNED) where.raw('r.assigned_to IS NULL');
    if (after) where.raw('(r.created_at, r.id) < ($1::timestamptz, $2::uuid)', after[0], after[1]);
    return this.ds.query(
      `${withCursor(SELECT_REPORT, 'r.created_at')} WHERE ${where} ORDER BY r.created_at DESC, r.id DESC LIMIT ${where.param(limit)}`,
      where.params,
    );
  }

  /** The reports of `ids` that `viewer` may see. */
  async findVisibleMany(viewer: Viewer, ids: string[]): Promise<ReportView[]> {
    const where = restrictToVisible(new SqlWhere(), viewer, 'r').add('r.id = ANY(?::uuid[])', ids);
    return this.ds.query<ReportView[]>(`${SELECT_REPORT} WHERE ${where}`, where.params);
  }

  /** A page of the reports linked to an effort that `viewer` may see, newest first. */
  linkedTo(viewer: Viewer, effortId: string, after: (string | number)[] | undefined, limit: number): Promise<Cursored<ReportView>[]> {
    const where = restrictToVisible(new SqlWhere(), viewer, 'r').add('r.id IN (SELECT er.report_id FROM effort_reports er WHERE er.effort_id = ?)', effortId);
    if (after) where.raw('(r.created_at, r.id) < ($1::timestamptz, $2::uuid)', after[0], after[1]);
    return this.ds.query(
      `${withCursor(SELECT_REPORT, 'r.created_at')} WHERE ${where} ORDER BY r.created_at DESC, r.id DESC LIMIT ${where.param(limit)}`,
      where.params,
    );
  }

  /**
   * The efforts that took a report up and that `viewer` may see (under the same policy: an effort's shared_with
   * lists its other organisations too). Read here, beside the report, so that the reports context needs nothing of
   * the efforts context's code (which depends on it).
   */
  effortsOf(viewer: Viewer, reportId: string): Promise<EffortRef[]> {
    return this.ds.query(
      `SELECT e.id, e.title, e.type, e.status, e.outcome FROM effort_reports er JOIN efforts e ON e.id = er.effort_id
       WHERE er.report_id = $3 AND ${visibleCondition('e', '$1', '$2')} ORDER BY e.planned_start, e.id`,
      [viewer.collaborationId, viewer.organisationId, reportId],
    );
  }

  history(reportId: string): Promise<HistoryView[]> {
    return this.ds.query(
      `SELECT ${history.selectList('h')}, u.name AS "actorName", o.name AS "orgName", o.kind AS "orgKind" FROM report_history h
       JOIN users u ON u.id = h.actor_id JOIN organisations o ON o.id = h.actor_organisation_id
       WHERE h.report_id = $1 ORDER BY h.id`,
      [reportId],
    );
  }

  /** A page of a report's comments, oldest first, after the keyset `after` ([createdAt, id]). */
  comments(reportId: string, after: (string | number)[] | undefined, limit: number): Promise<Cursored<CommentView>[]> {
    const where = new SqlWhere('c.report_id = $1', reportId);
    if (after) where.raw('(c.created_at, c.id) > ($1::timestamptz, $2::uuid)', after[0], after[1]);
    return this.ds.query(
      `${withCursor(SELECT_COMMENT, 'c.created_at')} WHERE ${where} ORDER BY c.created_at, c.id LIMIT ${where.param(limit)}`,
      where.params,
    );
  }

  /** Writes a new report (stamped with the write's seq) and its first history row. */
  insert(w: Write, report: Values<ReportEntity>, changes: FieldChange[]): Step<unknown> {
    const row = w.s.insert(ReportEntity, { ...report, seq: w.seq }, { guard: w.guard, returning: 'marker' });
    this.addHistory(w, report.id as string, 'created', changes, row);
    return row;
  }

  /**
   * Requires the report to be visible to the actor and still at `version`, locked until the write commits: a
   * concurrent change that commits first makes this find no row (the write is refused, never lost or doubled).
   */
  requireAtVersion(w: Write, actor: Actor, id: string, version: number): Step<{ id: string }> {
    const s = w.s;
    return w.require(s.select<{ id: string }>(s.sql`SELECT r.id FROM reports r
      WHERE ${visibleIn(s, actor, 'r')} AND r.id = ${id}::uuid AND r.version = ${version}::int FOR UPDATE OF r`));
  }

  /**
   * Requires a report to merge into: visible to the actor, still at `version` (its audience as checked), not itself
   * merged; share-locked until the write commits.
   */
  requireMergeTarget(w: Write, actor: Actor, id: string, version: number): Step<{ id: string }> {
    const s = w.s;
    return w.require(s.select<{ id: string }>(s.sql`SELECT r.id FROM reports r
      WHERE ${visibleIn(s, actor, 'r')} AND r.id = ${id}::uuid AND r.version = ${version}::int AND r.merged_into IS NULL FOR SHARE OF r`));
  }

  /** Writes the new state of a report (stamped with the seq of its event, by default the write's first) and its history row. */
  update(w: Write, id: string, next: Values<ReportEntity>, changes: FieldChange[], seq = w.seq): Step<unknown> {
    const s = w.s;
    const row = s.update(ReportEntity, { ...next, seq, version: s.sql`t.version + 1` }, s.sql`t.id = ${id}::uuid`, { guard: w.guard, returning: 'marker' });
    this.addHistory(w, id, 'updated', changes, row);
    return row;
  }

  /**
   * Requires the report to be visible to the actor, share-locked until the write commits, and returns its audience
   * facts: a comment's event then carries them as they are at commit (a narrowing that commits first wins).
   */
  requireFacts(w: Write, actor: Actor, reportId: string): Step<ReportFacts> {
    const s = w.s;
    return w.require(s.select<ReportFacts>(s.sql`SELECT r.visibility AS "visibility", r.organisation_id AS "organisationId",
        r.shared_with AS "sharedWith", r.area_id AS "areaId", r.place_id AS "placeId", r.category AS "category", r.severity AS "severity"
      FROM reports r WHERE ${visibleIn(s, actor, 'r')} AND r.id = ${reportId}::uuid FOR SHARE OF r`));
  }

  insertComment(w: Write, comment: Values<ReportCommentEntity>): Step<unknown> {
    return w.s.insert(ReportCommentEntity, { ...comment, seq: w.seq }, { guard: w.guard, returning: 'marker' });
  }

  private addHistory(w: Write, reportId: string, action: ReportHistoryEntity['action'], changes: FieldChange[], after: Step<unknown>): void {
    w.s.insert(ReportHistoryEntity, {
      collaborationId: w.collaborationId, reportId, actorId: w.actor!.id, actorOrganisationId: w.actor!.organisationId, action, changes,
    }, { guard: [after], returning: 'marker' });
  }
}

