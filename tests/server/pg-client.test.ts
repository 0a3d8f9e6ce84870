import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgClient } from '../../sync-server/db/pg-client';
import type { SqlClient } from '../../sync-server/db/sql-client';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

/**
 * Ends every other connection to this test's database. The pids are read first and terminated
 * in a second statement: in one statement the planner may push `pg_terminate_backend(pid)` below
 * pg_stat_activity's join with pg_database, so it would run before the datname filter and end
 * every connection on the server, other people's test runs included.
 */
async function terminateOtherConnections(admin: SqlClient): Promise<number> {
  const others = await admin.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  const pids = others.rows.map((row) => row.pid);
  await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
  return pids.length;
}

describe('createPgClient', () => {
  let database: TestDatabase;
  let sql: SqlClient;
  let admin: SqlClient;
  const warnings: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    sql = createPgClient({
      connectionString: database.url,
      poolSize: 4,
      logger: { warn: (_details, message) => warnings.push(message) },
    });
    admin = createPgClient({ connectionString: database.url, poolSize: 1 });
    await sql.query('CREATE TABLE items (id int PRIMARY KEY, n bigint NOT NULL)');
  });
  afterAll(async () => {
    await sql?.close();
    await admin?.close();
    await database?.drop();
  });

  it('reads bigint as a number, without changing pg’s global parsers', async () => {
    const result = await sql.query<{ big: unknown; count: unknown }>(
      'SELECT 9007199254740991::bigint AS big, count(*) AS count FROM items',
    );
    expect(result.rows).toEqual([{ big: Number.MAX_SAFE_INTEGER, count: 0 }]);
    const globalInt8Parser = pg.types.getTypeParser(20, 'text') as (value: string) => unknown;
    expect(globalInt8Parser('5')).toBe('5');
  });

  it('reports rowCount for writes and reads', async () => {
    expect((await sql.query('INSERT INTO items VALUES (1, 10), (2, 20)')).rowCount).toBe(2);
    expect((await sql.query('SELECT * FROM items')).rowCount).toBe(2);
    await sql.query('DELETE FROM items');
  });

  it('commits a transaction that returns, rolls back one that throws', async () => {
    expect(
      await sql.transaction(async (tx) => (await tx.query('INSERT INTO items VALUES (3, 30)')).rowCount),
    ).toBe(1);
    await expect(
      sql.transaction(async (tx) => {
        await tx.query('INSERT INTO items VALUES (4, 40)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const ids = await sql.query<{ id: number }>('SELECT id FROM items ORDER BY id');
    expect(ids.rows.map((row) => row.id)).toEqual([3]);
  });

  it('keeps working after the server terminates every pooled connection', async () => {
    // Open all four pooled connections, then let them sit idle.
    await Promise.all(Array.from({ length: 4 }, () => sql.query('SELECT pg_sleep(0.05)')));
    const terminated = await terminateOtherConnections(admin);
    expect(terminated).toBeGreaterThanOrEqual(4);

    // No crash from the idle connections' errors; reads and transactions get fresh connections.
    for (let i = 0; i < 6; i++) expect((await sql.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await sql.transaction((tx) => tx.query('INSERT INTO items VALUES (5, 50)'));
    expect((await sql.query('SELECT count(*) AS n FROM items')).rows).toEqual([{ n: 2 }]);
  });

  it('a transaction whose connection dies midway fails, and the next one works', async () => {
    await expect(
      sql.transaction(async (tx) => {
        await tx.query('INSERT INTO items VALUES (6, 60)');
        await terminateOtherConnections(admin);
        await tx.query('INSERT INTO items VALUES (7, 70)');
      }),
    ).rejects.toThrow();
    await sql.transaction((tx) => tx.query('INSERT INTO items VALUES (8, 80)'));
    const ids = await sql.query<{ id: number }>('SELECT id FROM items ORDER BY id');
    expect(ids.rows.map((row) => row.id)).toEqual([3, 5, 8]);
  });
});
