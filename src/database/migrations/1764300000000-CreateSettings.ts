import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Values every node of an installation shares: the JWT key generated when DATABASE_URL is given without JWT_SECRET. */
export class CreateSettings1764300000000 implements MigrationInterface {
  name = 'CreateSettings1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE settings (
        name text PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE settings');
  }
}
