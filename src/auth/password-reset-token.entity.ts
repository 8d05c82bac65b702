import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * A password reset link sent by e-mail: single use, expiring. The link carries the row's id signed with the
 * service's key (password-reset.rules.ts), so the table holds nothing that opens an account by itself.
 */
@Entity({ name: 'password_reset_tokens' })
@ForeignKey('UserEntity', ['userId', 'collaborationId'], ['id', 'collaborationId'], { name: 'password_reset_tokens_user_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@Index('ix_password_reset_tokens_user', ['userId', 'createdAt'])
export class PasswordResetTokenEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'password_reset_tokens_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true }) usedAt: Date | null;
  @Column({ name: 'requested_ip', type: 'text', nullable: true }) requestedIp: string | null;
}
