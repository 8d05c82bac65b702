import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A collaboration's own categories (src/categories): what it changed about the defaults (switched off, renamed) and
 * the categories it added. And a version on areas and places, which may now be renamed, redrawn and deleted
 * (`PATCH`/`DELETE /api/areas/:id`, `/api/places/:id`): an edit names the version it was made against.
 */
export class AddCollaborationCategoriesAndGeographyVersions1796800000000 implements MigrationInterface {
  name = 'AddCollaborationCategoriesAndGeographyVersions1796800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE collaboration_categories (
        collaboration_id uuid NOT NULL,
        code text NOT NULL,
        label_sv text,
        label_en text,
        active boolean NOT NULL DEFAULT true,
        custom boolean NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT collaboration_categories_pkey PRIMARY KEY (collaboration_id, code),
        CONSTRAINT collaboration_categories_code_check CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
        CONSTRAINT collaboration_categories_label_sv_check CHECK (label_sv IS NULL OR char_length(label_sv) BETWEEN 1 AND 100),
        CONSTRAINT collaboration_categories_label_en_check CHECK (label_en IS NULL OR char_length(label_en) BETWEEN 1 AND 100),
        CONSTRAINT collaboration_categories_custom_labels_check CHECK (NOT custom OR (label_sv IS NOT NULL AND label_en IS NOT NULL)),
        CONSTRAINT collaboration_categories_collaboration_id_fkey FOREIGN KEY (collaboration_id) REFERENCES collaborations(id) ON DELETE CASCADE
      );
      ALTER TABLE areas ADD COLUMN version integer NOT NULL DEFAULT 1, ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
      ALTER TABLE places ADD COLUMN version integer NOT NULL DEFAULT 1, ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE places DROP COLUMN version, DROP COLUMN updated_at;
      ALTER TABLE areas DROP COLUMN version, DROP COLUMN updated_at;
      DROP TABLE collaboration_categories;
    `);
  }
}
