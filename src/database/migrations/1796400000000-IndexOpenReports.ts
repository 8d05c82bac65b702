import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The open reports of a collaboration, for the weekly picture's "open reports" (counts by severity, and the most
 * severe newest first): a partial index holding only the reports that are open and not merged, which is what the
 * picture counts, carrying the visibility columns (and the id, for the review step's exclusions) so that counting them
 * never reads the table. Without it both statements read every report observed before the week's end: at a million
 * reports over five years 440-600 ms each, sequential scans of the whole table; with it 58 ms (an index-only scan of
 * the ~100,000 open ones) and 14-25 ms (a backward scan that stops after the 100 shown). bench/RESULTS.md, "Pictures".
 */
export class IndexOpenReports1796400000000 implements MigrationInterface {
  name = 'IndexOpenReports1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX ix_reports_open ON reports (collaboration_id, severity, observed_at) INCLUDE (visibility, organisation_id, shared_with, id)
        WHERE status IN ('new', 'acknowledged', 'in_progress') AND merged_into IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_reports_open');
  }
}
