import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * Police-reported crime (polisanmälda brott) of one month, area and crime type in a collaboration, as the police's
 * statistics count it: public figures for the municipality, uploaded by a coordinator as CSV and shown beside the
 * partners' observations in the period analyses (never added to them). An upload replaces every row of the months it
 * holds, so the rows of one month always come from one upload (one `uploaded_by`, one `uploaded_at`).
 */
@Entity({ name: 'crime_stats' })
// Also the index of every read: a collaboration's months (and an upload's delete of them).
@Unique('crime_stats_collaboration_id_month_area_id_crime_type_key', ['collaborationId', 'month', 'areaId', 'crimeType'])
@Check('crime_stats_month_check', `month >= DATE '2000-01-01' AND month < DATE '2100-01-01' AND EXTRACT(DAY FROM month) = 1`)
@Check('crime_stats_crime_type_check', 'char_length(crime_type) BETWEEN 1 AND 100')
@Check('crime_stats_count_check', 'count >= 0')
@ForeignKey('AreaEntity', ['areaId', 'collaborationId'], ['id', 'collaborationId'], { name: 'crime_stats_area_id_collaboration_id_fkey' })
@ForeignKey('UserEntity', ['uploadedBy', 'collaborationId'], ['id', 'collaborationId'], { name: 'crime_stats_uploaded_by_collaboration_id_fkey' })
export class CrimeStatEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'crime_stats_pkey' }) id: string;
  @ForeignKey('CollaborationEntity', { name: 'crime_stats_collaboration_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  /** The first day of the month the count is about (written as YYYY-MM-01, read as YYYY-MM). */
  @Column({ type: 'date' }) month: string;
  @Column({ name: 'area_id', type: 'uuid' }) areaId: string;
  /** As the police's statistics name it: "Skadegörelse", "Narkotikabrott", "Misshandel", ... (1–100 characters). */
  @Column({ name: 'crime_type', type: 'text' }) crimeType: string;
  @Column({ type: 'integer' }) count: number;
  /** The coordinator whose upload wrote the row. */
  @Column({ name: 'uploaded_by', type: 'uuid' }) uploadedBy: string;
  /** The upload's transaction time: every row of one upload, and its audit row, carry the same. */
  @Column({ name: 'uploaded_at', type: 'timestamptz', default: () => 'now()' }) uploadedAt: Date;
}
