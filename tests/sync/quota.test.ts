import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failureWords } from '../../src-shared/errors/failure-details';
import { createPgClient } from '../../sync-server/db/pg-client';
import type { SqlClient } from '../../sync-server/db/sql-client';
import { setUserLimits } from '../../sync-server/quotas/quota-settings';
import { storageBytesUsed } from '../../sync-server/quotas/storage-usage';
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
} from './support/sync-devices';

/**
 * A full quota between real devices and a real server process (docs/sync-protocol.md Q1, Q5,
 * Q8): nothing is lost on the device, the user is told in plain words, and once there is room
 * again everything arrives.
 */

const TEST_MS = 120_000;

describe('a device over its sync quota', () => {
  let database: TestDatabase;
  let server: SyncServerProcess;
  let sql: SqlClient;
  let cleanupDir: () => void = () => undefined;
  const devices: Device[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    const temp = makeTempDir('quire-quota-sync-');
    cleanupDir = temp.cleanup;
    server = await startSyncServerProcess({
      database: { url: database.url },
      env: { QUIRE_SERVER_DATA_DIR: temp.dir },
      startTimeoutMs: TEST_MS,
    });
    sql = createPgClient({ connectionString: database.url });
  }, TEST_MS);
  afterAll(async () => {
    await sql?.close();
    await server?.stop();
    await database?.drop();
    cleanupDir();
  });
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((device) => device.dispose()));
  });

  async function pair(): Promise<{ a: Device; b: Device; userId: string }> {
    const account = newAccount();
    const a = await openDevice({ name: 'a', server });
    devices.push(a);
    await a.signUp(account);
    const b = await openDevice({ name: 'b', server });
    devices.push(b);
    await b.signIn(account);
    await waitForConvergence([a, b]);
    const { rows } = await sql.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [
      account.email,
    ]);
    return { a, b, userId: rows[0]!.id };
  }

  it(
    'Q1, Q8: keeps its edits, shows QUOTA_EXCEEDED with the bytes, and delivers everything once the quota is raised',
    async () => {
      const { a, b, userId } = await pair();
      const first = await a.host.services.notes.create({ title: 'Before', body: 'fits\n' });
      await waitFor(
        async () => (await b.snapshot()).some((note) => note.id === first.id),
        () => 'waiting for the first note to reach b',
      );
      await waitForState(a, 'synced');
      const used = await storageBytesUsed(sql, userId);
      await setUserLimits(sql, userId, { quotaBytes: used + 100, maxFileBytes: null });
      // Q7: the account dialog's figures, through the host.
      expect(await a.host.services.sync.storage()).toEqual({
        bytesUsed: used,
        quotaBytes: used + 100,
        maxFileBytes: null,
      });

      const created: Awaited<ReturnType<Device['host']['services']['notes']['create']>>[] = [];
      for (let i = 0; i < 3; i += 1) {
        created.push(
          await a.host.services.notes.create({ title: `Over ${i}`, body: `${'words '.repeat(200)}\n` }),
        );
      }
      await waitFor(
        () => a.status().error?.reason === 'QUOTA_EXCEEDED',
        () => `a is ${JSON.stringify(a.status())}, waiting for QUOTA_EXCEEDED`,
      );
      const status = a.status();
      expect(status.state).toBe('error');
      expect(status.error?.details).toEqual({ usedBytes: used, quotaBytes: used + 100 });
      expect(failureWords(status.error!).words).toMatch(/^Your sync storage is full: \d+ B of \d+ B\./);
      // Nothing of the refused push reached the server or the other device; all of it is on a.
      expect(await storageBytesUsed(sql, userId)).toBe(used);
      expect((await b.snapshot()).map((note) => note.id)).toEqual([first.id]);
      const onA = await a.snapshot();
      for (const note of created) expect(onA.some((doc) => doc.id === note.id && !doc._deleted)).toBe(true);
      // Edits keep working while sync waits.
      await a.host.services.notes.update({
        id: created[0]!.id,
        body: 'edited while full\n',
        base: created[0]!,
      });

      await setUserLimits(sql, userId, { quotaBytes: null, maxFileBytes: null });
      await a.host.services.sync.syncNow();
      const converged = await waitForConvergence([a, b], 60_000);
      expect(
        converged
          .filter((note) => !note._deleted)
          .map((note) => note.title)
          .sort(),
      ).toEqual(['Before', 'Over 0', 'Over 1', 'Over 2']);
      expect(converged.find((note) => note.id === created[0]!.id)?.body).toBe('edited while full\n');
      expect(a.status().error).toBeNull();
    },
    TEST_MS,
  );

  it(
    'Q5, Q8: an attachment refused for a full quota stays here, marked not synced, and arrives once there is room',
    async () => {
      const { a, b, userId } = await pair();
      await setUserLimits(sql, userId, { quotaBytes: 50_000, maxFileBytes: null });
      const { attachments } = a.host.services;
      const bytes = randomBytes(80_000);
      const { hash, size } = await attachments.blobs.putStream(Readable.from([bytes]));
      const [record] = await attachments.putRecords([{ path: 'big.bin', hash, size }]);
      const listedOn = async (device: Device) =>
        (await device.host.services.attachments.list({ limit: 50 })).items.find(
          (item) => item.id === record!.id,
        );

      await waitFor(
        async () => (await listedOn(a))?.notSynced === 'QUOTA_EXCEEDED',
        () => 'waiting for the attachment to be marked not synced',
      );
      expect(await listedOn(a)).toMatchObject({ local: true, notSynced: 'QUOTA_EXCEEDED' });
      expect(await listedOn(b)).toBeUndefined();
      const { rows } = await sql.query<{ n: string }>(
        'SELECT count(*) AS n FROM blobs b JOIN vaults v ON v.id = b.vault_id WHERE v.owner_id = $1',
        [userId],
      );
      expect(Number(rows[0]?.n)).toBe(0);

      await setUserLimits(sql, userId, { quotaBytes: 1_000_000, maxFileBytes: null });
      await waitFor(
        async () => (await listedOn(b))?.local === true,
        () => 'waiting for the attachment to reach b once there is room',
        60_000,
      );
      expect((await listedOn(a))?.notSynced).toBeUndefined();
    },
    TEST_MS,
  );
});
