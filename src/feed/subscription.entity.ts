import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Category } from '#contracts';

/** What one user follows: areas OR places, AND categories, AND a minimum severity (empty lists: any). */
@Entity({ name: 'subscriptions' })
@ForeignKey('UserEntity', ['userId', 'collaborationId'], ['id', 'collaborationId'], { name: 'subscriptions_user_id_collaboration_id_fkey', onDelete: 'CASCADE' })
export class SubscriptionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'subscriptions_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Index('ix_subscriptions_user')
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'area_ids', type: 'uuid', array: true, default: () => "'{}'" }) areaIds: string[];
  @Column({ name: 'place_ids', type: 'uuid', array: true, default: () => "'{}'" }) placeIds: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) categories: Category[];
  @Column({ name: 'min_severity', type: 'smallint', default: 1 }) minSeverity: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
