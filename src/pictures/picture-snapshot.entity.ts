import { Column, Entity, ForeignKey, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { WeeklyPictureResponse } from '#contracts';

/**
 * A frozen weekly picture: the joint view of the week (what every partner may see) as it stood when a coordinator
 * froze it, with its files. Never updated: a trigger refuses UPDATE (migration CreatePictures), so later edits of
 * reports cannot change it, and a download returns the bytes stored. One per collaboration and week.
 */
@Entity({ name: 'picture_snapshots' })
@Unique('picture_snapshots_collaboration_id_week_key', ['collaborationId', 'week'])
@ForeignKey('OrganisationEntity', ['frozenByOrganisation', 'collaborationId'], ['id', 'collaborationId'], { name: 'picture_snapshots_frozen_by_organisation_collaboration_id_fkey' })
@ForeignKey('UserEntity', ['frozenBy', 'collaborationId'], ['id', 'collaborationId'], { name: 'picture_snapshots_frozen_by_collaboration_id_fkey' })
export class PictureSnapshotEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'picture_snapshots_pkey' }) id: string;
  @ForeignKey('CollaborationEntity', { name: 'picture_snapshots_collaboration_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ type: 'text' }) week: string;
  /** The picture's JSON as answered then. */
  @Column({ type: 'jsonb' }) picture: WeeklyPictureResponse;
  /** sha256 (hex) of the picture's JSON text as stored, followed by each file's: one hash that changes with any byte. */
  @Column({ name: 'content_hash', type: 'text' }) contentHash: string;
  @Column({ name: 'frozen_by', type: 'uuid' }) frozenBy: string;
  @Column({ name: 'frozen_by_organisation', type: 'uuid' }) frozenByOrganisation: string;
  @Column({ name: 'frozen_at', type: 'timestamptz', default: () => "date_trunc('milliseconds', now())" }) frozenAt: Date;
}

/** One file of a frozen picture, stored as the bytes first made. */
@Entity({ name: 'picture_snapshot_files' })
@ForeignKey('PictureSnapshotEntity', ['snapshotId'], ['id'], { name: 'picture_snapshot_files_snapshot_id_fkey', onDelete: 'CASCADE' })
export class PictureSnapshotFileEntity {
  @PrimaryColumn({ name: 'snapshot_id', type: 'uuid', primaryKeyConstraintName: 'picture_snapshot_files_pkey' }) snapshotId: string;
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'picture_snapshot_files_pkey' }) format: string;
  @Column({ name: 'file_name', type: 'text' }) fileName: string;
  @Column({ type: 'bytea' }) content: Buffer;
  @Column({ type: 'text' }) sha256: string;
}
