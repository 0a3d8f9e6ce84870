import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgClient } from '../../sync-server/db/pg-client';
import { currentVersion, migrateDown, migrateUp } from '../../sync-server/db/migrator';
import { migrations } from '../../sync-server/db/migrations/index';
import type { SqlClient } from '../../sync-server/db/sql-client';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const APP_TABLES = [
  'audit_log',
  'blobs',
  'console_sessions',
  'devices',
  'documents',
  'invites',
  'job_runs',
  'revisions',
  'settings',
  'usage_snapshots',
  'users',
  'vaults',
];

async function appTables(sql: SqlClient): Promise<string[]> {
  const result = await sql.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
     ORDER BY table_name`,
  );
  return result.rows.map((row) => row.table_name);
}

describe('migrations on PostgreSQL', () => {
  let database: TestDatabase;
  let sql: SqlClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    sql = createPgClient({ connectionString: database.url });
  });
  afterAll(async () => {
    await sql?.close();
    await database?.drop();
  });

  it('the migration list is ordered by version without gaps', () => {
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
  });

  it('all up, all down, all up: the tables appear, vanish and appear again', async () => {
    const newest = migrations.at(-1)?.version ?? 0;
    expect(await currentVersion(sql)).toBe(0);

    expect(await migrateUp(sql)).toEqual(migrations.map((migration) => migration.version));
    expect(await appTables(sql)).toEqual(APP_TABLES);
    expect(await currentVersion(sql)).toBe(newest);

    expect(await migrateDown(sql, { to: 0 })).toEqual(
      migrations.map((migration) => migration.version).reverse(),
    );
    expect(await appTables(sql)).toEqual([]);
    expect(await currentVersion(sql)).toBe(0);

    await migrateUp(sql);
    expect(await appTables(sql)).toEqual(APP_TABLES);
    expect(await currentVersion(sql)).toBe(newest);
  });

  it('running up again applies nothing and changes nothing', async () => {
    await migrateUp(sql);
    const before = await sql.query(
      'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
    );
    expect(await migrateUp(sql)).toEqual([]);
    const after = await sql.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
    expect(after.rows).toEqual(before.rows);
  });

  it('two servers starting at once apply each migration exactly once', async () => {
    await migrateDown(sql, { to: 0 });
    const second = createPgClient({ connectionString: database.url });
    try {
      const [first, other] = await Promise.all([migrateUp(sql), migrateUp(second)]);
      // Whichever got the lock first applied everything; the other found it done.
      expect([...first, ...other].sort()).toEqual(migrations.map((migration) => migration.version));
      const rows = await sql.query('SELECT version FROM schema_migrations');
      expect(rows.rowCount).toBe(migrations.length);
    } finally {
      await second.close();
    }
  });

  it('a migration whose statement fails leaves no trace of itself', async () => {
    const broken = {
      version: 999,
      name: 'broken',
      up: ['CREATE TABLE half_done (id int)', 'SELECT no_such_function()'],
      down: ['DROP TABLE half_done'],
    };
    await expect(migrateUp(sql, [...migrations, broken])).rejects.toThrow(/no_such_function/);
    expect(await currentVersion(sql)).toBe(migrations.at(-1)?.version);
    expect(await appTables(sql)).not.toContain('half_done');
  });

  it('down to a version keeps that version', async () => {
    const newest = migrations.at(-1)?.version ?? 0;
    const extended = [
      ...migrations,
      {
        version: 1000,
        name: 'extra',
        up: ['CREATE TABLE extra_table (id int)'],
        down: ['DROP TABLE extra_table'],
      },
    ];
    await migrateUp(sql, extended);
    expect(await appTables(sql)).toContain('extra_table');
    expect(await migrateDown(sql, { to: newest }, extended)).toEqual([1000]);
    expect(await appTables(sql)).toEqual(APP_TABLES);
    expect(await currentVersion(sql)).toBe(newest);
  });
});
