import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentSummary } from '../../src-shared/api/attachments-api';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { httpClient } from '../support/sync-server';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process';
import { makeTempDir } from '../support/temp-dir';
import { startS3rver, type S3rver } from '../server/s3rver';
import { startGatedRelay } from './support/gated-relay';
import { sessionOf } from './support/server-documents';
import { newAccount, openDevice, waitFor, waitForState, type Device } from './support/sync-devices';

/**
 * Attachments between two devices through a real server process (docs/sync-protocol.md B7–B11),
 * once with the filesystem blob store and once with S3 (s3rver).
 */

const TEST_MS = 120_000;
/** The server's per-blob limit here (B4): above the crash test's 24 MB recording. */
const BLOB_MAX_BYTES = 30 * 1024 * 1024;
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function addAttachment(device: Device, path: string, bytes: Buffer) {
  const { attachments } = device.host.services;
  const { hash, size } = await attachments.blobs.putStream(Readable.from([bytes]));
  const [record] = await attachments.putRecords([{ path, hash, size }]);
  return record!;
}

async function listed(device: Device): Promise<AttachmentSummary[]> {
  const { items } = await device.host.services.attachments.list({ limit: 500 });
  return items;
}

/** What a device shows, in a form two devices can be compared by. */
const shown = (items: AttachmentSummary[]) =>
  items
    .map(({ id, path, hash, size, local, renamedFrom }) => ({ id, path, hash, size, local, renamedFrom }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

/** Every device lists the same attachments, all with their bytes here. */
async function waitForAttachments(devices: Device[], count: number): Promise<ReturnType<typeof shown>> {
  let last: ReturnType<typeof shown>[] = [];
  await waitFor(
    async () => {
      last = await Promise.all(devices.map(async (device) => shown(await listed(device))));
      const first = JSON.stringify(last[0]);
      return (
        last[0]!.length === count &&
        last[0]!.every((item) => item.local) &&
        last.every((items) => JSON.stringify(items) === first)
      );
    },
    () => devices.map((device, i) => `${device.name}: ${JSON.stringify(last[i])}`).join('\n'),
    60_000,
  );
  return last[0]!;
}

async function localBytes(device: Device, hash: string): Promise<Buffer> {
  return fs.promises.readFile(device.host.services.attachments.blobs.filePath(hash));
}

describe.each(['filesystem', 's3'] as const)('attachment sync (%s blob store)', (kind) => {
  let database: TestDatabase;
  let server: SyncServerProcess;
  let s3: S3rver | null = null;
  let cleanupDir: () => void = () => undefined;
  const devices: Device[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const temp = makeTempDir('quire-attachment-sync-');
    cleanupDir = temp.cleanup;
    s3 = kind === 's3' ? await startS3rver() : null;
    server = await startSyncServerProcess({
      database: { url: database.url },
      env: { QUIRE_SERVER_DATA_DIR: temp.dir, BLOB_MAX_BYTES: String(BLOB_MAX_BYTES), ...s3?.serverEnv() },
      startTimeoutMs: TEST_MS,
    });
  }, TEST_MS);
  afterAll(async () => {
    await server?.stop();
    await s3?.stop();
    await database?.drop();
    cleanupDir();
  });
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((device) => device.dispose()));
  });

  const pair = async (options: { relay?: boolean; serverUrl?: string } = {}): Promise<[Device, Device]> => {
    const account = newAccount();
    const target = options.serverUrl ? { url: options.serverUrl, port: server.port } : server;
    const a = await openDevice({ name: 'a', server: target, relay: options.relay ?? false });
    devices.push(a);
    await a.signUp(account);
    const b = await openDevice({ name: 'b', server: target, relay: options.relay ?? false });
    devices.push(b);
    await b.signIn(account);
    await Promise.all([waitForState(a, 'synced'), waitForState(b, 'synced')]);
    return [a, b];
  };

  it(
    'B7, B8, B9, B11: a record and its bytes reach the other device, verified, counted per account',
    async () => {
      const [a, b] = await pair();
      const arrived: string[][] = [];
      const subscription = b.host.services.attachments.changes().subscribe(({ ids }) => arrived.push(ids));
      const bytes = randomBytes(300_000);
      const record = await addAttachment(a, 'assets/photo.png', bytes);

      const [synced] = await waitForAttachments([a, b], 1);
      subscription.unsubscribe();
      expect(synced).toMatchObject({
        id: record.id,
        path: 'assets/photo.png',
        hash: sha(bytes),
        local: true,
      });
      expect((await localBytes(b, record.hash)).equals(bytes)).toBe(true);
      // The UI's `attachments.changes` fired for it (the record's arrival, then its bytes').
      expect(arrived.filter((ids) => ids.includes(record.id)).length).toBeGreaterThanOrEqual(2);
      expect(a.stats()).toMatchObject({ blobPuts: 1, bytesUploaded: 300_000 });
      expect(b.stats()).toMatchObject({ blobPuts: 0, blobGets: 1, bytesDownloaded: 300_000 });

      const { token } = await sessionOf(a);
      const usage = await httpClient(server.url, token).account.usage.query();
      expect(usage).toMatchObject({ blobCount: 1, blobBytes: 300_000 });

      await b.host.services.attachments.delete(record.id);
      await waitFor(
        async () => (await listed(a)).length === 0,
        () => 'waiting for the deletion to reach a',
      );
    },
    TEST_MS,
  );

  it(
    'B9, S11: a device that lacks bytes is syncing until they are here, never synced before',
    async () => {
      const account = newAccount();
      const a = await openDevice({ name: 'a', server, relay: false });
      devices.push(a);
      await a.signUp(account);
      const bytes = randomBytes(Math.min(BLOB_MAX_BYTES, 12 * 1024 * 1024));
      const record = await addAttachment(a, 'film.mp4', bytes);
      await waitForState(a, 'synced');
      // b starts after the bytes are on the server: its first pull brings the record at once.
      const b = await openDevice({ name: 'b', server, relay: false });
      devices.push(b);
      const file = b.host.services.attachments.blobs.filePath(record.hash);
      const whenSynced: boolean[] = [];
      const subscription = b.host.services.sync.status$.subscribe((status) => {
        if (status.state === 'synced') whenSynced.push(fs.existsSync(file));
      });
      await b.signIn(account);
      await waitForState(b, 'synced');
      subscription.unsubscribe();
      expect(whenSynced.length).toBeGreaterThan(0);
      expect(whenSynced.every(Boolean)).toBe(true);
      expect((await localBytes(b, record.hash)).equals(bytes)).toBe(true);
    },
    TEST_MS,
  );

  it(
    "B4, B8: an attachment over the server's limit is held back: refused, nothing kept, never pulled",
    async () => {
      const [a, b] = await pair();
      const big = await addAttachment(a, 'huge.mov', randomBytes(BLOB_MAX_BYTES + 1));
      const small = await addAttachment(a, 'small.png', randomBytes(10_000));
      await waitFor(
        async () => (await listed(b)).some((item) => item.id === small.id && item.local),
        () => 'waiting for the small attachment to reach b',
      );
      await Promise.all([waitForState(a, 'synced'), waitForState(b, 'synced')]);
      expect((await listed(b)).map((item) => item.id)).toEqual([small.id]);
      const { token } = await sessionOf(a);
      const head = await fetch(`${server.url}/blobs/${big.hash}`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(head.status).toBe(404);
      expect(await httpClient(server.url, token).account.usage.query()).toMatchObject({
        blobCount: 1,
        blobBytes: 10_000,
      });
      // Still here, with its bytes, on the device that has it, and shown as not synced, with why.
      expect((await listed(a)).find((item) => item.id === big.id)).toMatchObject({
        local: true,
        notSynced: 'BLOB_TOO_LARGE',
      });
      expect((await listed(a)).find((item) => item.id === small.id)?.notSynced).toBeUndefined();
    },
    TEST_MS,
  );

  it(
    'B10: renaming or moving an attachment moves no bytes',
    async () => {
      const [a, b] = await pair();
      const record = await addAttachment(a, 'photo.png', randomBytes(200_000));
      await waitForAttachments([a, b], 1);
      const before = [a.stats(), b.stats()];

      await a.host.services.attachments.rename(record.id, 'archive/2026/photo.png');
      await waitFor(
        async () => (await listed(b))[0]?.path === 'archive/2026/photo.png',
        () => 'waiting for the rename to reach b',
      );
      await Promise.all([waitForState(a, 'synced'), waitForState(b, 'synced')]);
      for (const [i, device] of [a, b].entries()) {
        const after = device.stats();
        expect(after.blobPuts).toBe(before[i]!.blobPuts);
        expect(after.blobGets).toBe(before[i]!.blobGets);
        expect(after.bytesUploaded + after.bytesDownloaded).toBe(
          before[i]!.bytesUploaded + before[i]!.bytesDownloaded,
        );
      }
    },
    TEST_MS,
  );

  it(
    'B10: one path given other bytes on two devices keeps both; the same bytes stay one attachment',
    async () => {
      const [a, b] = await pair({ relay: true });
      for (const device of [a, b]) device.network!.goOffline();
      await Promise.all([waitForState(a, 'offline'), waitForState(b, 'offline')]);
      const fromA = randomBytes(50_000);
      const fromB = randomBytes(60_000);
      const same = randomBytes(40_000);
      await addAttachment(a, 'photo.png', fromA);
      await addAttachment(b, 'photo.png', fromB);
      await addAttachment(a, 'same.png', same);
      await addAttachment(b, 'same.png', same);
      a.network!.goOnline();
      await waitForState(a, 'synced');
      b.network!.goOnline();

      const synced = await waitForAttachments([a, b], 3);
      expect(synced.map((item) => item.path)).toEqual(['photo 1.png', 'photo.png', 'same.png']);
      // Both sets of bytes are kept; the later record moved and says where it wanted to be.
      expect(new Set(synced.slice(0, 2).map((item) => item.hash))).toEqual(new Set([sha(fromA), sha(fromB)]));
      expect(synced[0]!.renamedFrom).toBe('photo.png');
      expect(synced[1]!.renamedFrom).toBeUndefined();
      expect(synced[2]!.hash).toBe(sha(same));
      for (const device of [a, b]) {
        for (const item of synced) expect(sha(await localBytes(device, item.hash))).toBe(item.hash);
      }
    },
    TEST_MS,
  );

  it(
    'B10: one record given other bytes on two devices keeps both; a rename and new bytes both apply',
    async () => {
      const [a, b] = await pair({ relay: true });
      const original = randomBytes(30_000);
      const doc = await addAttachment(a, 'doc.pdf', original);
      const other = await addAttachment(a, 'scan.pdf', randomBytes(20_000));
      await waitForAttachments([a, b], 2);
      for (const device of [a, b]) device.network!.goOffline();
      await Promise.all([waitForState(a, 'offline'), waitForState(b, 'offline')]);

      const fromA = randomBytes(31_000);
      const fromB = randomBytes(32_000);
      const scanFromB = randomBytes(21_000);
      const replaceBytes = async (device: Device, id: string, path: string, bytes: Buffer) => {
        const { attachments } = device.host.services;
        const { hash, size } = await attachments.blobs.putStream(Readable.from([bytes]));
        await attachments.putRecords([{ id, path, hash, size }]);
      };
      await replaceBytes(a, doc.id, 'doc.pdf', fromA);
      await replaceBytes(b, doc.id, 'doc.pdf', fromB);
      await a.host.services.attachments.rename(other.id, 'scans/scan.pdf');
      await replaceBytes(b, other.id, 'scan.pdf', scanFromB);
      a.network!.goOnline();
      await waitForState(a, 'synced');
      b.network!.goOnline();

      const synced = await waitForAttachments([a, b], 3);
      const docs = synced.filter((item) => item.path.startsWith('doc'));
      expect(docs.map((item) => item.path).sort()).toEqual(['doc 1.pdf', 'doc.pdf']);
      expect(new Set(docs.map((item) => item.hash))).toEqual(new Set([sha(fromA), sha(fromB)]));
      expect(docs.find((item) => item.path === 'doc 1.pdf')!.renamedFrom).toBe('doc.pdf');
      // A's move and B's new bytes of the other record are one version.
      expect(synced.find((item) => item.id === other.id)).toMatchObject({
        path: 'scans/scan.pdf',
        hash: sha(scanFromB),
      });
    },
    TEST_MS,
  );

  it(
    'B3, B8: an upload cut off by a server crash finishes after the restart, and its bytes verify',
    async () => {
      const size = 24 * 1024 * 1024;
      const relay = await startGatedRelay(server, 8 * 1024 * 1024);
      try {
        const [a, b] = await pair({ serverUrl: relay.url });
        const bytes = randomBytes(size);
        const record = await addAttachment(a, 'recording.wav', bytes);
        await relay.paused;
        // Mid-upload: the server dies with part of the body in hand, and comes back.
        await server.kill('SIGKILL');
        await server.start();
        relay.release();

        const [synced] = await waitForAttachments([a, b], 1);
        expect(synced).toMatchObject({ id: record.id, hash: sha(bytes), local: true });
        expect(sha(await localBytes(b, record.hash))).toBe(sha(bytes));
        expect(a.stats().blobPuts).toBeGreaterThanOrEqual(1);
        expect(b.stats().bytesDownloaded).toBe(size);
      } finally {
        await Promise.all(devices.splice(0).map((device) => device.dispose()));
        await relay.close();
      }
    },
    TEST_MS,
  );
});
