import type Database from 'better-sqlite3';
import type { RxDocumentData } from 'rxdb';
import type { IndexColumn } from './index-columns.js';
import { compactKeysMonad, type CompactBound } from './key-codec.js';
import { ATTACHMENTS_TABLE, flagIndexName, keyIndexName, quoteIdent } from './schema-sql.js';
import { toSqliteSortKey } from './sort-key.js';

/**
 * A key range on one index column, bounds already in SQLite order. Used with compact bounds on
 * the canonical rows and with padded bounds on the flagged rows (see index-columns.ts).
 */
export interface KeyRange {
  readonly lower: string;
  readonly upper: string;
  readonly inclusiveStart: boolean;
  readonly inclusiveEnd: boolean;
}

export type ScanOrder = 'asc' | 'desc';

export interface StoredRevision {
  readonly rev: string;
  readonly deleted: boolean;
}

export interface StoredAttachment {
  readonly digest: string;
  readonly type: string;
  readonly data: Buffer;
}

type Statement<Params extends unknown[], Row> = Database.Statement<Params, Row>;

/**
 * Row-level SQL of one collection table. Statements are prepared once per instance and cached
 * by shape (index, direction, bound inclusivity, limit): preparing costs more than running a
 * point query, and the set of shapes a collection uses is small.
 */
export class DocumentTable<RxDocType> {
  private readonly table: string;
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();
  private readonly insertSql: string;
  private readonly updateSql: string;
  private readonly compactKeys: (doc: RxDocumentData<RxDocType>) => (string | undefined)[];

  constructor(
    private readonly db: Database.Database,
    readonly tableName: string,
    private readonly columns: readonly IndexColumn<RxDocType>[],
    private readonly primaryPath: string,
  ) {
    this.table = quoteIdent(tableName);
    this.compactKeys = compactKeysMonad<RxDocType>(columns);
    const keyColumns = columns.flatMap((c) => [c.keyColumn, c.flagColumn]);
    const allColumns = ['id', 'data', 'deleted', 'lwt', 'rev', ...keyColumns];
    this.insertSql = `INSERT INTO ${this.table} (${allColumns.join(', ')}) VALUES (${allColumns.map(() => '?').join(', ')})`;
    this.updateSql = `UPDATE ${this.table} SET ${allColumns
      .slice(1)
      .map((c) => `${c} = ?`)
      .join(', ')} WHERE id = ?`;
  }

