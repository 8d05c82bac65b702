import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

/** The one DataSource definition, used by the application, the tests and the TypeORM CLI. */
export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
  };
}

/** Runs pending migrations under an advisory lock, so several nodes starting together migrate once. */
export async function migrate(ds: DataSource): Promise<void> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(746511)');
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock(746511)').catch(() => undefined);
    await runner.release();
  }
}

// For the TypeORM CLI: `npx typeorm migration:run -d dist/src/database/data-source.js`.
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://localhost/lagesbild'));
