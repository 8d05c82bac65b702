import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A report a coordinator left out of the picture in review before the week was frozen (a duplicate, a mistake), with
 * the reason. Left out of every picture and analysis, and counted there as "left out". One per report.
 */
@Entity({ name: 'picture_exclusions' })
@Unique('picture_exclusions_report_id_key', ['reportId'])
@ForeignKey('ReportEntity', ['reportId', 'collaborationId'], ['id', 'collaborationId'], { name: 'picture_exclusions_report_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('OrganisationEntity', ['organisationId', 'collaborationId'], ['id', 'collaborationId'], { name: 'picture_exclusions_organisation_id_collaboration_id_fkey' })
@ForeignKey('UserEntity', ['createdBy', 'collaborationId'], ['id', 'collaborationId'], { name: 'picture_exclusions_created_by_collaboration_id_fkey' })
@Index('ix_picture_exclusions_week', ['collaborationId', 'week'])
export class PictureExclusionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'picture_exclusions_pkey' }) id: string;
  @ForeignKey('CollaborationEntity', { name: 'picture_exclusions_collaboration_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'report_id', type: 'uuid' }) reportId: string;
  /** The ISO week (2026-W47) the report was observed in, which the review was of. */
  @Column({ type: 'text' }) week: string;
  @Column({ type: 'text' }) reason: string;
  /** The coordinator's organisation (who left it out is shown by organisation, as authors are). */
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) createdAt: Date;
}
