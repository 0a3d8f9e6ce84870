import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process';
import { pullAll, sessionOf } from './support/server-documents';
import { newAccount, openDevice, waitFor, waitForConvergence, type Device } from './support/sync-devices';

/**
 * C6 end to end: a device that derived tags the old way (frontmatter only) pushes a note with an
 * inline #tag; a current device pulls it, derives its tags again and pushes that, so the server
 * and both devices end on the body's tags, with no edit time made up and no push loop.
 */
describe('C6: pulled notes get their tags from their body (real server process)', () => {
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

  it('a note an older device tagged from its frontmatter only converges on its inline tags too', async () => {
    const old = await openDevice({ name: 'old', server });
    devices.push(old);
    const account = newAccount();
    await old.signUp(account);
    // What an older Quire stored: the frontmatter's tags, not the body's #tags.
    const now = old.clock.now();
    await old.host.db.notes.insert({
      id: 'from-old-device',
      title: 'Plan',
      body: '---\ntags: [Work]\n---\nShip #project/quire',
      tags: ['Work'],
      folder: '',
      createdAt: now,
      updatedAt: now,
      trashedAt: 0,
      needsReview: false,
    });
    const { token, vaultId } = await sessionOf(old);
    await waitFor(
      async () => (await pullAll(server.url, token, vaultId)).length === 1,
      () => 'the old device’s note to reach the server',
    );

    const current = await openDevice({ name: 'current', server });
    devices.push(current);
    await current.signIn(account);
    await waitFor(
      async () => (await pullAll(server.url, token, vaultId))[0]?.tags.length === 2,
      () => 'the corrected tags to reach the server',
    );
    const [converged] = await waitForConvergence([old, current]);
    expect(converged).toMatchObject({
      id: 'from-old-device',
      tags: ['Work', 'project/quire'],
      updatedAt: now,
    });
    expect((await pullAll(server.url, token, vaultId))[0]).toMatchObject({ tags: ['Work', 'project/quire'] });
    // Settled: nothing more to push, and the server keeps one version after the correction.
    const pushes = current.stats();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(current.stats()).toEqual(pushes);
    expect(current.status().pendingPush).toBe(0);
  }, 60_000);
});
