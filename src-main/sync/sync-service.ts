// Over 400 lines: the sync service is the one facade the host's router calls (sign-in, status,
// account, storage, revisions); its pieces already live beside it. The next split moves the
// account calls (devices, storage, rotation) into their own `sync-account-calls.ts`.
import type { StorageUsage } from '../../src-shared/sync/admin';
import { BehaviorSubject, type Observable, type Subscription } from 'rxjs';
import type { Logger } from 'pino';
import type { NoteVersion, NoteWriteResult } from '../../src-shared/api/notes-api';
import type { SyncStatus } from '../../src-shared/api/sync-api';
import type { FailureReason } from '../../src-shared/errors/reasons';
import type { DeviceSession, SessionGrant } from '../../src-shared/sync/account';
import type { Revision } from '../../src-shared/sync/protocol';
import type { Clock, Scheduler } from '../clock';
import type { QuireDatabase } from '../db/database';
import { QuireError } from '../errors';
import type { NotesService } from '../notes/notes-service';
import type { AttachmentsService } from '../attachments/attachments-service';
import type { SecretStore } from '../secrets/secret-store';
import type { SettingsStore } from '../settings/settings-store';
import type { SyncAccountRecord } from './account-store';
import { replicationIdentifier } from './note-replication';
import type { AccountServer, SyncServerConnector } from './server-connection';
import { transition, verdict, type SessionEvent, type SessionState } from './session-machine';
import { createSetAsideStore, type SetAsideStore } from './set-aside';
import { createSyncAccount, type SyncSignInRequest, type SyncSignUpRequest } from './sync-account';
import { classifyError, toQuireError } from './sync-errors';
import { advanceCatchUp, type CatchUp, type SyncProgress } from './sync-progress';
import { startSyncSession, syncTuning, type SyncSession, type SyncTransportOptions } from './sync-session';
import type { SyncStatsSink } from './sync-stats';
import { becameSynced, deriveStatus, SIGNED_OUT_STATUS } from './sync-status';
import { createVersionHistory } from './version-history';

export type { SyncSignInRequest, SyncSignUpRequest } from './sync-account';
export type { SyncTransportOptions } from './sync-session';

/**
 * The device side of sync, composed: the account (sync-account.ts), one replication session at a
 * time (sync-session.ts), moved by the session machine (session-machine.ts, rules S1–S10), the
 * status derived from them (sync-status.ts, S11) and version history (version-history.ts). Notes
 * are always read and written locally (C1); this service only moves them to and from the server.
 *
 * About 400 lines: the closure that owns the machine's state, the current session and the
 * figures the status is derived from; its parts live in the files named above.
 */

