import { afterAll, afterEach, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { startSyncServerProcess, type SyncServerProcess } from '../../support/sync-server-process';
import { newAccount, openDevice, waitForConvergence, type Device } from './sync-devices';

/**
 * A real server process on a fresh database for the enclosing `describe`, and `pair()`: two
 * devices signed in to one new account and converged, disposed after each test.
 */
export function useSignedInPairs(): { pair: () => Promise<[Device, Device]> } {
  let database: TestDatabase;
  let server: SyncServerProcess;
  const devices: Device[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startSyncServerProcess({ database: { url: database.url } });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((device) => device.dispose()));
  });
  const pair = async (): Promise<[Device, Device]> => {
    const account = newAccount();
    const a = await openDevice({ name: 'a', server });
    devices.push(a);
    await a.signUp(account);
    const b = await openDevice({ name: 'b', server });
    devices.push(b);
    await b.signIn(account);
    await waitForConvergence([a, b]);
    return [a, b];
  };
  return { pair };
}
