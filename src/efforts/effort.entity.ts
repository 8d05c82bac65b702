import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { EffortMode, EffortStatus, EffortType, Visibility } from '#contracts';

/**
 * An effort (insats): what one or more partner organisations do about a problem of the picture. `organisationIds`
 * are the organisations taking part, the owner (`organisationId`) first; `sharedWith` is the visibility policy's
 * list (common/visibility.ts): every organisation besides the owner that may see it, the other participants included.
 * `areaId`/`placeId` are the first of `areaIds`/`placeIds`: what the feed's subscriptions match the effort's events on.
 */
@Entity({ name: 'efforts' })
@Unique('efforts_id_collaboration_id_key', ['id', 'collaborationId'])
@Check('efforts_type_check', `type IN ('visibility_patrol','school_visit','dog_search','drug_operation','concern_talk','speed_check','sobriety_check','lighting_fix','cleanup','rural_council','meeting','other')`)
@Check('efforts_mode_check', `(mode = 'separate' AND cardinality(organisation_ids) = 1) OR (mode = 'joint' AND cardinality(organisation_ids) >= 2)`)
@Check('efforts_owner_check', 'organisation_id = organisation_ids[1]')
@Check('efforts_status_check', `status IN ('planned','ongoing','done','cancelled')`)
@Check('efforts_visibility_check', `visibility IN ('partners','organisations','own')`)
@Check('efforts_planned_check', 'planned_end IS NULL OR planned_end >= planned_start')
@Check('efforts_actual_check', 'actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start')
@ForeignKey('OrganisationEntity', ['organisationId', 'collaborationId'], ['id', 'collaborationId'], { name: 'efforts_organisation_id_collaboration_id_fkey' })
@ForeignKey('UserEntity', ['authorId', 'collaborationId'], ['id', 'collaborationId'], { name: 'efforts_author_id_collaboration_id_fkey' })
@ForeignKey('AreaEntity', ['areaId', 'collaborationId'], ['id', 'collaborationId'], { name: 'efforts_area_id_collaboration_id_fkey' })
@ForeignKey('PlaceEntity', ['placeId', 'collaborationId'], ['id', 'collaborationId'], { name: 'efforts_place_id_collaboration_id_fkey' })
@Index('ix_efforts_list', ['collaborationId', 'createdAt', 'id'])
@Index('ix_efforts_follow_up', ['collaborationId', 'followUpAt'])
export class EffortEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'efforts_pkey' }) id: string;
  @ForeignKey('CollaborationEntity', { name: 'efforts_collaboration_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  /** Feed seq of the latest change (taken in the statement that writes it). */
  @Column({ type: 'bigint', default: 0 }) seq: string;
  @Column({ type: 'text' }) type: EffortType;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'text' }) mode: EffortMode;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ name: 'organisation_ids', type: 'uuid', array: true }) organisationIds: string[];
  @Column({ type: 'text' }) visibility: Visibility;
  @Column({ name: 'shared_with', type: 'uuid', array: true, default: () => "'{}'" }) sharedWith: string[];
  @Column({ name: 'area_ids', type: 'uuid', array: true, default: () => "'{}'" }) areaIds: string[];
  @Column({ name: 'place_ids', type: 'uuid', array: true, default: () => "'{}'" }) placeIds: string[];
  @Column({ name: 'area_id', type: 'uuid', nullable: true }) areaId: string | null;
  @Column({ name: 'place_id', type: 'uuid', nullable: true }) placeId: string | null;
  @Column({ name: 'planned_start', type: 'timestamptz' }) plannedStart: Date;
  @Column({ name: 'planned_end', type: 'timestamptz', nullable: true }) plannedEnd: Date | null;
  @Column({ name: 'actual_start', type: 'timestamptz', nullable: true }) actualStart: Date | null;
  @Column({ name: 'actual_end', type: 'timestamptz', nullable: true }) actualEnd: Date | null;
  @Column({ name: 'follow_up_at', type: 'timestamptz', nullable: true }) followUpAt: Date | null;
  @Column({ type: 'text' }) status: EffortStatus;
  @Column({ type: 'text', nullable: true }) outcome: string | null;
  @Column({ name: 'author_id', type: 'uuid' }) authorId: string;
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
