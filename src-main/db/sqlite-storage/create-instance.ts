import { join } from 'node:path';
import {
  ensureRxStorageInstanceParamsAreCorrect,
  getPrimaryFieldOfPrimaryKey,
  type RxDocumentData,
  type RxStorage,
  type RxStorageInstanceCreationParams,
} from 'rxdb';
import { acquireConnection, closeTable, openTable, releaseConnection } from './connection.js';
import { DocumentTable } from './document-table.js';
import { buildIndexColumns, getStorageIndexes } from './index-columns.js';
import { ensureCollectionTable, ensureStorageTables, tableNameFor, tableSpec } from './schema-sql.js';
import { RxStorageInstanceSqlite } from './storage-instance.js';
import type {
  SqliteStorageInstanceCreationOptions,
  SqliteStorageInternals,
  SqliteStorageSettings,
} from './types.js';

/** `${directory}/${encodeURIComponent(databaseName)}.sqlite`: one file per RxDB database. */
export function databaseFilePath(settings: SqliteStorageSettings, databaseName: string): string {
  return join(settings.directory, `${encodeURIComponent(databaseName)}.sqlite`);
}

export function createSqliteStorageInstance<RxDocType>(
  storage: RxStorage<SqliteStorageInternals, SqliteStorageInstanceCreationOptions>,
  settings: SqliteStorageSettings,
  params: RxStorageInstanceCreationParams<RxDocType, SqliteStorageInstanceCreationOptions>,
): RxStorageInstanceSqlite<RxDocType> {
  // Rejects key compression, encryption and attachment compression (which need wrapper plugins).
  ensureRxStorageInstanceParamsAreCorrect(params);
  const schema = params.schema;
  const primaryPath = getPrimaryFieldOfPrimaryKey<RxDocumentData<RxDocType>>(schema.primaryKey);
  const indexes = getStorageIndexes(schema, primaryPath);
  const columns = buildIndexColumns<RxDocType>(schema, indexes);
  const tableName = tableNameFor(params.collectionName, schema.version);
  const spec = tableSpec(schema, columns);
  const filePath = databaseFilePath(settings, params.databaseName);

  const connection = acquireConnection(filePath);
  let tableOpened = false;
  try {
    const changes$ = openTable(connection, tableName, spec);
    tableOpened = true;
    ensureStorageTables(connection.db);
    const table = new DocumentTable<RxDocType>(connection.db, tableName, columns, primaryPath);
    ensureCollectionTable(connection.db, tableName, columns, spec, (json) => table.insertJson(json));
    return new RxStorageInstanceSqlite<RxDocType>({
      storage,
      databaseName: params.databaseName,
      collectionName: params.collectionName,
      schema,
      options: params.options,
      internals: {
        filePath,
        tableName,
        indexes,
        stats: {
          queries: 0,
          indexOrderedScans: 0,
          resortedScans: 0,
          nonCanonicalMerges: 0,
          sqlLimitPushdowns: 0,
          rowsRead: 0,
          sqlCounts: 0,
          matchedCounts: 0,
        },
      },
      primaryPath,
      connection,
      table,
      columns,
      changes$,
    });
  } catch (error) {
    if (tableOpened) closeTable(connection, tableName);
    releaseConnection(connection);
    throw error;
  }
}
