import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Category, ReportStatus, Visibility } from '#contracts';

/** An observation of the shared picture. Every foreign key stays inside its collaboration (composite keys). */
@Entity({ name: 'reports' })
@Unique('reports_id_collaboration_id_key', ['id', 'collaborationId'])
@Check('reports_severity_check', 'severity BETWEEN 1 AND 5')
@Check('reports_status_check', `status IN ('new','acknowledged','in_progress','resolved','closed')`)
@Check('reports_visibility_check', `visibility IN ('partners','organisations','own')`)
@ForeignKey('PlaceEntity', ['placeId', 'collaborationId'], ['id', 'collaborationId'], { name: 'reports_place_id_collaboration_id_fkey' })
@ForeignKey('AreaEntity', ['areaId', 'collaborationId'], ['id', 'collaborationId'], { name: 'reports_area_id_collaboration_id_fkey' })
@ForeignKey('OrganisationEntity', ['organisationId', 'collaborationId'], ['id', 'collaborationId'], { name: 'reports_organisation_id_collaboration_id_fkey' })
@ForeignKey('UserEntity', ['authorId', 'collaborationId'], ['id', 'collaborationId'], { name: 'reports_author_id_collaboration_id_fkey' })
@Index('ix_reports_list', ['collaborationId', 'createdAt', 'id'])
@Index('ix_reports_observed', ['collaborationId', 'observedAt'])
@Index('ix_reports_area', ['collaborationId', 'areaId'])
@Index('ix_reports_assigned', ['collaborationId', 'assignedTo'])
// Open, unmerged reports by severity and time, for the weekly picture's open reports (migration IndexOpenReports). The
// last four are INCLUDE columns: TypeORM has no such option and compares an index's columns as a set, so they are
// listed here with the key columns.
@Index('ix_reports_open', ['collaborationId', 'severity', 'observedAt', 'visibility', 'organisationId', 'sharedWith', 'id'], {
  where: `status IN ('new', 'acknowledged', 'in_progress') AND merged_into IS NULL`,
})
@Check('reports_merged_into_check', 'merged_into IS DISTINCT FROM id')
@ForeignKey('OrganisationEntity', ['assignedTo', 'collaborationId'], ['id', 'collaborationId'], { name: 'reports_assigned_to_collaboration_id_fkey' })
@ForeignKey('ReportEntity', ['mergedInto', 'collaborationId'], ['id', 'collaborationId'], { name: 'reports_merged_into_collaboration_id_fkey' })
@ForeignKey('OrganisationEntity', ['answeredBy', 'collaborationId'], ['id', 'collaborationId'], { name: 'reports_answered_by_collaboration_id_fkey' })
export class ReportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'reports_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  /** Feed seq of the latest change (taken in the statement that writes it). */
  @Column({ type: 'bigint', default: 0 }) seq: string;
  @Column({ type: 'text' }) category: Category;
  @Column({ type: 'text' }) description: string;
  @Column({ name: 'observed_at', type: 'timestamptz' }) observedAt: Date;
  @Column({ type: 'smallint' }) severity: number;
  @Column({ type: 'text' }) status: ReportStatus;
  @Column({ type: 'text' }) visibility: Visibility;
  @Column({ name: 'shared_with', type: 'uuid', array: true, default: () => "'{}'" }) sharedWith: string[];
  @Index('ix_reports_place')
  @Column({ name: 'place_id', type: 'uuid', nullable: true }) placeId: string | null;
  @Column({ name: 'area_id', type: 'uuid', nullable: true }) areaId: string | null;
  @Column({ type: 'double precision' }) lat: number;
  @Column({ type: 'double precision' }) lng: number;
  @Index('ix_reports_org')
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ name: 'author_id', type: 'uuid' }) authorId: string;
  /** The organisation a coordinator gave the report to (triage). */
  @Column({ name: 'assigned_to', type: 'uuid', nullable: true }) assignedTo: string | null;
  /** The report this one was merged into as a duplicate: it then leaves the lists, keeping its history and comments. */
  @Index('ix_reports_merged_into')
  @Column({ name: 'merged_into', type: 'uuid', nullable: true }) mergedInto: string | null;
  /** A coordinator's answer to the reporter, and from which organisation. */
  @Column({ type: 'text', nullable: true }) answer: string | null;
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true }) answeredAt: Date | null;
  @Column({ name: 'answered_by', type: 'uuid', nullable: true }) answeredBy: string | null;
  @Column({ type: 'integer', default: 1 }) version: number;
  /** Millisecond precision: keyset cursors carry these as JavaScript dates. */
  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
