import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Role } from '#contracts';

/** A person: one organisation of one collaboration, one role. */
@Entity({ name: 'users' })
@Unique('users_id_collaboration_id_key', ['id', 'collaborationId'])
@Check('users_role_check', `role IN ('member','coordinator','admin','collaboration_admin')`)
@ForeignKey('OrganisationEntity', ['organisationId', 'collaborationId'], ['id', 'collaborationId'], { name: 'users_organisation_id_collaboration_id_fkey', onDelete: 'RESTRICT' })
// Expression indexes (see the migrations): unique (collaboration, lower(email)), and lower(email) for logins.
@Index('uq_users_email', { synchronize: false })
@Index('ix_users_email', { synchronize: false })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'users_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Index('ix_users_organisation')
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ type: 'text' }) email: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) role: Role;
  @Column({ name: 'platform_admin', type: 'boolean', default: false }) platformAdmin: boolean;
  /** Null for an account made by an OpenID Connect sign-in: it has no password here. */
  @Column({ name: 'password_hash', type: 'text', nullable: true }) passwordHash: string | null;
  @Column({ type: 'boolean', default: false }) disabled: boolean;
  @Column({ type: 'integer', default: 1 }) version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
