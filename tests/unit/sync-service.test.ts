import pino from 'pino';
import { TRPCClientError } from '@trpc/client';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openQuireDatabase, type QuireDatabase } from '../../src-main/db/database';
import { createMemorySecretStore, type SecretStore } from '../../src-main/secrets/secret-store';
import { createMemorySettingsStore, type SettingsStore } from '../../src-main/settings/settings-store';
import type {
  ReplicationServer,
  ReplicationServerOptions,
  StreamObserver,
  SyncServerConnector,
} from '../../src-main/sync/server-connection';
import { createSyncService, type SyncService } from '../../src-main/sync/sync-service';
import { createSyncCounters } from '../../src-main/sync/sync-stats';
import type { SyncStatus } from '../../src-shared/api/sync-api';
import type { FailureReason } from '../../src-shared/errors/reasons';
import type { SessionGrant } from '../../src-shared/sync/account';
import { SYNC_PROTOCOL_VERSION, type HelloOutput, type PullOutput } from '../../src-shared/sync/protocol';
import { createFakeScheduler } from '../support/fake-scheduler';

/**
 * The sync service through its public interface, on injected fakes: a server connector whose
 * socket the test opens and drops, a scheduler the test advances, a clock it sets. Rules S1–S11
 * (docs/sync-protocol.md); the real server is in tests/sync/sync-service.test.ts.
 */

const refusal = (reason: FailureReason): Error =>
  new TRPCClientError('refused', {
    result: { error: { message: reason, code: -32001, data: { code: 'PRECONDITION_FAILED', reason } } },
  });

const hello = (minProtocolVersion = 1): HelloOutput => ({
  protocolVersion: SYNC_PROTOCOL_VERSION,
  minProtocolVersion,
  serverVersion: 'fake',
  limits: {
    pullBatchMax: 1_000,
    pushRowsMax: 1_000,
    documentBytesMax: 1_000_000,
    requestBytesMax: 4_000_000,
  },
});

const GRANT: SessionGrant = {
  token: 'token-1',
  account: {
    userId: 'u1',
    email: 'ann@example.com',
    role: 'member',
    deviceId: 'd1',
    deviceName: 'fake',
    vaultId: 'v1',
  },
};
const CREDENTIALS = {
  serverUrl: 'https://sync.example.com',
  email: 'ann@example.com',
  password: 'secret words',
};
const TOKEN_KEY = `sync-token d1 ${CREDENTIALS.serverUrl}`;

interface FakeSocket {
  readonly options: ReplicationServerOptions;
  pulls: number;
  stream: StreamObserver | null;
  closed: boolean;
  open(): void;
  /** The socket drops; returns the delay the client waits before reconnect attempt `attempt`. */
  drop(attempt?: number): number;
}

function createFakeServer() {
  const sockets: FakeSocket[] = [];
  const signedOut: string[] = [];
  const answers = {
    hello: (): Promise<HelloOutput> => Promise.resolve(hello()),
    pull: ({ checkpoint }: { checkpoint: PullOutput['checkpoint'] }): Promise<PullOutput> =>
      Promise.resolve({ documents: [], checkpoint, remaining: 0 }),
  };
  const connector: SyncServerConnector = {
    protocolVersion: SYNC_PROTOCOL_VERSION,
    anonymous: () => ({
      hello: () => answers.hello(),
      signIn: () => Promise.resolve(GRANT),
      signUp: () => Promise.resolve(GRANT),
    }),
    account: (_serverUrl, token) => ({
      signOut: () => {
        signedOut.push(token);
        return Promise.resolve();
      },
      devices: () => Promise.reject(refusal('UNAUTHENTICATED')),
      revokeDevice: () => Promise.resolve(),
      revisions: () => Promise.resolve([]),
      rotateToken: () => Promise.reject(refusal('UNAUTHENTICATED')),
      storage: () => Promise.reject(refusal('UNAUTHENTICATED')),
    }),
    replication(options) {
      let isOpen = false;
      // Requests wait for the socket, as tRPC's client queues them, and fail when it is closed.
      const gate = () => {
        let open!: () => void;
        let close!: (error: unknown) => void;
        const passed = new Promise<void>((resolve, reject) => {
          open = resolve;
          close = reject;
        });
        passed.catch(() => undefined);
        return { passed, open, close };
      };
      let whenOpen = gate();
      const socket: FakeSocket = {
        options,
        pulls: 0,
        stream: null,
        closed: false,
        open() {
          isOpen = true;
          options.onOpen();
          whenOpen.open();
        },
        drop(attempt = 0) {
          // Requests queued while it was never open keep waiting for the next opening.
          if (isOpen) whenOpen = gate();
          isOpen = false;
          options.onClose();
          return options.retryDelayMs(attempt);
        },
      };
      const server: ReplicationServer = {
        hello: async () => {
          await whenOpen.passed;
          return answers.hello();
        },
        pull: async (input) => {
          await whenOpen.passed;
          socket.pulls += 1;
          return answers.pull(input);
        },
        push: () => Promise.resolve({ conflicts: [], rejected: [] }),
        stream(observer) {
          socket.stream = observer;
          return () => {
            if (socket.stream === observer) socket.stream = null;
          };
        },
        connected: () => isOpen,
        close: () => {
          socket.closed = true;
          isOpen = false;
          whenOpen.close(new TRPCClientError('WebSocket closed'));
          return Promise.resolve();
        },
      };
      sockets.push(socket);
      return server;
    },
  };
  return { connector, sockets, signedOut, answers };
}

