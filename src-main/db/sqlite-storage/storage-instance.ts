import type Database from 'better-sqlite3';
import {
  categorizeBulkWriteRows,
  ensureNotFalsy,
  getQueryMatcher,
  getSortComparator,
  getStartIndexStringFromLowerBound,
  getStartIndexStringFromUpperBound,
  INDEX_MAX,
  now,
  type BulkWriteRow,
  type CategorizeBulkWriteRowsOutput,
  type EventBulk,
  type PreparedQuery,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorage,
  type RxStorageBulkWriteResponse,
  type RxStorageChangeEvent,
  type RxStorageCountResult,
  type RxStorageInstance,
  type RxStorageQueryResult,
  type StringKeys,
} from 'rxdb';
import type { Observable, Subject } from 'rxjs';
import { attachmentPayloads, NO_ATTACHMENT_BYTES, readAttachmentBytes, type AttachmentBytes } from './attachments.js';
import { closeTable, releaseConnection, type ChangeBulk, type SharedConnection } from './connection.js';
import type { DocumentTable, KeyRange } from './document-table.js';
import type { IndexColumn } from './index-columns.js';
import { planScan } from './query-plan.js';
import { dropCollectionTable } from './schema-sql.js';
import { toSqliteSortKey } from './sort-key.js';
import type {
  SqliteCheckpoint,
  SqliteStorageInstanceCreationOptions,
  SqliteStorageInternals,
} from './types.js';

type ChangeEventBulk<RxDocType> = EventBulk<RxStorageChangeEvent<RxDocumentData<RxDocType>>, SqliteCheckpoint>;

/** Everything an instance needs, assembled by createSqliteStorageInstance(). */
export interface SqliteInstanceParts<RxDocType> {
  readonly storage: RxStorage<SqliteStorageInternals, SqliteStorageInstanceCreationOptions>;
  readonly databaseName: string;
  readonly collectionName: string;
  readonly schema: RxJsonSchema<RxDocumentData<RxDocType>>;
  readonly options: SqliteStorageInstanceCreationOptions;
  readonly internals: SqliteStorageInternals;
  readonly primaryPath: StringKeys<RxDocumentData<RxDocType>>;
  readonly connection: SharedConnection;
  readonly table: DocumentTable<RxDocType>;
  readonly columns: readonly IndexColumn<RxDocType>[];
  readonly changes$: Subject<ChangeBulk>;
}

