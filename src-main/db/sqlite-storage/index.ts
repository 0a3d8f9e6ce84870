/**
 * A durable RxDB RxStorage on better-sqlite3 (the free RxDB package has none for Node).
 *
 * Layout: one SQLite file per RxDB database, one table per (collection, schema version) with the
 * documents as JSON rows plus one indexable-string column per RxDB index; Mango queries run as
 * range scans on those columns. See storage-instance.ts for the RxStorageInstance methods and
 * query-plan.ts for how queries use the indexes.
 *
 * Only for the Node side (Electron main, CLI, tests): it imports better-sqlite3 and node:fs.
 *
 * Limits, on purpose:
 * - Change events reach every instance of a table in this process (like the memory storage),
 *   not other processes: `multiInstance` is accepted but not broadcast across processes.
 * - Key columns hold RxDB's padded index strings, so an index over a `maxLength: 500` string
 *   costs ~1 KB per document (column + SQLite index). Keep maxLength of indexed strings tight.
 */
import { RXDB_VERSION, type RxStorage } from 'rxdb';
import { createSqliteStorageInstance } from './create-instance.js';
import type {
  SqliteStorageInstanceCreationOptions,
  SqliteStorageInternals,
  SqliteStorageSettings,
} from './types.js';

export type {
  SqliteCheckpoint,
  SqliteQueryStats,
  SqliteStorageInstanceCreationOptions,
  SqliteStorageInternals,
  SqliteStorageSettings,
} from './types.js';
export { databaseFilePath } from './create-instance.js';

export const RX_STORAGE_NAME_SQLITE = 'quire-sqlite';

export function getRxStorageSqlite(options: {
  directory: string;
}): RxStorage<SqliteStorageInternals, SqliteStorageInstanceCreationOptions> {
  const settings: SqliteStorageSettings = { directory: options.directory };
  const storage: RxStorage<SqliteStorageInternals, SqliteStorageInstanceCreationOptions> = {
    name: RX_STORAGE_NAME_SQLITE,
    rxdbVersion: RXDB_VERSION,
    createStorageInstance(params) {
      // Synchronous work (better-sqlite3); a throw becomes a rejected promise for RxDB.
      try {
        return Promise.resolve(createSqliteStorageInstance(storage, settings, params));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
  return storage;
}
