// Over ~400 lines, knowingly: account handling, the replication session, status derivation and
// version history still live together here. Splitting them into modules with one job each, with
// the session as a written state machine, is point 2 of the "Put the house in order" issue.
import { BehaviorSubject, type Observable, type Subscription } from 'rxjs';
import type { NoteVersion, NoteWriteResult } from '../../src-shared/api/notes-api';
import type { Logger } from 'pino';
import type { QuireDatabase } from '../db/database';
import type { NotesService } from '../notes/notes-service';
import type { SecretStore } from '../secrets/secret-store';
import type { SettingsStore } from '../settings/settings-store';
import { systemRandom, type Clock } from '../clock';
import { QuireError } from '../errors';
import type { SyncStatus } from '../../src-shared/api/sync-api';
import type { DeviceSession, SessionGrant } from '../../src-shared/sync/account';
import {
  SYNC_LIMITS,
  SYNC_PROTOCOL_VERSION,
  type HelloOutput,
  type PullOutput,
  type Revision,
  type SyncCheckpoint,
} from '../../src-shared/sync/protocol';
import { createSyncAccountStore, type SyncAccountRecord } from './account-store';
import {
  createAccountServer,
  createAnonymousServer,
  createReplicationServer,
  reconnectDelayMs,
  type AccountServer,
  type ReplicationServer,
  type WebSocketImplementation,
} from './server-connection';
import { replicationIdentifier, startNoteReplication, type NoteReplication } from './note-replication';
import { createSetAsideStore, type SetAsideStore } from './set-aside';
import { advanceCatchUp, type CatchUp, type SyncProgress } from './sync-progress';
import {
  classifyError,
  describeReason,
  failure,
  FATAL_REASONS,
  toQuireError,
  type SyncFailure,
  type SyncFailureReason,
} from './sync-errors';

/**
 * The device side of sync: the account (sign-up, sign-in, sign-out, devices), the replication
 * session of the signed-in vault, and the status the UI shows. Notes are always read and written
 * locally (C1); this service only moves them between the local database and the server.
 */

export interface SyncTransportOptions {
  /** The WebSocket class (Node has none built in before 22). Defaults to `ws`. */
  WebSocket?: WebSocketImplementation;
  /** Reconnect delay per attempt; C3's backoff by default. Tests shorten it. */
  retryDelayMs?: (attempt: number) => number;
  /** Documents per pull (≤ SYNC_LIMITS.pullBatchMax). */
  pullBatchSize?: number;
  /** Rows per push (≤ SYNC_LIMITS.pushRowsMax). */
  pushBatchSize?: number;
  /** How long RxDB waits before retrying a failed pull or push. */
  retryTimeMs?: number;
  /** Jitter source for the backoff. */
  random?: () => number;
  /** Tests only: pretend to speak another protocol version (R1). */
  protocolVersion?: number;
}

export interface SyncServiceDeps {
  db: QuireDatabase;
  /** Needed by `restoreRevision` only. */
  notes?: NotesService;
  secrets: SecretStore;
  /** Holds the account record (never the token). */
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
  deviceName: string;
  appVersion: string;
  transport?: SyncTransportOptions;
}

export interface SyncSignInRequest {
  serverUrl: string;
  email: string;
  password: string;
}
export interface SyncSignUpRequest extends SyncSignInRequest {
  inviteCode?: string | undefined;
}

/** Counters for tests and benchmarks (not part of the app API). */
export interface SyncStats {
  pullCalls: number;
  pulledDocuments: number;
  pushCalls: number;
  pushedRows: number;
  streamedDocuments: number;
}

export interface SyncService {
  status(): SyncStatus;
  /** The current status at once, then every change. */
  readonly status$: Observable<SyncStatus>;
  /** At host start: picks the stored account back up (no network wait). */
  resume(): Promise<void>;
  signIn(input: SyncSignInRequest): Promise<SyncStatus>;
  signUp(input: SyncSignUpRequest): Promise<SyncStatus>;
  /** Ends this device's session (server first, best effort); local notes stay. */
  signOut(): Promise<SyncStatus>;
  /** Retry now: reconnects at once when offline, pulls and pushes when online. */
  syncNow(): Promise<SyncStatus>;
  devices(): Promise<DeviceSession[]>;
  revokeDevice(deviceId: string): Promise<DeviceSession[]>;
  history(noteId: string): Promise<{ revisions: Revision[] }>;
  /** `base`: the version the user was looking at (E1); null when the note is gone here. */
  restoreRevision(noteId: string, revisionId: string, base: NoteVersion | null): Promise<NoteWriteResult>;
  stats(): SyncStats;
  close(): Promise<void>;
}

