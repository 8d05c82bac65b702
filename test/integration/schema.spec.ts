import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { createTestDatabase, withDb } from '../support/db.js';

// The entities are the one typed description of each table: CI fails when they and the migrations disagree, as
// `typeorm migration:generate --check` would, against a database migrated by the migrations themselves.
describe('entities and migrations', () => {
  let ds: DataSource;
  let url: string;

  beforeAll(async () => {
    url = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(url, 2)).initialize();
  });
  afterAll(() => ds?.destroy());

  it('agree: the schema TypeORM derives from the entities needs no change to the migrated database', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('the check sees a difference (a column the entities do not know, an index they expect)', async () => {
    await withDb(url, (c) => c.query('ALTER TABLE places ADD COLUMN stray int; DROP INDEX ix_places_area'));
    try {
      const pending = (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query).join('\n');
      expect(pending).toMatch(/DROP COLUMN "stray"/);
      expect(pending).toMatch(/CREATE INDEX "ix_places_area"/);
    } finally {
      await withDb(url, (c) => c.query('ALTER TABLE places DROP COLUMN stray; CREATE INDEX ix_places_area ON places (collaboration_id, area_id)'));
    }
  });

  it('every migration can be reverted and applied again', async () => {
    for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(await ds.query('SELECT count(*)::int AS n FROM migrations')).toEqual([{ n: 0 }]);
    await ds.runMigrations({ transaction: 'each' });
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});
