import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/**
 * What a collaboration changed about its categories: a default one switched off or renamed (`custom` false, a label
 * null where the default stands), or one of its own (`custom` true, both labels). A default category without a row is
 * active with its default labels (libs/contracts/src/categories.ts). Rows are never deleted: a code once used keeps
 * its labels for the reports that carry it.
 */
@Entity({ name: 'collaboration_categories' })
@Check('collaboration_categories_code_check', `code ~ '^[a-z][a-z0-9_]{1,39}$'`)
@Check('collaboration_categories_label_sv_check', 'label_sv IS NULL OR char_length(label_sv) BETWEEN 1 AND 100')
@Check('collaboration_categories_label_en_check', 'label_en IS NULL OR char_length(label_en) BETWEEN 1 AND 100')
@Check('collaboration_categories_custom_labels_check', 'NOT custom OR (label_sv IS NOT NULL AND label_en IS NOT NULL)')
export class CategoryEntity {
  @ForeignKey('CollaborationEntity', { name: 'collaboration_categories_collaboration_id_fkey', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'collaboration_id', type: 'uuid', primaryKeyConstraintName: 'collaboration_categories_pkey' }) collaborationId: string;
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'collaboration_categories_pkey' }) code: string;
  /** The Swedish label; null: the default category's own. */
  @Column({ name: 'label_sv', type: 'text', nullable: true }) labelSv: string | null;
  @Column({ name: 'label_en', type: 'text', nullable: true }) labelEn: string | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
  /** The collaboration's own category (not one of the defaults). */
  @Column({ type: 'boolean' }) custom: boolean;
  /** 1 for a row just made: a default category without a row counts as version 1, so its first change makes 2. */
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
