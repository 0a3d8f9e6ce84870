import { Subject, type Observable } from 'rxjs';
import {
  getAssumedMasterState,
  getChangedDocumentsSince,
  getComposedPrimaryKeyOfDocumentData,
  type RxCollection,
  type RxReplicationPullStreamItem,
  type WithDeleted,
} from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { Note } from '../../src-shared/schema/note';
import {
  SYNC_LIMITS,
  type PullOutput,
  type PushRow,
  type ReplicatedNote,
  type SyncCheckpoint,
} from '../../src-shared/sync/protocol';
import type { ReplicationServer } from './server-connection';

/**
 * RxDB's replication of the notes collection against the sync server (docs/sync-protocol.md,
 * "Replication" and "Devices"). The local collection is the fork; the pull checkpoint and each
 * note's last-known master live in RxDB's replication meta, a storage instance in the same
 * database file (C2) that does not count as a collection.
 *
 * Only pulls write the server's documents here. A live-stream event only says "pull now": its
 * documents may predate a push this device has since made, and RxDB would apply them over it.
 * A pull returns each document at its latest version (R5) and runs after the push it waited for.
 */

export interface NoteReplicationOptions {
  collection: RxCollection<Note>;
  serverUrl: string;
  vaultId: string;
  server: ReplicationServer;
  pullBatchSize: number;
  pushBatchSize: number;
  retryTimeMs: number;
  /** Every pull handler answer (the service derives progress and counts from it). */
  onPulled(output: PullOutput, batchSize: number): void;
  onPushStarted(ids: readonly string[]): void;
  onPushFinished(ids: readonly string[], ok: boolean): void;
  /** A handler call failed; RxDB retries after `retryTimeMs` unless the replication is stopped. */
  onHandlerError(error: unknown): void;
}

export interface NoteReplication {
  readonly state: RxReplicationState<Note, SyncCheckpoint>;
  readonly active$: Observable<boolean>;
  /** Pull from the checkpoint: on every stream event, after a reconnect (R14), on "sync now". */
  resync(): void;
  /** Local writes the server has not acknowledged (null before the replication has started). */
  countPendingPush(): Promise<number | null>;
  cancel(): Promise<void>;
}

/** C4: one replication per server and vault, so another server never sees a foreign checkpoint. */
export function replicationIdentifier(serverUrl: string, vaultId: string): string {
  return `quire-notes ${serverUrl} vault ${vaultId}`;
}

/** The wire shape: a note's own fields and `_deleted`, nothing RxDB keeps beside them (R2). */
export function toReplicatedNote(doc: WithDeleted<Note>): ReplicatedNote {
  const { id, title, body, tags, folder, createdAt, updatedAt, trashedAt, needsReview, _deleted } = doc;
  return { id, title, body, tags: [...tags], folder, createdAt, updatedAt, trashedAt, needsReview, _deleted };
}

/**
 * One push request stays well inside the server's request limit (R10), leaving room for the
 * envelope. A part that fails after an earlier one succeeded is harmless: RxDB retries all
 * rows, and rows already written succeed again without a write (R8).
 */
const PUSH_REQUEST_BYTES_BUDGET = SYNC_LIMITS.requestBytesMax / 2;

export function splitByBytes(rows: PushRow[], budget: number): PushRow[][] {
  const parts: PushRow[][] = [];
  let current: PushRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row), 'utf8');
    if (current.length > 0 && bytes + size > budget) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** Pending pushes are counted, not listed: beyond this many the exact figure stops mattering. */
const PENDING_COUNT_LIMIT = 10_000;

