import type { DataSource } from 'typeorm';
import type { DefaultCategory } from '#contracts';
import { visibleCondition, type Viewer } from '../../common/visibility.js';

/** The demo seed's own SQL: the one-at-a-time lock, the emptiness check, and moving rows back in time. */
export class DemoSeedRepository {
  constructor(private readonly ds: DataSource) {}

  /** Runs `work` under an advisory lock, so that several nodes starting together seed once. */
  async locked<T>(work: () => Promise<T>): Promise<T> {
    const lock = this.ds.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock(746512)');
      return await work();
    } finally {
      await lock.query('SELECT pg_advisory_unlock(746512)').catch(() => undefined);
      await lock.release();
    }
  }

  async hasOrganisations(collaborationId: string): Promise<boolean> {
    return (await this.ds.query<unknown[]>('SELECT 1 FROM organisations WHERE collaboration_id = $1 LIMIT 1', [collaborationId])).length > 0;
  }

  /** The demo shows weeks of history: a report and its first history row are moved back to when it was made. */
  async backdate(reportId: string, at: Date): Promise<void> {
    await this.ds.query('UPDATE reports SET created_at = $2, updated_at = GREATEST($2, updated_at - (now() - $2)) WHERE id = $1', [reportId, at]);
    await this.ds.query(`UPDATE report_history SET at = $2 WHERE report_id = $1 AND action = 'created'`, [reportId, at]);
  }

  /** An effort of the demo's past (the 2020 promise's) is moved back to when it was recorded, with its first history row. */
  async backdateEffort(effortId: string, at: Date): Promise<void> {
    await this.ds.query('UPDATE efforts SET created_at = $2 WHERE id = $1', [effortId, at]);
    await this.ds.query(`UPDATE effort_history SET at = $2 WHERE effort_id = $1 AND action = 'created'`, [effortId, at]);
  }

  /** Up to `max` of the newest untouched reports at these places and of these categories that `viewer` may see. */
  async openReportsAt(viewer: Viewer, placeIds: string[], categories: DefaultCategory[], max: number): Promise<string[]> {
    const rows = await this.ds.query<{ id: string }[]>(
      `SELECT r.id FROM reports r WHERE ${visibleCondition('r', '$1', '$2')} AND r.place_id = ANY($3::uuid[]) AND r.category = ANY($4::text[])
         AND r.status IN ('new', 'acknowledged') ORDER BY r.observed_at DESC LIMIT $5`,
      [viewer.collaborationId, viewer.organisationId, placeIds, categories, max],
    );
    return rows.map((r) => r.id);
  }
}
