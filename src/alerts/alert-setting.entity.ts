import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { EmailMode } from '#contracts';

/**
 * How one subscription (feed/) is e-mailed: `off` (no row means off too), `immediate`, `daily` or `weekly`, and from
 * which severity a matching report is mailed at once (`email_min_severity`). The subscription itself, what it
 * follows, is the feed's; this row is the alerts context's, removed with it.
 */
@Entity({ name: 'alert_settings' })
@Check('alert_settings_email_check', `email IN ('off','immediate','daily','weekly')`)
@Check('alert_settings_email_min_severity_check', 'email_min_severity BETWEEN 1 AND 5')
@ForeignKey('UserEntity', ['userId', 'collaborationId'], ['id', 'collaborationId'], { name: 'alert_settings_user_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@Index('ix_alert_settings_collaboration', ['collaborationId', 'email'])
export class AlertSettingEntity {
  @ForeignKey('SubscriptionEntity', { name: 'alert_settings_subscription_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'subscription_id', type: 'uuid', primaryKeyConstraintName: 'alert_settings_pkey' }) subscriptionId: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) email: EmailMode;
  @Column({ name: 'email_min_severity', type: 'smallint', nullable: true }) emailMinSeverity: number | null;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
