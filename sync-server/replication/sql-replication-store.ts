// Over 400 lines: pull, push (R6–R9, with the quota check inside its transaction, Q1) and
// revisions share one set of statements and row mappers. The next split moves revisions (R11)
// into `sql-revisions.ts`.
import type {
  PullOutputOf,
  PushRowOf,
  ReplicatedDocument,
  ReplicatedDocumentOf,
  ReplicatedNote,
  Revision,
  SyncCheckpoint,
  SyncCollection,
} from '../../src-shared/sync/protocol';
import { vaultChangePayload, type ChangeBus, type VaultChange } from '../bus/change-bus';
import { jsonEqual } from '../../src-shared/json-equal';
import type { SqlClient } from '../db/sql-client';
import type { ReplicationStore } from './replication-store';
import { freesSpace, type QuotaEnforcer } from '../quotas/enforce';

export interface SqlReplicationStoreOptions {
  /** Only `query` and `transaction`, so tests can wrap a client to inject failures. */
  sql: Pick<SqlClient, 'query' | 'transaction'>;
  bus: ChangeBus;
  /** Stamps documents' and revisions' times; injected so tests are deterministic. */
  clock?: { now(): number };
  /** Told when an announcement after commit fails; the push itself has succeeded by then. */
  logger?: { warn(details: object, message: string): void };
  /** Q1: checks a push's bytes against the owner's quota inside its transaction; none: unlimited. */
  quota?: Pick<QuotaEnforcer, 'checkPush'>;
}

/*
 * About 400 lines: every SQL statement of replication (R4–R12) for both collections, kept in one
 * file so that the transactions and locks they share are read together.
 */

/** Thrown for a vault id with no row; the router maps it to VAULT_NOT_FOUND (R3). */
export class VaultNotFoundError extends Error {
  readonly code = 'VAULT_NOT_FOUND';
  constructor(readonly vaultId: string) {
    super(`Vault "${vaultId}" does not exist`);
    this.name = 'VaultNotFoundError';
  }
}

/** A stored document of any collection: the row's `collection` says which schema it passed (R10). */
type StoredData = Omit<ReplicatedDocument, '_deleted'>;

interface DocumentRow {
  data: StoredData;
  deleted: boolean;
  seq: number;
}

/**
 * R2: `_deleted` lives in its own column; the document travels with it put back. Set on the
 * object the driver just parsed (nobody else holds it) rather than on a copy: a pull page is
 * 2,000 of these.
 */
function toDocument(row: { data: StoredData; deleted: boolean }): ReplicatedDocument {
  const document = row.data as ReplicatedDocument;
  document._deleted = row.deleted;
  return document;
}

/**
 * The documents of one collection as that collection's type: every row of `collection` was
 * validated against its schema when it was pushed (R10), which the type system cannot follow
 * through the database.
 */
function ofCollection<C extends SyncCollection>(documents: ReplicatedDocument[]): ReplicatedDocumentOf<C>[] {
  return documents as ReplicatedDocumentOf<C>[];
}

interface PlannedWrite {
  id: string;
  seq: number;
  dataJson: string;
  /** The JSON's UTF-8 size: the row's `size_bytes` and what the quota counts (Q1). */
  sizeBytes: number;
  deleted: boolean;
  replacesMaster: boolean;
}

/**
 * R6: locks the vault row (writes to one vault queue here, so seqs are allocated, and committed,
 * in order) and reads the pushed ids' masters in the same round trip. One catch: in READ
 * COMMITTED a statement reads with the snapshot taken when it started, so if it had to wait for
 * the lock, the push it waited for committed after that snapshot and the masters read here are
 * stale. FOR UPDATE returns the vault row's newest version, the subquery the snapshot's; every
 * push that writes advances last_seq, so the two differ exactly then, and the store reads the
 * masters again (a new statement, a new snapshot, still under the lock). No vault, no row.
 */
