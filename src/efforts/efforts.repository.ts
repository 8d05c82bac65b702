import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { withCursor } from '../common/pagination.js';
import { SqlWhere } from '../common/sql-where.js';
import { restrictToVisible, type Viewer, visibleIn } from '../common/visibility.js';
import { entityTable } from '../common/write/entity-table.js';
import { Sql, type Step, type Values } from '../common/write/statement.js';
import type { Write } from '../common/write/write-path.js';
import { EffortActionEntity } from './effort-action.entity.js';
import { type EffortChange, EffortHistoryEntity } from './effort-history.entity.js';
import { EffortEntity } from './effort.entity.js';
import type { ActionView, EffortHistoryView, EffortView } from './effort.mapper.js';
import type { EffortListQuery } from './efforts.dto.js';

const efforts = entityTable(EffortEntity);
const actions = entityTable(EffortActionEntity);
const history = entityTable(EffortHistoryEntity);

const SELECT_EFFORT = `SELECT ${efforts.selectList('e')}, u.name AS "authorName",
    (SELECT coalesce(json_agg(json_build_object('id', o.id, 'name', o.name, 'kind', o.kind)), '[]') FROM organisations o
      WHERE o.id = ANY(e.organisation_ids)) AS organisations,
    (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name)), '[]') FROM areas a WHERE a.id = ANY(e.area_ids)) AS areas,
    (SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name)), '[]') FROM places p WHERE p.id = ANY(e.place_ids)) AS places,
    (SELECT count(*)::int FROM effort_reports er WHERE er.effort_id = e.id) AS "linkedReports"
  FROM efforts e JOIN users u ON u.id = e.author_id`;

type Cursored<T> = T & { cursorAt: string };

/** The facts of an effort that decide who sees it and what its events match, as a locking step returns them. */
export type EffortFacts = Pick<EffortEntity, 'id' | 'visibility' | 'organisationId' | 'sharedWith' | 'areaId' | 'placeId'>;

/** The only place the efforts context's SQL lives. Reads apply the visibility policy; writes are steps of a Write. */
@Injectable()
export class EffortsRepository {
  constructor(private readonly ds: DataSource) {}

  async findVisible(viewer: Viewer, id: string): Promise<EffortView | undefined> {
    const where = restrictToVisible(new SqlWhere(), viewer, 'e').add('e.id = ?', id);
    const [row] = await this.ds.query<EffortView[]>(`${SELECT_EFFORT} WHERE ${where}`, where.params);
    return row;
  }

  /** A page of the efforts `viewer` may see, newest first, after the keyset `after` ([createdAt, id]). */
  list(viewer: Viewer, f: EffortListQuery, after: (string | number)[] | undefined, limit: number): Promise<Cursored<EffortView>[]> {
    const where = restrictToVisible(new SqlWhere(), viewer, 'e')
      .add('e.status = ANY(?)', f.status)
      .add('e.type = ANY(?)', f.type)
      .add('?::uuid = ANY(e.area_ids)', f.areaId)
      .add('?::uuid = ANY(e.organisation_ids)', f.organisationId)
      .add('e.id IN (SELECT er.effort_id FROM effort_reports er WHERE er.report_id = ?)', f.reportId)
      .add('coalesce(e.actual_end, e.planned_end, e.actual_start, e.planned_start) >= ?', f.from)
      .add('coalesce(e.actual_start, e.planned_start) < ?', f.to);
    if (f.overdue !== undefined) {
      where.raw(`(e.follow_up_at < now() AND e.status IN ('planned', 'ongoing')) = $1`, f.overdue);
    }
    if (after) where.raw('(e.created_at, e.id) < ($1::timestamptz, $2::uuid)', after[0], after[1]);
    return this.ds.query(
      `${withCursor(SELECT_EFFORT, 'e.created_at')} WHERE ${where}
       ORDER BY e.created_at DESC, e.id DESC LIMIT ${where.param(limit)}`,
      where.params,
    );
  }

  history(effortId: string): Promise<EffortHistoryView[]> {
    return this.ds.query(
      `SELECT ${history.selectList('h')}, u.name AS "actorName", o.name AS "orgName", o.kind AS "orgKind" FROM effort_history h
       JOIN users u ON u.id = h.actor_id JOIN organisations o ON o.id = h.actor_organisation_id
       WHERE h.effort_id = $1 ORDER BY h.id`,
      [effortId],
    );
  }

  actions(effortId: string): Promise<ActionView[]> {
    return this.ds.query(
      `SELECT ${actions.selectList('x')}, o.name AS "orgName", o.kind AS "orgKind", u.name AS "authorName" FROM effort_actions x
       JOIN organisations o ON o.id = x.organisation_id JOIN users u ON u.id = x.author_id
       WHERE x.effort_id = $1 ORDER BY x.at, x.created_at, x.id`,
      [effortId],
    );
  }

