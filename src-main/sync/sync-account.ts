import type { Logger } from 'pino';
import { delay, type Clock, type Scheduler } from '../clock';
import { QuireError } from '../errors';
import type { SettingsStore } from '../settings/settings-store';
import type { SecretStore } from '../secrets/secret-store';
import type { SessionGrant } from '../../src-shared/sync/account';
import { createSyncAccountStore, type SyncAccountRecord } from './account-store';
import { versionMismatch, type SyncServerConnector } from './server-connection';
import { classifyError, toQuireError } from './sync-errors';
import { rotateTokenIfOld } from './token-rotation';

/**
 * The account of this vault (rules A2–A4): its record in settings, its token only in the
 * SecretStore, the calls that create and end a session on the server, and "last synced".
 * It never starts or stops replication; the sync service does, by the session machine.
 */

export interface SyncSignInRequest {
  serverUrl: string;
  email: string;
  password: string;
}
export interface SyncSignUpRequest extends SyncSignInRequest {
  inviteCode?: string | undefined;
}

export interface SyncAccountDeps {
  settings: SettingsStore;
  secrets: SecretStore;
  server: SyncServerConnector;
  clock: Clock;
  scheduler: Scheduler;
  log: Logger;
  /** How this device names itself to the server (its device list, M10's markers). */
  deviceName: string;
}

export interface SyncAccount {
  /** The signed-in account, or null. */
  current(): SyncAccountRecord | null;
  /** When the status last became synced (S11), or null. */
  lastSyncedAt(): number | null;
  /** At host start: the stored record, now current (no network). */
  load(): SyncAccountRecord | null;
  /** `record`'s token; null when the keychain has none or cannot be read. */
  readToken(record: SyncAccountRecord): Promise<string | null>;
  /** S25: `token`, or a fresh one when it is old (stored, and the record updated); never throws. */
  freshToken(record: SyncAccountRecord, token: string): Promise<string>;
  /** R1, then A2/A3: a new session for this device. Nothing is stored yet. */
  requestGrant(
    kind: 'signIn' | 'signUp',
    input: SyncSignInRequest | SyncSignUpRequest,
  ): Promise<SessionGrant>;
  /** Stores a grant, the token first (A3), and makes it the current account. */
  adopt(grant: SessionGrant, serverUrl: string): Promise<SyncAccountRecord>;
  /** A4, best effort: the server revokes the token. Waits at most a few seconds. */
  endServerSession(record: SyncAccountRecord, token: string): Promise<void>;
  /** Deletes `record`'s token from the keychain; a failure is logged, not thrown. */
  deleteToken(record: SyncAccountRecord): Promise<void>;
  /** Forgets the current account's record (its token is deleted separately). */
  forget(): void;
  /** The status became synced now: remembered, and written to settings at most once a minute. */
  markSynced(): void;
  /** Writes "last synced" to settings now (at close). */
  saveLastSynced(): void;
}

/** Sign-out should not keep the user waiting on a server that is away. */
const SIGN_OUT_TIMEOUT_MS = 5_000;
/** A synced device writes its "last synced" time to the settings file at most this often. */
const LAST_SYNCED_PERSIST_MS = 60_000;

export function createSyncAccount(deps: SyncAccountDeps): SyncAccount {
  const { clock, log } = deps;
  const store = createSyncAccountStore({ settings: deps.settings, secrets: deps.secrets });
  let record: SyncAccountRecord | null = null;
  let lastSyncedAt: number | null = null;
  let savedAt = 0;

  const save = (): void => {
    if (!record || lastSyncedAt === null) return;
    savedAt = clock.now();
    record = { ...record, lastSyncedAt };
    store.set(record);
  };

  return {
    current: () => record,
    lastSyncedAt: () => lastSyncedAt,

    load() {
      record = store.get();
      lastSyncedAt = record?.lastSyncedAt ?? null;
      return record;
    },

    async readToken(of) {
      try {
        return await store.readToken(of);
      } catch (error) {
        log.warn({ err: error }, 'could not read the sync session from the keychain');
        return null;
      }
    },

    async freshToken(of, token) {
      const fresh = await rotateTokenIfOld(
        {
          clock,
          log,
          rotate: (at, current) => deps.server.account(at.serverUrl, current).rotateToken(),
          writeToken: (at, next) => store.writeToken(at, next),
          saveRecord: (next) => store.set(next),
        },
        of,
        token,
      );
      if (record?.deviceId === of.deviceId) record = fresh.record;
      return fresh.token;
    },

    async requestGrant(kind, input) {
      try {
        const server = deps.server.anonymous(input.serverUrl);
        const mismatch = versionMismatch(deps.server.protocolVersion, await server.hello());
        if (mismatch) throw new QuireError(mismatch);
        const credentials = { email: input.email, password: input.password, deviceName: deps.deviceName };
        if (kind === 'signIn') return await server.signIn(credentials);
        const invite = 'inviteCode' in input && input.inviteCode ? { inviteCode: input.inviteCode } : {};
        return await server.signUp({ ...credentials, ...invite });
      } catch (error) {
        throw toQuireError(error);
      }
    },

    async adopt(grant, serverUrl) {
      const adopted: SyncAccountRecord = {
        serverUrl,
        email: grant.account.email,
        userId: grant.account.userId,
        role: grant.account.role,
        deviceId: grant.account.deviceId,
        deviceName: grant.account.deviceName,
        vaultId: grant.account.vaultId,
        lastSyncedAt: null,
        secretIssuedAt: clock.now(),
      };
      try {
        await store.writeToken(adopted, grant.token);
      } catch (error) {
        log.error({ err: error }, 'could not store the sync session token');
        // Without a stored token this session would be orphaned on the server: end it there.
        await deps.server
          .account(serverUrl, grant.token)
          .signOut()
          .catch(() => undefined);
        throw new QuireError('KEYCHAIN_UNAVAILABLE', { cause: error });
      }
      store.set(adopted);
      record = adopted;
      lastSyncedAt = null;
      return adopted;
    },

    async endServerSession(of, token) {
      // Offline, the token is still forgotten here, and the user can revoke the device elsewhere.
      const ended = deps.server.account(of.serverUrl, token).signOut();
      ended.catch(() => undefined);
      try {
        const outcome = await Promise.race([
          ended.then(() => 'ended' as const),
          delay(deps.scheduler, SIGN_OUT_TIMEOUT_MS).then(() => 'timeout' as const),
        ]);
        if (outcome === 'timeout') log.info('server sign-out timed out');
      } catch (error) {
        log.info({ reason: classifyError(error) }, 'server sign-out failed; forgetting the session here');
      }
    },

    async deleteToken(of) {
      try {
        await store.deleteToken(of);
      } catch (error) {
        log.warn({ err: error }, 'could not delete the sync token from the keychain');
      }
    },

    forget() {
      if (record) store.clear();
      record = null;
      lastSyncedAt = null;
    },

    markSynced() {
      lastSyncedAt = clock.now();
      if (clock.now() - savedAt >= LAST_SYNCED_PERSIST_MS) save();
    },

    saveLastSynced: save,
  };
}
