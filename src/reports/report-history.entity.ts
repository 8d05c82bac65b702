import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** One change of a report: who, when, and each field's old and new value. */
@Entity({ name: 'report_history' })
@ForeignKey('ReportEntity', ['reportId', 'collaborationId'], ['id', 'collaborationId'], { name: 'report_history_report_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@Index('ix_report_history_report', ['reportId', 'id'])
export class ReportHistoryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'report_history_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'report_id', type: 'uuid' }) reportId: string;
  @Column({ name: 'actor_id', type: 'uuid' }) actorId: string;
  @Column({ name: 'actor_organisation_id', type: 'uuid' }) actorOrganisationId: string;
  @Column({ type: 'text' }) action: 'created' | 'updated' | 'commented';
  @Column({ type: 'jsonb' }) changes: FieldChange[];
  @Column({ type: 'timestamptz', default: () => 'now()' }) at: Date;
}
