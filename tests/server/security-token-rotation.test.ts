import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createMemorySecretStore } from '../../src-main/secrets/secret-store';
import { createMemorySettingsStore } from '../../src-main/settings/settings-store';
import { createSyncAccountStore } from '../../src-main/sync/account-store';
import { createSyncServerConnector } from '../../src-main/sync/server-connection';
import { rotateTokenIfOld, TOKEN_ROTATE_AFTER_MS } from '../../src-main/sync/token-rotation';
import { httpClient, reasonOf, refusal, signUp, uniqueEmail } from '../support/sync-server';
import { startSecurityServer, type SecurityServer } from './security-server';

/** S25 on the device: an old token is exchanged at host start, the new one kept in the keychain. */

describe('S25: the desktop host rotates an old token', () => {
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer();
  });
  afterAll(() => server?.close());

  async function setUp(secretIssuedAt: number | undefined) {
    const grant = await signUp(server.url, uniqueEmail('desk'));
    const store = createSyncAccountStore({
      settings: createMemorySettingsStore(),
      secrets: createMemorySecretStore(),
    });
    const record = {
      serverUrl: server.url,
      email: grant.account.email,
      userId: grant.account.userId,
      deviceId: grant.account.deviceId,
      deviceName: grant.account.deviceName,
      vaultId: grant.account.vaultId,
      ...(secretIssuedAt === undefined ? {} : { secretIssuedAt }),
    };
    store.set(record);
    await store.writeToken(record, grant.token);
    const connector = createSyncServerConnector({ clientVersion: 'test' });
    const now = Date.UTC(2026, 5, 1);
    const deps = {
      clock: { now: () => now },
      log: pino({ level: 'silent' }),
      rotate: (at: typeof record, token: string) => connector.account(at.serverUrl, token).rotateToken(),
      writeToken: (at: typeof record, token: string) => store.writeToken(at, token),
      saveRecord: (at: typeof record) => store.set(at),
    };
    return { grant, store, record, deps, now };
  }

  it('a token older than the threshold is replaced; the old one is dead, the new one stored', async () => {
    const { grant, store, record, deps, now } = await setUp(Date.UTC(2026, 5, 1) - TOKEN_ROTATE_AFTER_MS - 1);
    const result = await rotateTokenIfOld(deps, record, grant.token);
    expect(result.token).not.toBe(grant.token);
    expect(result.record.secretIssuedAt).toBe(now);
    expect(await store.readToken(record)).toBe(result.token);
    expect(store.get()?.secretIssuedAt).toBe(now);
    await expect(httpClient(server.url, result.token).auth.me.query()).resolves.toBeDefined();
    expect(reasonOf(await refusal(httpClient(server.url, grant.token).auth.me.query()))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('a young token is kept; a record without a date gets one and is kept', async () => {
    const young = await setUp(Date.UTC(2026, 5, 1) - 1_000);
    expect((await rotateTokenIfOld(young.deps, young.record, young.grant.token)).token).toBe(
      young.grant.token,
    );
    const undated = await setUp(undefined);
    const result = await rotateTokenIfOld(undated.deps, undated.record, undated.grant.token);
    expect(result.token).toBe(undated.grant.token);
    expect(undated.store.get()?.secretIssuedAt).toBe(undated.now);
    await expect(httpClient(server.url, undated.grant.token).auth.me.query()).resolves.toBeDefined();
  });

  it('a server that refuses or is away leaves the current token in place', async () => {
    const { grant, record, deps } = await setUp(0);
    const away = { ...deps, rotate: () => Promise.reject(new Error('connect ECONNREFUSED')) };
    expect((await rotateTokenIfOld(away, record, grant.token)).token).toBe(grant.token);
  });
});
