import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A collaboration (samverkan): one municipality's partnership, the tenant every other row belongs to. */
@Entity({ name: 'collaborations' })
@Index('uq_collaborations_default', ['isDefault'], { unique: true, where: 'is_default' })
export class CollaborationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'collaborations_pkey' }) id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) municipality: string;
  @Column({ name: 'is_default', type: 'boolean', default: false }) isDefault: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
