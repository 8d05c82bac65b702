import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/**
 * The feed seq counter of one collaboration (created with it by a trigger). Taken by `Write.seq` in the statement
 * that writes a change; nothing references this row, so taking it piles no foreign-key locks on it.
 */
@Entity({ name: 'event_counters' })
export class EventCounterEntity {
  @ForeignKey('CollaborationEntity', { name: 'event_counters_collaboration_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid', primaryKeyConstraintName: 'event_counters_pkey' }) collaborationId: string;
  @Column({ name: 'last_seq', type: 'bigint', default: 0 }) lastSeq: string;
}