export class RxStorageInstanceSqlite<RxDocType>
  implements RxStorageInstance<RxDocType, SqliteStorageInternals, SqliteStorageInstanceCreationOptions, SqliteCheckpoint>
{
  readonly databaseName: string;
  readonly collectionName: string;
  readonly schema: Readonly<RxJsonSchema<RxDocumentData<RxDocType>>>;
  readonly options: Readonly<SqliteStorageInstanceCreationOptions>;
  readonly internals: Readonly<SqliteStorageInternals>;
  readonly storage: RxStorage<SqliteStorageInternals, SqliteStorageInstanceCreationOptions>;
  readonly primaryPath: StringKeys<RxDocumentData<RxDocType>>;

  private readonly db: Database.Database;
  private readonly connection: SharedConnection;
  private readonly table: DocumentTable<RxDocType>;
  private readonly columnsByKey: ReadonlyMap<string, IndexColumn<RxDocType>>;
  private readonly changesColumn: IndexColumn<RxDocType>;
  private readonly cleanupColumn: IndexColumn<RxDocType>;
  private readonly changes$: Subject<ChangeEventBulk<RxDocType>>;
  private readonly writeTransaction: (
    rows: BulkWriteRow<RxDocType>[],
    context: string,
    bytes: AttachmentBytes,
  ) => CategorizeBulkWriteRowsOutput<RxDocType>;

  private closed: Promise<void> | undefined;
  /** Writes that wait for attachment bytes; later writes queue behind them to keep call order. */
  private pendingWrites = 0;
  private writeTail: Promise<unknown> = Promise.resolve();

  constructor(parts: SqliteInstanceParts<RxDocType>) {
    this.storage = parts.storage;
    this.databaseName = parts.databaseName;
    this.collectionName = parts.collectionName;
    this.schema = parts.schema;
    this.options = parts.options;
    this.internals = parts.internals;
    this.primaryPath = parts.primaryPath;
    this.connection = parts.connection;
    this.db = parts.connection.db;
    this.table = parts.table;
    this.columnsByKey = new Map(parts.columns.map((column) => [column.key, column]));
    this.changesColumn = ensureNotFalsy(this.columnsByKey.get(`_meta.lwt,${this.primaryPath}`));
    this.cleanupColumn = ensureNotFalsy(this.columnsByKey.get(`_deleted,_meta.lwt,${this.primaryPath}`));
    // The subject is shared per table and carries this table's document type only.
    this.changes$ = parts.changes$ as Subject<ChangeEventBulk<RxDocType>>;
    // BEGIN IMMEDIATE: take the write lock up front, so a second process waits on busy_timeout
    // instead of failing to upgrade a read transaction.
    const transaction = this.db.transaction(
      (rows: BulkWriteRow<RxDocType>[], context: string, bytes: AttachmentBytes) => this.writeInTransaction(rows, context, bytes),
    );
    this.writeTransaction = (rows, context, bytes) => transaction.immediate(rows, context, bytes);
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error(`SQLite storage: ${this.collectionName} is closed`);
  }

  private parse(json: string): RxDocumentData<RxDocType> {
    this.internals.stats.rowsRead++;
    return JSON.parse(json) as RxDocumentData<RxDocType>;
  }

  private idOf(doc: RxDocumentData<RxDocType> | BulkWriteRow<RxDocType>['document']): string {
    return (doc as Record<string, unknown>)[this.primaryPath] as string;
  }

  /**
   * One bulkWrite is one SQLite transaction: conflict check, all inserts/updates, attachments.
   * Stronger than RxDB requires (per-document atomicity) and what makes a crash leave either
   * the whole batch or nothing.
   */
  async bulkWrite(documentWrites: BulkWriteRow<RxDocType>[], context: string): Promise<RxStorageBulkWriteResponse<RxDocType>> {
    this.ensureOpen();
    const payloads = this.schema.attachments ? attachmentPayloads(documentWrites) : [];
    if (payloads.length === 0 && this.pendingWrites === 0) {
      // Common case: commits synchronously inside this call, before the promise resolves.
      return this.writeNow(documentWrites, context, NO_ATTACHMENT_BYTES);
    }
    this.pendingWrites++;
    const task = this.writeTail.then(async () => {
      const bytes = await readAttachmentBytes(payloads);
      this.ensureOpen();
      return this.writeNow(documentWrites, context, bytes);
    });
    this.writeTail = task.then(
      () => this.pendingWrites--,
      () => this.pendingWrites--,
    );
    return task;
  }

  private writeNow(
    rows: BulkWriteRow<RxDocType>[],
    context: string,
    bytes: AttachmentBytes,
  ): RxStorageBulkWriteResponse<RxDocType> {
    const categorized = this.writeTransaction(rows, context, bytes);
    // Emitted after COMMIT: a subscriber that reads back sees the written state.
    if (categorized.eventBulk.events.length > 0) {
      const newest = ensureNotFalsy(categorized.newestRow).document;
      categorized.eventBulk.checkpoint = { id: this.idOf(newest), lwt: newest._meta.lwt };
      this.changes$.next(categorized.eventBulk as ChangeEventBulk<RxDocType>);
    }
    return { error: categorized.errors };
  }

  private writeInTransaction(
    rows: BulkWriteRow<RxDocType>[],
    context: string,
    bytes: AttachmentBytes,
  ): CategorizeBulkWriteRowsOutput<RxDocType> {
    // Conflict detection only needs each stored revision, so the stored JSON is parsed only for
    // documents that end up in a conflict error (which must carry `documentInDb`).
    const revisions = this.table.revisions(rows.map((row) => this.idOf(row.document)));
    const docsInDb = new Map<string, RxDocumentData<RxDocType>>();
    for (const [id, stored] of revisions) {
      docsInDb.set(id, { _rev: stored.rev, _deleted: stored.deleted } as unknown as RxDocumentData<RxDocType>);
    }
    const categorized = categorizeBulkWriteRows<RxDocType>(
      this,
      this.primaryPath as StringKeys<RxDocType>,
      docsInDb,
      rows,
      context,
    );
    for (const row of categorized.bulkInsertDocs) this.table.insert(row.document);
    for (const row of categorized.bulkUpdateDocs) this.table.update(row.document);
    if (this.schema.attachments) {
      for (const change of [...categorized.attachmentsAdd, ...categorized.attachmentsUpdate]) {
        const data = bytes.get(change.attachmentData.data);
        if (!data) throw new Error('SQLite storage: attachment bytes were not prepared');
        this.table.putAttachment(change.documentId, change.attachmentId, {
          digest: change.digest,
          type: change.attachmentData.type,
          data,
        });
      }
      for (const change of categorized.attachmentsRemove) this.table.deleteAttachment(change.documentId, change.attachmentId);
    }
    const conflicted = categorized.errors.filter((error) => 'documentInDb' in error && error.documentInDb);
    if (conflicted.length > 0) {
      const stored = this.table.jsonByIds(
        conflicted.map((error) => error.documentId),
        true,
      );
      for (const error of conflicted) {
        const json = stored.get(error.documentId);
        if (json !== undefined && 'documentInDb' in error) error.documentInDb = JSON.parse(json) as RxDocumentData<RxDocType>;
      }
    }
    return categorized;
  }

  findDocumentsById(ids: string[], withDeleted: boolean): Promise<RxDocumentData<RxDocType>[]> {
    this.ensureOpen();
    if (ids.length === 0) return Promise.resolve([]);
    const stored = this.table.jsonByIds(ids, withDeleted);
    const result: RxDocumentData<RxDocType>[] = [];
    for (const id of ids) {
      const json = stored.get(id);
      if (json !== undefined) result.push(JSON.parse(json) as RxDocumentData<RxDocType>);
    }
    return Promise.resolve(result);
  }

  query(preparedQuery: PreparedQuery<RxDocType>): Promise<RxStorageQueryResult<RxDocType>> {
    this.ensureOpen();
    const stats = this.internals.stats;
    stats.queries++;
    const query = preparedQuery.query;
    const skip = query.skip ?? 0;
    // typeof, not truthiness: `limit: 0` is a real limit (as in the memory storage).
    const limit = typeof query.limit === 'number' ? query.limit : Number.POSITIVE_INFINITY;
    const end = skip + limit;
    const decision = planScan(this.schema, this.columnsByKey, this.primaryPath, preparedQuery);
    const matcher = decision.needsMatcher ? getQueryMatcher(this.schema, query) : undefined;
    const { column, range } = decision;
    let order = decision.indexOrder;
    if (order && column && decision.needsCanonicalCheck && this.table.hasNonCanonicalRows(column, range)) {
      order = undefined;
    }

    if (column && order) {
      stats.indexOrderedScans++;
      if (!matcher) {
        // The index decides selector and order: SQLite reads exactly the page.
        stats.sqlLimitPushdowns++;
        const page = { limit: Number.isFinite(limit) ? limit : -1, offset: skip };
        const documents: RxDocumentData<RxDocType>[] = [];
        for (const row of this.table.scan(column, range, order, page)) documents.push(this.parse(row.data));
        return Promise.resolve({ documents });
      }
      // Matcher needed but order given: stop reading as soon as the page is full.
      const matched: RxDocumentData<RxDocType>[] = [];
      if (end > 0) {
        for (const row of this.table.scan(column, range, order)) {
          const doc = this.parse(row.data);
          if (matcher(doc)) {
            matched.push(doc);
            if (matched.length >= end) break;
          }
        }
      }
      return Promise.resolve({ documents: matched.slice(skip, end) });
    }

    // Order not available from the index: load the range, match, sort with RxDB's comparator.
    stats.resortedScans++;
    const rows = column ? this.table.scan(column, range, 'asc') : this.table.scanAll();
    let documents: RxDocumentData<RxDocType>[] = [];
    for (const row of rows) {
      const doc = this.parse(row.data);
      if (!matcher || matcher(doc)) documents.push(doc);
    }
    documents.sort(getSortComparator(this.schema, query));
    if (skip > 0 || documents.length > end) documents = documents.slice(skip, end);
    return Promise.resolve({ documents });
  }

  /**
   * SQL COUNT(*) on the key range when the index decides the selector, else counts matching
   * documents of the range. Both report mode 'fast' like the memory storage: the work is bounded
   * by the planned index range, and 'slow' would make RxDB refuse `.count()` by default.
   */
  count(preparedQuery: PreparedQuery<RxDocType>): Promise<RxStorageCountResult> {
    this.ensureOpen();
    const stats = this.internals.stats;
    const decision = planScan(this.schema, this.columnsByKey, this.primaryPath, preparedQuery);
    const { column, range } = decision;
    if (column && !decision.needsMatcher) {
      stats.sqlCounts++;
      return Promise.resolve({ count: this.table.count(column, range), mode: 'fast' });
    }
    stats.matchedCounts++;
    const matcher = getQueryMatcher(this.schema, preparedQuery.query);
    let count = 0;
    for (const row of column ? this.table.scan(column, range, 'asc') : this.table.scanAll()) {
      if (matcher(this.parse(row.data))) count++;
    }
    return Promise.resolve({ count, mode: 'fast' });
  }

  getAttachmentData(documentId: string, attachmentId: string, digest: string): Promise<Blob> {
    this.ensureOpen();
    const stored = this.table.getAttachment(documentId, attachmentId);
    if (!digest || !stored || stored.digest !== digest) {
      return Promise.reject(new Error(`SQLite storage: attachment does not exist: ${documentId}/${attachmentId}`));
    }
    return Promise.resolve(new Blob([stored.data], { type: stored.type }));
  }

  /**
   * Changes after the checkpoint in `(_meta.lwt, primary key)` order, read from the
   * `[_meta.lwt, pk]` key column: `key > key(checkpoint)` is exactly "later lwt, or same lwt
   * and greater id", and the index yields the rows in that order.
   */
  getChangedDocumentsSince(
    limit: number,
    checkpoint?: SqliteCheckpoint,
  ): Promise<{ documents: RxDocumentData<RxDocType>[]; checkpoint: SqliteCheckpoint }> {
    this.ensureOpen();
    const column = this.changesColumn;
    const after = checkpoint
      ? toSqliteSortKey(getStartIndexStringFromLowerBound(this.schema, [...column.fields], [checkpoint.lwt, checkpoint.id]))
      : undefined;
    const documents = this.table.keysAfter(column, after, limit).map((row) => JSON.parse(row.data) as RxDocumentData<RxDocType>);
    const last = documents.at(-1);
    return Promise.resolve({
      documents,
      checkpoint: last ? { id: this.idOf(last), lwt: last._meta.lwt } : (checkpoint ?? { id: '', lwt: 0 }),
    });
  }

  changeStream(): Observable<ChangeEventBulk<RxDocType>> {
    // No open check: RxDB may still subscribe while closing; a closed table's subject is complete.
    return this.changes$.asObservable();
  }

  /** Purges tombstones deleted at least `minimumDeletedTime` ms ago, in one transaction. */
  cleanup(minimumDeletedTime: number): Promise<boolean> {
    this.ensureOpen();
    const maxLwt = now() - minimumDeletedTime;
    const column = this.cleanupColumn;
    const fields = [...column.fields];
    const range: KeyRange = {
      lower: toSqliteSortKey(getStartIndexStringFromLowerBound(this.schema, fields, [true, null, null])),
      upper: toSqliteSortKey(getStartIndexStringFromUpperBound(this.schema, fields, [true, maxLwt, INDEX_MAX])),
      inclusiveStart: true,
      inclusiveEnd: true,
    };
    this.db
      .transaction(() => this.table.purgeTombstones(column, range, maxLwt, !!this.schema.attachments))
      .immediate();
    return Promise.resolve(true);
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = this.writeTail.then(() => {
        closeTable(this.connection, this.table.tableName);
        releaseConnection(this.connection);
      });
    }
    return this.closed;
  }

  async remove(): Promise<void> {
    this.ensureOpen();
    await this.writeTail;
    dropCollectionTable(this.db, this.table.tableName);
    this.connection.removedSomething = true;
    await this.close();
  }
}
