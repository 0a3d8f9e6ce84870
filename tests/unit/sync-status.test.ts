import { describe, expect, it } from 'vitest';
import type { SyncAccountRecord } from '../../src-main/sync/account-store';
import {
  becameSynced,
  deriveStatus,
  SIGNED_OUT_STATUS,
  type StatusInputs,
} from '../../src-main/sync/sync-status';

/** Rule S11 (docs/sync-protocol.md): the status the UI shows, from the session state and figures. */

const account: SyncAccountRecord = {
  serverUrl: 'https://sync.example.com',
  email: 'ann@example.com',
  userId: 'u1',
  deviceId: 'd1',
  deviceName: 'Ann’s laptop',
  vaultId: 'v1',
  lastSyncedAt: null,
};

const inputs = (patch: Partial<StatusInputs>): StatusInputs => ({
  session: { name: 'live' },
  account,
  lastSyncedAt: 42,
  pendingPush: 0,
  progress: null,
  active: false,
  setAside: null,
  ...patch,
});

const shownAccount = {
  serverUrl: account.serverUrl,
  email: account.email,
  deviceName: account.deviceName,
  deviceId: account.deviceId,
};

describe('the sync status (S11)', () => {
  it('S11: signed out shows nothing but that, whatever the figures', () => {
    expect(deriveStatus(inputs({ session: { name: 'signed-out' }, pendingPush: 3 }))).toEqual(
      SIGNED_OUT_STATUS,
    );
    expect(deriveStatus(inputs({ account: null }))).toEqual(SIGNED_OUT_STATUS);
  });

  it('S11: connecting and handshaking both show connecting, with pending pushes and progress', () => {
    for (const name of ['connecting', 'handshaking'] as const) {
      expect(
        deriveStatus(inputs({ session: { name }, pendingPush: 2, progress: { done: 1, total: 5 } })),
      ).toEqual({
        state: 'connecting',
        account: shownAccount,
        pendingPush: 2,
        progress: { done: 1, total: 5 },
        lastSyncedAt: 42,
        error: null,
        retryAt: null,
        setAside: [],
        setAsideCount: 0,
      });
    }
  });

  it('S11: offline and disconnected both show offline with the next retry', () => {
    for (const name of ['offline', 'disconnected'] as const) {
      expect(deriveStatus(inputs({ session: { name, retryAt: 9_000 }, pendingPush: 1 }))).toMatchObject({
        state: 'offline',
        retryAt: 9_000,
        pendingPush: 1,
        error: null,
      });
    }
  });

  it('S11: live is syncing while RxDB works, pushes are pending or a catch-up shows progress, else synced', () => {
    expect(deriveStatus(inputs({})).state).toBe('synced');
    expect(deriveStatus(inputs({ active: true })).state).toBe('syncing');
    expect(deriveStatus(inputs({ pendingPush: 1 })).state).toBe('syncing');
    expect(deriveStatus(inputs({ progress: { done: 5, total: 5 } })).state).toBe('syncing');
  });

  it('S11: retrying shows the refusal as an error and keeps the progress', () => {
    expect(
      deriveStatus(
        inputs({ session: { name: 'retrying', reason: 'BATCH_TOO_LARGE' }, progress: { done: 1, total: 2 } }),
      ),
    ).toMatchObject({
      state: 'error',
      error: { reason: 'BATCH_TOO_LARGE' },
      progress: { done: 1, total: 2 },
      retryAt: null,
    });
  });

  it('S11: stopped and unauthenticated show their reason, without progress', () => {
    const progress = { done: 1, total: 2 };
    expect(
      deriveStatus(inputs({ session: { name: 'stopped', reason: 'SERVER_TOO_OLD' }, progress })),
    ).toMatchObject({
      state: 'error',
      error: { reason: 'SERVER_TOO_OLD' },
      progress: null,
      account: shownAccount,
    });
    expect(
      deriveStatus(inputs({ session: { name: 'unauthenticated', reason: 'UNAUTHENTICATED' }, progress })),
    ).toMatchObject({ state: 'error', error: { reason: 'UNAUTHENTICATED' }, progress: null });
    // Resumed without a token in the keychain: the words say so, not "the server signed you out".
    expect(
      deriveStatus(inputs({ session: { name: 'unauthenticated', reason: 'SIGN_IN_NOT_KEPT' }, progress })),
    ).toMatchObject({ state: 'error', error: { reason: 'SIGN_IN_NOT_KEPT' } });
  });

  it('S11: set-aside notes are listed with their count (R10, R16)', () => {
    const setAside = { notes: [{ id: 'n1', reason: 'INVALID_DOCUMENT' as const }], count: 7 };
    expect(deriveStatus(inputs({ setAside }))).toMatchObject({ setAside: setAside.notes, setAsideCount: 7 });
  });

  it('S11: "last synced" moves only when the status becomes synced after anything else', () => {
    const synced = deriveStatus(inputs({}));
    const syncing = deriveStatus(inputs({ active: true }));
    expect(becameSynced(syncing, synced)).toBe(true);
    expect(becameSynced(SIGNED_OUT_STATUS, synced)).toBe(true);
    expect(becameSynced(synced, synced)).toBe(false);
    expect(becameSynced(synced, syncing)).toBe(false);
  });
});
