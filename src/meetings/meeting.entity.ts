import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { MeetingKind } from '#contracts';

/**
 * A joint meeting (samverkansmöte) or a rural council (landsbygdsråd) of a collaboration. `organisationIds` are the
 * organisations present: their people may read it; coordinators read every meeting of the collaboration. `areaIds`
 * narrow its agenda (a rural council's countryside); none: the whole collaboration. Free text lives in its items'
 * notes and its decisions, never here. `version` goes one up with every item and decision recorded (an item's
 * position is the version it made).
 */
@Entity({ name: 'meetings' })
@Unique('meetings_id_collaboration_id_key', ['id', 'collaborationId'])
@Check('meetings_kind_check', `kind IN ('joint','rural_council')`)
@Check('meetings_organisations_check', 'cardinality(organisation_ids) >= 1')
@ForeignKey('UserEntity', ['createdBy', 'collaborationId'], ['id', 'collaborationId'], { name: 'meetings_created_by_collaboration_id_fkey' })
@Index('ix_meetings_list', ['collaborationId', 'startsAt', 'id'])
export class MeetingEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'meetings_pkey' }) id: string;
  @ForeignKey('CollaborationEntity', { name: 'meetings_collaboration_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ type: 'text' }) kind: MeetingKind;
  /** When it starts (the API's `date`). */
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt: Date;
  @Column({ type: 'text', nullable: true }) title: string | null;
  @Column({ name: 'organisation_ids', type: 'uuid', array: true }) organisationIds: string[];
  @Column({ name: 'area_ids', type: 'uuid', array: true, default: () => "'{}'" }) areaIds: string[];
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) createdAt: Date;
  @Column({ type: 'integer', default: 1 }) version: number;
}
