import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Concern talks (orossamtal) of one organisation, for one month and optionally one area: counts only, never a name
 * or free text about a person. Held by the police and social services organisations of the collaboration (see
 * concern-talks.service.ts); no feed event, report or picture ever carries one.
 */
@Entity({ name: 'concern_talks' })
@Check('concern_talks_month_check', `month >= DATE '2000-01-01' AND EXTRACT(DAY FROM month) = 1`)
@Check('concern_talks_talks_check', 'talks >= 0')
@Check('concern_talks_youths_check', 'youths >= 0')
@Check('concern_talks_guardians_present_check', 'guardians_present >= 0 AND guardians_present <= talks')
@Check('concern_talks_social_services_present_check', 'social_services_present >= 0 AND social_services_present <= talks')
@ForeignKey('OrganisationEntity', ['organisationId', 'collaborationId'], ['id', 'collaborationId'], { name: 'concern_talks_organisation_id_collaboration_id_fkey' })
@ForeignKey('AreaEntity', ['areaId', 'collaborationId'], ['id', 'collaborationId'], { name: 'concern_talks_area_id_collaboration_id_fkey' })
@Index('ix_concern_talks_month', ['collaborationId', 'month', 'id'])
@Index('ix_concern_talks_area', ['collaborationId', 'areaId'])
export class ConcernTalkEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'concern_talks_pkey' }) id: string;
  @ForeignKey('CollaborationEntity', { name: 'concern_talks_collaboration_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  /** The organisation that entered it (police or social services). */
  @Index('ix_concern_talks_org')
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  /** The first day of the month the counts are about (written as YYYY-MM-01, read as YYYY-MM). */
  @Column({ type: 'date' }) month: string;
  @Column({ name: 'area_id', type: 'uuid', nullable: true }) areaId: string | null;
  @Column({ type: 'integer' }) talks: number;
  @Column({ type: 'integer' }) youths: number;
  @Column({ name: 'guardians_present', type: 'integer' }) guardiansPresent: number;
  @Column({ name: 'social_services_present', type: 'integer' }) socialServicesPresent: number;
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
