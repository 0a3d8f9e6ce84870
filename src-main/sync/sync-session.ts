// Over 400 lines: one session's lifecycle (connect, replicate, retry, token rotation) driven by
// session-machine.ts's table; splitting it would scatter the transitions. The next split moves the
// connection and rotation steps into `session-connect.ts`.
import type { Logger } from 'pino';
import { combineLatest, of, type Subscription } from 'rxjs';
import { delay, type Clock, type ScheduledTask, type Scheduler } from '../clock';
import type { QuireDatabase } from '../db/database';
import type { FailureReason } from '../../src-shared/errors/reasons';
import type { SyncAccountRecord } from './account-store';
import { createBlobTransfer } from '../attachments/blob-transfer';
import type { LocalBlobStore } from '../attachments/local-blob-store';
import { startAttachmentReplication, type AttachmentReplication } from './attachment-replication';
import { startNoteReplication, type NoteReplication } from './note-replication';
import { versionMismatch, type ReplicationServer, type SyncServerConnector } from './server-connection';
import type { SessionEvent } from './session-machine';
import type { SetAsideStore } from './set-aside';
import { classifyError, FATAL_REASONS, failureDetails } from './sync-errors';
import type { PulledPage } from './sync-progress';
import type { SyncStatsSink } from './sync-stats';
import type { SyncTuning } from './sync-tuning';

export { syncTuning, type SyncTransportOptions, type SyncTuning } from './sync-tuning';

/**
 * Over 400 lines: the session's one closure holds the socket, the handshake, the stream and both
 * replications (notes, attachments) because they share its `stopped` flag and its timers.
 *
 * One replication session of the signed-in vault: its WebSocket, the handshake (R1), the live
 * stream with its backoff (R13, R14, C3), RxDB's replication and the pending-push count. It
 * decides nothing about the device's state: it reports what happens as session-machine events
 * and figures, and the sync service moves the machine. Every timer runs on the injected
 * scheduler and ends with the session.
 */

export interface SyncSessionReport {
  /** Something the session machine hears of (socket, handshake, refusals, successes). */
  event(event: SessionEvent): void;
  /** A pull was answered (so the request succeeded): its page, for the catch-up progress. */
  pulled(page: PulledPage): void;
  /** RxDB started or stopped pulling or pushing. */
  active(active: boolean): void;
  /** Local writes the server has not acknowledged, recounted after writes and push cycles. */
  pendingPush(count: number): void;
}

export interface SyncSessionDeps {
  account: SyncAccountRecord;
  token: string;
  notes: QuireDatabase['notes'];
  /** Attachment records and their bytes (B7–B10); without it only notes sync. */
  attachments?: SyncedAttachments;
  server: SyncServerConnector;
  setAside: SetAsideStore;
  clock: Clock;
  scheduler: Scheduler;
  log: Logger;
  stats: SyncStatsSink;
  tuning: SyncTuning;
  report: SyncSessionReport;
}

export interface SyncedAttachments {
  collection: QuireDatabase['attachments'];
  blobs: LocalBlobStore;
  bytesArrived(hash: string): void;
  notSynced(id: string, reason: FailureReason | null): void;
}

export interface SyncSession {
  readonly token: string;
  /** Pull from the checkpoint now ("sync now"). */
  resync(): void;
  /** Stops replicating and closes the socket; the same promise on every call. */
  stop(): Promise<void>;
}

/** How long the first pull waits for the live stream to open before going ahead without it. */
const STREAM_OPEN_WAIT_MS = 3_000;
/** The socket client waits for answers in flight; a server that never answers must not hold a stop up. */
const SOCKET_CLOSE_WAIT_MS = 2_000;
/** Pending pushes are recounted this long after the last write or push cycle. */
const RECOUNT_DELAY_MS = 50;

/** A refusal retrying cannot fix, as the machine hears it (S7). */
const fatalEvent = (reason: FailureReason): SessionEvent =>
  reason === 'UNAUTHENTICATED' ? { type: 'tokenRefused' } : { type: 'fatalRefusal', reason };

