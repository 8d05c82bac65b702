import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { OrganisationKind } from '#contracts';

/** A partner organisation of one collaboration. */
@Entity({ name: 'organisations' })
@Unique('organisations_id_collaboration_id_key', ['id', 'collaborationId'])
@Check('organisations_kind_check', `kind IN ('police','municipality','property_owner','business','school','social_services','other')`)
// Case-insensitive names: an expression index, which TypeORM cannot describe (kept by the migration).
@Index('uq_organisations_name', { synchronize: false })
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'organisations_pkey' }) id: string;
  @ForeignKey('CollaborationEntity', { name: 'organisations_collaboration_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) kind: OrganisationKind;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
