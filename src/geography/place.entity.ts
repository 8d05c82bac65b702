import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A named point of a collaboration (a square, a school yard), in the area that contains it if any. */
@Entity({ name: 'places' })
@Unique('places_id_collaboration_id_key', ['id', 'collaborationId'])
@Index('ix_places_area', ['collaborationId', 'areaId'])
@ForeignKey('AreaEntity', ['areaId', 'collaborationId'], ['id', 'collaborationId'], { name: 'places_area_id_collaboration_id_fkey' })
export class PlaceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'places_pkey' }) id: string;
  @ForeignKey('CollaborationEntity', { name: 'places_collaboration_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'collaboration_id', type: 'uuid' }) collaborationId: string;
  @Column({ name: 'area_id', type: 'uuid', nullable: true }) areaId: string | null;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', nullable: true }) kind: string | null;
  @Column({ type: 'double precision' }) lat: number;
  @Column({ type: 'double precision' }) lng: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** Taken by an edit (PATCH), which names the version it was made against. */
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
