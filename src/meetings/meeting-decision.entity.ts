import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A decision of a meeting: what is to be done, the organisation that answers for it, by when, and (once turned into
 * one) the effort it became — each effort the outcome of at most one decision. `effortKey` is the Idempotency-Key the
 * decision's effort is created under (random, never shown): see MeetingsService.toEffort.
 */
@Entity({ name: 'meeting_decisions' })
@Unique('meeting_decisions_effort_id_key', ['effortId'])
@ForeignKey('MeetingEntity', ['meetingId', 'collaborationId'], ['id', 'collaborationId'], { name: 'meeting_decisions_meeting_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('OrganisationEntity', ['ownerOrganisationId', 'collaborationId'], ['id', 'collaborationId'], { name: 'meeting_decisions_owner_organisation_id_collaboration_id_fkey' })
@ForeignKey('EffortEntity', ['effortId', 'collaborationId'], ['id', 'collaborationId'], { name: 'meeting_decisions_effort_id_collaboration_id_fkey' })
@ForeignKey('UserEntity', ['createdBy', 'collaborationId'], ['id', 'collaborationId'], { name: 'meeting_decisions_created_by_collaboration_id_fkey' })
@Index('ix_meeting_decisions_meeting', ['meetingId', 'createdAt', 'id'])
export class MeetingDecisionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'meeting_decisions_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'meeting_id', type: 'uuid' }) meetingId: string;
  @Column({ type: 'text' }) text: string;
  @Column({ name: 'owner_organisation_id', type: 'uuid' }) ownerOrganisationId: string;
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt: Date | null;
  @Column({ name: 'effort_id', type: 'uuid', nullable: true }) effortId: string | null;
  @Column({ name: 'effort_key', type: 'uuid' }) effortKey: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) createdAt: Date;
}
