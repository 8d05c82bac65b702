import { Injectable } from '@nestjs/common';
import type { CrimeStatRow, CrimeStatsUploadResponse, Page } from '#contracts';
import { type Actor, isCoordinator } from '../common/actor.js';
import { forbidden, invalid, notFound } from '../common/domain-error.js';
import { WritePath } from '../common/write/write-path.js';
import { isUuid, monthStart, readCrimeStatsCsv, readPeriod, refusedFile, toMonth } from './crime-stat.rules.js';
import { type CrimeStatView, CrimeStatsRepository } from './crime-stats.repository.js';

/** A row of police-reported crime as other contexts (the pictures) read it. */
export interface CrimeStatsByAreaRow {
  /** YYYY-MM */
  month: string;
  areaId: string;
  areaName: string;
  crimeType: string;
  count: number;
}

const SWEDISH = new Intl.Collator('sv');

/** Month, then area name (Swedish order: å, ä, ö last), then crime type. */
const byMonthAreaType = (a: CrimeStatView, b: CrimeStatView) =>
  a.month.localeCompare(b.month) || SWEDISH.compare(a.areaName, b.areaName) || a.areaId.localeCompare(b.areaId)
  || SWEDISH.compare(a.crimeType, b.crimeType) || a.crimeType.localeCompare(b.crimeType);

/**
 * Police-reported crime (polisanmälda brott) per month, area and crime type: public statistics a coordinator uploads
 * as CSV, which every member of the collaboration reads, and which the period analyses show beside the observations.
 * No feed event: nobody follows them live. `byArea` is what the pictures context reads.
 */
@Injectable()
export class CrimeStatsService {
  constructor(private readonly repo: CrimeStatsRepository, private readonly writes: WritePath) {}

  /**
   * Stores an uploaded file (its text, decoded by the edge): every line is checked first, and a file with any bad line
   * stores nothing (400 listing them). Then, in one transaction, the rows of every month the file holds are replaced
   * by the file's, with the audit row `crime_stats.upload`.
   *
   * Not one statement of the write path, as every other change is: its statement builder inserts one row per step,
   * and an upload is thousands of rows; and the rows of a month must be deleted before the new ones meet the unique
   * key, while the data-modifying steps of one statement run on one snapshot in an order PostgreSQL leaves open. So:
   * a transaction holding the collaboration's upload lock, a delete, one INSERT from arrays, and the audit row as a
   * write path statement inside it (`manager`), which commits with the rows or not at all.
   */
  async upload(actor: Actor, text: string): Promise<CrimeStatsUploadResponse> {
    if (!isCoordinator(actor)) throw forbidden('only coordinators upload police-reported crime'); // the route's guard says the same
    const { rows, faults } = readCrimeStatsCsv(text, await this.repo.areas(actor.collaborationId));
    if (faults.count) throw refusedFile(faults);
    const months = [...new Set(rows.map((r) => r.month))].sort();
    await this.repo.withUploadLock(actor.collaborationId, async (manager) => {
      const { deleted } = await this.repo.replace(manager, actor.collaborationId, actor.id, months, rows);
      const result = await this.writes.run(actor, { manager }, (w) => {
        w.audit({ action: 'crime_stats.upload', entityType: 'crime_stats', details: { months, rows: rows.length, replaced: deleted } });
      });
      if (result.kind !== 'written') throw new Error('the audit row of an upload was not written');
    });
    return { months, rows: rows.length };
  }

  /**
   * The rows of the collaboration for GET /api/crime-stats: every member reads them (public statistics of the
   * municipality), no other collaboration's ever. Sorted by month, area name and crime type; all of them (at most
   * five years), so `nextCursor` is always null.
   */
  async list(actor: Actor, q: { from?: string; to?: string; areaId?: string }): Promise<Page<CrimeStatRow>> {
    const { from, to } = readPeriod(q.from, q.to);
    if (q.areaId && !(await this.repo.areaExists(actor.collaborationId, q.areaId))) throw notFound('areaId: area');
    const rows = await this.repo.read(actor.collaborationId, monthStart(from), monthStart(to), q.areaId);
    return {
      items: rows.sort(byMonthAreaType).map((r) => ({ month: r.month, area: { id: r.areaId, name: r.areaName }, crimeType: r.crimeType, count: r.count })),
      nextCursor: null,
    };
  }

  /**
   * The collaboration's police-reported crime from the month `fromMonth` to `toMonthInclusive` (YYYY-MM, or a day
   * YYYY-MM-DD standing for its month), optionally of one area, sorted by month, area name and crime type. For other
   * contexts (the period analyses): no actor, no audit row, no limit on the span; the caller decides who may see it.
   */
  async byArea(collaborationId: string, fromMonth: string, toMonthInclusive: string, areaId?: string): Promise<CrimeStatsByAreaRow[]> {
    const from = toMonth(fromMonth, 'fromMonth');
    const to = toMonth(toMonthInclusive, 'toMonthInclusive');
    if (areaId !== undefined && !isUuid(areaId)) throw invalid('areaId', 'must be a UUID');
    if (to < from) return [];
    const rows = await this.repo.read(collaborationId, monthStart(from), monthStart(to), areaId);
    return rows.sort(byMonthAreaType);
  }
}
