import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, reasonOf, refusal, signUp, uniqueEmail, wsClient } from '../support/sync-server';
import { startSecurityServer, type SecurityServer } from './security-server';

/** S24, S25: device sessions end when idle or old (configurable), and a device may rotate its token. */

const DAY = 86_400_000;

function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('S24: session expiry (SESSION_IDLE_DAYS=2, SESSION_MAX_DAYS=5)', () => {
  const clock = manualClock();
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer({ env: { SESSION_IDLE_DAYS: '2', SESSION_MAX_DAYS: '5' }, clock });
  });
  afterAll(() => server?.close());

  async function revokedAt(deviceId: string): Promise<unknown> {
    const { rows } = await server.sql.query<{ revoked_at: unknown }>(
      'SELECT revoked_at FROM devices WHERE id = $1',
      [deviceId],
    );
    return rows[0]?.revoked_at ?? null;
  }

  it('a session unused for the idle time is refused as UNAUTHENTICATED and marked revoked', async () => {
    const grant = await signUp(server.url, uniqueEmail('idle'));
    const api = httpClient(server.url, grant.token);
    clock.advance(2 * DAY - 60_000);
    await expect(api.auth.me.query()).resolves.toMatchObject({ deviceId: grant.account.deviceId });
    clock.advance(2 * DAY - 60_000);
    // Used a minute short of the limit each time: still alive.
    await expect(api.auth.me.query()).resolves.toMatchObject({ deviceId: grant.account.deviceId });
    clock.advance(2 * DAY);
    expect(reasonOf(await refusal(api.auth.me.query()))).toBe('UNAUTHENTICATED');
    expect(await revokedAt(grant.account.deviceId)).not.toBeNull();
    // Signing in again gives a working session.
    const again = await httpClient(server.url).auth.signIn.mutate({
      email: grant.account.email,
      password: 'correct horse battery',
      deviceName: 'laptop',
    });
    await expect(httpClient(server.url, again.token).auth.me.query()).resolves.toBeDefined();
  });

  it('a session older than the absolute limit ends even while in use', async () => {
    const grant = await signUp(server.url, uniqueEmail('old'));
    const api = httpClient(server.url, grant.token);
    for (let day = 1; day < 5; day++) {
      clock.advance(DAY);
      await expect(api.auth.me.query()).resolves.toBeDefined();
    }
    clock.advance(DAY);
    expect(reasonOf(await refusal(api.auth.me.query()))).toBe('UNAUTHENTICATED');
    expect(await revokedAt(grant.account.deviceId)).not.toBeNull();
  });

  it('an expired session cannot open a live connection either', async () => {
    const grant = await signUp(server.url, uniqueEmail('ws'));
    clock.advance(3 * DAY);
    const socket = wsClient(server.url, grant.token);
    try {
      expect(reasonOf(await refusal(socket.client.auth.me.query()))).toBe('UNAUTHENTICATED');
    } finally {
      void socket.close();
    }
  });
});

describe('S25: token rotation', () => {
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer();
  });
  afterAll(() => server?.close());

  it('auth.rotateToken gives the same device a new token; the old one stops working at once', async () => {
    const grant = await signUp(server.url, uniqueEmail('rotate'));
    const old = httpClient(server.url, grant.token);
    const { token } = await old.auth.rotateToken.mutate();
    expect(token).not.toBe(grant.token);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const fresh = httpClient(server.url, token);
    await expect(fresh.auth.me.query()).resolves.toMatchObject({
      deviceId: grant.account.deviceId,
      vaultId: grant.account.vaultId,
    });
    expect(reasonOf(await refusal(old.auth.me.query()))).toBe('UNAUTHENTICATED');
    expect(reasonOf(await refusal(old.auth.rotateToken.mutate()))).toBe('UNAUTHENTICATED');
    // Still one device, not two.
    const devices = await fresh.auth.devices.query();
    expect(devices.filter((device) => device.deviceId === grant.account.deviceId)).toHaveLength(1);
  });

  it('two rotations racing with one token: exactly one wins', async () => {
    const grant = await signUp(server.url, uniqueEmail('race'));
    const api = httpClient(server.url, grant.token);
    const results = await Promise.allSettled([api.auth.rotateToken.mutate(), api.auth.rotateToken.mutate()]);
    const won = results.filter((result) => result.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(reasonOf(rejected?.status === 'rejected' ? rejected.reason : null)).toBe('UNAUTHENTICATED');
  });

  it('a revoked device cannot rotate its way back', async () => {
    const grant = await signUp(server.url, uniqueEmail('revoked'));
    const api = httpClient(server.url, grant.token);
    await api.auth.signOut.mutate();
    expect(reasonOf(await refusal(api.auth.rotateToken.mutate()))).toBe('UNAUTHENTICATED');
  });
});
