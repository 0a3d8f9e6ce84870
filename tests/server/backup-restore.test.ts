import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process';
import { makeTempDir } from '../support/temp-dir';
import {
  newAccount,
  openDevice,
  waitFor,
  waitForConvergence,
  waitForState,
  type Device,
} from '../sync/support/sync-devices';

/**
 * The backup and restore that docs/deployment.md describes, done as an operator does it: a device
 * syncs notes and an attachment to a server on PostgreSQL; the database is dumped with
 * `pg_dump -Fc` and restored with `pg_restore` into a fresh database, the blob folder is copied,
 * and a new server process starts on them at the same address. The device's checkpoint stays
 * valid (nothing is pulled or downloaded again), and a new device gets everything.
 */

const run = promisify(execFile);
const TEST_MS = 180_000;

describe('backup and restore (pg_dump -Fc, pg_restore, the blob folder)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it(
    'a restored server serves the same devices without a re-download, and a new device gets everything',
    async () => {
      const original: TestDatabase = await createTestDatabase();
      cleanups.push(() => original.drop());
      const restored: TestDatabase = await createTestDatabase();
      cleanups.push(() => restored.drop());
      const firstDir = makeTempDir('quire-backup-a-');
      const secondDir = makeTempDir('quire-backup-b-');
      const dumpDir = makeTempDir('quire-backup-dump-');
      cleanups.push(firstDir.cleanup, secondDir.cleanup, dumpDir.cleanup);

      const first: SyncServerProcess = await startSyncServerProcess({
        database: { url: original.url },
        env: { QUIRE_SERVER_DATA_DIR: firstDir.dir },
        startTimeoutMs: TEST_MS,
      });
      cleanups.push(async () => void (await first.stop()));

      // A device with notes and an attachment, fully synced.
      const account = newAccount();
      const device: Device = await openDevice({ name: 'a', server: first });
      cleanups.push(() => device.dispose());
      await device.signUp(account);
      await waitForState(device, 'synced');
      const titles = Array.from({ length: 12 }, (_, i) => `Kept ${i}`);
      for (const title of titles)
        await device.host.services.notes.create({ title, body: `The text of ${title}.` });
      const bytes = randomBytes(150_000);
      const { attachments } = device.host.services;
      const blob = await attachments.blobs.putStream(Readable.from([bytes]));
      await attachments.putRecords([{ path: 'assets/kept.bin', hash: blob.hash, size: blob.size }]);
      await waitFor(
        () => device.stats().blobPuts === 1 && device.status().state === 'synced',
        () => `a: ${JSON.stringify(device.stats())} ${JSON.stringify(device.status())}`,
        60_000,
      );
      const before = await waitForConvergence([device]);
      expect(before.filter((note) => titles.includes(note.title))).toHaveLength(titles.length);

      // A device's pull checkpoint trails its own pushes until its next pull: one reconnect (a
      // restart of this server) catches it up, so what follows measures the restore alone.
      await first.stop();
      const beforeRestart = device.stats();
      await first.start();
      await waitFor(
        () => device.stats().pullCalls > beforeRestart.pullCalls && device.status().state === 'synced',
        () => `a: ${JSON.stringify(device.stats())} ${JSON.stringify(device.status())}`,
        60_000,
      );

      // The backup: the server stopped (a consistent pair of dump and blobs), then dump and copy.
      await first.stop();
      const dumpFile = path.join(dumpDir.dir, 'quire.dump');
      await run('pg_dump', ['-Fc', '--no-owner', '-f', dumpFile, original.url]);
      fs.cpSync(path.join(firstDir.dir, 'blobs'), path.join(secondDir.dir, 'blobs'), { recursive: true });
      // Nothing of the old server is left to lean on.
      await original.drop();
      fs.rmSync(firstDir.dir, { recursive: true, force: true });

      // The restore, into a fresh database, and a new server process at the same address.
      await run('pg_restore', ['--no-owner', '--exit-on-error', '-d', restored.url, dumpFile]);
      const statsBefore = device.stats();
      const second = await startSyncServerProcess({
        port: first.port,
        database: { url: restored.url },
        env: { QUIRE_SERVER_DATA_DIR: secondDir.dir },
        startTimeoutMs: TEST_MS,
      });
      cleanups.push(async () => void (await second.stop()));
      expect(second.url).toBe(first.url);

      // The device reconnects on its own and pulls from its checkpoint: answered, and empty.
      await waitFor(
        () => device.stats().pullCalls > statsBefore.pullCalls && device.status().state === 'synced',
        () => `a: ${JSON.stringify(device.stats())} ${JSON.stringify(device.status())}`,
        60_000,
      );
      const afterReconnect = device.stats();
      expect(afterReconnect.pulledDocuments - statsBefore.pulledDocuments).toBe(0);
      expect(afterReconnect.blobGets - statsBefore.blobGets).toBe(0);
      expect(afterReconnect.pushedRows - statsBefore.pushedRows).toBe(0);

      // A second, new device gets every note and the attachment's bytes from the restored server.
      const newcomer: Device = await openDevice({ name: 'c', server: second });
      cleanups.push(() => newcomer.dispose());
      await newcomer.signIn(account);
      const converged = await waitForConvergence([device, newcomer], 60_000);
      expect(converged).toEqual(before);
      await waitFor(
        async () => {
          const { items } = await newcomer.host.services.attachments.list({ limit: 10 });
          return items.length === 1 && items[0]!.local;
        },
        () => `c: ${JSON.stringify(newcomer.stats())}`,
        60_000,
      );
      const copied = await fs.promises.readFile(newcomer.host.services.attachments.blobs.filePath(blob.hash));
      expect(copied.equals(bytes)).toBe(true);
      expect(newcomer.stats().blobGets).toBe(1);

      // And the old device's checkpoint goes on: a new note from the newcomer is all it pulls.
      const pulledSoFar = device.stats().pulledDocuments + device.stats().streamedDocuments;
      await newcomer.host.services.notes.create({ title: 'After the restore' });
      await waitForConvergence([device, newcomer], 60_000);
      // The stream announces the one note; a pull racing that event may fetch it as well.
      const moved = device.stats().pulledDocuments + device.stats().streamedDocuments - pulledSoFar;
      expect(moved).toBeGreaterThanOrEqual(1);
      expect(moved).toBeLessThanOrEqual(2);
      expect(device.stats().blobGets - statsBefore.blobGets).toBe(0);
    },
    TEST_MS,
  );
});