export function startSyncSession(deps: SyncSessionDeps): SyncSession {
  const { account, clock, scheduler, log, stats, tuning, report } = deps;
  let stopped = false;
  let stopping: Promise<void> | null = null;
  let everOpened = false;
  let handshakeDone = false;
  let replication: NoteReplication | null = null;
  let attachmentSync: AttachmentReplication | null = null;
  /** Whether the notes' replication has had an answer from the server in this session. */
  let notesAnswered = false;
  let unsubscribeStream: (() => void) | null = null;
  /**
   * Set while the session's first stream is opening. Its opening RESYNC (R14) is redundant: the
   * replication's own first pull waits for it (see `handshake`), so it already covers every
   * commit the stream did not. Skipping it saves re-downloading a bulk push made meanwhile.
   */
  let onFirstStreamEvent: (() => void) | null = null;
  const subscriptions: Subscription[] = [];

  /** Waits that end early, and at once, when the session stops: every loop then sees `stopped`. */
  const waits = new Set<{ task: ScheduledTask; wake: () => void }>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const wait = {
        task: scheduler.after(ms, () => {
          waits.delete(wait);
          resolve();
        }),
        wake: resolve,
      };
      waits.add(wait);
    });

  // The socket's callbacks run on later events only, after `server` exists.
  const server: ReplicationServer = deps.server.replication({
    serverUrl: account.serverUrl,
    token: deps.token,
    vaultId: account.vaultId,
    retryDelayMs(attempt) {
      const wait = tuning.retryDelayMs(attempt);
      // A server-requested reconnect replaces a socket that keeps serving meanwhile.
      if (!stopped && !server.connected()) {
        report.event({ type: 'retryScheduled', retryAt: clock.now() + wait });
      }
      return wait;
    },
    onOpen() {
      if (stopped) return;
      const reconnected = everOpened;
      everOpened = true;
      // R14/C3: the stream may have missed commits while the socket was down.
      if (reconnected && handshakeDone) {
        replication?.resync();
        attachmentSync?.resync();
      }
      report.event({ type: 'socketOpened' });
    },
    onClose() {
      if (stopped || server.connected()) return;
      report.event({ type: 'socketClosed' });
    },
  });

  // Pending pushes are recounted from the replication meta after writes and push cycles.
  let recountTask: ScheduledTask | null = null;
  let recounting = false;
  let recountAgain = false;
  const scheduleRecount = (): void => {
    if (stopped || recountTask || !replication) return;
    recountTask = scheduler.after(RECOUNT_DELAY_MS, () => {
      recountTask = null;
      void recount();
    });
  };
  const recount = async (): Promise<void> => {
    if (recounting) {
      recountAgain = true;
      return;
    }
    recounting = true;
    try {
      const count = await replication?.countPendingPush();
      if (!stopped && typeof count === 'number') report.pendingPush(count);
    } catch (error) {
      // The replication stopped under the count; the next session counts again.
      log.debug({ err: error }, 'pending-push count skipped');
    } finally {
      recounting = false;
      if (recountAgain) {
        recountAgain = false;
        scheduleRecount();
      }
    }
  };

  const subscribeStream = (failures: number): void => {
    if (stopped) return;
    // Consecutive failures back off; a stream that delivered something starts over.
    let failed = failures;
    const retry = (): void => {
      unsubscribeStream?.();
      unsubscribeStream = null;
      void sleep(tuning.retryDelayMs(failed)).then(() => subscribeStream(failed + 1));
    };
    unsubscribeStream = server.stream({
      onEvent(event) {
        if (stopped) return;
        failed = 0;
        const first = onFirstStreamEvent;
        onFirstStreamEvent = null;
        if (first) {
          first();
          if (event === 'RESYNC') return;
        }
        if (event !== 'RESYNC') stats.streamed(event.documents.length);
        // R13/R14: a commit (or possible gap) on the server; the pull fetches its latest state.
        replication?.resync();
      },
      onError(error) {
        if (stopped) return;
        // The replication must not wait for a stream that failed; the retried stream's RESYNC counts.
        onFirstStreamEvent?.();
        onFirstStreamEvent = null;
        const reason = classifyError(error);
        if (FATAL_REASONS.has(reason)) report.event(fatalEvent(reason));
        else retry();
      },
      // The server ends streams when it shuts down or revokes the device; a pull tells which.
      onComplete() {
        if (stopped) return;
        replication?.resync();
        retry();
      },
    });
  };

  /** R1, retried with backoff until it agrees; true once pulls and pushes may go out. */
  const handshake = async (): Promise<boolean> => {
    for (let attempt = 0; !stopped; attempt += 1) {
      try {
        const mismatch = versionMismatch(deps.server.protocolVersion, await server.hello());
        if (stopped) return false;
        if (mismatch) {
          report.event({ type: 'versionMismatch', reason: mismatch });
          return false;
        }
        handshakeDone = true;
        report.event({ type: 'handshakeOk' });
        // The first pull waits until the stream is open (or failed, or slow), so no commit falls
        // between what that pull sees and what the stream announces.
        const streamOpen = new Promise<void>((resolve) => {
          onFirstStreamEvent = resolve;
        });
        subscribeStream(0);
        await Promise.race([streamOpen, sleep(STREAM_OPEN_WAIT_MS)]);
        // Too slow: stop waiting, and let its RESYNC through when it comes.
        onFirstStreamEvent = null;
        return !stopped;
      } catch (error) {
        if (stopped) return false;
        const reason = classifyError(error);
        if (FATAL_REASONS.has(reason)) {
          report.event(fatalEvent(reason));
          return false;
        }
        if (reason !== 'NETWORK') {
          log.warn({ err: error, reason }, 'sync handshake refused; retrying');
          report.event({ type: 'requestRefused', reason });
        }
        await sleep(tuning.retryDelayMs(attempt));
      }
    }
    return false;
  };

  const onHandlerError = (error: unknown): void => {
    if (stopped) return;
    const reason = classifyError(error);
    if (FATAL_REASONS.has(reason)) {
      report.event(fatalEvent(reason));
      return;
    }
    // A lost connection shows as offline through the socket's own events.
    if (reason === 'NETWORK') return;
    log.warn({ err: error, reason }, 'sync request refused; retrying');
    const details = failureDetails(error);
    report.event({ type: 'requestRefused', reason, ...(details ? { details } : {}) });
  };

  const ready = handshake();
  // No pull or push goes out before the handshake has agreed on a protocol version (R1).
  const gated: ReplicationServer = {
    ...server,
    pull: async (input) => {
      if (!(await ready)) throw new Error('Sync stopped before the handshake');
      return server.pull(input);
    },
    push: async (rows) => {
      if (!(await ready)) throw new Error('Sync stopped before the handshake');
      return server.push(rows);
    },
  };
  const started = startNoteReplication({
    collection: deps.notes,
    serverUrl: account.serverUrl,
    vaultId: account.vaultId,
    server: gated,
    pullBatchSize: tuning.pullBatchSize,
    pushBatchSize: tuning.pushBatchSize,
    retryTimeMs: tuning.retryTimeMs,
    clock,
    setAside: deps.setAside,
    onSetAside(rejected) {
      // Ids and reasons only: a note's text never reaches the log.
      log.warn(
        { notes: rejected.slice(0, 20), count: rejected.length },
        'notes set aside: the sync server cannot accept their current version',
      );
    },
    onPulled(output, batchSize, from) {
      stats.pulled(output.documents.length);
      if (stopped) return;
      notesAnswered = true;
      report.pulled({
        from,
        to: output.checkpoint,
        ids: output.documents.map((doc) => doc.id),
        remaining: output.remaining,
        batchSize,
      });
    },
    onPushStarted(ids) {
      stats.pushed(ids.length);
    },
    onPushFinished(_ids, ok) {
      if (ok) notesAnswered = true;
      if (ok && !stopped) report.event({ type: 'requestOk' });
      scheduleRecount();
    },
    onHandlerError,
  });
  replication = started;
  const attachments = deps.attachments;
  attachmentSync =
    attachments && server.attachments
      ? startAttachmentReplication({
          collection: attachments.collection,
          serverUrl: account.serverUrl,
          vaultId: account.vaultId,
          server: server.attachments,
          ready,
          transfer: createBlobTransfer({
            serverUrl: account.serverUrl,
            token: deps.token,
            blobs: attachments.blobs,
            onRequest: (method, bytes) => stats.blobRequest?.(method, bytes),
          }),
          blobs: attachments.blobs,
          bytesArrived: (hash) => attachments.bytesArrived(hash),
          notSynced: (id, reason) => attachments.notSynced(id, reason),
          scheduler,
          retryDelayMs: (attempt) => tuning.retryDelayMs(attempt),
          pullBatchSize: tuning.pullBatchSize,
          pushBatchSize: tuning.pushBatchSize,
          retryTimeMs: tuning.retryTimeMs,
          log,
          onHandlerError,
          onRequestOk: () => {
            // "Synced" means the notes are (S11): an attachments answer before the notes'
            // first one must not mark the session synced while the notes are still unpulled.
            if (!stopped && notesAnswered) report.event({ type: 'requestOk' });
          },
        })
      : null;
  subscriptions.push(
    // Syncing while either collection's replication pulls or pushes (S11).
    combineLatest([started.active$, attachmentSync?.active$ ?? of(false)]).subscribe(([notes, files]) => {
      const active = notes || files;
      if (stopped) return;
      if (!active) scheduleRecount();
      report.active(active);
    }),
    started.state.error$.subscribe((error) => {
      // Failed requests were classified in onHandlerError already; a failed local write
      // (RxDB's `writeError`) or anything else is worth a warning. Only names are logged:
      // RxDB's messages and parameters carry whole notes.
      const { code, parameters } = error as unknown as {
        code?: string;
        parameters?: Record<string, unknown>;
      };
      const writeError = parameters?.writeError as { status?: number; documentId?: string } | undefined;
      if (parameters && 'errors' in parameters && !writeError)
        log.debug({ code }, 'sync request failed; retrying');
      else
        log.warn(
          { code, status: writeError?.status, documentId: writeError?.documentId },
          'replication reported an error',
        );
    }),
    deps.notes.eventBulks$.subscribe(() => scheduleRecount()),
  );
  log.info({ serverUrl: account.serverUrl, deviceId: account.deviceId }, 'sync session started');
  scheduleRecount();

  return {
    token: deps.token,
    resync() {
      replication?.resync();
      attachmentSync?.resync();
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        recountTask?.cancel();
        recountTask = null;
        for (const wait of waits) {
          wait.task.cancel();
          wait.wake();
        }
        waits.clear();
        unsubscribeStream?.();
        unsubscribeStream = null;
        for (const subscription of subscriptions) subscription.unsubscribe();
        try {
          await attachmentSync?.cancel();
        } catch (error) {
          log.warn({ err: error }, 'stopping the attachment replication failed');
        }
        try {
          await replication?.cancel();
        } catch (error) {
          log.warn({ err: error }, 'stopping the replication failed');
        }
        await Promise.race([server.close().catch(() => undefined), delay(scheduler, SOCKET_CLOSE_WAIT_MS)]);
      })();
      return stopping;
    },
  };
}
