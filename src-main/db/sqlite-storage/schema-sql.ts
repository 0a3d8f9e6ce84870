import type Database from 'better-sqlite3';
import { getSchemaByObjectPath, type RxDocumentData, type RxJsonSchema } from 'rxdb';
import type { IndexColumn } from './index-columns.js';

/**
 * Bumped whenever the meaning of the stored key columns changes (encoding, flag rules). A table
 * written with another format or index list is rebuilt from its JSON rows on open.
 * 1: padded RxDB indexable strings in every `k<i>`.
 * 2: compact keys for canonical rows (key-codec.ts), padded strings only for flagged rows;
 *    the key index is partial on `n<i> = 0`.
 */
export const STORAGE_FORMAT = 2;

/** One row per collection table: its index spec, so a reopen can detect a changed layout. */
export const META_TABLE = 'quire_rx_tables';
/** Attachment bytes of every table of the file, keyed by (table, document id, attachment id). */
export const ATTACHMENTS_TABLE = 'quire_rx_attachments';

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** One table per (collection, schema version): a migration writes the new version beside the old. */
export function tableNameFor(collectionName: string, schemaVersion: number): string {
  return `rx_${collectionName}_v${schemaVersion}`;
}

export function keyIndexName<T>(tableName: string, column: IndexColumn<T>): string {
  return `${tableName}__${column.keyColumn}`;
}

export function flagIndexName<T>(tableName: string, column: IndexColumn<T>): string {
  return `${tableName}__${column.flagColumn}`;
}

/** Everything that decides the stored key columns; compared on open. */
export function tableSpec<RxDocType>(
  schema: RxJsonSchema<RxDocumentData<RxDocType>>,
  columns: readonly IndexColumn<RxDocType>[],
): string {
  return JSON.stringify({
    format: STORAGE_FORMAT,
    indexes: columns.map((column) =>
      column.fields.map((field) => {
        const part = getSchemaByObjectPath(schema, field);
        return [field, part.type, part.maxLength, part.minimum, part.maximum, part.multipleOf];
      }),
    ),
  });
}

export function ensureStorageTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${META_TABLE} (
      name TEXT PRIMARY KEY NOT NULL,
      spec TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS ${ATTACHMENTS_TABLE} (
      tbl TEXT NOT NULL,
      doc_id TEXT NOT NULL,
      att_id TEXT NOT NULL,
      digest TEXT NOT NULL,
      type TEXT NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (tbl, doc_id, att_id)
    );
  `);
}

function createTableSql<T>(tableName: string, columns: readonly IndexColumn<T>[]): string[] {
  const table = quoteIdent(tableName);
  const keyColumns = columns.map((c) => `${c.keyColumn} TEXT NOT NULL, ${c.flagColumn} INTEGER NOT NULL`);
  return [
    // Rowid table: rows hold whole JSON documents (often > 1 KB), which WITHOUT ROWID handles badly.
    `CREATE TABLE ${table} (
      id TEXT PRIMARY KEY NOT NULL,
      data TEXT NOT NULL,
      deleted INTEGER NOT NULL,
      lwt REAL NOT NULL,
      rev TEXT NOT NULL,
      ${keyColumns.join(',\n      ')}
    )`,
    // Partial indexes: compact keys and padded keys do not compare with each other, so each
    // kind has its own index; the flagged one normally holds no row at all.
    ...columns.flatMap((c) => [
      `CREATE INDEX ${quoteIdent(keyIndexName(tableName, c))} ON ${table} (${c.keyColumn}) WHERE ${c.flagColumn} = 0`,
      `CREATE INDEX ${quoteIdent(flagIndexName(tableName, c))} ON ${table} (${c.keyColumn}) WHERE ${c.flagColumn} = 1`,
    ]),
  ];
}

/**
 * Creates the collection table, or rebuilds it when it was written with another spec.
 * `writeRow(json)` inserts one document into the (new) table; used for the rebuild copy.
 */
export function ensureCollectionTable<T>(
  db: Database.Database,
  tableName: string,
  columns: readonly IndexColumn<T>[],
  spec: string,
  writeRow: (json: string) => void,
): void {
  const stored = db
    .prepare<[string], { spec: string }>(`SELECT spec FROM ${META_TABLE} WHERE name = ?`)
    .get(tableName);
  if (stored?.spec === spec) return;
  const table = quoteIdent(tableName);
  let rebuilt = false;
  const setup = db.transaction(() => {
    const exists = db
      .prepare<[string], { n: number }>(
        `SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?`,
      )
      .get(tableName);
    if (exists && exists.n > 0) {
      rebuilt = true;
      // Layout changed: move the old rows aside, recreate, re-derive every key column from JSON.
      const oldName = `${tableName}__rebuild`;
      const oldIndexes = db
        .prepare<[string], { name: string }>(
          `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`,
        )
        .all(tableName);
      for (const index of oldIndexes) db.exec(`DROP INDEX ${quoteIdent(index.name)}`);
      db.exec(`ALTER TABLE ${table} RENAME TO ${quoteIdent(oldName)}`);
      const [createTable, ...createIndexes] = createTableSql(tableName, columns);
      db.exec(createTable as string);
      const page = db.prepare<[number], { rid: number; data: string }>(
        `SELECT rowid AS rid, data FROM ${quoteIdent(oldName)} WHERE rowid > ? ORDER BY rowid LIMIT 500`,
      );
      // Paged reads: better-sqlite3 cannot write while an iterator over the same connection is open.
      for (let last = -1, rows = page.all(last); rows.length > 0; rows = page.all(last)) {
        for (const row of rows) {
          writeRow(row.data);
          last = row.rid;
        }
      }
      db.exec(`DROP TABLE ${quoteIdent(oldName)}`);
      // Indexes after the copy: one sorted build each instead of a b-tree insert per row.
      for (const sql of createIndexes) db.exec(sql);
    } else {
      for (const sql of createTableSql(tableName, columns)) db.exec(sql);
    }
    db.prepare(`INSERT OR REPLACE INTO ${META_TABLE} (name, spec) VALUES (?, ?)`).run(tableName, spec);
  });
  setup.immediate();
  if (rebuilt) compactAfterRebuild(db);
}

/**
 * A rebuild frees the old table's pages only after writing the new one, so the file keeps the
 * old size plus the new (a format-1 vault grew ~2.5x). When most of the file is free, compact it
 * once; VACUUM is atomic, runs outside the rebuild transaction and never changes documents.
 */
function compactAfterRebuild(db: Database.Database): void {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  if (free * 4 < pages) return;
  db.exec('VACUUM');
  // VACUUM in WAL mode writes the whole file through the WAL: give that space back too.
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/** Drops the table, its attachments and its meta row (RxStorageInstance.remove()). */
export function dropCollectionTable(db: Database.Database, tableName: string): void {
  db.transaction(() => {
    db.exec(`DROP TABLE IF EXISTS ${quoteIdent(tableName)}`);
    db.prepare(`DELETE FROM ${ATTACHMENTS_TABLE} WHERE tbl = ?`).run(tableName);
    db.prepare(`DELETE FROM ${META_TABLE} WHERE name = ?`).run(tableName);
  }).immediate();
}