export interface SyncServiceDeps {
  db: QuireDatabase;
  /** Restores a version from the history as a new write (R11). */
  notes: Pick<NotesService, 'restoreVersion'>;
  secrets: SecretStore;
  /** Holds the account record (never the token). */
  settings: SettingsStore;
  /** The wire to sync servers (`createSyncServerConnector`). */
  server: SyncServerConnector;
  clock: Clock;
  /** Every timer of sync runs on it. */
  scheduler: Scheduler;
  logger: Logger;
  /** Where replication counts what it moved: `ignoreSyncStats` in the app. */
  stats: SyncStatsSink;
  deviceName: string;
  transport?: SyncTransportOptions;
  /** Attachment records replicate and their bytes transfer (B7–B10); without it, notes only. */
  attachments?: Pick<AttachmentsService, 'blobs' | 'bytesArrived' | 'notSynced'>;
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
  /** Q7: what the account stores on the server against its quota, for the account dialog. */
  storage(): Promise<StorageUsage>;
  history(noteId: string): Promise<{ revisions: Revision[] }>;
  /** `base`: the version the user was looking at (E1); null when the note is gone here. */
  restoreRevision(noteId: string, revisionId: string, base: NoteVersion | null): Promise<NoteWriteResult>;
  close(): Promise<void>;
}

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const { clock, scheduler } = deps;
  const log = deps.logger.child({ module: 'sync' });
  const account = createSyncAccount({
    settings: deps.settings,
    secrets: deps.secrets,
    server: deps.server,
    clock,
    scheduler,
    log,
    deviceName: deps.deviceName,
  });
  const tuning = syncTuning(deps.transport ?? {});
  const attachments = deps.attachments;

  let state: SessionState = { name: 'signed-out' };
  let session: SyncSession | null = null;
  /** Bumped per session, so whatever an older session still reports is dropped. */
  let generation = 0;
  /** Notes not sent for now (R10, R16), of the signed-in account's replication. */
  let setAside: SetAsideStore | null = null;
  let setAsideChanges: Subscription | null = null;
  // The figures outlive a session (a reconnect, "sync now", a retry after an error), so a
  // resumed first sync goes on counting instead of starting over (sync-progress.ts).
  let pendingPush = 0;
  let active = false;
  /**
   * Whether this session's first pull has been answered. Between the handshake and the moment
   * RxDB starts that pull nothing is in flight, yet the device is not synced (S11).
   */
  let firstPullAnswered = false;
  let progress: SyncProgress | null = null;
  let catchUp: CatchUp | null = null;

  const status$ = new BehaviorSubject<SyncStatus>(SIGNED_OUT_STATUS);

  /** Derives the status; if it just became synced, "last synced" is recorded first (S11). */
  const refresh = (): void => {
    const shown = state;
    if (shown.name === 'closed') return;
    let next = deriveStatus({
      session: shown,
      account: account.current(),
      lastSyncedAt: account.lastSyncedAt(),
      pendingPush,
      progress,
      active: active || (session !== null && !firstPullAnswered),
      setAside: setAside?.snapshot() ?? null,
    });
    const previous = status$.getValue();
    if (becameSynced(previous, next)) {
      account.markSynced();
      next = { ...next, lastSyncedAt: account.lastSyncedAt() };
    }
    if (JSON.stringify(next) !== JSON.stringify(previous)) status$.next(next);
  };

  const stopSession = async (): Promise<void> => {
    const target = session;
    if (!target) return;
    await target.stop();
    if (session === target) session = null;
  };

  /** S7: something retrying cannot fix stops the running session (and a refused token is deleted). */
  const fail = (reason: FailureReason): void => {
    // The catch-up is kept: a retried session goes on with it (a new account forgets it).
    progress = null;
    const record = account.current();
    if (!session || !record) return;
    log.warn({ reason, serverUrl: record.serverUrl }, 'sync stopped');
    void (async () => {
      await stopSession();
      // A refused token is worthless; a new sign-in stores a new one.
      if (reason === 'UNAUTHENTICATED') await account.deleteToken(record);
      refresh();
    })().catch((error: unknown) => log.error({ err: error }, 'stopping sync failed'));
  };

  /** Moves the session machine; the caller refreshes the status. */
  const dispatch = (event: SessionEvent): void => {
    const previous = state;
    state = transition(previous, event);
    if (state === previous) return;
    if (state.name === 'stopped') fail(state.reason);
    if (state.name === 'unauthenticated') fail(state.reason);
  };

  const useSetAside = (record: SyncAccountRecord): SetAsideStore => {
    const scope = replicationIdentifier(record.serverUrl, record.vaultId);
    if (setAside?.scope === scope) return setAside;
    setAsideChanges?.unsubscribe();
    const store = createSetAsideStore({ scope, settings: deps.settings, clock });
    setAside = store;
    setAsideChanges = store.changes$.subscribe(() => refresh());
    return store;
  };

  /** Starts a session for the state the machine just entered (connecting). */
  const startSession = (record: SyncAccountRecord, token: string): void => {
    generation += 1;
    const mine = generation;
    const current = (): boolean => mine === generation;
    active = false;
    firstPullAnswered = false;
    session = startSyncSession({
      account: record,
      token,
      notes: deps.db.notes,
      ...(attachments
        ? {
            attachments: {
              collection: deps.db.attachments,
              blobs: attachments.blobs,
              bytesArrived: (hash: string) => attachments.bytesArrived(hash),
              notSynced: (id: string, reason: FailureReason | null) => attachments.notSynced(id, reason),
            },
          }
        : {}),
      server: deps.server,
      setAside: useSetAside(record),
      clock,
      scheduler,
      log,
      stats: deps.stats,
      tuning,
      report: {
        event(event) {
          if (!current()) return;
          dispatch(event);
          refresh();
        },
        pulled(page) {
          if (!current()) return;
          firstPullAnswered = true;
          dispatch({ type: 'requestOk' });
          // By position, not by page: a page pulled again (retry, resumed session, extra pull) is
          // not counted twice, and only the furthest page's `remaining` sets the total (R5).
          const step = advanceCatchUp(catchUp, page);
          catchUp = step.catchUp;
          // A finished catch-up's `done === total` stays until the replication goes idle.
          progress = step.progress ?? (active ? progress : null);
          refresh();
        },
        active(now) {
          if (!current()) return;
          active = now;
          if (!now && !catchUp) progress = null;
          refresh();
        },
        pendingPush(count) {
          if (!current()) return;
          pendingPush = count;
          refresh();
        },
      },
    });
    refresh();
  };

  /** Forgets the account here: its session, set-aside notes, record and figures (not its token). */
  const forgetAccount = async (): Promise<void> => {
    await stopSession();
    setAside?.clear();
    setAsideChanges?.unsubscribe();
    setAside = null;
    setAsideChanges = null;
    account.forget();
    pendingPush = 0;
    active = false;
    progress = null;
    catchUp = null;
  };

  const adoptGrant = async (grant: SessionGrant, serverUrl: string): Promise<void> => {
    // S1: replacing an account that needs attention; its token is gone or refused.
    const previous = account.current();
    if (previous) {
      await forgetAccount();
      await account.deleteToken(previous);
    }
    let record: SyncAccountRecord;
    try {
      record = await account.adopt(grant, serverUrl);
    } catch (error) {
      if (previous) dispatch({ type: 'signOut' });
      refresh();
      throw error;
    }
    dispatch({ type: 'signIn' });
    startSession(record, grant.token);
    log.info({ serverUrl, deviceId: record.deviceId }, 'signed in to sync');
  };

  /** Account operations never interleave (a sign-out during a sign-in would leave a half state). */
  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = queue.then(fn);
    queue = result.catch(() => undefined);
    return result;
  };

  const signInWith = (kind: 'signIn' | 'signUp', input: SyncSignUpRequest): Promise<SyncStatus> =>
    serialize(async () => {
      // S2: one account at a time; one in the error state may be replaced.
      const allowed = verdict(state, 'signIn');
      if (allowed.kind === 'refuse') throw new QuireError(allowed.reason);
      const grant = await account.requestGrant(kind, input);
      await adoptGrant(grant, input.serverUrl);
      return service.status();
    });

  /** A call with the signed-in account's token, its refusals in plain words. */
  const withAccountServer = async <T>(
    call: (server: AccountServer, record: SyncAccountRecord) => Promise<T>,
  ): Promise<T> => {
    const record = account.current();
    if (!record) throw new QuireError('NOT_SIGNED_IN');
    const token = session?.token ?? (await account.readToken(record));
    if (!token) throw new QuireError('UNAUTHENTICATED');
    try {
      return await call(deps.server.account(record.serverUrl, token), record);
    } catch (error) {
      // A refused token ends the running session too (S7); a stopped one stays as it is.
      if (classifyError(error) === 'UNAUTHENTICATED' && session) {
        dispatch({ type: 'tokenRefused' });
        refresh();
      }
      throw toQuireError(error);
    }
  };

  const versions = createVersionHistory({ notes: deps.notes, withServer: withAccountServer });
  let closing: Promise<void> | null = null;

  const service: SyncService = {
    status: () => status$.getValue(),
    status$: status$.asObservable(),

    resume: () =>
      serialize(async () => {
        if (verdict(state, 'resume').kind !== 'move' || session) return;
        const record = account.load();
        if (!record) return refresh();
        const token = await account.readToken(record);
        if (!token) {
          dispatch({ type: 'resumeWithoutToken' });
          return refresh();
        }
        // S25: before connecting; fetch's own connect timeout bounds it when the server is away.
        const current = await account.freshToken(record, token);
        dispatch({ type: 'resume' });
        startSession(account.current() ?? record, current);
      }),

    signIn: (input) => signInWith('signIn', input),
    signUp: (input) => signInWith('signUp', input),

    signOut: () =>
      serialize(async () => {
        const record = account.current();
        if (!record || verdict(state, 'signOut').kind !== 'move') return service.status();
        const token = session?.token ?? (await account.readToken(record));
        await stopSession();
        // A4: the server revokes this device's token, best effort.
        if (token) await account.endServerSession(record, token);
        await account.deleteToken(record);
        await forgetAccount();
        dispatch({ type: 'signOut' });
        log.info({ serverUrl: record.serverUrl }, 'signed out of sync');
        refresh();
        return service.status();
      }),

    syncNow: () =>
      serialize(async () => {
        const record = account.current();
        const next = verdict(state, 'syncNow');
        if (!record || next.kind !== 'move') return service.status();
        // S8: the session stays and pulls now.
        if (next.to === state.name) {
          session?.resync();
          return service.status();
        }
        // C3: a retry the user asked for reconnects at once instead of waiting out the backoff.
        const token = session?.token ?? (await account.readToken(record));
        await stopSession();
        if (!token) {
          dispatch({ type: 'tokenRefused' });
          refresh();
          return service.status();
        }
        dispatch({ type: 'syncNow' });
        startSession(record, token);
        return service.status();
      }),

    devices: () => withAccountServer((server) => server.devices()),
    storage: () => withAccountServer((server) => server.storage()),

    async revokeDevice(deviceId) {
      const remaining = await withAccountServer(async (server, record) => {
        // Revoking this very device is signing out.
        if (deviceId === record.deviceId) return null;
        await server.revokeDevice(deviceId);
        return server.devices();
      });
      if (remaining) return remaining;
      await service.signOut();
      return [];
    },

    history: (noteId) => versions.history(noteId),
    restoreRevision: (noteId, revisionId, base) => versions.restoreRevision(noteId, revisionId, base),

    close() {
      closing ??= serialize(async () => {
        dispatch({ type: 'close' });
        setAsideChanges?.unsubscribe();
        await stopSession();
        account.saveLastSynced();
      }).finally(() => status$.complete());
      return closing;
    },
  };
  return service;
}
