import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { MeetingItemKind } from '#contracts';

/**
 * An agenda item discussed at a meeting: a hotspot (`refId` a place or an area), a report, an effort, or something
 * else (no `refId`), with a title and a note of what was said (free text, refused when it holds personal data).
 */
@Entity({ name: 'meeting_items' })
@Unique('meeting_items_meeting_id_position_key', ['meetingId', 'position'])
@Check('meeting_items_kind_check', `kind IN ('hotspot','report','effort','other')`)
@Check('meeting_items_ref_check', `(kind = 'other') = (ref_id IS NULL)`)
@ForeignKey('MeetingEntity', ['meetingId', 'collaborationId'], ['id', 'collaborationId'], { name: 'meeting_items_meeting_id_collaboration_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('UserEntity', ['createdBy', 'collaborationId'], ['id', 'collaborationId'], { name: 'meeting_items_created_by_collaboration_id_fkey' })
export class MeetingItemEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'meeting_items_pkey' }) id: string;
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'meeting_id', type: 'uuid' }) meetingId: string;
  @Column({ type: 'text' }) kind: MeetingItemKind;
  @Column({ name: 'ref_id', type: 'uuid', nullable: true }) refId: string | null;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ type: 'integer' }) position: number;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) createdAt: Date;
}