const LOCK_VAULT_AND_READ_MASTERS = `
  WITH locked AS (SELECT last_seq FROM vaults WHERE id = $1 FOR UPDATE)
  SELECT locked.last_seq, (SELECT last_seq FROM vaults WHERE id = $1) AS snapshot_seq, d.id, d.data, d.deleted,
         d.size_bytes
  FROM locked
  LEFT JOIN documents d ON d.vault_id = $1 AND d.collection = $2 AND d.id = ANY($3::text[])`;

const READ_MASTERS = `
  SELECT id, data, deleted, size_bytes FROM documents WHERE vault_id = $1 AND collection = $2 AND id = ANY($3::text[])`;

/**
 * Every write of a push in ONE statement (one round trip): R11's revision copies, the updated
 * and the new documents, the vault's last seq and, with a PostgreSQL bus, R15's NOTIFY. Its
 * parts share one snapshot, so the revision copy reads each master as it was before the update
 * beside it replaces it. Parts with nothing to do are left out.
 *
 * The documents of each group travel as ONE jsonb array parameter (each note's JSON built once
 * in JS and joined, no escaping) with the scalar columns as arrays indexed by position. Measured
 * against jsonb_to_recordset over {id,data,…} objects and against unnest() of text arrays, this
 * was the fastest, about half their time for 2,000 notes of 1 KB. The id is read out of the
 * document, where the note schema requires it.
 *
 * New documents get a plain INSERT, not an upsert: under the vault lock nobody else can create
 * these ids, and skipping ON CONFLICT's speculative insertion saves an index probe and a WAL
 * record per row.
 */
function writeStatement(input: {
  vaultId: string;
  collection: SyncCollection;
  deviceId: string;
  now: number;
  created: readonly PlannedWrite[];
  replaced: readonly PlannedWrite[];
  lastSeq: number;
  notify: { channel: string; payload: string } | null;
}): { text: string; params: unknown[] } {
  const params: unknown[] = [input.vaultId, input.collection, input.deviceId, input.now, input.lastSeq];
  // Numbered as they are added: PostgreSQL refuses a parameter the text does not use.
  const param = (value: unknown): string => `$${params.push(value)}`;
  const at = 'to_timestamp($4::float8 / 1000)';
  const pushedRows = (group: readonly PlannedWrite[]): string => `
    SELECT w.data ->> 'id' AS id, w.data,
      (${param(group.map((write) => write.deleted))}::boolean[])[w.n] AS deleted,
      (${param(group.map((write) => write.seq))}::bigint[])[w.n] AS seq,
      (${param(group.map((write) => write.sizeBytes))}::integer[])[w.n] AS size_bytes
    FROM jsonb_array_elements(${param(`[${group.map((write) => write.dataJson).join(',')}]`)}::jsonb)
      WITH ORDINALITY AS w(data, n)`;
  const parts: string[] = [];
  if (input.replaced.length > 0) {
    const ids = param(input.replaced.map((write) => write.id));
    parts.push(
      `revised AS (
        INSERT INTO revisions (vault_id, collection, document_id, data, deleted, seq, size_bytes, replaced_at, replaced_by_device)
        SELECT vault_id, collection, id, data, deleted, seq, size_bytes, ${at}, $3
        FROM documents
        WHERE vault_id = $1 AND collection = $2 AND id = ANY(${ids}::text[]))`,
      // `id = ANY` beside the join lets the planner look the rows up by key even when it cannot
      // guess how many rows the jsonb array holds (it assumes 100, and may scan the vault).
      `updated AS (
        UPDATE documents AS d SET
          data = w.data, deleted = w.deleted, seq = w.seq, size_bytes = w.size_bytes, device_id = $3, updated_at = ${at}
        FROM (${pushedRows(input.replaced)}) AS w
        WHERE d.vault_id = $1 AND d.collection = $2 AND d.id = ANY(${ids}::text[]) AND d.id = w.id)`,
    );
  }
  if (input.created.length > 0) {
    parts.push(`inserted AS (
      INSERT INTO documents (vault_id, collection, id, data, deleted, seq, size_bytes, device_id, created_at, updated_at)
      SELECT $1, $2, w.id, w.data, w.deleted, w.seq, w.size_bytes, $3, ${at}, ${at}
      FROM (${pushedRows(input.created)}) AS w)`);
  }
  parts.push('counted AS (UPDATE vaults SET last_seq = $5 WHERE id = $1)');
  // Data-modifying parts run whether or not the final SELECT reads them.
  const final = input.notify
    ? `SELECT pg_notify(${param(input.notify.channel)}, ${param(input.notify.payload)})`
    : 'SELECT 1';
  return { text: `WITH ${parts.join(',\n')}\n${final}`, params };
}

