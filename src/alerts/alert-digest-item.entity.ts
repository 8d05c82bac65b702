import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * A report that matched a daily or weekly subscription below its "at once" severity: it waits here for the
 * subscription's next digest (`digest_key` names the digest that took it). Whether its recipient may still see it is
 * decided again when that digest is sent.
 */
@Entity({ name: 'alert_digest_items' })
@ForeignKey('UserEntity', ['userId', 'collaborationId'], ['id', 'collaborationId'], { name: 'alert_digest_items_user_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@Index('ix_alert_digest_items_digest', ['digestKey'])
export class AlertDigestItemEntity {
  @ForeignKey('SubscriptionEntity', { name: 'alert_digest_items_subscription_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'subscription_id', type: 'uuid', primaryKeyConstraintName: 'alert_digest_items_pkey' }) subscriptionId: string;
  @PrimaryColumn({ name: 'report_id', type: 'uuid', primaryKeyConstraintName: 'alert_digest_items_pkey' }) reportId: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  /** When the event that made it match was committed. */
  @Column({ name: 'first_at', type: 'timestamptz' }) firstAt: Date;
  @Column({ name: 'digest_key', type: 'text', nullable: true }) digestKey: string | null;
}
