import pg from 'pg';
import { randomBytes } from 'node:crypto';

export const TEMPLATE = 'lagesbild_template';

export function adminUrl(): string {
  const url = process.env.TEST_DATABASE_ADMIN_URL;
  if (!url) throw new Error('TEST_DATABASE_ADMIN_URL is not set: run the tests through jest (global setup starts the database)');
  return url;
}

export function urlFor(database: string): string {
  const u = new URL(adminUrl());
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh database for one test file, cloned from the template the global setup migrated. */
export async function createTestDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    const name = `t_${randomBytes(6).toString('hex')}`;
    // CREATE DATABASE ... TEMPLATE needs the template to be idle; files running in parallel take turns.
    await admin.query('SELECT pg_advisory_lock(424242)');
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
    await admin.query('SELECT pg_advisory_unlock(424242)');
    return urlFor(name);
  } finally {
    await admin.end();
  }
}

/** A direct connection to a test database, for assertions on stored rows and for fault injection. */
export async function withDb<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
