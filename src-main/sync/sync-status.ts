import type { SyncFailure, SyncStatus } from '../../src-shared/api/sync-api';
import type { FailureDetails } from '../../src-shared/errors/failure-details';
import type { FailureReason } from '../../src-shared/errors/reasons';
import type { SyncAccountRecord } from './account-store';
import type { SessionState } from './session-machine';
import type { SetAsideSnapshot } from './set-aside';
import type { SyncProgress } from './sync-progress';

/**
 * The `SyncStatus` the UI shows, derived from the session's state and its figures (rule S11 of
 * docs/sync-protocol.md). Pure: the service hands it everything and publishes what comes back.
 */

export interface StatusInputs {
  /** A closed service shows nothing new: its last status stays. */
  session: Exclude<SessionState, { name: 'closed' }>;
  account: SyncAccountRecord | null;
  lastSyncedAt: number | null;
  /** Local changes the server has not acknowledged. */
  pendingPush: number;
  /** A catch-up pull under way (or just finished: `done === total` until the replication idles). */
  progress: SyncProgress | null;
  /** RxDB is pulling or pushing. */
  active: boolean;
  /** The notes set aside (R10, R16), of the signed-in account's replication. */
  setAside: SetAsideSnapshot | null;
}

export const SIGNED_OUT_STATUS: SyncStatus = {
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

/** Q8: the reason, and the server's facts about it when it sent some. */
function failureOf(session: { reason: FailureReason; details?: FailureDetails }): SyncFailure {
  return session.details ? { reason: session.reason, details: session.details } : { reason: session.reason };
}

export function deriveStatus(input: StatusInputs): SyncStatus {
  const { session, account } = input;
  if (!account || session.name === 'signed-out') return SIGNED_OUT_STATUS;
  const base: SyncStatus = {
    ...SIGNED_OUT_STATUS,
    account: {
      serverUrl: account.serverUrl,
      email: account.email,
      deviceName: account.deviceName,
      deviceId: account.deviceId,
    },
    pendingPush: input.pendingPush,
    progress: input.progress,
    lastSyncedAt: input.lastSyncedAt,
    ...(input.setAside ? { setAside: input.setAside.notes, setAsideCount: input.setAside.count } : {}),
  };
  switch (session.name) {
    case 'stopped':
      return { ...base, state: 'error', error: failureOf(session), progress: null };
    case 'unauthenticated':
      return { ...base, state: 'error', error: { reason: session.reason }, progress: null };
    case 'connecting':
    case 'handshaking':
      return { ...base, state: 'connecting' };
    case 'offline':
    case 'disconnected':
      return { ...base, state: 'offline', retryAt: session.retryAt };
    case 'retrying':
      return { ...base, state: 'error', error: failureOf(session) };
    case 'live': {
      const working = input.active || input.pendingPush > 0 || input.progress !== null;
      return { ...base, state: working ? 'syncing' : 'synced' };
    }
  }
}

/** The moment "last synced" moves (S11): the status becomes synced after being anything else. */
export function becameSynced(previous: SyncStatus, next: SyncStatus): boolean {
  return next.state === 'synced' && previous.state !== 'synced';
}
