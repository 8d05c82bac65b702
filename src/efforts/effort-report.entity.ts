import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** A report an effort took up (many to many, inside one collaboration). */
@Entity({ name: 'effort_reports' })
@ForeignKey('EffortEntity', ['effortId', 'collaborationId'], ['id', 'collaborationId'], { name: 'effort_reports_effort_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('ReportEntity', ['reportId', 'collaborationId'], ['id', 'collaborationId'], { name: 'effort_reports_report_id_collaboration_id_fkey', onDelete: 'CASCADE' })
export class EffortReportEntity {
  @PrimaryColumn({ name: 'effort_id', type: 'uuid', primaryKeyConstraintName: 'effort_reports_pkey' }) effortId: string;
  @Index('ix_effort_reports_report')
  @PrimaryColumn({ name: 'report_id', type: 'uuid', primaryKeyConstraintName: 'effort_reports_pkey' }) reportId: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'linked_by', type: 'uuid' }) linkedBy: string;
  @Column({ name: 'linked_at', type: 'timestamptz', default: () => 'now()' }) linkedAt: Date;
}
