import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A comment on a report; seen by exactly those who see the report. */
@Entity({ name: 'report_comments' })
@ForeignKey('ReportEntity', ['reportId', 'collaborationId'], ['id', 'collaborationId'], { name: 'report_comments_report_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('UserEntity', ['authorId', 'collaborationId'], ['id', 'collaborationId'], { name: 'report_comments_author_id_collaboration_id_fkey' })
@Index('ix_report_comments_report', ['reportId', 'createdAt', 'id'])
export class ReportCommentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'report_comments_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'report_id', type: 'uuid' }) reportId: string;
  @Column({ name: 'author_id', type: 'uuid' }) authorId: string;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'bigint', default: 0 }) seq: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) createdAt: Date;
}
