import type Database from 'better-sqlite3';
import {
  categorizeBulkWriteRows,
  ensureNotFalsy,
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
import {
  attachmentPayloads,
  NO_ATTACHMENT_BYTES,
  readAttachmentBytes,
  type AttachmentBytes,
} from './attachments.js';
import { closeTable, releaseConnection, type ChangeBulk, type SharedConnection } from './connection.js';
import type { DocumentTable, KeyRange } from './document-table.js';
import type { IndexColumn } from './index-columns.js';
import { executeCount, executeQuery, sortByIndexString, type QueryContext } from './query-exec.js';
import { compactRange } from './query-plan.js';
import { dropCollectionTable } from './schema-sql.js';
import { toSqliteSortKey } from './sort-key.js';
import type {
  SqliteCheckpoint,
  SqliteStorageInstanceCreationOptions,
  SqliteStorageInternals,
} from './types.js';

type ChangeEventBulk<RxDocType> = EventBulk<
  RxStorageChangeEvent<RxDocumentData<RxDocType>>,
  SqliteCheckpoint
>;

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

export class RxStorageInstanceSqlite<RxDocType> implements RxStorageInstance<
  RxDocType,
  SqliteStorageInternals,
  SqliteStorageInstanceCreationOptions,
  SqliteCheckpoint
> {
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
  private readonly queryContext: QueryContext<RxDocType>;
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
    const columnsByKey = new Map(parts.columns.map((column) => [column.key, column]));
    this.changesColumn = ensureNotFalsy(columnsByKey.get(`_meta.lwt,${this.primaryPath}`));
    this.cleanupColumn = ensureNotFalsy(columnsByKey.get(`_deleted,_meta.lwt,${this.primaryPath}`));
    this.queryContext = {
      schema: parts.schema,
      table: parts.table,
      columnsByKey,
      primaryPath: parts.primaryPath,
      stats: parts.internals.stats,
    };
    // The subject is shared per table and carries this table's document type only.
    this.changes$ = parts.changes$ as Subject<ChangeEventBulk<RxDocType>>;
    // BEGIN IMMEDIATE: take the write lock up front, so a second process waits on busy_timeout
    // instead of failing to upgrade a read transaction.
    const transaction = this.db.transaction(
      (rows: BulkWriteRow<RxDocType>[], context: string, bytes: AttachmentBytes) =>
        this.writeInTransaction(rows, context, bytes),
    );
    this.writeTransaction = (rows, context, bytes) => transaction.immediate(rows, context, bytes);
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error(`SQLite storage: ${this.collectionName} is closed`);
  }

  private idOf(doc: RxDocumentData<RxDocType> | BulkWriteRow<RxDocType>['document']): string {
    return (doc as Record<string, unknown>)[this.primaryPath] as string;
  }

  /**
   * One bulkWrite is one SQLite transaction: conflict check, all inserts/updates, attachments.
   * Stronger than RxDB requires (per-document atomicity) and what makes a crash leave either
   * the whole batch or nothing.
   */
  async bulkWrite(
    documentWrites: BulkWriteRow<RxDocType>[],
    context: string,
  ): Promise<RxStorageBulkWriteResponse<RxDocType>> {
    this.ensureOpen();
    const payloads = this.schema.attachments ? attachmentPayloads(documentWrites) : [];
    if (payloads.length === 0 && this.pendingWrites === 0) {
      // Common case: commits synchronously inside this call, before the promise resolves.
      return this.writeNow(documentWrites, context, NO_ATTACHMENT_BYTES);
    }
    this.pendingWrites++;
    // Accepted before close(): close() waits for this chain, so no open check inside.
    const task = this.writeTail.then(async () => {
      const bytes = await readAttachmentBytes(payloads);
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
      docsInDb.set(id, {
        _rev: stored.rev,
        _deleted: stored.deleted,
      } as unknown as RxDocumentData<RxDocType>);
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
      for (const change of categorized.attachmentsRemove)
        this.table.deleteAttachment(change.documentId, change.attachmentId);
    }
    const conflicted = categorized.errors.filter((error) => 'documentInDb' in error && error.documentInDb);
    if (conflicted.length > 0) {
      const stored = this.table.jsonByIds(
        conflicted.map((error) => error.documentId),
        true,
      );
      for (const error of conflicted) {
        const json = stored.get(error.documentId);
        if (json !== undefined && 'documentInDb' in error)
          error.documentInDb = JSON.parse(json) as RxDocumentData<RxDocType>;
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
    return Promise.resolve({ documents: executeQuery(this.queryContext, preparedQuery) });
  }

  count(preparedQuery: PreparedQuery<RxDocType>): Promise<RxStorageCountResult> {
    this.ensureOpen();
    return Promise.resolve(executeCount(this.queryContext, preparedQuery));
  }

  getAttachmentData(documentId: string, attachmentId: string, digest: string): Promise<Blob> {
    this.ensureOpen();
    const stored = this.table.getAttachment(documentId, attachmentId);
    if (!digest || !stored || stored.digest !== digest) {
      return Promise.reject(
        new Error(`SQLite storage: attachment does not exist: ${documentId}/${attachmentId}`),
      );
    }
    // A plain Uint8Array view: Blob accepts it under both the Node and the DOM typings.
    return Promise.resolve(new Blob([new Uint8Array(stored.data)], { type: stored.type }));
  }

  /**
   * Changes after the checkpoint in `(_meta.lwt, primary key)` order, read from the
   * `[_meta.lwt, pk]` key column: `key > key(checkpoint)` is exactly "later lwt, or same lwt
   * and greater id", and the index yields the rows in that order. Flagged rows (say, an lwt
   * with more decimals than the schema's multipleOf) come from the padded keys and are merged
   * in padded order, as the old single-column layout returned them.
   */
  getChangedDocumentsSince(
    limit: number,
    checkpoint?: SqliteCheckpoint,
  ): Promise<{ documents: RxDocumentData<RxDocType>[]; checkpoint: SqliteCheckpoint }> {
    this.ensureOpen();
    const column = this.changesColumn;
    const after = checkpoint
      ? getStartIndexStringFromLowerBound(this.schema, [...column.fields], [checkpoint.lwt, checkpoint.id])
      : undefined;
    const parseAll = (rows: { data: string }[]) =>
      rows.map((row) => JSON.parse(row.data) as RxDocumentData<RxDocType>);
    let documents = parseAll(
      this.table.keysAfter(column, after === undefined ? undefined : column.translateBound(after), limit),
    );
    const flagged = this.table.flaggedAfter(
      column,
      after === undefined ? undefined : toSqliteSortKey(after),
      limit,
    );
    if (flagged.length > 0) {
      documents = sortByIndexString(column, this.primaryPath, [...documents, ...parseAll(flagged)]).slice(
        0,
        limit,
      );
    }
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
    const rawLower = getStartIndexStringFromLowerBound(this.schema, fields, [true, null, null]);
    const rawUpper = getStartIndexStringFromUpperBound(this.schema, fields, [true, maxLwt, INDEX_MAX]);
    const range = compactRange(column, rawLower, rawUpper, true, true);
    const flaggedRange: KeyRange = {
      lower: toSqliteSortKey(rawLower),
      upper: toSqliteSortKey(rawUpper),
      inclusiveStart: true,
      inclusiveEnd: true,
    };
    this.db
      .transaction(() =>
        this.table.purgeTombstones(column, range, flaggedRange, maxLwt, !!this.schema.attachments),
      )
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