const DEFAULT_PULL_BATCH = 1_000;
const DEFAULT_PUSH_BATCH = 1_000;
const DEFAULT_RETRY_TIME_MS = 2_000;
/** How long the first pull waits for the live stream to open before going ahead without it. */
const STREAM_OPEN_WAIT_MS = 3_000;
/** Sign-out should not keep the user waiting on a server that is away. */
const SIGN_OUT_TIMEOUT_MS = 5_000;
/** A synced device writes its "last synced" time to the settings file at most this often. */
const LAST_SYNCED_PERSIST_MS = 60_000;

interface Session {
  account: SyncAccountRecord;
  token: string;
  server: ReplicationServer;
  replication: NoteReplication | null;
  connection: 'connecting' | 'open' | 'closed';
  everOpened: boolean;
  retryAt: number | null;
  handshakeDone: boolean;
  /** Resolves true once `hello` agreed (R1), false if the session stopped first. */
  ready: Promise<boolean>;
  active: boolean;
  stopped: boolean;
  stopping: Promise<void> | null;
  timers: Set<ReturnType<typeof setTimeout>>;
  unsubscribeStream: (() => void) | null;
  /**
   * Set while the session's first stream is opening. Its opening RESYNC (R14) is redundant: the
   * replication's own first pull waits for it (see runHandshake), so it already covers every
   * commit the stream did not. Skipping it saves re-downloading a bulk push made meanwhile.
   */
  onFirstStreamEvent: (() => void) | null;
  subscriptions: Subscription[];
}

const SIGNED_OUT: SyncStatus = {
  state: 'signed-out',
  account: null,
  pendingPush: 0,
  progress: null,
  lastSyncedAt: null,
  error: null,
  retryAt: null,
  setAside: [],
  setAsideCount: 0,
};

