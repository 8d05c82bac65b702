import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** How near in place and time two reports of a category must be for one to be suggested as the other's duplicate. */
@Entity({ name: 'triage_settings' })
@Check('triage_settings_distance_check', 'duplicate_distance_m BETWEEN 1 AND 10000')
@Check('triage_settings_window_check', 'duplicate_window_hours BETWEEN 1 AND 2160')
export class TriageSettingsEntity {
  @ForeignKey('CollaborationEntity', { name: 'triage_settings_collaboration_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid', primaryKeyConstraintName: 'triage_settings_pkey' }) collaborationId: string;
  @Column({ name: 'duplicate_distance_m', type: 'integer', default: 150 }) duplicateDistanceM: number;
  @Column({ name: 'duplicate_window_hours', type: 'integer', default: 72 }) duplicateWindowHours: number;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