export function startNoteReplication(options: NoteReplicationOptions): NoteReplication {
  const { collection, server } = options;
  const stream$ = new Subject<RxReplicationPullStreamItem<Note, SyncCheckpoint>>();
  const pullBatchSize = Math.min(options.pullBatchSize, SYNC_LIMITS.pullBatchMax);
  const pushBatchSize = Math.min(options.pushBatchSize, SYNC_LIMITS.pushRowsMax);

  const state = replicateRxCollection<Note, SyncCheckpoint>({
    collection,
    replicationIdentifier: replicationIdentifier(options.serverUrl, options.vaultId),
    live: true,
    retryTime: options.retryTimeMs,
    // One host process owns the vault (data-dir lock): there is no other tab to elect.
    waitForLeadership: false,
    autoStart: true,
    pull: {
      batchSize: pullBatchSize,
      stream$: stream$.asObservable(),
      async handler(checkpoint, batchSize) {
        try {
          const output = await server.pull({ checkpoint: checkpoint ?? null, batchSize });
          options.onPulled(output, batchSize);
          return { documents: output.documents, checkpoint: output.checkpoint ?? checkpoint };
        } catch (error) {
          options.onHandlerError(error);
          throw error;
        }
      },
    },
    push: {
      batchSize: pushBatchSize,
      async handler(rows) {
        const ids = rows.map((row) => row.newDocumentState.id);
        options.onPushStarted(ids);
        // Whether a pull ran at any moment of this push (see the resync below).
        const down = state.internalReplicationState?.events.active.down;
        let pullOverlapped = down === undefined;
        const watch = down?.subscribe((active) => {
          if (active) pullOverlapped = true;
        });
        let ok = false;
        try {
          const wireRows: PushRow[] = rows.map((row) => ({
            assumedMasterState: row.assumedMasterState ? toReplicatedNote(row.assumedMasterState) : null,
            newDocumentState: toReplicatedNote(row.newDocumentState),
          }));
          // Rows are bounded by count (RxDB's batchSize) and each request by bytes (R10).
          const conflicts: ReplicatedNote[] = [];
          for (const part of splitByBytes(wireRows, PUSH_REQUEST_BYTES_BUDGET)) {
            conflicts.push(...(await server.push(part)).conflicts);
          }
          ok = true;
          // A pull the server answered before this push committed can be applied after it
          // (RxDB only waits for the push to finish), putting back an older version; and the
          // server leaves this device's own writes out of its stream, so nothing else would
          // correct it. A pull that starts after the push does. Without an overlapping pull
          // there is nothing to correct, and a bulk push is not downloaded again.
          if (pullOverlapped) stream$.next('RESYNC');
          return conflicts;
        } catch (error) {
          options.onHandlerError(error);
          throw error;
        } finally {
          watch?.unsubscribe();
          options.onPushFinished(ids, ok);
        }
      },
    },
  });

  return {
    state,
    active$: state.active$,
    resync: () => stream$.next('RESYNC'),
    async countPendingPush() {
      const internal = state.internalReplicationState;
      const meta = state.metaInstance;
      if (!internal || !meta || state.isStopped()) return null;
      // RxDB pushes what changed in the fork after its 'up' checkpoint and differs from the
      // master it last saw; count the same way so the figure matches what will be sent.
      const checkpointId = getComposedPrimaryKeyOfDocumentData(meta.schema, {
        isCheckpoint: '1',
        itemId: 'up',
      });
      const [checkpointDoc] = await meta.findDocumentsById([checkpointId], false);
      const changed = await getChangedDocumentsSince(
        internal.input.forkInstance,
        PENDING_COUNT_LIMIT,
        checkpointDoc?.checkpointData as unknown,
      );
      if (changed.documents.length === 0) return 0;
      const assumed = await getAssumedMasterState(
        internal,
        changed.documents.map((doc) => doc.id),
      );
      const isEqual = internal.input.conflictHandler.isEqual;
      let pending = 0;
      for (const doc of changed.documents) {
        const master = assumed[doc.id];
        const same =
          master !== undefined &&
          master.metaDocument.isResolvedConflict !== doc._rev &&
          isEqual(master.docData, toReplicatedNote(doc), 'quire-count-pending');
        if (!same) pending += 1;
      }
      return pending;
    },
    async cancel() {
      stream$.complete();
      await state.cancel();
    },
  };
}
