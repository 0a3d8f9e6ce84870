/**
 * A durable RxDB RxStorage on better-sqlite3 (the free RxDB package has none for Node).
 *
 * Layout: one SQLite file per RxDB database, one table per (collection, schema version) with the
 * documents as JSON rows plus one compact key column per RxDB index (key-codec.ts); Mango
 * queries run as range scans on those columns. See storage-instance.ts for the RxStorageInstance
 * methods and query-plan.ts for how queries use the indexes.
 *
 * Only for the Node side (Electron main, CLI, tests): it imports better-sqlite3 and node:fs.
 *
 * Limits, on purpose:
 * - Change events reach every instance of a table in this process (like the memory storage),
 *   not other processes: `multiInstance` is accepted but not broadcast across processes.
 * - Rows with a non-canonical index value (a string with a trailing space or control
 *   character or beyond maxLength, a number off its schema range or multipleOf, a missing
 *   field) keep RxDB's padded key, and a query whose range holds one is merged and sorted in
 *   JavaScript. Normally there are none.
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
