import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';

/**
 * A finished OpenID Connect sign-in waiting for the web client: a one-time code (stored as its hash) that the client
 * exchanges once, within a minute, from the browser that signed in (the hash of a cookie set with it), for a session.
 */
@Entity({ name: 'oidc_handoffs' })
@Unique('oidc_handoffs_code_hash_key', ['codeHash'])
@ForeignKey('IdentityProviderEntity', ['providerId', 'collaborationId'], ['id', 'collaborationId'], { name: 'oidc_handoffs_provider_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('UserEntity', ['userId', 'collaborationId'], ['id', 'collaborationId'], { name: 'oidc_handoffs_user_id_collaboration_id_fkey', onDelete: 'CASCADE' })
export class OidcHandoffEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'oidc_handoffs_pkey' }) id: string;
  @Column({ name: 'code_hash', type: 'text' }) codeHash: string;
  @Column({ name: 'binder_hash', type: 'text' }) binderHash: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'provider_id', type: 'uuid' }) providerId: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'return_to', type: 'text' }) returnTo: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Index('ix_oidc_handoffs_expires')
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true }) usedAt: Date | null;
}
