import type { Migration } from './migrations/migration';
import { migrations as allMigrations } from './migrations/index';
import type { SqlClient, SqlQueryable } from './sql-client';

/**
 * Any constant works; it only has to be the same in every server process. Taken inside each
 * migration's transaction, it makes a second process starting at the same moment wait, then find
 * the step already applied instead of applying it twice.
 */
const MIGRATION_LOCK_KEY = 7_305_112_001;

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

function ordered(migrations: readonly Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((migration, index) => {
    if (!Number.isInteger(migration.version) || migration.version < 1) {
      throw new Error(`Migration "${migration.name}" has an invalid version ${migration.version}`);
    }
    if (index > 0 && sorted[index - 1]?.version === migration.version) {
      throw new Error(`Two migrations share version ${migration.version}`);
    }
  });
  return sorted;
}

async function lockAndEnsureTable(tx: SqlQueryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
  await tx.query(CREATE_MIGRATIONS_TABLE);
}

async function isApplied(tx: SqlQueryable, version: number): Promise<boolean> {
  const result = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [version]);
  return result.rowCount > 0;
}

async function appliedVersions(sql: SqlQueryable): Promise<number[]> {
  const exists = await sql.query<{ present: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS present`,
  );
  if (!exists.rows[0]?.present) return [];
  const result = await sql.query<{ version: number }>(
    'SELECT version FROM schema_migrations ORDER BY version',
  );
  return result.rows.map((row) => row.version);
}

/** The newest applied schema version; 0 for an empty database. */
export async function currentVersion(sql: SqlQueryable): Promise<number> {
  const versions = await appliedVersions(sql);
  return versions.at(-1) ?? 0;
}

/**
 * O16: the database was migrated by a newer server. This code cannot know what the newer steps
 * changed, so it does not start on it (exit code 5 from the CLI).
 */
export class SchemaTooNewError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `the database schema is at version ${databaseVersion}, newer than this server knows (${knownVersion}); run the newer Quire sync server that upgraded it, or restore a backup taken before the upgrade.`,
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Applies every pending migration, each in its own transaction. Returns the versions it applied.
 * Refuses (SchemaTooNewError) a database with a version newer than any it knows.
 */
export async function migrateUp(
  sql: SqlClient,
  migrations: readonly Migration[] = allMigrations,
): Promise<number[]> {
  const known = Math.max(0, ...migrations.map((migration) => migration.version));
  const newest = await currentVersion(sql);
  if (newest > known) throw new SchemaTooNewError(newest, known);
  const applied: number[] = [];
  for (const migration of ordered(migrations)) {
    const didApply = await sql.transaction(async (tx) => {
      await lockAndEnsureTable(tx);
      if (await isApplied(tx, migration.version)) return false;
      for (const statement of migration.up) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (didApply) applied.push(migration.version);
  }
  return applied;
}

/**
 * Undoes applied migrations newer than `to`, newest first, each in its own transaction.
 * `to: 0` empties the schema (schema_migrations stays, empty). Returns the versions it undid.
 */
export async function migrateDown(
  sql: SqlClient,
  options: { to: number },
  migrations: readonly Migration[] = allMigrations,
): Promise<number[]> {
  const byVersion = new Map(ordered(migrations).map((migration) => [migration.version, migration]));
  const undone: number[] = [];
  const newestFirst = (await appliedVersions(sql)).filter((version) => version > options.to).reverse();
  for (const version of newestFirst) {
    const migration = byVersion.get(version);
    // Without its `down` we cannot undo it; stopping keeps the schema and the table in agreement.
    if (!migration) throw new Error(`Applied migration ${version} is unknown to this server`);
    const didUndo = await sql.transaction(async (tx) => {
      await lockAndEnsureTable(tx);
      if (!(await isApplied(tx, version))) return false;
      for (const statement of migration.down) await tx.query(statement);
      await tx.query('DELETE FROM schema_migrations WHERE version = $1', [version]);
      return true;
    });
    if (didUndo) undone.push(version);
  }
  return undone;
}
