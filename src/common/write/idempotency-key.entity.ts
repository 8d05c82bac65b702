import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** The first answer to a retryable write, per (user, Idempotency-Key); kept a week. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  @ForeignKey('UserEntity', { name: 'idempotency_keys_user_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'idempotency_keys_pkey' }) userId: string;
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'idempotency_keys_pkey' }) key: string;
  @Column({ type: 'text' }) scope: string;
  @Column({ name: 'request_hash', type: 'text' }) requestHash: string;
  @Column({ name: 'response_status', type: 'integer', nullable: true }) responseStatus: number | null;
  @Column({ name: 'response_body', type: 'jsonb', nullable: true }) responseBody: unknown;
  @Index('ix_idempotency_created')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