/**
 * Planner statistics. Until `documents` is analyzed, PostgreSQL cannot tell apart its two
 * indexes that start with (vault_id, collection) and may find documents by id through the seq
 * index, reading every row of the vault: a one-note push on 10,000 notes measured ~5 ms of
 * database time instead of ~1.5. Autovacuum analyzes a new table within a minute or so; PGlite
 * never does. So after this many documents created through this process, the store analyzes the
 * table itself, in the background, at most every ANALYZE_MIN_INTERVAL_MS.
 */
export const ANALYZE_AFTER_CREATED = 1_000;
const ANALYZE_MIN_INTERVAL_MS = 10 * 60_000;

export function createSqlReplicationStore(options: SqlReplicationStoreOptions): ReplicationStore {
  const { sql, bus } = options;
  const clock = options.clock ?? { now: () => Date.now() };

  let createdSinceAnalyze = 0;
  let lastAnalyzeAt = Number.NEGATIVE_INFINITY;
  let analyzing = false;
  function documentsCreated(count: number): void {
    createdSinceAnalyze += count;
    const now = performance.now();
    if (
      analyzing ||
      createdSinceAnalyze < ANALYZE_AFTER_CREATED ||
      now - lastAnalyzeAt < ANALYZE_MIN_INTERVAL_MS
    )
      return;
    analyzing = true;
    createdSinceAnalyze = 0;
    lastAnalyzeAt = now;
    sql
      .query('ANALYZE documents')
      .catch((error: unknown) => options.logger?.warn({ err: error }, 'Analyzing the documents table failed'))
      .finally(() => {
        analyzing = false;
      });
  }

  async function assertVaultExists(vaultId: string): Promise<void> {
    const result = await sql.query('SELECT 1 FROM vaults WHERE id = $1', [vaultId]);
    if (result.rowCount === 0) throw new VaultNotFoundError(vaultId);
  }

  async function pull<C extends SyncCollection>(input: {
    vaultId: string;
    collection: C;
    checkpoint: SyncCheckpoint | null;
    batchSize: number;
  }): Promise<PullOutputOf<C>> {
    const afterSeq = input.checkpoint?.seq ?? 0;
    const page = await sql.query<DocumentRow>(
      `SELECT data, deleted, seq FROM documents
       WHERE vault_id = $1 AND collection = $2 AND seq > $3
       ORDER BY seq LIMIT $4`,
      [input.vaultId, input.collection, afterSeq, input.batchSize],
    );
    const last = page.rows.at(-1);
    // A returned row proves the vault exists (foreign key); only an empty page needs the check.
    if (!last) await assertVaultExists(input.vaultId);
    let remaining = 0;
    // A short page means the vault has nothing more: count only after a full one.
    if (last && page.rows.length === input.batchSize) {
      const count = await sql.query<{ remaining: number }>(
        `SELECT count(*) AS remaining FROM documents WHERE vault_id = $1 AND collection = $2 AND seq > $3`,
        [input.vaultId, input.collection, last.seq],
      );
      remaining = count.rows[0]?.remaining ?? 0;
    }
    const documents = new Array<ReplicatedDocument>(page.rows.length);
    for (let i = 0; i < page.rows.length; i += 1) documents[i] = toDocument(page.rows[i]!);
    return {
      documents: ofCollection<C>(documents),
      checkpoint: last ? { seq: last.seq } : input.checkpoint,
      remaining,
    };
  }

  async function changesSince<C extends SyncCollection>(input: {
    vaultId: string;
    collection: C;
    afterSeq: number;
    limit: number;
    excludeDeviceId: string | null;
  }): Promise<{ documents: ReplicatedDocumentOf<C>[]; checkpoint: SyncCheckpoint }> {
    // Excluded rows are still scanned (the checkpoint must pass them) but carry no data.
    const page = await sql.query<{ data: DocumentRow['data'] | null; deleted: boolean; seq: number }>(
      `SELECT CASE WHEN $5::text IS NULL OR device_id IS DISTINCT FROM $5::text THEN data END AS data,
              deleted, seq
       FROM documents
       WHERE vault_id = $1 AND collection = $2 AND seq > $3
       ORDER BY seq LIMIT $4`,
      [input.vaultId, input.collection, input.afterSeq, input.limit, input.excludeDeviceId],
    );
    const last = page.rows.at(-1);
    if (!last) await assertVaultExists(input.vaultId);
    const documents: ReplicatedDocument[] = [];
    for (const row of page.rows) {
      if (row.data !== null) documents.push(toDocument({ data: row.data, deleted: row.deleted }));
    }
    return { documents: ofCollection<C>(documents), checkpoint: { seq: last ? last.seq : input.afterSeq } };
  }

  async function push<C extends SyncCollection>(input: {
    vaultId: string;
    collection: C;
    deviceId: string;
    rows: readonly PushRowOf<C>[];
  }): Promise<{ conflicts: ReplicatedDocumentOf<C>[]; lastSeq: number | null }> {
    const ids = input.rows.map((row) => row.newDocumentState.id);
    // The router refuses these (R10 DUPLICATE_ID); the upsert could not write one id twice either.
    if (new Set(ids).size !== ids.length) throw new Error('A push may not name the same document id twice');
    const now = clock.now();

    const outcome = await sql.transaction(async (tx) => {
      const locked = await tx.query<{
        last_seq: number;
        snapshot_seq: number;
        id: string | null;
        data: DocumentRow['data'] | null;
        deleted: boolean | null;
        size_bytes: number | null;
      }>(LOCK_VAULT_AND_READ_MASTERS, [input.vaultId, input.collection, ids]);
      const vaultRow = locked.rows[0];
      if (!vaultRow) throw new VaultNotFoundError(input.vaultId);
      const lastSeqBefore = vaultRow.last_seq;
      const current =
        vaultRow.snapshot_seq === lastSeqBefore
          ? locked.rows.flatMap((row) =>
              row.id === null || row.data === null || row.deleted === null
                ? []
                : [{ id: row.id, data: row.data, deleted: row.deleted, size_bytes: row.size_bytes ?? 0 }],
            )
          : (
              await tx.query<{ id: string; data: DocumentRow['data']; deleted: boolean; size_bytes: number }>(
                READ_MASTERS,
                [input.vaultId, input.collection, ids],
              )
            ).rows;
      const masterBytes = new Map(current.map((row) => [row.id, Number(row.size_bytes)]));
      const masters = new Map(current.map((row) => [row.id, toDocument(row)]));

      const conflicts: ReplicatedDocument[] = [];
      const writes: PlannedWrite[] = [];
      const frees: boolean[] = [];
      for (const row of input.rows) {
        const master = masters.get(row.newDocumentState.id) ?? null;
        // R8 before R7: a retried push whose first attempt committed finds its own write.
        if (master && jsonEqual(master, row.newDocumentState)) continue;
        // R7. With no master at all there is nothing to return as a conflict, and refusing
        // silently would lose the device's note, so a write that assumed one is accepted.
        if (master && !jsonEqual(row.assumedMasterState, master)) {
          conflicts.push(master);
          continue;
        }
        const { _deleted, ...data } = row.newDocumentState;
        const dataJson = JSON.stringify(data);
        const sizeBytes = Buffer.byteLength(dataJson, 'utf8');
        writes.push({
          id: row.newDocumentState.id,
          // R4: consecutive from last_seq + 1, in row order.
          seq: lastSeqBefore + writes.length + 1,
          dataJson,
          sizeBytes,
          deleted: _deleted,
          replacesMaster: master !== null,
        });
        const masterSize = masterBytes.get(row.newDocumentState.id) ?? 0;
        frees.push(freesSpace({ master, masterBytes: masterSize, next: data, deleted: _deleted, sizeBytes }));
      }
      if (writes.length === 0) return { conflicts, change: null, created: 0 };
      // Q1: before anything is written; a refusal throws and rolls the whole push back.
      if (options.quota) {
        await options.quota.checkPush(tx, {
          vaultId: input.vaultId,
          writes: writes.map((write, i) => {
            // R11 keeps the replaced row whole as a revision.
            const replaced = write.replacesMaster ? (masterBytes.get(write.id) ?? 0) : 0;
            return {
              sizeBytes: write.sizeBytes,
              replacedBytes: replaced,
              revisionBytes: replaced,
              frees: frees[i]!,
            };
          }),
        });
      }

      const lastSeq = lastSeqBefore + writes.length;
      const change: VaultChange = { vaultId: input.vaultId, seq: lastSeq };
      // R15: NOTIFY inside the transaction is delivered exactly when it commits.
      const notify = bus.notifyChannel
        ? { channel: bus.notifyChannel, payload: vaultChangePayload(change) }
        : null;
      const replaced = writes.filter((w) => w.replacesMaster);
      const write = writeStatement({
        vaultId: input.vaultId,
        collection: input.collection,
        deviceId: input.deviceId,
        now,
        created: writes.filter((w) => !w.replacesMaster),
        replaced,
        lastSeq,
        notify,
      });
      await tx.query(write.text, write.params);
      if (!notify) await bus.announceInTransaction(tx, change);
      return { conflicts, change, created: writes.length - replaced.length };
    });
    if (outcome.created > 0) documentsCreated(outcome.created);

    if (outcome.change) {
      try {
        await bus.afterCommit(outcome.change);
      } catch (error) {
        // The write is committed; failing the push now would only make the device retry it.
        // Streams that miss this announcement catch up on their next RESYNC pull (R14).
        options.logger?.warn({ err: error, change: outcome.change }, 'Announcing a committed push failed');
      }
    }
    return { conflicts: ofCollection<C>(outcome.conflicts), lastSeq: outcome.change?.seq ?? null };
  }

  async function listRevisions(input: {
    vaultId: string;
    collection: SyncCollection;
    documentId: string;
    limit: number;
  }): Promise<Revision[]> {
    const result = await sql.query<{
      id: number;
      document_id: string;
      data: DocumentRow['data'];
      deleted: boolean;
      seq: number;
      replaced_at_ms: number;
      replaced_by_device: string | null;
    }>(
      `SELECT id, document_id, data, deleted, seq,
              round(extract(epoch FROM replaced_at) * 1000)::bigint AS replaced_at_ms, replaced_by_device
       FROM revisions
       WHERE vault_id = $1 AND collection = $2 AND document_id = $3
       ORDER BY id DESC LIMIT $4`,
      [input.vaultId, input.collection, input.documentId, input.limit],
    );
    if (result.rows.length === 0) await assertVaultExists(input.vaultId);
    return result.rows.map((row) => ({
      revisionId: String(row.id),
      documentId: row.document_id,
      seq: row.seq,
      replacedAt: row.replaced_at_ms,
      replacedByDevice: row.replaced_by_device,
      // Only notes' revisions are listed (the router refuses other collections).
      document: toDocument(row) as ReplicatedNote,
    }));
  }

  async function latestSeq(vaultId: string): Promise<number> {
    const result = await sql.query<{ last_seq: number }>('SELECT last_seq FROM vaults WHERE id = $1', [
      vaultId,
    ]);
    const row = result.rows[0];
    if (!row) throw new VaultNotFoundError(vaultId);
    return row.last_seq;
  }

  return { pull, changesSince, push, listRevisions, latestSeq };
}