let databases = 0;

describe('the sync service on fakes (S1–S11)', () => {
  const opened: Array<{ sync: SyncService; db: QuireDatabase }> = [];
  afterEach(async () => {
    for (const { sync, db } of opened.splice(0)) {
      await sync.close();
      await db.close();
    }
  });

  const setup = async (stored?: { settings: SettingsStore; secrets: SecretStore }) => {
    const db = await openQuireDatabase({
      name: `sync-fakes-${(databases += 1)}`,
      storage: getRxStorageMemory(),
    });
    const server = createFakeServer();
    const time = createFakeScheduler();
    const settings = stored?.settings ?? createMemorySettingsStore();
    const secrets = stored?.secrets ?? createMemorySecretStore();
    let now = 1_000_000;
    const clock = { now: () => now };
    const stats = createSyncCounters();
    const sync = createSyncService({
      db,
      notes: { restoreVersion: () => Promise.reject(new Error('not in these tests')) },
      secrets,
      settings,
      server: server.connector,
      clock,
      scheduler: time,
      logger: pino({ level: 'silent' }),
      stats,
      deviceName: 'fake',
      // RxDB's own retry runs on real time; keep it short.
      transport: { retryDelayMs: (attempt) => 500 * 2 ** attempt, retryTimeMs: 20 },
    });
    opened.push({ sync, db });
    const seen: SyncStatus[] = [];
    sync.status$.subscribe((status) => seen.push(status));
    const until = (check: (status: SyncStatus) => boolean): Promise<void> =>
      vi.waitFor(() => expect(check(sync.status()), JSON.stringify(sync.status())).toBe(true), {
        timeout: 5_000,
        interval: 5,
      });
    const socket = (index = 0): FakeSocket => server.sockets[index]!;
    /** Opens the socket and lets its stream open (its opening RESYNC lets the first pull go). */
    const connect = async (index = 0): Promise<void> => {
      socket(index).open();
      await vi.waitFor(() => expect(socket(index).stream).not.toBeNull(), { interval: 5 });
      socket(index).stream!.onEvent('RESYNC');
    };
    return {
      sync,
      server,
      time,
      settings,
      secrets,
      stats,
      seen,
      until,
      socket,
      connect,
      setNow: (value: number) => void (now = value),
    };
  };

  it('S1/S3/S11: a sign-in connects, handshakes, then is synced once its first pull is answered', async () => {
    const t = await setup();
    expect((await t.sync.signIn(CREDENTIALS)).state).toBe('connecting');
    expect(await t.secrets.get(TOKEN_KEY)).toBe('token-1');
    // R1: nothing is pulled before the handshake agreed.
    expect(t.socket().pulls).toBe(0);
    await t.connect();
    await t.until((status) => status.state === 'synced');
    expect(t.stats.read().pullCalls).toBeGreaterThan(0);
    // "Last synced" was recorded when it became synced, and written to settings at once.
    expect(t.sync.status().lastSyncedAt).toBe(1_000_000);
    expect(t.settings.get('syncAccount')).toMatchObject({ lastSyncedAt: 1_000_000 });
  });

  it('S3: the first pull waits for the stream to open, and goes ahead without it after 3 s', async () => {
    const t = await setup();
    await t.sync.signIn(CREDENTIALS);
    t.socket().open();
    await vi.waitFor(() => expect(t.socket().stream).not.toBeNull(), { interval: 5 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(t.socket().pulls).toBe(0);
    t.time.advance(3_000);
    await t.until((status) => status.state === 'synced');
    expect(t.socket().pulls).toBeGreaterThan(0);
  });

  it("S11: between the handshake and the first pull's answer it is syncing, never synced", async () => {
    const t = await setup();
    await t.sync.signIn(CREDENTIALS);
    const seen: string[] = [];
    const subscription = t.sync.status$.subscribe((status) => seen.push(status.state));
    t.socket().open();
    await vi.waitFor(() => expect(t.socket().stream).not.toBeNull(), { interval: 5 });
    // Handshake done, the first pull held back for the stream (S3): nothing in flight yet.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(t.socket().pulls).toBe(0);
    expect(t.sync.status().state).toBe('syncing');
    expect(t.sync.status().lastSyncedAt).toBeNull();
    t.time.advance(3_000);
    await t.until((status) => status.state === 'synced');
    subscription.unsubscribe();
    expect(seen.indexOf('synced')).toBeGreaterThan(seen.lastIndexOf('connecting'));
    expect(t.stats.read().pullCalls).toBeGreaterThan(0);
  });

  it('S4: a socket down before the handshake shows offline with the next retry; reopening handshakes', async () => {
    const t = await setup();
    await t.sync.signIn(CREDENTIALS);
    const delay = t.socket().drop(0);
    expect(t.sync.status()).toMatchObject({ state: 'offline', retryAt: 1_000_000 + delay });
    await t.connect();
    await t.until((status) => status.state === 'synced');
    expect(t.sync.status().retryAt).toBeNull();
  });

  it('S5/R14: a socket dropped after the handshake shows offline; reopening pulls from the checkpoint', async () => {
    const t = await setup();
    await t.sync.signIn(CREDENTIALS);
    await t.connect();
    await t.until((status) => status.state === 'synced');
    const pulls = t.socket().pulls;
    t.socket().drop(2);
    expect(t.sync.status()).toMatchObject({ state: 'offline', retryAt: 1_000_000 + 2_000 });
    t.socket().open();
    await vi.waitFor(() => expect(t.socket().pulls).toBeGreaterThan(pulls), { interval: 5 });
    await t.until((status) => status.state === 'synced');
  });

  it('S6: a refused pull shows its reason while RxDB retries; the next answered pull clears it', async () => {
    const t = await setup();
    await t.sync.signIn(CREDENTIALS);
    await t.connect();
    await t.until((status) => status.state === 'synced');
    const answer = t.server.answers.pull;
    let refusals = 1;
    t.server.answers.pull = (input) =>
      refusals-- > 0 ? Promise.reject(refusal('BATCH_TOO_LARGE')) : answer(input);
    t.socket().stream!.onEvent({ documents: [], checkpoint: { seq: 1 } });
    // RxDB retries within 20 ms: the error is looked for in what was published.
    await vi.waitFor(
      () =>
        expect(
          t.seen.some((status) => status.state === 'error' && status.error?.reason === 'BATCH_TOO_LARGE'),
        ).toBe(true),
      { interval: 5 },
    );
    await t.until((status) => status.state === 'synced');
    expect(t.seen.at(-1)).toMatchObject({ state: 'synced', error: null });
  });

  it('S7: a refused token stops the session and deletes the token; "sync now" cannot restart it', async () => {
    const t = await setup();
    await t.sync.signIn(CREDENTIALS);
    await t.connect();
    await t.until((status) => status.state === 'synced');
    t.socket().stream!.onError(refusal('UNAUTHENTICATED'));
    expect(t.sync.status()).toMatchObject({ state: 'error', error: { reason: 'UNAUTHENTICATED' } });
    await vi.waitFor(async () => expect(await t.secrets.get(TOKEN_KEY)).toBeNull(), { interval: 5 });
    expect(t.socket().closed).toBe(true);
    expect((await t.sync.syncNow()).state).toBe('error');
    expect(t.server.sockets).toHaveLength(1);
    // The account stays, so the user can sign in again (S1) or out (S9).
    expect(t.sync.status().account).toMatchObject({ deviceId: 'd1' });
  });

  it('S7: an account call refused as UNAUTHENTICATED ends the running session the same way', async () => {
    const t = await setup();
    await t.sync.signIn(CREDENTIALS);
    await t.connect();
    await t.until((status) => status.state === 'synced');
    await expect(t.sync.devices()).rejects.toMatchObject({ reason: 'UNAUTHENTICATED' });
    expect(t.sync.status()).toMatchObject({ state: 'error', error: { reason: 'UNAUTHENTICATED' } });
  });

  it('S7/S8: a version the server no longer serves stops with the token kept; "sync now" starts anew at once', async () => {
    const t = await setup();
    await t.sync.signIn(CREDENTIALS);
    t.server.answers.hello = () => Promise.resolve(hello(SYNC_PROTOCOL_VERSION + 1));
    t.socket().open();
    await t.until((status) => status.state === 'error');
    expect(t.sync.status()).toMatchObject({ error: { reason: 'CLIENT_TOO_OLD' }, progress: null });
    expect(t.stats.read()).toMatchObject({ pullCalls: 0, pushCalls: 0 });
    expect(await t.secrets.get(TOKEN_KEY)).toBe('token-1');

    t.server.answers.hello = () => Promise.resolve(hello());
    expect((await t.sync.syncNow()).state).toBe('connecting');
    expect(t.server.sockets).toHaveLength(2);
    await t.connect(1);
    await t.until((status) => status.state === 'synced');
  });

  it('S8: offline, "sync now" reconnects at once; live, it pulls on the same session', async () => {
    const t = await setup();
    await t.sync.signIn(CREDENTIALS);
    await t.connect();
    await t.until((status) => status.state === 'synced');
    const pulls = t.socket().pulls;
    await t.sync.syncNow();
    await vi.waitFor(() => expect(t.socket().pulls).toBeGreaterThan(pulls), { interval: 5 });
    expect(t.server.sockets).toHaveLength(1);

    t.socket().drop(5);
    expect(t.sync.status().state).toBe('offline');
    await t.sync.syncNow();
    expect(t.socket(0).closed).toBe(true);
    expect(t.server.sockets).toHaveLength(2);
    await t.connect(1);
    await t.until((status) => status.state === 'synced');
  });

  it('S2/S9: a second sign-in is refused; sign-out ends the session on the server and forgets the account', async () => {
    const t = await setup();
    await t.sync.signIn(CREDENTIALS);
    await expect(t.sync.signIn(CREDENTIALS)).rejects.toMatchObject({ reason: 'ALREADY_SIGNED_IN' });
    await t.connect();
    await t.until((status) => status.state === 'synced');
    expect((await t.sync.signOut()).state).toBe('signed-out');
    expect(t.server.signedOut).toEqual(['token-1']);
    expect(t.socket().closed).toBe(true);
    expect(await t.secrets.get(TOKEN_KEY)).toBeNull();
    expect(t.settings.get('syncAccount')).toBeUndefined();
    await expect(t.sync.devices()).rejects.toMatchObject({ reason: 'NOT_SIGNED_IN' });
  });

  it('S1: at start, a stored account without its token waits for a sign-in and starts no session', async () => {
    const first = await setup();
    await first.sync.signIn(CREDENTIALS);
    const settings = first.settings;
    const secrets = createMemorySecretStore();
    const t = await setup({ settings, secrets });
    await t.sync.resume();
    expect(t.sync.status()).toMatchObject({ state: 'error', error: { reason: 'SIGN_IN_NOT_KEPT' } });
    expect(t.server.sockets).toHaveLength(0);
  });

  it('S10: close stops the session, writes "last synced", and nothing it scheduled acts afterwards', async () => {
    const t = await setup();
    await t.sync.signIn(CREDENTIALS);
    await t.connect();
    await t.until((status) => status.state === 'synced');
    t.setNow(1_030_000);
    t.socket().drop(0);
    t.socket().open();
    await t.until((status) => status.state === 'synced');
    // Within a minute of the last write, "last synced" waits for the next one…
    expect(t.settings.get('syncAccount')).toMatchObject({ lastSyncedAt: 1_000_000 });
    await t.sync.close();
    // …which close makes.
    expect(t.settings.get('syncAccount')).toMatchObject({ lastSyncedAt: 1_030_000 });
    expect(t.socket().closed).toBe(true);
    const emitted = t.seen.length;
    t.time.advance(3_600_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.seen).toHaveLength(emitted);
    expect(t.time.pending()).toEqual([]);
    await expect(t.sync.signIn(CREDENTIALS)).rejects.toMatchObject({ reason: 'SHUTTING_DOWN' });
  });
});
