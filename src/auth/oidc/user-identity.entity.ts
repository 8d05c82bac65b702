import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';

/** The account a provider's subject (`sub`) signs in to: found by (provider, subject), never by e-mail address. */
@Entity({ name: 'user_identities' })
@Unique('user_identities_provider_id_user_id_key', ['providerId', 'userId'])
@ForeignKey('IdentityProviderEntity', ['providerId', 'collaborationId'], ['id', 'collaborationId'], { name: 'user_identities_provider_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('UserEntity', ['userId', 'collaborationId'], ['id', 'collaborationId'], { name: 'user_identities_user_id_collaboration_id_fkey', onDelete: 'CASCADE' })
export class UserIdentityEntity {
  @PrimaryColumn({ name: 'provider_id', type: 'uuid', primaryKeyConstraintName: 'user_identities_pkey' }) providerId: string;
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'user_identities_pkey' }) subject: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Index('ix_user_identities_user')
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
