import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who did and saw what. Append-only: a trigger (see the migration) refuses UPDATE and DELETE. */
@Entity({ name: 'audit_log' })
@Index('ix_audit_collab_at', ['collaborationId', 'at', 'id'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'audit_log_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid', nullable: true }) collaborationId: string | null;
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true }) organisationId: string | null;
  @Column({ type: 'text' }) action: string;
  @Column({ name: 'entity_type', type: 'text', nullable: true }) entityType: string | null;
  @Index('ix_audit_entity')
  @Column({ name: 'entity_id', type: 'uuid', nullable: true }) entityId: string | null;
  @Column({ name: 'entity_ids', type: 'uuid', array: true, nullable: true }) entityIds: string[] | null;
  @Column({ type: 'text', nullable: true }) ip: string | null;
  @Column({ name: 'request_id', type: 'text', nullable: true }) requestId: string | null;
  @Column({ type: 'jsonb', nullable: true }) details: Record<string, unknown> | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at: Date;
}
