import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A citizen promise (medborgarlöfte) of a collaboration: for a year, or a span of years (`year`..`toYear`, at most
 * five), with focus areas (promise_focus_areas) and their commitments (promise_commitments). `version` goes one up
 * with every change of the promise or of any of its parts (they are changed together, PATCH /api/promises/:id).
 */
@Entity({ name: 'promises' })
@Unique('promises_id_collaboration_id_key', ['id', 'collaborationId'])
@Check('promises_year_check', 'year BETWEEN 2000 AND 2099 AND to_year BETWEEN year AND year + 4')
@ForeignKey('UserEntity', ['createdBy', 'collaborationId'], ['id', 'collaborationId'], { name: 'promises_created_by_collaboration_id_fkey' })
@Index('ix_promises_list', ['collaborationId', 'year', 'id'])
export class PromiseEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'promises_pkey' }) id: string;
  @ForeignKey('CollaborationEntity', { name: 'promises_collaboration_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ type: 'integer' }) year: number;
  @Column({ name: 'to_year', type: 'integer' }) toYear: number;
  @Column({ type: 'text' }) title: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) updatedAt: Date;
  @Column({ type: 'integer', default: 1 }) version: number;
}
