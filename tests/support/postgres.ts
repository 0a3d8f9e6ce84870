import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server tests connect to; trust auth as user postgres unless the env names another. */
export const TEST_DATABASE_BASE_URL =
  process.env.QUIRE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection string of the fresh database. */
  url: string;
  name: string;
  /** Drops it, ending whatever connections are still open (PostgreSQL 13+ `WITH (FORCE)`). */
  drop(): Promise<void>;
}

function withDatabase(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onAdminConnection<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_BASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of its own per test file (or test): random names keep parallel vitest workers and
 * other people's runs on the same server apart.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `quire_t_${randomBytes(6).toString('hex')}`;
  await onAdminConnection((client) => client.query(`CREATE DATABASE ${name}`));
  let dropped = false;
  return {
    name,
    url: withDatabase(TEST_DATABASE_BASE_URL, name),
    async drop() {
      if (dropped) return;
      dropped = true;
      await onAdminConnection((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
