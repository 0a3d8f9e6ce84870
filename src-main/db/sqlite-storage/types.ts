import type { RxStorageDefaultCheckpoint } from 'rxdb';

/** Settings of the storage factory: where the SQLite files live. */
export interface SqliteStorageSettings {
  /** Directory holding one `<encodeURIComponent(databaseName)>.sqlite` file per RxDB database. */
  readonly directory: string;
}

/**
 * Per-collection options (RxDB passes the collection's `instanceCreationOptions` here).
 * There are none yet; the type exists so callers and RxDB generics have something stable to name.
 */
export type SqliteStorageInstanceCreationOptions = Readonly<Record<string, never>>;

/** Checkpoint of the changes feed: the last seen document by `(_meta.lwt, primary key)`. */
export type SqliteCheckpoint = RxStorageDefaultCheckpoint;

/**
 * Counters of how queries were executed. They make the planner observable: tests assert that
 * the note-list query is answered by an index range scan that reads only the page it returns.
 */
export interface SqliteQueryStats {
  /** query() calls. */
  queries: number;
  /** Queries whose rows came out of SQLite already in the requested order (asc or desc scan). */
  indexOrderedScans: number;
  /** Queries that had to load the whole index range and sort it with RxDB's comparator. */
  resortedScans: number;
  /** Of those, queries whose range held flagged (non-canonical) rows, merged in JavaScript. */
  nonCanonicalMerges: number;
  /** Queries whose skip/limit were executed by SQLite (no matcher needed, order from the index). */
  sqlLimitPushdowns: number;
  /** Rows fetched from SQLite (and JSON-parsed) by query() and count(). */
  rowsRead: number;
  /** count() calls answered by SQL COUNT(*) on the index range. */
  sqlCounts: number;
  /** count() calls that had to match documents in JavaScript. */
  matchedCounts: number;
}

/** What `RxStorageInstance.internals` exposes: where the data is, and the query counters. */
export interface SqliteStorageInternals {
  readonly filePath: string;
  readonly tableName: string;
  /** Index field lists backed by a key column, in column order (k0, k1, ...). */
  readonly indexes: readonly (readonly string[])[];
  readonly stats: SqliteQueryStats;
}
