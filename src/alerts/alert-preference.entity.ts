import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import type { Language } from '#contracts';

/** A person's e-mail settings: all alert e-mail on or off, and the language e-mails are written in (Swedish first). */
@Entity({ name: 'alert_preferences' })
@Check('alert_preferences_language_check', `language IN ('sv','en')`)
@ForeignKey('UserEntity', ['userId', 'collaborationId'], ['id', 'collaborationId'], { name: 'alert_preferences_user_id_collaboration_id_fkey', onDelete: 'CASCADE' })
export class AlertPreferenceEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'alert_preferences_pkey' }) userId: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'email_alerts', type: 'boolean', default: true }) emailAlerts: boolean;
  @Column({ type: 'text', default: 'sv' }) language: Language;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
