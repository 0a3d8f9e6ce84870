import { SYNC_LIMITS, type StreamEvent, type SyncCollection } from '../../src-shared/sync/protocol';
import type { ChangeBus } from '../bus/change-bus';
import type { ReplicationStore } from './replication-store';

/**
 * One device's live stream of a vault (R13, R14). Event-driven: it sleeps until the bus
 * announces a commit in this vault, the bus reconnects, the stream is cancelled, or the
 * periodic session re-check is due. It never polls the documents.
 */
export async function* vaultStream(options: {
  vaultId: string;
  collection: SyncCollection;
  /** The subscriber: its own writes are left out; the checkpoint still moves past them. */
  deviceId: string;
  store: ReplicationStore;
  bus: ChangeBus;
  signal: AbortSignal | undefined;
  /** A4: re-checked on every wake-up and at least every `recheckMs`; the stream ends when false. */
  sessionIsValid(): Promise<boolean>;
  onSessionEnded(): Error;
  recheckMs: number;
}): AsyncGenerator<StreamEvent, void, undefined> {
  const { vaultId, collection, deviceId, store, signal } = options;
  // Highest seq announced for this vault; work is due while the cursor is behind it.
  let announced = 0;
  let busReconnected = false;
  let pending = false;
  let wake: (() => void) | null = null;
  const kick = (): void => {
    pending = true;
    wake?.();
  };
  // Subscribed before reading the start seq, so a commit between the two is not missed.
  const unsubscribe = options.bus.subscribe({
    onChange(change) {
      if (change.vaultId !== vaultId) return;
      announced = Math.max(announced, change.seq);
      kick();
    },
    onReconnect() {
      busReconnected = true;
      kick();
    },
  });

  // Resolves on a kick that arrived since the last wake-up, a cancel, or the re-check timer.
  const sleep = (): Promise<void> =>
    new Promise((resolve) => {
      if (pending || signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        wake = null;
        resolve();
      };
      const timer = setTimeout(done, options.recheckMs);
      signal?.addEventListener('abort', done);
      wake = done;
    });

  try {
    let cursor = await store.latestSeq(vaultId);
    // R14: the device pulls from its own checkpoint; the stream covers what commits after this.
    yield 'RESYNC';
    while (!signal?.aborted) {
      await sleep();
      if (signal?.aborted) return;
      pending = false;
      if (!(await options.sessionIsValid())) throw options.onSessionEnded();
      if (busReconnected) {
        // Announcements may have been lost: the device's pull is what catches up, not us.
        busReconnected = false;
        cursor = Math.max(cursor, await store.latestSeq(vaultId));
        yield 'RESYNC';
      }
      while (cursor < announced && !signal?.aborted) {
        const batch = await store.changesSince({
          vaultId,
          collection,
          afterSeq: cursor,
          limit: SYNC_LIMITS.pullBatchMax,
          excludeDeviceId: deviceId,
        });
        // No progress means the announced seq belongs to another collection or was rolled back.
        if (batch.checkpoint.seq <= cursor) break;
        cursor = batch.checkpoint.seq;
        if (batch.documents.length > 0) yield { documents: batch.documents, checkpoint: batch.checkpoint };
      }
    }
  } finally {
    unsubscribe();
  }
}
