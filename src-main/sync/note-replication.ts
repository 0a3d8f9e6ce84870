import { Subject, type Observable } from 'rxjs';
import {
  getAssumedMasterState,
  getChangedDocumentsSince,
  getComposedPrimaryKeyOfDocumentData,
  type RxCollection,
  type RxReplicationPullStreamItem,
} from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { repairNoteText, type Note } from '../../src-shared/schema/note';
import {
  toReplicatedNote,
  SYNC_LIMITS,
  type PullOutput,
  type PushRejection,
  type PushRow,
  type ReplicatedNote,
  type SyncCheckpoint,
} from '../../src-shared/sync/protocol';
import type { Clock } from '../clock';
import type { ReplicationServer } from './server-connection';
import { createMemorySettingsStore } from '../settings/settings-store';
import { createSetAsideStore, unsendableReason, type SetAsideStore } from './set-aside';

/**
 * RxDB's replication of the notes collection against the sync server (docs/sync-protocol.md,
 * "Replication" and "Devices"). The local collection is the fork; the pull checkpoint and each
 * note's last-known master live in RxDB's replication meta, a storage instance in the same
 * database file (C2) that does not count as a collection.
 *
 * Only pulls write the server's documents here. A live-stream event only says "pull now": its
 * documents may predate a push this device has since made, and RxDB would apply them over it.
 * A pull returns each document at its latest version (R5) and runs after the push it waited for.
 *
 * One race remains with pulls themselves: a pull answered before this device's push committed
 * can be written after the push was acknowledged (RxDB holds downstream writes while a push is
 * in flight), putting the older version back; the server leaves a device's own writes out of its
 * stream, so nothing else would correct it. `createOverlapTracker` spots exactly that case (a
 * pulled id that a concurrent push also wrote) and asks for one more pull, which brings the
 * newer version; a bulk push that no pull touched is never downloaded again.
 */

