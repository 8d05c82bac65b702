import { Check, Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import type { ClaimRule } from '#contracts';

/**
 * An OpenID Connect identity provider of one collaboration (the municipality's Entra ID, an e-ID broker): where it
 * is, Lägesbild's client at it, and which claims make someone a member of which organisation.
 */
@Entity({ name: 'identity_providers' })
@Unique('identity_providers_id_collaboration_id_key', ['id', 'collaborationId'])
@Unique('identity_providers_collaboration_id_issuer_client_id_key', ['collaborationId', 'issuer', 'clientId'])
@Check('identity_providers_mapping_check', `jsonb_typeof(mapping) = 'array'`)
export class IdentityProviderEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'identity_providers_pkey' }) id: string;
  @ForeignKey('CollaborationEntity', { name: 'identity_providers_collaboration_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'display_name', type: 'text' }) displayName: string;
  @Column({ type: 'text' }) issuer: string;
  @Column({ name: 'client_id', type: 'text' }) clientId: string;
  /** Sealed (secret-box.ts): never stored or returned in the clear. */
  @Column({ name: 'client_secret', type: 'text', nullable: true }) clientSecret: string | null;
  @Column({ type: 'text', default: 'openid email profile' }) scopes: string;
  @Column({ type: 'jsonb', default: () => "'[]'" }) mapping: ClaimRule[];
  @Column({ name: 'link_by_email', type: 'boolean', default: false }) linkByEmail: boolean;
  @Column({ type: 'boolean', default: true }) enabled: boolean;
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
