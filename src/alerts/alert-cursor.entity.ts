import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/**
 * How far the alert planner has read a collaboration's event log: every event up to `last_seq` has been turned into
 * the e-mails and digest entries it calls for. Read and moved on in the one transaction that writes those, with the
 * row locked, so two nodes never plan the same events and a node that dies mid-plan leaves nothing half-planned.
 */
@Entity({ name: 'alert_cursors' })
export class AlertCursorEntity {
  @ForeignKey('CollaborationEntity', { name: 'alert_cursors_collaboration_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid', primaryKeyConstraintName: 'alert_cursors_pkey' }) collaborationId: string;
  @Column({ name: 'last_seq', type: 'bigint' }) lastSeq: string;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
