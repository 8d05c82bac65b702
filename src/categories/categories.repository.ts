import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { entityTable } from '../common/write/entity-table.js';
import type { Step, Values } from '../common/write/statement.js';
import type { Write } from '../common/write/write-path.js';
import { CategoryEntity } from './category.entity.js';
import type { CategoryRow } from './category.rules.js';

const categories = entityTable(CategoryEntity);

/** The only place the categories context's SQL lives. */
@Injectable()
export class CategoriesRepository {
  constructor(private readonly ds: DataSource) {}

  /** What the collaboration changed about its categories (a default without a row is as it ships). */
  rows(collaborationId: string): Promise<CategoryRow[]> {
    return this.ds.query(`SELECT ${categories.selectList('c')} FROM collaboration_categories c WHERE c.collaboration_id = $1`, [collaborationId]);
  }

  /**
   * Runs `work` in a transaction that holds the collaboration's row (FOR NO KEY UPDATE: inserts referencing it are not
   * blocked), with its category rows as they are then: one change of a collaboration's categories at a time, so two
   * coordinators cannot both switch off "one of the last two" or both take the same label.
   */
  withCollaborationLocked<T>(collaborationId: string, work: (m: EntityManager, rows: CategoryRow[]) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (m) => {
      await m.query('SELECT 1 FROM collaborations WHERE id = $1 FOR NO KEY UPDATE', [collaborationId]);
      const rows = await m.query<CategoryRow[]>(`SELECT ${categories.selectList('c')} FROM collaboration_categories c WHERE c.collaboration_id = $1`, [collaborationId]);
      return work(m, rows);
    });
  }

  /**
   * How many open reports (new, acknowledged, in progress; not merged) and subscriptions of the collaboration name the
   * category: counts over the whole collaboration, whoever may see the reports (no report is shown).
   */
  async usage(collaborationId: string, code: string): Promise<{ openReports: number; subscriptions: number }> {
    const [row] = await this.ds.query<{ openReports: number; subscriptions: number }[]>(
      `SELECT (SELECT count(*) FROM reports r WHERE r.collaboration_id = $1 AND r.category = $2
                 AND r.status IN ('new', 'acknowledged', 'in_progress') AND r.merged_into IS NULL)::int AS "openReports",
              (SELECT count(*) FROM subscriptions s WHERE s.collaboration_id = $1 AND $2 = ANY (s.categories))::int AS subscriptions`,
      [collaborationId, code],
    );
    return row;
  }

  /** A new row: a category of the collaboration's own, or the first change of a default; none when the code has a row already. */
  insert(w: Write, row: Values<CategoryEntity>): Step<CategoryEntity> {
    return w.s.insert(CategoryEntity, row, { guard: w.guard, onConflictDoNothing: true });
  }

  /** Changes a row that is still at `version`; none otherwise (someone changed it first). */
  update(w: Write, code: string, version: number, set: Values<CategoryEntity>): Step<CategoryEntity> {
    const s = w.s;
    return s.update(CategoryEntity, { ...set, version: version + 1, updatedAt: new Date() },
      s.sql`t.collaboration_id = ${w.collaborationId}::uuid AND t.code = ${code} AND t.version = ${version}::int`, { guard: w.guard });
  }
}
