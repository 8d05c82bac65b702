import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What one organisation did within an effort ("12 visits", "3 dog searches"), and when. */
@Entity({ name: 'effort_actions' })
@Check('effort_actions_count_check', 'count IS NULL OR count >= 0')
@ForeignKey('EffortEntity', ['effortId', 'collaborationId'], ['id', 'collaborationId'], { name: 'effort_actions_effort_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('OrganisationEntity', ['organisationId', 'collaborationId'], ['id', 'collaborationId'], { name: 'effort_actions_organisation_id_collaboration_id_fkey' })
@ForeignKey('UserEntity', ['authorId', 'collaborationId'], ['id', 'collaborationId'], { name: 'effort_actions_author_id_collaboration_id_fkey' })
@Index('ix_effort_actions_effort', ['effortId', 'at', 'id'])
export class EffortActionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'effort_actions_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'effort_id', type: 'uuid' }) effortId: string;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ name: 'author_id', type: 'uuid' }) authorId: string;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'integer', nullable: true }) count: number | null;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) createdAt: Date;
}