  private statement<Params extends unknown[], Row>(key: string, sql: () => string): Statement<Params, Row> {
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.db.prepare<unknown[], unknown>(sql());
      this.statements.set(key, statement);
    }
    return statement as unknown as Statement<Params, Row>;
  }

  /** Values for every column but id, in the order of insertSql after `id`. */
  private rowValues(doc: RxDocumentData<RxDocType>): unknown[] {
    const values: unknown[] = [JSON.stringify(doc), doc._deleted ? 1 : 0, doc._meta.lwt, doc._rev];
    const compactKeys = this.compactKeys(doc);
    this.columns.forEach((column, i) => {
      const compact = compactKeys[i];
      if (compact !== undefined) values.push(compact, 0);
      else values.push(toSqliteSortKey(column.indexString(doc)), 1);
    });
    return values;
  }

  private idOf(doc: RxDocumentData<RxDocType>): string {
    return (doc as Record<string, unknown>)[this.primaryPath] as string;
  }

  insert(doc: RxDocumentData<RxDocType>): void {
    this.statement<unknown[], never>('insert', () => this.insertSql).run(
      this.idOf(doc),
      ...this.rowValues(doc),
    );
  }

  update(doc: RxDocumentData<RxDocType>): void {
    this.statement<unknown[], never>('update', () => this.updateSql).run(
      ...this.rowValues(doc),
      this.idOf(doc),
    );
  }

  /** Inserts a document given as stored JSON (table rebuild). */
  insertJson(json: string): void {
    this.insert(JSON.parse(json) as RxDocumentData<RxDocType>);
  }

  /** Current revision and deleted flag of the given ids, without parsing their JSON. */
  revisions(ids: readonly string[]): Map<string, StoredRevision> {
    const result = new Map<string, StoredRevision>();
    if (ids.length === 1) {
      const id = ids[0] as string;
      const row = this.statement<[string], { rev: string; deleted: number }>(
        'rev1',
        () => `SELECT rev, deleted FROM ${this.table} WHERE id = ?`,
      ).get(id);
      if (row) result.set(id, { rev: row.rev, deleted: row.deleted === 1 });
      return result;
    }
    // One statement for any number of ids: the id list travels as one JSON parameter.
    const rows = this.statement<[string], { id: string; rev: string; deleted: number }>(
      'revN',
      () => `SELECT id, rev, deleted FROM ${this.table} WHERE id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids));
    for (const row of rows) result.set(row.id, { rev: row.rev, deleted: row.deleted === 1 });
    return result;
  }

  /** Stored JSON by id (deleted documents included unless withDeleted is false). */
  jsonByIds(ids: readonly string[], withDeleted: boolean): Map<string, string> {
    const result = new Map<string, string>();
    const deletedFilter = withDeleted ? '' : ' AND deleted = 0';
    if (ids.length === 1) {
      const id = ids[0] as string;
      const row = this.statement<[string], { data: string }>(
        `get1${deletedFilter}`,
        () => `SELECT data FROM ${this.table} WHERE id = ?${deletedFilter}`,
      ).get(id);
      if (row) result.set(id, row.data);
      return result;
    }
    const rows = this.statement<[string], { id: string; data: string }>(
      `getN${deletedFilter}`,
      () => `SELECT id, data FROM ${this.table} WHERE id IN (SELECT value FROM json_each(?))${deletedFilter}`,
    ).all(JSON.stringify(ids));
    for (const row of rows) result.set(row.id, row.data);
    return result;
  }

  private rangeWhere(column: IndexColumn<RxDocType>, range: KeyRange): string {
    return `${column.keyColumn} ${range.inclusiveStart ? '>=' : '>'} ? AND ${column.keyColumn} ${range.inclusiveEnd ? '<=' : '<'} ?`;
  }

  private rangeShape(column: IndexColumn<RxDocType>, range: KeyRange): string {
    return `${column.keyColumn}:${range.inclusiveStart ? 'i' : 'x'}${range.inclusiveEnd ? 'i' : 'x'}`;
  }

  /**
   * `INDEXED BY` + the literal flag term of the partial index: the term makes the partial index
   * usable (SQLite then checks it from the index alone), INDEXED BY pins the plan to it.
   */
  private canonicalFrom(column: IndexColumn<RxDocType>): string {
    return `${this.table} INDEXED BY ${quoteIdent(keyIndexName(this.tableName, column))} WHERE ${column.flagColumn} = 0`;
  }

  private flaggedFrom(column: IndexColumn<RxDocType>): string {
    return `${this.table} INDEXED BY ${quoteIdent(flagIndexName(this.tableName, column))} WHERE ${column.flagColumn} = 1`;
  }

  /**
   * JSON of the canonical rows in the compact key range, in index order (asc or desc). The
   * index is pinned, so ORDER BY never needs a temporary sort and LIMIT/OFFSET stop the scan
   * early. With `page` undefined the caller iterates and may stop early itself.
   */
  scan(
    column: IndexColumn<RxDocType>,
    range: KeyRange,
    order: ScanOrder,
    page?: { readonly limit: number; readonly offset: number },
  ): IterableIterator<{ data: string }> {
    const paged = page !== undefined;
    const key = `scan:${this.rangeShape(column, range)}:${order}:${paged ? 'p' : ''}`;
    const statement = this.statement<unknown[], { data: string }>(
      key,
      () =>
        `SELECT data FROM ${this.canonicalFrom(column)} AND ${this.rangeWhere(column, range)}
         ORDER BY ${column.keyColumn} ${order === 'asc' ? 'ASC' : 'DESC'}${paged ? ' LIMIT ? OFFSET ?' : ''}`,
    );
    return paged
      ? statement.iterate(range.lower, range.upper, page.limit, page.offset)
      : statement.iterate(range.lower, range.upper);
  }

  /** JSON of the flagged (non-canonical) rows in the padded key range; normally none. */
  flaggedRows(column: IndexColumn<RxDocType>, range: KeyRange): { data: string }[] {
    return this.statement<[string, string], { data: string }>(
      `flagged:${this.rangeShape(column, range)}`,
      () => `SELECT data FROM ${this.flaggedFrom(column)} AND ${this.rangeWhere(column, range)}`,
    ).all(range.lower, range.upper);
  }

  /** Every row, for queries whose planned index does not exist here (a custom index hint). */
  scanAll(): IterableIterator<{ data: string }> {
    return this.statement<[], { data: string }>('all', () => `SELECT data FROM ${this.table}`).iterate();
  }

  /** Number of canonical rows in the compact range plus flagged rows in the padded range. */
  count(column: IndexColumn<RxDocType>, range: KeyRange, flaggedRange: KeyRange): number {
    const canonical = this.statement<[string, string], { n: number }>(
      `count:${this.rangeShape(column, range)}`,
      () => `SELECT COUNT(*) AS n FROM ${this.canonicalFrom(column)} AND ${this.rangeWhere(column, range)}`,
    ).get(range.lower, range.upper);
    const flagged = this.statement<[string, string], { n: number }>(
      `countFlagged:${this.rangeShape(column, flaggedRange)}`,
      () =>
        `SELECT COUNT(*) AS n FROM ${this.flaggedFrom(column)} AND ${this.rangeWhere(column, flaggedRange)}`,
    ).get(flaggedRange.lower, flaggedRange.upper);
    return (canonical?.n ?? 0) + (flagged?.n ?? 0);
  }

  /**
   * Canonical rows with compact key after `after` (all when undefined) in key order, at most
   * `limit`. A cut bound (not exact) is inclusive: no key equals it except one it must keep.
   */
  keysAfter(
    column: IndexColumn<RxDocType>,
    after: CompactBound | undefined,
    limit: number,
  ): { data: string }[] {
    const operator = after === undefined || !after.exact ? '>=' : '>';
    return this.statement<[string, number], { data: string }>(
      `after:${column.keyColumn}:${operator}`,
      () =>
        `SELECT data FROM ${this.canonicalFrom(column)} AND ${column.keyColumn} ${operator} ?
         ORDER BY ${column.keyColumn} ASC LIMIT ?`,
    ).all(after?.key ?? '', limit);
  }

  /** Flagged rows with padded key > `after` (all when undefined) in key order, at most `limit`. */
  flaggedAfter(column: IndexColumn<RxDocType>, after: string | undefined, limit: number): { data: string }[] {
    const operator = after === undefined ? '>=' : '>';
    return this.statement<[string, number], { data: string }>(
      `flaggedAfter:${column.keyColumn}:${operator}`,
      () =>
        `SELECT data FROM ${this.flaggedFrom(column)} AND ${column.keyColumn} ${operator} ?
         ORDER BY ${column.keyColumn} ASC LIMIT ?`,
    ).all(after ?? '', limit);
  }

  /**
   * Purges tombstones of the `[_deleted, _meta.lwt, pk]` index in the key ranges (compact for
   * canonical rows, padded for flagged ones) whose lwt is at most `maxLwt` (the column check
   * keeps the exact comparison the memory storage makes, the index ranges keep it from scanning
   * live documents). Returns the number of purged rows.
   */
  purgeTombstones(
    column: IndexColumn<RxDocType>,
    range: KeyRange,
    flaggedRange: KeyRange,
    maxLwt: number,
    withAttachments: boolean,
  ): number {
    let purged = 0;
    for (const [kind, from, keys] of [
      ['c', this.canonicalFrom(column), range],
      ['f', this.flaggedFrom(column), flaggedRange],
    ] as const) {
      const where = `${from} AND ${this.rangeWhere(column, keys)} AND deleted = 1 AND lwt <= ?`;
      const shape = `${kind}:${this.rangeShape(column, keys)}`;
      if (withAttachments) {
        this.statement<[string, string, string, number], never>(
          `purgeAtt:${shape}`,
          () => `DELETE FROM ${ATTACHMENTS_TABLE} WHERE tbl = ? AND doc_id IN (SELECT id FROM ${where})`,
        ).run(this.tableName, keys.lower, keys.upper, maxLwt);
      }
      purged += this.statement<[string, string, number], never>(
        `purge:${shape}`,
        () => `DELETE FROM ${where}`,
      ).run(keys.lower, keys.upper, maxLwt).changes;
    }
    return purged;
  }

  putAttachment(docId: string, attachmentId: string, attachment: StoredAttachment): void {
    this.statement<[string, string, string, string, string, Buffer], never>(
      'attPut',
      () =>
        `INSERT OR REPLACE INTO ${ATTACHMENTS_TABLE} (tbl, doc_id, att_id, digest, type, data) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(this.tableName, docId, attachmentId, attachment.digest, attachment.type, attachment.data);
  }

  deleteAttachment(docId: string, attachmentId: string): void {
    this.statement<[string, string, string], never>(
      'attDel',
      () => `DELETE FROM ${ATTACHMENTS_TABLE} WHERE tbl = ? AND doc_id = ? AND att_id = ?`,
    ).run(this.tableName, docId, attachmentId);
  }

  getAttachment(docId: string, attachmentId: string): StoredAttachment | undefined {
    return this.statement<[string, string, string], StoredAttachment>(
      'attGet',
      () => `SELECT digest, type, data FROM ${ATTACHMENTS_TABLE} WHERE tbl = ? AND doc_id = ? AND att_id = ?`,
    ).get(this.tableName, docId, attachmentId);
  }
}