export interface NoteReplicationOptions {
  collection: RxCollection<Note>;
  serverUrl: string;
  vaultId: string;
  server: ReplicationServer;
  pullBatchSize: number;
  pushBatchSize: number;
  retryTimeMs: number;
  /** The service's clock: dates set-aside rows and ages a prefetched pull page. */
  clock: Clock;
  /** Rows the server rejected, or this device cannot send, wait here (R10, R16); in memory by default. */
  setAside?: SetAsideStore;
  /**
   * Every pull handler answer (the service derives progress and counts from it), with the
   * checkpoint it was asked from: a retried or repeated page names the same range again.
   */
  onPulled(output: PullOutput, batchSize: number, from: SyncCheckpoint | null): void;
  onPushStarted(ids: readonly string[]): void;
  onPushFinished(ids: readonly string[], ok: boolean): void;
  /** Rows set aside by this push: ids and reasons only, never a note's text. */
  onSetAside?(rejected: readonly PushRejection[]): void;
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

/**
 * One push request stays well inside the server's request limit (R10), leaving room for the
 * envelope. A part that fails after an earlier one succeeded is harmless: RxDB retries all
 * rows, and rows already written succeed again without a write (R8).
 */
export const PUSH_REQUEST_BYTES_BUDGET = SYNC_LIMITS.requestBytesMax / 2;

export function splitByBytes<R>(rows: R[], budget: number): R[][] {
  const parts: R[][] = [];
  let current: R[] = [];
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

interface PushSpan {
  readonly ids: ReadonlySet<string>;
  readonly start: number;
  end: number | null;
  resyncAfter: boolean;
}

/**
 * Bookkeeping for the pull/push race above, on a logical clock (ticks, not time): a push and a
 * pull overlap when the pull was sent before the push was acknowledged and its documents were
 * still unwritten when the push started.
 */
export function createOverlapTracker(resync: () => void) {
  let tick = 0;
  const pushes = new Set<PushSpan>();
  const pullsInFlight = new Set<number>();
  // Pulled ids RxDB may not have written yet: cleared when the downstream goes idle.
  const unwritten = new Set<string>();

  const prune = (): void => {
    const oldestPull = Math.min(...pullsInFlight);
    for (const push of pushes) if (push.end !== null && push.end < oldestPull) pushes.delete(push);
  };

  return {
    pullStarted(): number {
      tick += 1;
      pullsInFlight.add(tick);
      return tick;
    },
    pullAnswered(startedAt: number, ids: readonly string[]): void {
      pullsInFlight.delete(startedAt);
      let resyncNow = false;
      for (const id of ids) unwritten.add(id);
      for (const push of pushes) {
        const overlapped = push.end === null || push.end > startedAt;
        if (!overlapped || !ids.some((id) => push.ids.has(id))) continue;
        if (push.end === null) push.resyncAfter = true;
        else resyncNow = true;
      }
      prune();
      if (resyncNow) resync();
    },
    pullFailed(startedAt: number): void {
      pullsInFlight.delete(startedAt);
      prune();
    },
    downstreamIdle(): void {
      unwritten.clear();
    },
    pushStarted(ids: readonly string[]): PushSpan {
      tick += 1;
      const span: PushSpan = {
        ids: new Set(ids),
        start: tick,
        end: null,
        resyncAfter: ids.some((id) => unwritten.has(id)),
      };
      pushes.add(span);
      return span;
    },
    pushAcknowledged(span: PushSpan): void {
      tick += 1;
      span.end = tick;
      prune();
      if (span.resyncAfter) resync();
    },
    pushFailed(span: PushSpan): void {
      // Nothing was acknowledged, so nothing a pull wrote can have replaced it.
      pushes.delete(span);
    },
  };
}

/** A prefetched page older than this is asked for again rather than trusted to be current enough. */
const PREFETCH_MAX_AGE_MS = 2_000;

/** Pending pushes are counted, not listed: beyond this many the exact figure stops mattering. */
const PENDING_COUNT_LIMIT = 10_000;

export function startNoteReplication(options: NoteReplicationOptions): NoteReplication {
  const { collection, server, clock } = options;
  const setAsideStore =
    options.setAside ??
    createSetAsideStore({
      scope: replicationIdentifier(options.serverUrl, options.vaultId),
      settings: createMemorySettingsStore(),
      clock,
    });
  const stream$ = new Subject<RxReplicationPullStreamItem<Note, SyncCheckpoint>>();
  const pullBatchSize = Math.min(options.pullBatchSize, SYNC_LIMITS.pullBatchMax);
  const pushBatchSize = Math.min(options.pushBatchSize, SYNC_LIMITS.pushRowsMax);
  const overlaps = createOverlapTracker(() => stream$.next('RESYNC'));
  interface PullRequest {
    readonly checkpoint: SyncCheckpoint | null;
    readonly batchSize: number;
    readonly startedAt: number;
    readonly sentAt: number;
    readonly answer: Promise<PullOutput>;
  }
  let prefetched: PullRequest | null = null;
  const sendPull = (checkpoint: SyncCheckpoint | null, batchSize: number): PullRequest => {
    const answer = server.pull({ checkpoint, batchSize });
    // A prefetch nobody takes must not surface as an unhandled rejection.
    answer.catch(() => undefined);
    return { checkpoint, batchSize, startedAt: overlaps.pullStarted(), sentAt: clock.now(), answer };
  };
  /** The prefetched page when it answers exactly this request and is fresh; drops it otherwise. */
  const takePrefetched = (checkpoint: SyncCheckpoint | null, batchSize: number): PullRequest | null => {
    const request = prefetched;
    prefetched = null;
    if (!request) return null;
    const fits =
      request.batchSize === batchSize &&
      request.checkpoint?.seq === checkpoint?.seq &&
      clock.now() - request.sentAt < PREFETCH_MAX_AGE_MS;
    if (fits) return request;
    const abandon = (): void => overlaps.pullFailed(request.startedAt);
    request.answer.then(abandon, abandon);
    return null;
  };
  let watchingDownstream = false;
  const watchDownstream = (): void => {
    const down = state.internalReplicationState?.events.active.down;
    if (watchingDownstream || !down) return;
    watchingDownstream = true;
    down.subscribe((active) => {
      if (!active) overlaps.downstreamIdle();
    });
  };

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
        watchDownstream();
        const request =
          takePrefetched(checkpoint ?? null, batchSize) ?? sendPull(checkpoint ?? null, batchSize);
        try {
          const output = await request.answer;
          overlaps.pullAnswered(
            request.startedAt,
            output.documents.map((doc) => doc.id),
          );
          // While RxDB writes this page, the next one is already on its way (catch-up only).
          if (output.documents.length === batchSize && output.remaining > 0) {
            prefetched = sendPull(output.checkpoint, batchSize);
          }
          // RxDB writes the server's version over a set-aside one (it assumes that one pushed).
          if (output.documents.length > 0) setAsideStore.release(output.documents.map((doc) => doc.id));
          options.onPulled(output, batchSize, request.checkpoint);
          return { documents: output.documents, checkpoint: output.checkpoint ?? checkpoint };
        } catch (error) {
          overlaps.pullFailed(request.startedAt);
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
        watchDownstream();
        const span = overlaps.pushStarted(ids);
        let ok = false;
        try {
          // R10/R16: a version the server cannot accept is set aside, not sent (an old note
          // holding a lone surrogate, say); a set-aside version RxDB assumes the server has is
          // replaced by what the server last held.
          const wireRows: PushRow[] = [];
          const setAside: Array<{
            note: ReplicatedNote;
            reason: PushRejection['reason'];
            serverState: ReplicatedNote | null;
          }> = [];
          for (const row of rows) {
            const local = toReplicatedNote(row.newDocumentState);
            // A deleted note's text no longer matters, only that the deletion syncs (R12).
            const newDocumentState = local._deleted ? repairNoteText(local) : local;
            const assumedMasterState = setAsideStore.assumedMasterFor(
              row.assumedMasterState ? toReplicatedNote(row.assumedMasterState) : null,
            );
            const reason = unsendableReason(newDocumentState);
            if (reason) setAside.push({ note: newDocumentState, reason, serverState: assumedMasterState });
            else wireRows.push({ assumedMasterState, newDocumentState });
          }
          // Rows are bounded by count (RxDB's batchSize) and each request by bytes (R10).
          const conflicts: ReplicatedNote[] = [];
          const rejected: PushRejection[] = [];
          for (const part of splitByBytes(wireRows, PUSH_REQUEST_BYTES_BUDGET)) {
            const output = await server.push(part);
            conflicts.push(...output.conflicts);
            rejected.push(...output.rejected);
          }
          if (rejected.length > 0) {
            const sent = new Map(wireRows.map((row) => [row.newDocumentState.id, row]));
            for (const { id, reason } of rejected) {
              const row = sent.get(id);
              if (row)
                setAside.push({ note: row.newDocumentState, reason, serverState: row.assumedMasterState });
            }
          }
          // Written, or met by the server's version (a conflict, merged next): no longer set aside.
          const notWritten = new Set(setAside.map((entry) => entry.note.id));
          setAsideStore.release(
            wireRows.map((row) => row.newDocumentState.id).filter((id) => !notWritten.has(id)),
          );
          setAsideStore.add(setAside);
          if (setAside.length > 0) {
            options.onSetAside?.(setAside.map(({ note, reason }) => ({ id: note.id, reason })));
          }
          // A set-aside row is answered with no conflict: RxDB counts it as pushed and does not
          // retry it, and pushes the note again with its next local write.
          ok = true;
          overlaps.pushAcknowledged(span);
          return conflicts;
        } catch (error) {
          overlaps.pushFailed(span);
          options.onHandlerError(error);
          throw error;
        } finally {
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
      prefetched = null;
      stream$.complete();
      await state.cancel();
    },
  };
}
