import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONCERN_TALK_HOLDER_KINDS, type OrganisationKind } from '#contracts';
import { SqlWhere } from '../common/sql-where.js';
import { entityTable } from '../common/write/entity-table.js';
import type { Step, Values } from '../common/write/statement.js';
import type { Write } from '../common/write/write-path.js';
import type { SumCell } from './concern-talk.rules.js';
import { ConcernTalkEntity } from './concern-talk.entity.js';

const talks = entityTable(ConcernTalkEntity);

/** A record as read: the entity (its month as YYYY-MM) and the names it is shown with. */
export type ConcernTalkView = ConcernTalkEntity & { orgName: string; orgKind: OrganisationKind; areaName: string | null };

const SELECT_TALK = `SELECT ${talks.selectList('c').replace('c.month AS "month"', `to_char(c.month, 'YYYY-MM') AS "month"`)},
    o.name AS "orgName", o.kind AS "orgKind", a.name AS "areaName"
  FROM concern_talks c JOIN organisations o ON o.id = c.organisation_id LEFT JOIN areas a ON a.id = c.area_id`;

/**
 * The records a holder may read: those of the collaboration entered by a holding organisation ($1, $2). Every record
 * is entered by one; the condition keeps it so should an organisation ever change its kind.
 */
const held = (where: SqlWhere, collaborationId: string) =>
  where.raw('c.collaboration_id = $1 AND o.kind = ANY($2::text[])', collaborationId, CONCERN_TALK_HOLDER_KINDS);

export interface ConcernTalkFilters {
  /** First days of months (YYYY-MM-01), both included. */
  from?: string;
  to?: string;
  areaId?: string;
}

/** The only place the concern talks' SQL lives. Reads are of one collaboration's held records; writes are steps of a Write. */
@Injectable()
export class ConcernTalksRepository {
  constructor(private readonly ds: DataSource) {}

  async find(collaborationId: string, id: string): Promise<ConcernTalkView | undefined> {
    const where = held(new SqlWhere(), collaborationId).add('c.id = ?', id);
    const [row] = await this.ds.query<ConcernTalkView[]>(`${SELECT_TALK} WHERE ${where}`, where.params);
    return row;
  }

  /** A page of the records, newest month first, after the keyset `after` ([month YYYY-MM, id]). */
  list(collaborationId: string, f: ConcernTalkFilters, after: [string, string] | undefined, limit: number): Promise<ConcernTalkView[]> {
    const where = held(new SqlWhere(), collaborationId)
      .add('c.month >= ?::date', f.from)
      .add('c.month <= ?::date', f.to)
      .add('c.area_id = ?', f.areaId);
    if (after) where.raw('(c.month, c.id) < ($1::date, $2::uuid)', `${after[0]}-01`, after[1]);
    return this.ds.query(`${SELECT_TALK} WHERE ${where} ORDER BY c.month DESC, c.id DESC LIMIT ${where.param(limit)}`, where.params);
  }

  /** The sums of every count per month and area in a period (months as YYYY-MM-01, both included). */
  sums(collaborationId: string, from: string, to: string, areaId?: string): Promise<SumCell[]> {
    const where = held(new SqlWhere(), collaborationId)
      .add('c.month >= ?::date', from)
      .add('c.month <= ?::date', to)
      .add('c.area_id = ?', areaId);
    return this.ds.query(
      `SELECT to_char(c.month, 'YYYY-MM') AS "month", c.area_id AS "areaId", a.name AS "areaName", count(*) AS "records",
         sum(c.talks) AS "talks", sum(c.youths) AS "youths", sum(c.guardians_present) AS "guardiansPresent",
         sum(c.social_services_present) AS "socialServicesPresent"
       FROM concern_talks c JOIN organisations o ON o.id = c.organisation_id LEFT JOIN areas a ON a.id = c.area_id
       WHERE ${where} GROUP BY c.month, c.area_id, a.name ORDER BY c.month, a.name, c.area_id`,
      where.params,
    );
  }

  insert(w: Write, talk: Values<ConcernTalkEntity>): Step<unknown> {
    return w.s.insert(ConcernTalkEntity, talk, { guard: w.guard, returning: 'marker' });
  }

  /**
   * Requires the record to be held in the collaboration and still at `version`, locked until the write commits: a
   * concurrent change or delete that commits first makes this find no row (the write is refused, never lost).
   */
  requireAtVersion(w: Write, collaborationId: string, id: string, version: number): Step<{ id: string }> {
    const s = w.s;
    return w.require(s.select<{ id: string }>(s.sql`SELECT c.id FROM concern_talks c JOIN organisations o ON o.id = c.organisation_id
      WHERE c.collaboration_id = ${collaborationId}::uuid AND o.kind = ANY(${CONCERN_TALK_HOLDER_KINDS}::text[])
        AND c.id = ${id}::uuid AND c.version = ${version}::int FOR UPDATE OF c`));
  }

  update(w: Write, id: string, next: Values<ConcernTalkEntity>): Step<unknown> {
    const s = w.s;
    return s.update(ConcernTalkEntity, { ...next, version: s.sql`t.version + 1` }, s.sql`t.id = ${id}::uuid`, { guard: w.guard, returning: 'marker' });
  }

  /** Deletes the record if it is held in the collaboration and still at `version` (what the audit row says was deleted). */
  remove(w: Write, collaborationId: string, id: string, version: number): Step<{ id: string }> {
    const s = w.s;
    return w.require(s.select<{ id: string }>(s.sql`DELETE FROM concern_talks c USING organisations o
      WHERE o.id = c.organisation_id AND c.collaboration_id = ${collaborationId}::uuid AND o.kind = ANY(${CONCERN_TALK_HOLDER_KINDS}::text[])
        AND c.id = ${id}::uuid AND c.version = ${version}::int RETURNING c.id AS "id"`));
  }
}
