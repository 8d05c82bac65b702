import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A focus area of a promise ("Ökad trygghet i centrum"): why, and what the partners promise; in order (`position`). */
@Entity({ name: 'promise_focus_areas' })
@Unique('promise_focus_areas_id_collaboration_id_key', ['id', 'collaborationId'])
@ForeignKey('PromiseEntity', ['promiseId', 'collaborationId'], ['id', 'collaborationId'], { name: 'promise_focus_areas_promise_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@Index('ix_promise_focus_areas_promise', ['promiseId', 'position'])
export class PromiseFocusAreaEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'promise_focus_areas_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'promise_id', type: 'uuid' }) promiseId: string;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) text: string;
}