function setAsideStatus(store: SetAsideStore): Pick<SyncStatus, 'setAside' | 'setAsideCount'> {
  const { notes, count } = store.snapshot();
  return { setAside: notes, setAsideCount: count };
}

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const { db, clock, logger } = deps;
  const log = logger.child({ module: 'sync' });
  const accounts = createSyncAccountStore({ settings: deps.settings, secrets: deps.secrets });
  const transport = deps.transport ?? {};
  const random = transport.random ?? systemRandom;
  const retryDelay = (attempt: number): number =>
    transport.retryDelayMs ? transport.retryDelayMs(attempt) : reconnectDelayMs(attempt, random);
  const pullBatchSize = Math.min(transport.pullBatchSize ?? DEFAULT_PULL_BATCH, SYNC_LIMITS.pullBatchMax);
  const pushBatchSize = Math.min(transport.pushBatchSize ?? DEFAULT_PUSH_BATCH, SYNC_LIMITS.pushRowsMax);
  const protocolVersion = transport.protocolVersion ?? SYNC_PROTOCOL_VERSION;
  const versioned = transport.protocolVersion === undefined ? {} : { protocolVersion };

  let account: SyncAccountRecord | null = null;
  let session: Session | null = null;
  /** Something the user must act on; replication is stopped while it is set. */
  let fatal: SyncFailure | null = null;
  /** A refusal RxDB keeps retrying (the session goes on); cleared by the next success. */
  let transient: SyncFailure | null = null;
  let lastSyncedAt: number | null = null;
  let lastSyncedPersistedAt = 0;
  let pendingPush = 0;
  let progress: SyncProgress | null = null;
  /**
   * The catch-up under way, if any. It outlives a session (a reconnect, "sync now", a retry after
   * an error) so a resumed first sync goes on counting instead of starting over; see sync-progress.ts.
   */
  let catchUp: CatchUp | null = null;
  let closed = false;
  /** Notes not sent for now (R10, R16), of the signed-in account's replication. */
  let setAside: SetAsideStore | null = null;
  const stats: SyncStats = {
    pullCalls: 0,
    pulledDocuments: 0,
    pushCalls: 0,
    pushedRows: 0,
    streamedDocuments: 0,
  };

  const computeStatus = (): SyncStatus => {
    if (!account) return SIGNED_OUT;
    const base: SyncStatus = {
      ...SIGNED_OUT,
      account: {
        serverUrl: account.serverUrl,
        email: account.email,
        deviceName: account.deviceName,
        deviceId: account.deviceId,
      },
      pendingPush,
      progress,
      lastSyncedAt,
      ...(setAside ? setAsideStatus(setAside) : {}),
    };
    if (fatal) return { ...base, state: 'error', error: fatal, progress: null };
    if (!session || session.connection === 'connecting') return { ...base, state: 'connecting' };
    if (session.connection === 'closed') return { ...base, state: 'offline', retryAt: session.retryAt };
    if (!session.handshakeDone) return { ...base, state: 'connecting' };
    if (transient) return { ...base, state: 'error', error: transient };
    if (session.active || pendingPush > 0 || progress) return { ...base, state: 'syncing' };
    return { ...base, state: 'synced' };
  };

  const status$ = new BehaviorSubject<SyncStatus>(SIGNED_OUT);
  const publish = (): void => {
    if (closed) return;
    let next = computeStatus();
    const previous = status$.getValue();
    if (next.state === 'synced' && previous.state !== 'synced') {
      lastSyncedAt = clock.now();
      next = { ...next, lastSyncedAt };
      persistLastSynced(false);
    }
    if (JSON.stringify(next) !== JSON.stringify(previous)) status$.next(next);
  };

  const persistLastSynced = (force: boolean): void => {
    if (!account || lastSyncedAt === null) return;
    if (!force && clock.now() - lastSyncedPersistedAt < LAST_SYNCED_PERSIST_MS) return;
    lastSyncedPersistedAt = clock.now();
    account = { ...account, lastSyncedAt };
    accounts.set(account);
  };

  // Pending pushes are recounted from the replication meta after writes and push cycles.
  let recountTimer: ReturnType<typeof setTimeout> | null = null;
  let recounting = false;
  let recountAgain = false;
  const scheduleRecount = (): void => {
    if (closed || recountTimer || !session?.replication) return;
    recountTimer = setTimeout(() => {
      recountTimer = null;
      void recount();
    }, 50);
  };
  const recount = async (): Promise<void> => {
    if (recounting) {
      recountAgain = true;
      return;
    }
    recounting = true;
    const counted = session;
    try {
      const count = await counted?.replication?.countPendingPush();
      if (counted && counted === session && !counted.stopped && typeof count === 'number') {
        pendingPush = count;
        publish();
      }
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
  const localWrites = db.notes.eventBulks$.subscribe(() => scheduleRecount());

  const sleep = (owner: Session, ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        owner.timers.delete(timer);
        resolve();
      }, ms);
      owner.timers.add(timer);
    });

  /** R1: the versions both sides serve must overlap. */
  const versionMismatch = (hello: HelloOutput): SyncFailureReason | null => {
    if (protocolVersion < hello.minProtocolVersion) return 'CLIENT_TOO_OLD';
    if (protocolVersion > hello.protocolVersion) return 'SERVER_TOO_OLD';
    return null;
  };

  const stopSession = (target: Session): Promise<void> => {
    target.stopping ??= (async () => {
      target.stopped = true;
      for (const timer of target.timers) clearTimeout(timer);
      target.timers.clear();
      target.unsubscribeStream?.();
      target.unsubscribeStream = null;
      for (const subscription of target.subscriptions) subscription.unsubscribe();
      try {
        await target.replication?.cancel();
      } catch (error) {
        log.warn({ err: error }, 'stopping the replication failed');
      }
      // The WebSocket client waits for answers already in flight; a server that never answers
      // must not hold up sign-out or quitting.
      await Promise.race([
        target.server.close().catch(() => undefined),
        new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref()),
      ]);
      if (session === target) session = null;
    })();
    return target.stopping;
  };

  /** Something retrying cannot fix: stop replicating and tell the user. */
  const failSession = (target: Session, reason: SyncFailureReason): void => {
    if (target.stopped || target !== session) return;
    fatal = failure(reason);
    // The catch-up is kept: a retried session goes on with it (a new account forgets it).
    progress = null;
    log.warn({ reason, serverUrl: target.account.serverUrl }, 'sync stopped');
    publish();
    void (async () => {
      await stopSession(target);
      // A refused token is worthless; a new sign-in stores a new one.
      if (reason === 'UNAUTHENTICATED') await accounts.deleteToken(target.account);
      publish();
    })().catch((error: unknown) => log.error({ err: error }, 'stopping sync failed'));
  };

  const onHandlerError = (target: Session, error: unknown): void => {
    if (target.stopped) return;
    const reason = classifyError(error);
    if (FATAL_REASONS.has(reason)) {
      failSession(target, reason);
      return;
    }
    // A lost connection shows as 'offline' through the socket's own events.
    if (reason === 'NETWORK') return;
    log.warn({ err: error, reason }, 'sync request refused; retrying');
    transient = failure(reason);
    publish();
  };

  const onPulled = (
    target: Session,
    output: PullOutput,
    batchSize: number,
    from: SyncCheckpoint | null,
  ): void => {
    stats.pullCalls += 1;
    stats.pulledDocuments += output.documents.length;
    if (target.stopped) return;
    transient = null;
    // By position, not by page: a page pulled again (retry, resumed session, extra pull) is not
    // counted twice, and only the furthest page's `remaining` sets the total (R5).
    const step = advanceCatchUp(catchUp, {
      from,
      to: output.checkpoint,
      ids: output.documents.map((doc) => doc.id),
      remaining: output.remaining,
      batchSize,
    });
    catchUp = step.catchUp;
    // A finished catch-up's `done === total` stays until the replication goes idle.
    progress = step.progress ?? (target.active ? progress : null);
    publish();
  };

  const subscribeStream = (target: Session, failures: number): void => {
    if (target.stopped) return;
    // Consecutive failures back off; a stream that delivered something starts over.
    let failed = failures;
    const retry = (): void => {
      target.unsubscribeStream?.();
      target.unsubscribeStream = null;
      void sleep(target, retryDelay(failed)).then(() => subscribeStream(target, failed + 1));
    };
    target.unsubscribeStream = target.server.stream({
      onEvent(event) {
        if (target.stopped) return;
        failed = 0;
        const first = target.onFirstStreamEvent;
        target.onFirstStreamEvent = null;
        if (first) {
          first();
          if (event === 'RESYNC') return;
        }
        if (event !== 'RESYNC') stats.streamedDocuments += event.documents.length;
        // R13/R14: a commit (or possible gap) on the server; the pull fetches its latest state.
        target.replication?.resync();
      },
      onError(error) {
        if (target.stopped) return;
        // The replication must not wait for a stream that failed; the retried stream's RESYNC counts.
        target.onFirstStreamEvent?.();
        target.onFirstStreamEvent = null;
        const reason = classifyError(error);
        if (FATAL_REASONS.has(reason)) failSession(target, reason);
        else retry();
      },
      // The server ends streams when it shuts down or revokes the device; a pull tells which.
      onComplete() {
        if (target.stopped) return;
        target.replication?.resync();
        retry();
      },
    });
  };

  const runHandshake = async (target: Session): Promise<boolean> => {
    for (let attempt = 0; !target.stopped; attempt += 1) {
      try {
        const hello = await target.server.hello();
        const mismatch = versionMismatch(hello);
        if (mismatch) {
          failSession(target, mismatch);
          return false;
        }
        if (target.stopped) return false;
        target.handshakeDone = true;
        transient = null;
        publish();
        // The first pull waits until the stream is open (or failed, or slow), so no commit falls
        // between what that pull sees and what the stream announces.
        const streamOpen = new Promise<void>((resolve) => {
          target.onFirstStreamEvent = resolve;
        });
        subscribeStream(target, 0);
        await Promise.race([
          streamOpen,
          new Promise<void>((resolve) => setTimeout(resolve, STREAM_OPEN_WAIT_MS).unref()),
        ]);
        if (target.onFirstStreamEvent) {
          // Too slow: stop waiting, and let its RESYNC through when it comes.
          target.onFirstStreamEvent = null;
        }
        return !target.stopped;
      } catch (error) {
        if (target.stopped) return false;
        const reason = classifyError(error);
        if (FATAL_REASONS.has(reason)) {
          failSession(target, reason);
          return false;
        }
        if (reason !== 'NETWORK') {
          log.warn({ err: error, reason }, 'sync handshake refused; retrying');
          transient = failure(reason);
          publish();
        }
        await sleep(target, retryDelay(attempt));
      }
    }
    return false;
  };

  const startSession = (record: SyncAccountRecord, token: string): Session => {
    const scope = replicationIdentifier(record.serverUrl, record.vaultId);
    if (setAside?.scope !== scope) {
      setAside = createSetAsideStore({ scope, settings: deps.settings, clock });
      const store = setAside;
      store.changes$.subscribe(() => {
        if (setAside === store) publish();
      });
    }
    const notesSetAside = setAside;
    // The socket's callbacks run on later events only, after `target` below exists.
    const server = createReplicationServer({
      serverUrl: record.serverUrl,
      token,
      vaultId: record.vaultId,
      clientVersion: deps.appVersion,
      ...versioned,
      ...(transport.WebSocket ? { WebSocket: transport.WebSocket } : {}),
      retryDelayMs(attempt) {
        const delay = retryDelay(attempt);
        // A server-requested reconnect replaces a socket that keeps serving meanwhile.
        if (!target.stopped && !server.connected()) {
          target.connection = 'closed';
          target.retryAt = clock.now() + delay;
          publish();
        }
        return delay;
      },
      onOpen() {
        if (target.stopped) return;
        const reconnected = target.everOpened;
        target.connection = 'open';
        target.everOpened = true;
        target.retryAt = null;
        // R14/C3: the stream may have missed commits while the socket was down.
        if (reconnected && target.handshakeDone) target.replication?.resync();
        publish();
      },
      onClose() {
        if (target.stopped || server.connected()) return;
        target.connection = 'closed';
        publish();
      },
    });
    const target: Session = {
      account: record,
      token,
      server,
      replication: null,
      connection: 'connecting',
      everOpened: false,
      retryAt: null,
      handshakeDone: false,
      ready: Promise.resolve(false),
      active: false,
      stopped: false,
      stopping: null,
      timers: new Set(),
      unsubscribeStream: null,
      onFirstStreamEvent: null,
      subscriptions: [],
    };
    session = target;
    target.ready = runHandshake(target);
    // No pull or push goes out before the handshake has agreed on a protocol version (R1).
    const gated: ReplicationServer = {
      ...target.server,
      pull: async (input) => {
        if (!(await target.ready)) throw new Error('Sync stopped before the handshake');
        return target.server.pull(input);
      },
      push: async (rows) => {
        if (!(await target.ready)) throw new Error('Sync stopped before the handshake');
        return target.server.push(rows);
      },
    };
    const replication = startNoteReplication({
      collection: db.notes,
      serverUrl: record.serverUrl,
      vaultId: record.vaultId,
      server: gated,
      pullBatchSize,
      pushBatchSize,
      retryTimeMs: transport.retryTimeMs ?? DEFAULT_RETRY_TIME_MS,
      clock,
      setAside: notesSetAside,
      onSetAside(rejected) {
        // Ids and reasons only: a note's text never reaches the log.
        log.warn(
          { notes: rejected.slice(0, 20), count: rejected.length },
          'notes set aside: the sync server cannot accept their current version',
        );
      },
      onPulled: (output, batchSize, from) => onPulled(target, output, batchSize, from),
      onPushStarted(ids) {
        stats.pushCalls += 1;
        stats.pushedRows += ids.length;
      },
      onPushFinished(_ids, ok) {
        if (ok && !target.stopped) transient = null;
        scheduleRecount();
      },
      onHandlerError: (error) => onHandlerError(target, error),
    });
    target.replication = replication;
    target.subscriptions.push(
      replication.active$.subscribe((active) => {
        if (target.stopped) return;
        target.active = active;
        if (!active) {
          // A finished catch-up's last figures (done === total) stay until now.
          if (!catchUp) progress = null;
          scheduleRecount();
        }
        publish();
      }),
      replication.state.error$.subscribe((error) => {
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
    );
    log.info({ serverUrl: record.serverUrl, deviceId: record.deviceId }, 'sync session started');
    publish();
    scheduleRecount();
    return target;
  };

  /** Account operations never interleave (a sign-out during a sign-in would leave a half state). */
  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = queue.then(fn);
    queue = result.catch(() => undefined);
    return result;
  };

  const forgetAccount = async (): Promise<void> => {
    if (session) await stopSession(session);
    setAside?.clear();
    setAside = null;
    if (account) accounts.clear();
    account = null;
    fatal = null;
    transient = null;
    lastSyncedAt = null;
    progress = null;
    catchUp = null;
    pendingPush = 0;
  };

  const adoptGrant = async (grant: SessionGrant, serverUrl: string): Promise<void> => {
    // Replacing an account that needs attention (error state): its token is gone or refused.
    if (account) {
      const previous = account;
      await forgetAccount();
      await accounts.deleteToken(previous).catch(() => undefined);
    }
    const record: SyncAccountRecord = {
      serverUrl,
      email: grant.account.email,
      userId: grant.account.userId,
      role: grant.account.role,
      deviceId: grant.account.deviceId,
      deviceName: grant.account.deviceName,
      vaultId: grant.account.vaultId,
      lastSyncedAt: null,
    };
    try {
      await accounts.writeToken(record, grant.token);
    } catch (error) {
      log.error({ err: error }, 'could not store the sync session token');
      // Without a stored token this session would be orphaned on the server: end it there.
      await createAccountServer({ serverUrl, token: grant.token })
        .signOut()
        .catch(() => undefined);
      throw new QuireError(
        'PRECONDITION_FAILED',
        'Quire could not save the sync sign-in in the system keychain, so it did not sign in. Check that the keychain is unlocked and try again.',
      );
    }
    accounts.set(record);
    account = record;
    fatal = null;
    transient = null;
    lastSyncedAt = null;
    startSession(record, grant.token);
    log.info({ serverUrl, deviceId: record.deviceId }, 'signed in to sync');
  };

  const ensureCanSignIn = (): void => {
    if (closed) throw new QuireError('PRECONDITION_FAILED', 'Quire is shutting down.');
    // An account in the error state may be replaced; a working one must be signed out first.
    if (account && !fatal) {
      throw new QuireError(
        'PRECONDITION_FAILED',
        `This vault already syncs as ${account.email}. Sign out of sync first to use another account.`,
      );
    }
  };

  const checkServer = async (serverUrl: string): Promise<ReturnType<typeof createAnonymousServer>> => {
    const server = createAnonymousServer({ serverUrl, clientVersion: deps.appVersion, ...versioned });
    const hello = await server.hello();
    const mismatch = versionMismatch(hello);
    if (mismatch) throw new QuireError('PRECONDITION_FAILED', describeReason(mismatch));
    return server;
  };

  /** A session token for account calls, or a plain-words refusal when there is none. */
  const requireAccountServer = async (
    purpose: string,
  ): Promise<{ server: AccountServer; record: SyncAccountRecord }> => {
    if (!account) throw new QuireError('PRECONDITION_FAILED', purpose);
    const record = account;
    const token = session?.token ?? (await accounts.readToken(record).catch(() => null));
    if (!token) throw new QuireError('PRECONDITION_FAILED', describeReason('UNAUTHENTICATED'));
    return { server: createAccountServer({ serverUrl: record.serverUrl, token, ...versioned }), record };
  };

  const accountCall = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (classifyError(error) === 'UNAUTHENTICATED' && session) failSession(session, 'UNAUTHENTICATED');
      throw toQuireError(error);
    }
  };

  const NO_ACCOUNT = 'This device is not signed in to sync.';

  const service: SyncService = {
    status: () => status$.getValue(),
    status$: status$.asObservable(),

    resume: () =>
      serialize(async () => {
        if (closed || session) return;
        account = accounts.get();
        if (!account) return publish();
        lastSyncedAt = account.lastSyncedAt ?? null;
        let token: string | null = null;
        try {
          token = await accounts.readToken(account);
        } catch (error) {
          log.warn({ err: error }, 'could not read the sync session from the keychain');
        }
        if (!token) {
          fatal = {
            reason: 'UNAUTHENTICATED',
            message:
              'Sign in again to resume syncing: this device no longer has its sync sign-in (it is not kept across restarts without a system keychain). The notes on this device are kept.',
          };
          return publish();
        }
        startSession(account, token);
      }),

    signIn: (input) =>
      serialize(async () => {
        ensureCanSignIn();
        let grant: SessionGrant;
        try {
          const server = await checkServer(input.serverUrl);
          grant = await server.signIn({
            email: input.email,
            password: input.password,
            deviceName: deps.deviceName,
          });
        } catch (error) {
          throw toQuireError(error);
        }
        await adoptGrant(grant, input.serverUrl);
        return service.status();
      }),

    signUp: (input) =>
      serialize(async () => {
        ensureCanSignIn();
        let grant: SessionGrant;
        try {
          const server = await checkServer(input.serverUrl);
          grant = await server.signUp({
            email: input.email,
            password: input.password,
            deviceName: deps.deviceName,
            ...(input.inviteCode ? { inviteCode: input.inviteCode } : {}),
          });
        } catch (error) {
          throw toQuireError(error);
        }
        await adoptGrant(grant, input.serverUrl);
        return service.status();
      }),

    signOut: () =>
      serialize(async () => {
        if (!account) return service.status();
        const record = account;
        const token = session?.token ?? (await accounts.readToken(record).catch(() => null));
        if (session) await stopSession(session);
        if (token) {
          // A4: the server revokes this device's token. Best effort: offline, the token is still
          // forgotten here, and the user can revoke the device from another one.
          const ended = createAccountServer({ serverUrl: record.serverUrl, token }).signOut();
          const timeout = new Promise<'timeout'>((resolve) =>
            setTimeout(() => resolve('timeout'), SIGN_OUT_TIMEOUT_MS).unref(),
          );
          try {
            if ((await Promise.race([ended, timeout])) === 'timeout') log.info('server sign-out timed out');
          } catch (error) {
            log.info({ reason: classifyError(error) }, 'server sign-out failed; forgetting the session here');
          }
          ended.catch(() => undefined);
        }
        await accounts.deleteToken(record).catch((error: unknown) => {
          log.warn({ err: error }, 'could not delete the sync token from the keychain');
        });
        await forgetAccount();
        log.info({ serverUrl: record.serverUrl }, 'signed out of sync');
        publish();
        return service.status();
      }),

    syncNow: () =>
      serialize(async () => {
        if (!account || closed) return service.status();
        const current = session;
        if (fatal?.reason === 'UNAUTHENTICATED') return service.status();
        if (!fatal && current && !current.stopped && current.connection !== 'closed') {
          current.replication?.resync();
          return service.status();
        }
        // C3: a retry the user asked for reconnects at once instead of waiting out the backoff.
        const token = current?.token ?? (await accounts.readToken(account).catch(() => null));
        if (current) await stopSession(current);
        if (!token) {
          fatal = failure('UNAUTHENTICATED');
          publish();
          return service.status();
        }
        fatal = null;
        transient = null;
        startSession(account, token);
        return service.status();
      }),

    async devices() {
      const { server } = await requireAccountServer(NO_ACCOUNT);
      return accountCall(() => server.devices());
    },

    async revokeDevice(deviceId) {
      const { server, record } = await requireAccountServer(NO_ACCOUNT);
      // Revoking this very device is signing out.
      if (deviceId === record.deviceId) {
        await service.signOut();
        return [];
      }
      await accountCall(() => server.revokeDevice(deviceId));
      return accountCall(() => server.devices());
    },

    async history(noteId) {
      const { server, record } = await requireAccountServer(
        'Version history is kept by the sync server; sign in to sync to see it.',
      );
      const revisions = await accountCall(() =>
        server.revisions({ vaultId: record.vaultId, documentId: noteId, limit: 50 }),
      );
      return { revisions };
    },

    async restoreRevision(noteId, revisionId, base) {
      if (!deps.notes) throw new Error('restoreRevision needs the notes service');
      const { server, record } = await requireAccountServer(
        'Version history is kept by the sync server; sign in to sync to restore a version.',
      );
      const revisions = await accountCall(() =>
        server.revisions({
          vaultId: record.vaultId,
          documentId: noteId,
          limit: SYNC_LIMITS.revisionsPageMax,
        }),
      );
      const revision = revisions.find((candidate) => candidate.revisionId === revisionId);
      if (!revision) {
        throw new QuireError('NOT_FOUND', 'That version of the note is no longer on the sync server.');
      }
      // R11: restoring is an ordinary new write, so it syncs (and can be undone) like any edit.
      const { title, body, folder, createdAt } = revision.document;
      return deps.notes.restoreVersion({ id: noteId, title, body, folder, createdAt, base });
    },

    stats: () => ({ ...stats }),

    async close() {
      if (closed) return;
      await serialize(async () => {
        closed = true;
        if (recountTimer) clearTimeout(recountTimer);
        localWrites.unsubscribe();
        if (session) await stopSession(session);
        persistLastSynced(true);
      });
      status$.complete();
    },
  };
  return service;
}
