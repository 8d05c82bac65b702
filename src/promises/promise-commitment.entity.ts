import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Category, CommitmentTargetKind, EffortType } from '#contracts';

/**
 * A commitment of a focus area: what an owner organisation promises, which effort types, areas and report categories
 * it covers (empty: all), and a measurable target (a count of efforts or of actions, or a fall in reports) by a day.
 * Its progress is never stored: it is counted from the efforts, actions and reports when read (promises.repository).
 */
@Entity({ name: 'promise_commitments' })
@Check('promise_commitments_target_kind_check', `target_kind IN ('efforts','actions','reports_trend')`)
@Check('promise_commitments_target_count_check', `target_count IS NULL OR target_count BETWEEN 0 AND 100000`)
@Check('promise_commitments_target_check', `target_kind = 'reports_trend' OR target_count IS NOT NULL`)
@ForeignKey('PromiseEntity', ['promiseId', 'collaborationId'], ['id', 'collaborationId'], { name: 'promise_commitments_promise_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('PromiseFocusAreaEntity', ['focusAreaId', 'collaborationId'], ['id', 'collaborationId'], { name: 'promise_commitments_focus_area_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('OrganisationEntity', ['ownerOrganisationId', 'collaborationId'], ['id', 'collaborationId'], { name: 'promise_commitments_owner_organisation_id_collaboration_id_fkey' })
@Index('ix_promise_commitments_promise', ['promiseId', 'focusAreaId', 'position'])
export class PromiseCommitmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'promise_commitments_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'promise_id', type: 'uuid' }) promiseId: string;
  @Column({ name: 'focus_area_id', type: 'uuid' }) focusAreaId: string;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'text' }) text: string;
  @Column({ name: 'owner_organisation_id', type: 'uuid' }) ownerOrganisationId: string;
  @Column({ name: 'effort_types', type: 'text', array: true, default: () => "'{}'" }) effortTypes: EffortType[];
  @Column({ name: 'area_ids', type: 'uuid', array: true, default: () => "'{}'" }) areaIds: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) categories: Category[];
  @Column({ name: 'target_kind', type: 'text' }) targetKind: CommitmentTargetKind;
  @Column({ name: 'target_count', type: 'integer', nullable: true }) targetCount: number | null;
  /** The local day it is due (YYYY-MM-DD). */
  @Column({ name: 'due_at', type: 'date' }) dueAt: string;
}
