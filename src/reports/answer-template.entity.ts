import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A reusable answer to reporters ("Tack, polisen har ökat närvaron på platsen"), per collaboration. */
@Entity({ name: 'answer_templates' })
@ForeignKey('UserEntity', ['createdBy', 'collaborationId'], ['id', 'collaborationId'], { name: 'answer_templates_created_by_collaboration_id_fkey' })
@Index('ix_answer_templates_collaboration', ['collaborationId', 'title'])
export class AnswerTemplateEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'answer_templates_pkey' }) id: string;
  @ForeignKey('CollaborationEntity', { name: 'answer_templates_collaboration_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) body: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
