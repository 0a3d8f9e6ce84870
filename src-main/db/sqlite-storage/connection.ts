import { existsSync, rmSync } from 'node:fs';
import { preparePrivateSqliteFile, tightenSqliteFiles } from '../../vault/private-files';
import Database from 'better-sqlite3';
import { Subject } from 'rxjs';
import { META_TABLE } from './schema-sql.js';

/** Anything that can travel on a table's change stream; the instance narrows it to its type. */
export type ChangeBulk = object;

interface OpenTable {
  refs: number;
  /** The index spec the table was opened with; a second opener must agree. */
  readonly spec: string;
  /**
   * Shared by all instances of one table in this process (as the memory storage shares its
   * state), so a write through one instance reaches the change streams of the others.
   */
  readonly changes$: Subject<ChangeBulk>;
}

/**
 * One better-sqlite3 connection per database file, shared by every storage instance of that
 * RxDB database (its `_rxdb_internal` store and all collections) and closed when the last
 * instance closes. Sharing matters: two connections to one WAL file would serialize on
 * SQLite's write lock and could not see each other's uncommitted state anyway.
 */
export interface SharedConnection {
  readonly filePath: string;
  readonly db: Database.Database;
  refs: number;
  /** Set by remove(); on the last close the file is deleted if no table is left in it. */
  removedSomething: boolean;
  readonly tables: Map<string, OpenTable>;
}

const CONNECTIONS = new Map<string, SharedConnection>();

/** Busy timeout for the (unusual) case of another process holding the write lock. */
const BUSY_TIMEOUT_MS = 5000;

function openDatabase(filePath: string): Database.Database {
  preparePrivateSqliteFile(filePath);
  const db = new Database(filePath);
  try {
    // WAL: readers never block the writer and a commit is one sequential append.
    db.pragma('journal_mode = WAL');
    tightenSqliteFiles(filePath);
    // NORMAL in WAL mode: a committed transaction survives a crash of this process (the OS
    // still has the pages); only a power loss can lose the last commits, never corrupt the file.
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // 32 MB page cache: the 50k-note working set (rows + index pages) fits, so reopening and
    // paging do not go back to the file for every page.
    db.pragma('cache_size = -32000');
    db.pragma('temp_store = MEMORY');
    // A checkpoint every ~40 MB of WAL instead of SQLite's ~4 MB: a first sync writes tens of
    // megabytes, and each checkpoint is an fsync that stalls the write that triggers it. The
    // leftover WAL file is trimmed back to 64 MB at most.
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma('journal_size_limit = 67108864');
    db.pragma('foreign_keys = OFF');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export function acquireConnection(filePath: string): SharedConnection {
  const existing = CONNECTIONS.get(filePath);
  if (existing) {
    existing.refs++;
    return existing;
  }
  const connection: SharedConnection = {
    filePath,
    db: openDatabase(filePath),
    refs: 1,
    removedSomething: false,
    tables: new Map(),
  };
  CONNECTIONS.set(filePath, connection);
  return connection;
}

export function releaseConnection(connection: SharedConnection): void {
  connection.refs--;
  if (connection.refs > 0) return;
  CONNECTIONS.delete(connection.filePath);
  let deleteFile = false;
  if (connection.removedSomething) {
    const row = connection.db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${META_TABLE}`).get();
    deleteFile = (row?.n ?? 0) === 0;
  }
  connection.db.close();
  if (deleteFile) {
    // remove() dropped the last table: leave no empty database file behind.
    for (const suffix of ['', '-wal', '-shm']) {
      const path = connection.filePath + suffix;
      if (existsSync(path)) rmSync(path, { force: true });
    }
  }
}

/** Registers one more instance of `tableName`; returns the shared change subject. */
export function openTable(
  connection: SharedConnection,
  tableName: string,
  spec: string,
): Subject<ChangeBulk> {
  const table = connection.tables.get(tableName);
  if (table) {
    if (table.spec !== spec) {
      throw new Error(`SQLite storage: table ${tableName} is already open with a different schema`);
    }
    table.refs++;
    return table.changes$;
  }
  const created: OpenTable = { refs: 1, spec, changes$: new Subject<ChangeBulk>() };
  connection.tables.set(tableName, created);
  return created.changes$;
}

export function closeTable(connection: SharedConnection, tableName: string): void {
  const table = connection.tables.get(tableName);
  if (!table) return;
  table.refs--;
  if (table.refs === 0) {
    connection.tables.delete(tableName);
    table.changes$.complete();
  }
}