  /** Which of `reportIds` are linked to the effort already. */
  async linked(effortId: string, reportIds: string[]): Promise<string[]> {
    const rows = await this.ds.query<{ id: string }[]>(
      'SELECT report_id AS id FROM effort_reports WHERE effort_id = $1 AND report_id = ANY($2::uuid[])', [effortId, reportIds],
    );
    return rows.map((r) => r.id);
  }

  insert(w: Write, effort: Values<EffortEntity>, changes: EffortChange[]): Step<unknown> {
    const row = w.s.insert(EffortEntity, { ...effort, seq: w.seq }, { guard: w.guard, returning: 'marker' });
    this.addHistory(w, effort.id as string, 'created', changes, row);
    return row;
  }

  /** Requires the effort visible to the actor and still at `version`, locked until the write commits. */
  requireAtVersion(w: Write, actor: Actor, id: string, version: number): Step<{ id: string }> {
    const s = w.s;
    return w.require(s.select<{ id: string }>(s.sql`SELECT e.id FROM efforts e
      WHERE ${visibleIn(s, actor, 'e')} AND e.id = ${id}::uuid AND e.version = ${version}::int FOR UPDATE OF e`));
  }

  /** Writes the new state of an effort (stamped with the write's first seq, one version on) and its history row. */
  update(w: Write, id: string, next: Values<EffortEntity>, action: EffortHistoryEntity['action'], changes: EffortChange[]): Step<unknown> {
    const s = w.s;
    const row = s.update(EffortEntity, { ...next, seq: w.seq, version: s.sql`t.version + 1` }, s.sql`t.id = ${id}::uuid`, { guard: w.guard, returning: 'marker' });
    this.addHistory(w, id, action, changes, row);
    return row;
  }

  /** Links reports to the effort (those already linked stay as they are). */
  link(w: Write, effortId: string, reportIds: string[], after: Step<unknown>): Step<unknown> {
    const s = w.s;
    return s.select(s.sql`INSERT INTO effort_reports (effort_id, report_id, collaboration_id, linked_by)
      SELECT ${effortId}::uuid, x, ${w.collaborationId}::uuid, ${w.actor!.id}::uuid FROM unnest(${reportIds}::uuid[]) x, ${new Sql(after.name)}
      ON CONFLICT DO NOTHING RETURNING 1 AS "written"`);
  }

  unlink(w: Write, effortId: string, reportId: string, after: Step<unknown>): Step<unknown> {
    const s = w.s;
    return s.select(s.sql`DELETE FROM effort_reports er USING ${new Sql(after.name)}
      WHERE er.effort_id = ${effortId}::uuid AND er.report_id = ${reportId}::uuid RETURNING 1 AS "written"`);
  }

  /**
   * Requires the effort visible to the actor, share-locked until the write commits, and returns its audience facts
   * as they are then: the event of a record that belongs to the effort (an action) takes them, so it reaches exactly
   * who may see the effort at commit (a concurrent narrowing is waited for and re-read).
   */
  requireFacts(w: Write, actor: Actor, id: string): Step<EffortFacts> {
    const s = w.s;
    return w.require(s.select<EffortFacts>(s.sql`SELECT e.id AS "id", e.visibility AS "visibility", e.organisation_id AS "organisationId",
        e.shared_with AS "sharedWith", e.area_id AS "areaId", e.place_id AS "placeId"
      FROM efforts e WHERE ${visibleIn(s, actor, 'e')} AND e.id = ${id}::uuid FOR SHARE OF e`));
  }

  /** An organisation's action, and a line of the effort's history about it. */
  insertAction(w: Write, action: Values<EffortActionEntity>): Step<unknown> {
    // Guarded by the write's guard: its requirements, and its Idempotency-Key when it has one (a retry adds nothing).
    const row = w.s.insert(EffortActionEntity, action, { guard: w.guard, returning: 'marker' });
    const at = action.at instanceof Date ? action.at.toISOString() : null;
    this.addHistory(w, action.effortId as string, 'action', [
      { field: 'actions', from: null, to: { kind: action.kind, count: action.count ?? null, at, organisationId: action.organisationId } },
    ], row);
    return row;
  }

  private addHistory(w: Write, effortId: string, action: EffortHistoryEntity['action'], changes: EffortChange[], after: Step<unknown>): void {
    w.s.insert(EffortHistoryEntity, {
      collaborationId: w.collaborationId, effortId, actorId: w.actor!.id, actorOrganisationId: w.actor!.organisationId, action, changes,
    }, { guard: [after], returning: 'marker' });
  }
}
