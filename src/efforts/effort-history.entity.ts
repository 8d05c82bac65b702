import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export interface EffortChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** One change of an effort: who, when, and each field's old and new value (links and actions as changes too). */
@Entity({ name: 'effort_history' })
@ForeignKey('EffortEntity', ['effortId', 'collaborationId'], ['id', 'collaborationId'], { name: 'effort_history_effort_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@Index('ix_effort_history_effort', ['effortId', 'id'])
export class EffortHistoryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'effort_history_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'effort_id', type: 'uuid' }) effortId: string;
  @Column({ name: 'actor_id', type: 'uuid' }) actorId: string;
  @Column({ name: 'actor_organisation_id', type: 'uuid' }) actorOrganisationId: string;
  @Column({ type: 'text' }) action: 'created' | 'updated' | 'linked' | 'unlinked' | 'action';
  @Column({ type: 'jsonb' }) changes: EffortChange[];
  @Column({ type: 'timestamptz', default: () => 'now()' }) at: Date;
}
