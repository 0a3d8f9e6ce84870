import type { Logger } from 'pino';
import {
  BehaviorSubject,
  combineLatest,
  distinctUntilChanged,
  map,
  Subject,
  type Observable,
  type Subscription,
} from 'rxjs';
import type { RxCollection, RxReplicationPullStreamItem } from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import type { Attachment } from '../../src-shared/schema/attachment';
import {
  SYNC_LIMITS,
  toReplicatedAttachment,
  type PushRowOf,
  type ReplicatedAttachment,
  type SyncCheckpoint,
} from '../../src-shared/sync/protocol';
import type { FailureReason } from '../../src-shared/errors/reasons';
import type { BlobTransfer } from '../attachments/blob-transfer';
import type { ScheduledTask, Scheduler } from '../clock';
import { settlePaths } from './attachment-paths';
import { PUSH_REQUEST_BYTES_BUDGET, splitByBytes } from './note-replication';
import type { AttachmentReplicationServer } from './server-connection';
import { classifyError, FATAL_REASONS } from './sync-errors';
import { QuireError } from '../errors';

/**
 * RxDB's replication of the `attachments` collection (docs/sync-protocol.md B7–B10): the same
 * pull, push and stream as notes, on the same socket, with its own checkpoint (C4). Records
 * travel here; bytes go over `/blobs` (blob-transfer.ts):
 *
 * - B8, upload before push: a live record is pushed only once the server has its bytes (HEAD,
 *   then PUT if missing), so no device ever pulls a record whose bytes it cannot fetch. A record
 *   whose bytes the server refuses (BLOB_TOO_LARGE, QUOTA_EXCEEDED) or that neither side holds is
 *   held back.
 * - B9, download after pull: every live record whose bytes are not here is fetched (resumed
 *   with `Range`, hash verified), with backoff on failure, and `bytesArrived` tells the UI.
 * - B10, one path, one record: clashes between devices are settled by `settlePaths`.
 */

export interface AttachmentReplicationOptions {
  collection: RxCollection<Attachment>;
  serverUrl: string;
  vaultId: string;
  server: AttachmentReplicationServer;
  /** The session's handshake (R1): nothing goes out before it agreed. */
  ready: Promise<boolean>;
  transfer: BlobTransfer;
  blobs: { has(hash: string): Promise<boolean> };
  /** The attachments service's: fires `attachments.changes` for records of that hash. */
  bytesArrived(hash: string): void;
  /** The attachments service's: a record held back (B8) with why, or null once pushed. */
  notSynced(id: string, reason: FailureReason | null): void;
  scheduler: Scheduler;
  retryDelayMs(attempt: number): number;
  pullBatchSize: number;
  pushBatchSize: number;
  retryTimeMs: number;
  log: Logger;
  /** A failed call, classified by the session as the notes' are (S6, S7). */
  onHandlerError(error: unknown): void;
  onRequestOk(): void;
}

export interface AttachmentReplication {
  readonly active$: Observable<boolean>;
  resync(): void;
  /** Records held back from the push (B8): their ids and why. */
  heldBack(): ReadonlyMap<string, FailureReason>;
  cancel(): Promise<void>;
}

/** C4: its own checkpoint per server and vault, beside the notes'. */
export function attachmentReplicationIdentifier(serverUrl: string, vaultId: string): string {
  return `quire-attachments ${serverUrl} vault ${vaultId}`;
}

/** Bytes moving at once, each way: enough to fill a loopback link, few enough for a slow one. */
const TRANSFER_CONCURRENCY = 8;
/** A download failing this many times in a row waits for the next pull or "sync now". */
const DOWNLOAD_ATTEMPTS_MAX = 12;
/** Changes of the collection are settled together after this quiet time. */
const SETTLE_DELAY_MS = 50;

/** Runs `task` for every item, at most `limit` at once; the first failure rejects (after all ran). */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await task(item).catch((error: unknown) => void errors.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}

const isLive = (doc: ReplicatedAttachment): boolean => !doc._deleted && doc.deletedAt === 0;

