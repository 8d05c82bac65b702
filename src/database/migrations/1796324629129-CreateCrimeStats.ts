import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Police-reported crime (polisanmälda brott) per collaboration, month, area and crime type: public statistics a
 * coordinator uploads as CSV (src/crime-stats), shown beside the observations in the period analyses. The foreign
 * keys stay inside the collaboration as every other table's do; the unique key is also the index every read and every
 * upload's replacement of its months goes by.
 */
export class CreateCrimeStats1796324629129 implements MigrationInterface {
  name = 'CreateCrimeStats1796324629129';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE crime_stats (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collaboration_id uuid NOT NULL,
        month date NOT NULL,
        area_id uuid NOT NULL,
        crime_type text NOT NULL,
        count integer NOT NULL,
        uploaded_by uuid NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT crime_stats_month_check CHECK (month >= DATE '2000-01-01' AND month < DATE '2100-01-01' AND EXTRACT(DAY FROM month) = 1),
        CONSTRAINT crime_stats_crime_type_check CHECK (char_length(crime_type) BETWEEN 1 AND 100),
        CONSTRAINT crime_stats_count_check CHECK (count >= 0),
        CONSTRAINT crime_stats_collaboration_id_month_area_id_crime_type_key UNIQUE (collaboration_id, month, area_id, crime_type),
        CONSTRAINT crime_stats_collaboration_id_fkey FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE,
        CONSTRAINT crime_stats_area_id_collaboration_id_fkey
          FOREIGN KEY (area_id, collaboration_id) REFERENCES areas(id, collaboration_id),
        CONSTRAINT crime_stats_uploaded_by_collaboration_id_fkey
          FOREIGN KEY (uploaded_by, collaboration_id) REFERENCES users(id, collaboration_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE crime_stats');
  }
}
