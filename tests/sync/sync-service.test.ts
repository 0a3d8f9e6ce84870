import pino from 'pino';
import { OPEN_COLLECTIONS } from 'rxdb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TRPCError } from '@trpc/server';
import { createCallerFactory, reasonOf } from '../../src-main/trpc';
import { QuireError } from '../../src-main/errors';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import type { FailureReason } from '../../src-shared/errors/reasons';
import { appRouter } from '../../src-main/app-router';
import { parseConfig } from '../../sync-server/config';
import { startSyncServer, type SyncServer } from '../../sync-server/server';
import type { SyncStatus } from '../../src-shared/api/sync-api';
import { createSyncServerConnector } from '../../src-main/sync/server-connection';
import { SYNC_PROTOCOL_VERSION } from '../../src-shared/sync/protocol';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import {
  newAccount,
  openDevice,
  waitFor,
  waitForConvergence,
  waitForState,
  type Device,
} from './support/sync-devices';

const createCaller = createCallerFactory(appRouter);

/** The service's status machine and the app router's sync procedures, against an in-process server. */
describe('sync service', () => {
  let database: TestDatabase;
  let server: SyncServer;
  const devices: Device[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const parsed = parseConfig({ DATABASE_URL: database.url, PORT: '0', REGISTRATION: 'open' });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    server = await startSyncServer({ config: parsed.config, logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((device) => device.dispose()));
  });

  const device = async (
    name: string,
    options: Partial<Parameters<typeof openDevice>[0]> = {},
  ): Promise<Device> => {
    const opened = await openDevice({ name, server, ...options });
    devices.push(opened);
    return opened;
  };
  const api = (d: Device) => createCaller(d.host.createContext());
  /** What a caller of the host sees: the reason (F1) and the message, as the formatter sends them. */
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) =>
        error instanceof QuireError
          ? { reason: error.reason, message: error.message }
          : { reason: reasonOf(error as TRPCError), message: (error as TRPCError).message },
    );
  const words = (reason: FailureReason) => ({ reason, message: REASON_WORDS[reason].words });

  it('is signed out by default and says so in plain words where the server is needed', async () => {
    const a = await device('a');
    expect(await api(a).sync.status()).toEqual({
      state: 'signed-out',
      account: null,
      pendingPush: 0,
      progress: null,
      lastSyncedAt: null,
      error: null,
      retryAt: null,
      setAside: [],
      setAsideCount: 0,
    });
    const note = await api(a).notes.create({ title: 'Local only' });
    expect(await failureOf(api(a).notes.history({ id: note.id }))).toEqual(words('NOT_SIGNED_IN'));
    expect(await failureOf(api(a).sync.devices())).toEqual(words('NOT_SIGNED_IN'));
    expect((await api(a).sync.syncNow()).state).toBe('signed-out');
    expect((await api(a).sync.signOut()).state).toBe('signed-out');
  });

  it('A2/A1: refusals at sign-in and sign-up come back in plain words, nothing is stored', async () => {
    const a = await device('a');
    const account = newAccount();
    await a.signUp(account);
    const b = await device('b');
    expect(
      await failureOf(
        api(b).sync.signIn({ serverUrl: server.url, email: account.email, password: 'wrong one' }),
      ),
    ).toEqual(words('BAD_CREDENTIALS'));
    expect(await failureOf(api(b).sync.signUp({ serverUrl: server.url, ...account }))).toEqual(
      words('EMAIL_TAKEN'),
    );
    expect(await failureOf(api(b).sync.signIn({ serverUrl: 'http://127.0.0.1:1', ...account }))).toEqual(
      words('NETWORK'),
    );
    expect(await failureOf(api(b).sync.signIn({ serverUrl: 'ftp://example.com', ...account }))).toMatchObject(
      { reason: 'INVALID_INPUT' },
    );
    expect(b.status().state).toBe('signed-out');
    expect(b.settings.get('syncAccount')).toBeUndefined();
    // A working account must be signed out before another one signs in.
    expect(await failureOf(api(a).sync.signIn({ serverUrl: server.url, ...account }))).toEqual(
      words('ALREADY_SIGNED_IN'),
    );
  });

  it('A3: the token is kept only in the secret store; the account record names the server and vault', async () => {
    const a = await device('a');
    const collectionsBefore = OPEN_COLLECTIONS.size;
    const status = await a.signUp(newAccount());
    expect(status.account).toMatchObject({ serverUrl: server.url, deviceName: 'device a' });
    const record = a.settings.get('syncAccount') as Record<string, unknown>;
    expect(record).toMatchObject({
      serverUrl: server.url,
      vaultId: expect.any(String),
      deviceId: status.account!.deviceId,
    });
    expect(JSON.stringify(record)).not.toMatch(/token/i);
    const token = await a.secrets.get(`sync-token ${status.account!.deviceId} ${server.url}`);
    expect(token).toMatch(/\S{20,}/);
    expect(JSON.stringify(record)).not.toContain(token);
    await waitForState(a, 'synced');
    // The replication meta is a storage instance, not a collection: the free RxDB cap (13) is untouched.
    expect(OPEN_COLLECTIONS.size).toBe(collectionsBefore);
    expect((await api(a).sync.devices()).map((d) => ({ name: d.deviceName, current: d.current }))).toEqual([
      { name: 'device a', current: true },
    ]);
    await api(a).sync.signOut();
    expect(await a.secrets.get(`sync-token ${status.account!.deviceId} ${server.url}`)).toBeNull();
    expect(a.settings.get('syncAccount')).toBeUndefined();
  });

  it('C4: signing in to another vault starts from its beginning, never from the old checkpoint', async () => {
    const a = await device('a');
    await a.signUp(newAccount());
    for (let i = 0; i < 5; i += 1) await a.host.services.notes.create({ title: `x${i}` });
    await waitForState(a, 'synced');
    await waitFor(
      () => a.status().pendingPush === 0,
      () => JSON.stringify(a.status()),
    );

    // Another account's vault, whose sequence numbers (1–3) lie below a's checkpoint.
    const other = newAccount();
    const b = await device('b');
    await b.signUp(other);
    for (let i = 0; i < 3; i += 1) await b.host.services.notes.create({ title: `y${i}` });
    await waitForConvergence([b]);

    await a.host.services.sync.signOut();
    await a.signIn(other);
    const notes = await waitForConvergence([a, b]);
    // Y's notes arrived, and a's local notes joined the vault it now syncs.
    expect(notes.map((n) => n.title).sort()).toEqual(['x0', 'x1', 'x2', 'x3', 'x4', 'y0', 'y1', 'y2']);
  });

  it('R1: a device newer than the server hears SERVER_TOO_OLD, at sign-in and at resume, and stops retrying', async () => {
    // A build that speaks the next protocol version, which this server does not serve yet.
    const speaksNext = {
      syncServer: createSyncServerConnector({
        clientVersion: 'next',
        protocolVersion: SYNC_PROTOCOL_VERSION + 1,
      }),
    };
    const newer = await device('newer', { host: speaksNext });
    expect(await failureOf(newer.signUp(newAccount()))).toEqual(words('SERVER_TOO_OLD'));
    expect(newer.status().state).toBe('signed-out');

    // A device that was signed in, then updated past the server.
    const before = await device('before');
    await before.signUp(newAccount());
    await waitForState(before, 'synced');
    await before.close();
    const after = await device('after', {
      host: speaksNext,
      settings: before.settings,
      secrets: before.secrets,
    });
    await waitForState(after, 'error');
    expect(after.status()).toMatchObject({
      error: { reason: 'SERVER_TOO_OLD' },
      retryAt: null,
    });
    expect(after.stats()).toMatchObject({ pullCalls: 0, pushCalls: 0 });
    // The token is kept: an updated server can be retried with "sync now".
    expect(after.status().account).not.toBeNull();
  });

  it('A4: a device revoked from another one shows UNAUTHENTICATED, stops, keeps its notes and can sign in again', async () => {
    const account = newAccount();
    const a = await device('a');
    const b = await device('b');
    await a.signUp(account);
    await b.signIn(account);
    const note = await b.host.services.notes.create({ title: 'Kept on b' });
    await waitForConvergence([a, b]);
    const bId = b.status().account!.deviceId;

    expect(await failureOf(api(a).sync.revokeDevice({ deviceId: 'no-such-device' }))).toEqual(
      words('DEVICE_NOT_FOUND'),
    );
    const remaining = await api(a).sync.revokeDevice({ deviceId: bId });
    expect(remaining.map((d) => d.deviceId)).not.toContain(bId);
    await waitForState(b, 'error');
    expect(b.status()).toMatchObject({
      error: { reason: 'UNAUTHENTICATED' },
      account: { deviceId: bId },
    });
    expect(await b.secrets.get(`sync-token ${bId} ${server.url}`)).toBeNull();
    expect((await b.host.services.notes.get(note.id)).title).toBe('Kept on b');
    // "Sync now" cannot fix a revoked session; signing in again can.
    expect((await api(b).sync.syncNow()).state).toBe('error');
    await b.signIn(account);
    await waitForConvergence([a, b]);
  });

  it('C3: offline shows the next retry and pending edits, and comes back by itself', async () => {
    const a = await device('a', { relay: true });
    await a.signUp(newAccount());
    await waitForState(a, 'synced');
    a.network!.goOffline();
    await waitForState(a, 'offline');
    await a.host.services.notes.create({ title: 'one' });
    await a.host.services.notes.create({ title: 'two' });
    await waitFor(
      () => a.status().pendingPush === 2,
      () => JSON.stringify(a.status()),
    );
    expect(a.status().retryAt).toBeGreaterThanOrEqual(a.clock.now());
    a.network!.goOnline();
    await waitForState(a, 'synced');
    expect(a.status()).toMatchObject({
      pendingPush: 0,
      retryAt: null,
      error: null,
      lastSyncedAt: expect.any(Number),
    });
  });

  it('C3: "sync now" reconnects at once instead of waiting out the backoff', async () => {
    const a = await device('a', { relay: true, transport: { retryDelayMs: () => 600_000 } });
    await a.signUp(newAccount());
    await waitForState(a, 'synced');
    a.network!.goOffline();
    await waitForState(a, 'offline');
    expect(a.status().retryAt).toBeGreaterThan(a.clock.now() + 500_000);
    a.network!.goOnline();
    await api(a).sync.syncNow();
    await waitForState(a, 'synced');
  });

  it('sync.onStatus streams the current status, then every change', async () => {
    const a = await device('a');
    const iterator = (await api(a).sync.onStatus())[Symbol.asyncIterator]();
    const seen: SyncStatus[] = [(await iterator.next()).value as SyncStatus];
    expect(seen[0]!.state).toBe('signed-out');
    await a.signUp(newAccount());
    while (seen.at(-1)!.state !== 'synced') seen.push((await iterator.next()).value as SyncStatus);
    expect(seen.map((s) => s.state)).toContain('connecting');
    await iterator.return?.(undefined);
  });

  it('R11: history lists replaced versions; restoring one is a new edit, and a trashed or erased note comes back live', async () => {
    const account = newAccount();
    const a = await device('a');
    const b = await device('b');
    await a.signUp(account);
    await b.signIn(account);
    const note = await api(a).notes.create({ title: 'Draft', body: 'v1\n' });
    await waitForConvergence([a, b]);
    await api(a).notes.update({ id: note.id, base: await api(a).notes.get({ id: note.id }), body: 'v2\n' });
    await waitForConvergence([a, b]);
    await api(a).notes.trash({ id: note.id });
    await waitForConvergence([a, b]);
    await api(a).notes.deleteForever({ id: note.id });
    await waitForConvergence([a, b]);

    const { revisions } = await api(b).notes.history({ id: note.id });
    expect(revisions.map((r) => [r.document.body, r.document.trashedAt > 0])).toEqual([
      ['v2\n', true],
      ['v2\n', false],
      ['v1\n', false],
    ]);
    const v1 = revisions[2]!;
    // Deleted forever on both devices: nothing on screen to name as the base.
    const { note: restored } = await api(b).notes.restoreRevision({
      id: note.id,
      revisionId: v1.revisionId,
      base: null,
    });
    expect(restored).toMatchObject({ id: note.id, title: 'Draft', body: 'v1\n', trashedAt: 0 });
    const [synced] = await waitForConvergence([a, b]);
    expect(synced).toMatchObject({ id: note.id, body: 'v1\n', trashedAt: 0, _deleted: false });

    // The version that was in the trash restores as a live note, too.
    await api(a).notes.trash({ id: note.id });
    await waitForConvergence([a, b]);
    const trashedVersion = (await api(a).notes.history({ id: note.id })).revisions.find(
      (r) => r.document.trashedAt > 0,
    )!;
    const onScreen = await api(a).notes.get({ id: note.id });
    expect(
      (
        await api(a).notes.restoreRevision({
          id: note.id,
          revisionId: trashedVersion.revisionId,
          base: onScreen,
        })
      ).note,
    ).toMatchObject({
      body: 'v2\n',
      trashedAt: 0,
    });
    expect(
      await failureOf(
        api(a).notes.restoreRevision({ id: note.id, revisionId: 'no-such-version', base: null }),
      ),
    ).toEqual(words('REVISION_NOT_FOUND'));
  });
});
