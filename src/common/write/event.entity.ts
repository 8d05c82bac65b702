import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { FeedEventType, Visibility } from '#contracts';

/**
 * One committed change the live feed carries. An event holds its own audience facts (who may see it, where and
 * what it is about), so the feed decides who receives it from the event alone; `subjectId` names the record
 * whose audience governs it (a report for its comments), and the latest event of a subject carries that
 * subject's current facts. Written only through the write path (common/write), read only by the feed.
 */
@Entity({ name: 'events' })
@Index('uq_events_seq', ['collaborationId', 'seq'], { unique: true })
@Index('ix_events_subject', ['collaborationId', 'subjectId', 'seq'])
export class EventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'events_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ type: 'bigint' }) seq: string;
  @Column({ type: 'text' }) type: FeedEventType;
  @Index('ix_events_at')
  @Column({ type: 'timestamptz', default: () => 'now()' }) at: Date;
  @Index('ix_events_entity')
  @Column({ name: 'entity_id', type: 'uuid' }) entityId: string;
  @Column({ name: 'subject_id', type: 'uuid' }) subjectId: string;
  @Column({ type: 'text' }) visibility: Visibility;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  @Column({ name: 'shared_with', type: 'uuid', array: true, default: () => "'{}'" }) sharedWith: string[];
  @Column({ name: 'area_id', type: 'uuid', nullable: true }) areaId: string | null;
  @Column({ name: 'place_id', type: 'uuid', nullable: true }) placeId: string | null;
  @Column({ type: 'text', nullable: true }) category: string | null;
  @Column({ type: 'smallint', nullable: true }) severity: number | null;
  @Column({ type: 'jsonb' }) payload: Record<string, unknown>;
}
