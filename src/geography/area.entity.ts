import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { GeoJsonPolygon } from '#contracts';

/** An area of a collaboration, optionally bounded by a polygon (with its bounding box for quick tests). */
@Entity({ name: 'areas' })
@Unique('areas_id_collaboration_id_key', ['id', 'collaborationId'])
@Index('uq_areas_name', { synchronize: false }) // unique lower(name): an expression index (see the migration)
export class AreaEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'areas_pkey' }) id: string;
  @ForeignKey('CollaborationEntity', { name: 'areas_collaboration_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'jsonb', nullable: true }) boundary: GeoJsonPolygon | null;
  @Column({ name: 'min_lat', type: 'double precision', nullable: true }) minLat: number | null;
  @Column({ name: 'max_lat', type: 'double precision', nullable: true }) maxLat: number | null;
  @Column({ name: 'min_lng', type: 'double precision', nullable: true }) minLng: number | null;
  @Column({ name: 'max_lng', type: 'double precision', nullable: true }) maxLng: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** Taken by an edit (PATCH), which names the version it was made against. */
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