export function startAttachmentReplication(options: AttachmentReplicationOptions): AttachmentReplication {
  const { collection, server, transfer, scheduler, log } = options;
  let stopped = false;
  const stream$ = new Subject<RxReplicationPullStreamItem<Attachment, SyncCheckpoint>>();
  /** Hashes the server is known to hold (B8: pulled records' bytes, uploads): no HEAD again. */
  const onServer = new Set<string>();
  const held = new Map<string, FailureReason>();
  // Ends transfers in flight when the session stops (a partial download stays for the next one).
  const aborts = new AbortController();
  const gate = async (): Promise<void> => {
    if (!(await options.ready) || stopped) throw new Error('Sync stopped before the handshake');
  };

  const state = replicateRxCollection<Attachment, SyncCheckpoint>({
    collection,
    replicationIdentifier: attachmentReplicationIdentifier(options.serverUrl, options.vaultId),
    live: true,
    retryTime: options.retryTimeMs,
    waitForLeadership: false,
    autoStart: true,
    pull: {
      batchSize: Math.min(options.pullBatchSize, SYNC_LIMITS.pullBatchMax),
      stream$: stream$.asObservable(),
      async handler(checkpoint, batchSize) {
        try {
          await gate();
          const output = await server.pull({ checkpoint: checkpoint ?? null, batchSize });
          for (const doc of output.documents) if (isLive(doc)) onServer.add(doc.hash);
          options.onRequestOk();
          if (!firstPullDone) {
            firstPullDone = true;
            // Its documents are written after this returns, which schedules their settling.
            scheduleSettle();
          }
          return { documents: output.documents, checkpoint: output.checkpoint ?? checkpoint };
        } catch (error) {
          options.onHandlerError(error);
          throw error;
        }
      },
    },
    push: {
      batchSize: Math.min(options.pushBatchSize, SYNC_LIMITS.pushRowsMax),
      async handler(rows) {
        try {
          await gate();
          const send: PushRowOf<'attachments'>[] = [];
          let quotaFull = false;
          await eachLimited(rows, TRANSFER_CONCURRENCY, async (row) => {
            const doc = toReplicatedAttachment(row.newDocumentState);
            const assumed = row.assumedMasterState ? toReplicatedAttachment(row.assumedMasterState) : null;
            const wire = { assumedMasterState: assumed, newDocumentState: doc };
            if (!isLive(doc) || onServer.has(doc.hash)) {
              send.push(wire);
              return;
            }
            const reason = await uploadFor(doc.hash);
            if (reason === null) {
              if (held.delete(doc.id)) options.notSynced(doc.id, null);
              send.push(wire);
            } else {
              // Answered as pushed (no retry loop); its next change is pushed again. A full quota
              // alone fails the batch below, once the others are sent.
              held.set(doc.id, reason);
              if (reason === 'QUOTA_EXCEEDED') quotaFull = true;
              options.notSynced(doc.id, reason);
              log.warn({ attachment: doc.id, reason }, 'attachment held back: its bytes cannot be uploaded');
            }
          });
          const conflicts: ReplicatedAttachment[] = [];
          for (const part of splitByBytes(send, PUSH_REQUEST_BYTES_BUDGET)) {
            const output = await server.push(part);
            conflicts.push(...output.conflicts);
          }
          // Q8: unlike a file too large, a full quota passes once space is freed or added, so
          // the batch is retried (what was sent is answered again as already written, R8).
          if (quotaFull) throw new QuireError('QUOTA_EXCEEDED');
          options.onRequestOk();
          // The collection's conflict handler keeps both sides (B10); path clashes settle after.
          return conflicts;
        } catch (error) {
          options.onHandlerError(error);
          throw error;
        }
      },
    },
  });

  /** B8: null once the server has the bytes; the reason to hold the record back otherwise. */
  async function uploadFor(hash: string): Promise<FailureReason | null> {
    try {
      const result = await transfer.upload(hash, aborts.signal);
      if (result === 'missing') return 'BLOB_NOT_FOUND';
      onServer.add(hash);
      return null;
    } catch (error) {
      const reason = classifyError(error);
      // Q8: refused for its size or a full quota, the attachment stays here, marked not synced.
      if (reason === 'BLOB_TOO_LARGE' || reason === 'QUOTA_EXCEEDED') return reason;
      throw error;
    }
  }

  // B9: downloads, one per hash, retried with backoff.
  const attempts = new Map<string, number>();
  const downloading = new Set<string>();
  const retries = new Map<string, ScheduledTask>();
  const queue: string[] = [];
  let running = 0;
  /**
   * Work RxDB does not see (S11, B9): until the first pull is answered, while the records a pull
   * wrote wait to be settled, and while their bytes download, the session is syncing, not synced.
   */
  let firstPullDone = false;
  const transferring$ = new BehaviorSubject(true);
  const noteTransferring = (): void => {
    const now =
      !stopped && (!firstPullDone || settleTask !== null || settling !== null || downloading.size > 0);
    if (transferring$.getValue() !== now) transferring$.next(now);
  };
  const pump = (): void => {
    while (!stopped && running < TRANSFER_CONCURRENCY && queue.length > 0) {
      const hash = queue.shift()!;
      running += 1;
      void download(hash).finally(() => {
        running -= 1;
        downloading.delete(hash);
        pump();
        noteTransferring();
      });
    }
  };
  const want = (hash: string): void => {
    if (stopped || downloading.has(hash) || retries.has(hash)) return;
    downloading.add(hash);
    queue.push(hash);
    noteTransferring();
    pump();
  };
  async function download(hash: string): Promise<void> {
    if (!(await options.ready) || stopped) return;
    try {
      await transfer.download(hash, aborts.signal);
      attempts.delete(hash);
      if (!stopped) options.bytesArrived(hash);
    } catch (error) {
      if (stopped) return;
      const reason = classifyError(error);
      if (FATAL_REASONS.has(reason)) return options.onHandlerError(error);
      const attempt = attempts.get(hash) ?? 0;
      attempts.set(hash, attempt + 1);
      log.debug({ hash, reason, attempt }, 'attachment download failed; retrying');
      // BLOB_NOT_FOUND too: a record may arrive before an older device uploaded its bytes.
      if (attempt + 1 >= DOWNLOAD_ATTEMPTS_MAX) return;
      retries.set(
        hash,
        scheduler.after(options.retryDelayMs(attempt), () => {
          retries.delete(hash);
          want(hash);
        }),
      );
    }
  }

  // Settling: after the collection changes (a pull wrote, the user renamed), clashes and downloads.
  let settleTask: ScheduledTask | null = null;
  let settling: Promise<void> | null = null;
  let settleAgain = false;
  const scheduleSettle = (): void => {
    if (stopped || settleTask) return;
    settleTask = scheduler.after(SETTLE_DELAY_MS, () => {
      settleTask = null;
      if (settling) {
        settleAgain = true;
        return;
      }
      settling = settle()
        .catch((error: unknown) => {
          if (!stopped) log.warn({ err: error }, 'settling synced attachments failed');
        })
        .finally(() => {
          settling = null;
          if (settleAgain) {
            settleAgain = false;
            scheduleSettle();
          }
          noteTransferring();
        });
      noteTransferring();
    });
    noteTransferring();
  };
  async function settle(): Promise<void> {
    const live = (await collection.find({ selector: { deletedAt: 0 } }).exec()).map((doc) => doc.toJSON());
    const { renamed, merged } = settlePaths(live);
    if (renamed.length + merged.length > 0 && !stopped) {
      log.info({ renamed: renamed.length, merged: merged.length }, 'attachment path clashes settled');
      const result = await collection.bulkUpsert([...renamed, ...merged]);
      if (result.error.length > 0) log.warn({ count: result.error.length }, 'settling clashes failed');
    }
    const gone = new Set(merged.map((doc) => doc.id));
    const hashes = new Set(live.filter((doc) => !gone.has(doc.id)).map((doc) => doc.hash));
    for (const hash of hashes) {
      if (stopped) return;
      if (!(await options.blobs.has(hash))) want(hash);
    }
  }

  const subscriptions: Subscription[] = [collection.eventBulks$.subscribe(() => scheduleSettle())];
  scheduleSettle();

  // The live stream of the collection (R13, R14): every event means "pull now".
  let unsubscribe: (() => void) | null = null;
  let streamRetry: ScheduledTask | null = null;
  const subscribeStream = (failures: number): void => {
    if (stopped) return;
    let failed = failures;
    const retry = (): void => {
      unsubscribe?.();
      unsubscribe = null;
      streamRetry = scheduler.after(options.retryDelayMs(failed), () => subscribeStream(failed + 1));
    };
    unsubscribe = server.stream({
      onEvent() {
        if (stopped) return;
        failed = 0;
        stream$.next('RESYNC');
      },
      onError(error) {
        if (stopped) return;
        if (FATAL_REASONS.has(classifyError(error))) options.onHandlerError(error);
        else retry();
      },
      onComplete() {
        if (stopped) return;
        stream$.next('RESYNC');
        retry();
      },
    });
  };
  void options.ready.then((ok) => {
    if (ok) subscribeStream(0);
  });

  return {
    active$: combineLatest([state.active$, transferring$]).pipe(
      map(([replicating, transferring]) => replicating || transferring),
      distinctUntilChanged(),
    ),
    resync() {
      stream$.next('RESYNC');
      // "Sync now" also retries downloads that gave up.
      attempts.clear();
      scheduleSettle();
    },
    heldBack: () => held,
    async cancel() {
      stopped = true;
      aborts.abort();
      settleTask?.cancel();
      streamRetry?.cancel();
      for (const task of retries.values()) task.cancel();
      retries.clear();
      queue.length = 0;
      downloading.clear();
      transferring$.next(false);
      transferring$.complete();
      unsubscribe?.();
      for (const subscription of subscriptions) subscription.unsubscribe();
      stream$.complete();
      await state.cancel();
      await settling;
    },
  };
}
