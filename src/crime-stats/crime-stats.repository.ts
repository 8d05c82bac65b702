import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { columnOf, entityTable } from '../common/write/entity-table.js';
import { type AreaRef, type CrimeStatLine, monthStart } from './crime-stat.rules.js';
import { CrimeStatEntity } from './crime-stat.entity.js';

const stats = entityTable(CrimeStatEntity);

/** A row as read: its month as YYYY-MM, with its area's name. */
export interface CrimeStatView {
  month: string;
  areaId: string;
  areaName: string;
  crimeType: string;
  count: number;
}

/** The columns an upload writes from one array parameter each (besides the collaboration and the uploader; the id and uploaded_at take their defaults). */
const PER_ROW = ['month', 'areaId', 'crimeType', 'count'] as const;

/** Key of the transaction-level advisory lock of a collaboration's uploads (the (int, int) space; the seed and migrations use single keys). */
const UPLOAD_LOCK = 746513;

/**
 * The only place the crime statistics' SQL lives. It also reads the collaboration's areas (ids and names), as the
 * meetings context reads reports: an upload names areas by name, and every row is shown with its area's name.
 */
@Injectable()
export class CrimeStatsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Every area of the collaboration (a file may name any of them; a municipality has tens, not thousands). */
  areas(collaborationId: string): Promise<AreaRef[]> {
    return this.ds.query('SELECT id, name FROM areas WHERE collaboration_id = $1 ORDER BY name, id', [collaborationId]);
  }

  async areaExists(collaborationId: string, id: string): Promise<boolean> {
    return (await this.ds.query('SELECT 1 FROM areas WHERE collaboration_id = $1 AND id = $2', [collaborationId, id])).length > 0;
  }

  /** The rows of the months `from`..`to` (first days, both included), optionally of one area; in no particular order. */
  read(collaborationId: string, from: string, to: string, areaId?: string): Promise<CrimeStatView[]> {
    const params: unknown[] = [collaborationId, from, to];
    if (areaId) params.push(areaId);
    return this.ds.query(
      `SELECT to_char(s.month, 'YYYY-MM') AS "month", s.area_id AS "areaId", a.name AS "areaName", s.crime_type AS "crimeType", s.count AS "count"
       FROM crime_stats s JOIN areas a ON a.id = s.area_id
       WHERE s.collaboration_id = $1 AND s.month >= $2::date AND s.month <= $3::date${areaId ? ' AND s.area_id = $4' : ''}`,
      params,
    );
  }

  /**
   * Runs `work` in a transaction that holds the collaboration's upload lock until it commits: uploads of one
   * collaboration take turns. Without it, two uploads of the same month would each delete the rows committed before
   * they began and then both insert, and the second would fail on the unique key (or, with other types, leave a
   * month holding rows of two files).
   */
  withUploadLock<T>(collaborationId: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2::text))', [UPLOAD_LOCK, collaborationId]);
      return work(m);
    });
  }

  /**
   * Replaces the collaboration's rows of `months` (YYYY-MM) by `rows`, in the caller's transaction: a delete of those
   * months, then one INSERT of every row from arrays (one round trip whatever the number of rows; the parameter types
   * from the entity). Every row takes the transaction's now() as `uploaded_at`, as does the audit row written after.
   */
  async replace(m: EntityManager, collaborationId: string, uploadedBy: string, months: string[], rows: readonly CrimeStatLine[]): Promise<{ deleted: number }> {
    const deleted = await m.query<{ n: number }[]>(
      `WITH d AS (DELETE FROM crime_stats WHERE collaboration_id = $1 AND month = ANY($2::date[]) RETURNING 1) SELECT count(*)::int AS n FROM d`,
      [collaborationId, months.map(monthStart)],
    );
    const col = (k: (typeof PER_ROW)[number] | 'collaborationId' | 'uploadedBy') => columnOf(stats, k);
    const perRow: Record<(typeof PER_ROW)[number], unknown[]> = {
      month: rows.map((r) => monthStart(r.month)),
      areaId: rows.map((r) => r.areaId),
      crimeType: rows.map((r) => r.crimeType),
      count: rows.map((r) => r.count),
    };
    await m.query(
      `INSERT INTO ${stats.table} (${[col('collaborationId'), col('uploadedBy'), ...PER_ROW.map(col)].map((c) => c.name).join(', ')})
       SELECT $1::${col('collaborationId').type}, $2::${col('uploadedBy').type}, x.*
       FROM unnest(${PER_ROW.map((k, i) => `$${i + 3}::${col(k).type}[]`).join(', ')}) AS x`,
      [collaborationId, uploadedBy, ...PER_ROW.map((k) => perRow[k])],
    );
    return { deleted: deleted[0].n };
  }
}
