import { SYNC_LIMITS, type StreamEventOf, type SyncCollection } from '../../src-shared/sync/protocol';
import type { ChangeBus } from '../bus/change-bus';
import type { ReplicationStore } from './replication-store';

/**
 * A wake-up caused only by new commits re-checks the session if the last check is older than
 * this. Commits arrive in bursts while someone types; one auth query per burst-second is enough,
 * because a revoke never rides on a commit: it announces a seq that does not advance (below).
 */
export const COMMIT_WAKE_RECHECK_MS = 1_000;

/**
 * One device's live stream of a vault (R13, R14). Event-driven: it sleeps until the bus
 * announces a commit in this vault, the bus reconnects, the stream is cancelled, or the
 * periodic session re-check is due. It never polls the documents.
 *
 * A4: the session is re-checked on the periodic timer, after a bus reconnect, on every
 * announcement whose seq does not advance past what this stream has already seen (sign-out and
 * revoke announce the vault's current seq to wake streams; that seq was, or will be, announced
 * by its own commit too, so one of the two never advances), and on commit wake-ups when the
 * last check is at least COMMIT_WAKE_RECHECK_MS old.
 */
export async function* vaultStream<C extends SyncCollection>(options: {
  vaultId: string;
  collection: C;
  /** The subscriber: its own writes are left out; the checkpoint still moves past them. */
  deviceId: string;
  store: ReplicationStore;
  bus: ChangeBus;
  signal: AbortSignal | undefined;
  /** A4: the stream ends (with `onSessionEnded()`) when this answers false; see above for when. */
  /** `periodic`: no event asked for it (L11: such answers may be shared between streams). */
  sessionIsValid(periodic: boolean): Promise<boolean>;
  onSessionEnded(): Error;
  recheckMs: number;
  /** O3: ms from the first unserved announcement reaching this process to its event being sent. */
  onFanOut?: (ms: number) => void;
  /** Monotonic milliseconds; injected by tests. */
  now?: () => number;
}): AsyncGenerator<StreamEventOf<C>, void, undefined> {
  const { vaultId, collection, deviceId, store, signal } = options;
  const now = options.now ?? (() => performance.now());
  // Highest seq announced for this vault (or read at start); work is due while the cursor is behind it.
  let announced = 0;
  // When the oldest announcement not yet served reached this process (fan-out latency, O3).
  let announcedAt: number | null = null;
  // Until the start seq is read, no announcement can be told apart from a revoke's.
  let started = false;
  let busReconnected = false;
  let recheckDue = false;
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
      if (!started || change.seq <= announced) recheckDue = true;
      else announcedAt ??= now();
      announced = Math.max(announced, change.seq);
      kick();
    },
    onReconnect() {
      // Lost announcements may have included a revoke's.
      busReconnected = true;
      recheckDue = true;
      kick();
    },
  });

  // Resolves on a kick that arrived since the last wake-up or a cancel (false), or the re-check timer (true).
  const sleep = (): Promise<boolean> =>
    new Promise((resolve) => {
      if (pending || signal?.aborted) return resolve(false);
      const done = (timedOut: boolean): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', woken);
        wake = null;
        resolve(timedOut);
      };
      const woken = (): void => done(false);
      const timer = setTimeout(() => done(true), options.recheckMs);
      signal?.addEventListener('abort', woken);
      wake = woken;
    });

  let lastCheckAt = Number.NEGATIVE_INFINITY;
  const checkSession = async (force: boolean): Promise<void> => {
    if (!force && !recheckDue && now() - lastCheckAt < COMMIT_WAKE_RECHECK_MS) return;
    const periodic = !recheckDue;
    recheckDue = false;
    // Taken before the query: a revoke committed while it runs announces, and is checked, again.
    lastCheckAt = now();
    if (!(await options.sessionIsValid(periodic))) throw options.onSessionEnded();
  };
  try {
    let cursor = await store.latestSeq(vaultId);
    announced = Math.max(announced, cursor);
    started = true;
    // R14: the device pulls from its own checkpoint; the stream covers what commits after this.
    yield 'RESYNC';
    while (!signal?.aborted) {
      const timedOut = await sleep();
      if (signal?.aborted) return;
      pending = false;
      await checkSession(timedOut);
      if (busReconnected) {
        // Announcements may have been lost: the device's pull is what catches up, not us.
        busReconnected = false;
        cursor = Math.max(cursor, await store.latestSeq(vaultId));
        yield 'RESYNC';
      }
      while (cursor < announced && !signal?.aborted) {
        // Also between pages: commits announced while the device read the last one wake nothing.
        await checkSession(false);
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
        if (batch.documents.length > 0) {
          if (announcedAt !== null) options.onFanOut?.(now() - announcedAt);
          announcedAt = null;
          yield { documents: batch.documents, checkpoint: batch.checkpoint };
        }
      }
      // Caught up (or the commits were another collection's / the device's own): nothing is owed.
      if (cursor >= announced) announcedAt = null;
    }
  } finally {
    unsubscribe();
  }
}
