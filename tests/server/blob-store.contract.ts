import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobListEntry, BlobStore } from '../../sync-server/blobs/blob-store';

/**
 * BlobStore contract suite: what every store of attachment bytes does, run on the filesystem
 * and on S3 by blob-store.contract.test.ts. Each test uses vaults of its own, so the suite
 * shares one store.
 */

/** One implementation under test, as its contract.test.ts sets it up. */
export interface BlobStoreHarness {
  store: BlobStore;
  /** Anything a write left behind besides finished blobs (temporary files); [] when clean. */
  leftovers?: () => Promise<string[]>;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
const LIMIT = 128 * MiB;
/** More than two 5 MiB parts, so S3 uploads are multipart. */
const MULTI_PART = 12 * MiB + 12_345;
/** The most entries any list in this suite may hold: a list past it is a bug, not a long wait. */
const LIST_BOUND = 1_000;

/** A deterministic payload: `size` bytes in chunks of at most 1 MiB, each marked with its index. */
function payload(base: Buffer, seed: number, size: number) {
  const chunkCount = Math.ceil(size / base.length);
  function* chunks(onChunk?: () => void): Generator<Buffer> {
    for (let i = 0; i < chunkCount; i++) {
      const chunk = Buffer.from(base.subarray(0, Math.min(base.length, size - i * base.length)));
      const mark = ((seed * 65_537) ^ i) >>> 0;
      for (let b = 0; b < Math.min(4, chunk.length); b++) chunk[b] = (mark >>> (8 * b)) & 0xff;
      onChunk?.();
      yield chunk;
    }
  }
  const hasher = createHash('sha256');
  for (const chunk of chunks()) hasher.update(chunk);
  return {
    size,
    hash: hasher.digest('hex'),
    stream: (onChunk?: () => void) => Readable.from(chunks(onChunk), { objectMode: false }),
    bytes: () => Buffer.concat([...chunks()]),
  };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readAll(stream: Readable, maxBytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw new Error(`stream longer than ${maxBytes} bytes`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/** Hashes a stream without keeping it. */
async function hashStream(stream: Readable): Promise<{ hash: string; size: number }> {
  const hasher = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    hasher.update(chunk);
  }
  return { hash: hasher.digest('hex'), size };
}

async function listAll(store: BlobStore, vault: string): Promise<BlobListEntry[]> {
  const entries: BlobListEntry[] = [];
  for await (const entry of store.list(vault)) {
    entries.push(entry);
    if (entries.length > LIST_BOUND) throw new Error(`list(${vault}) passed ${LIST_BOUND} entries`);
  }
  return entries.sort((a, b) => a.hash.localeCompare(b.hash));
}

/** A source that fails after sending `bytesBeforeError` bytes, as a dropped upload does. */
function failingStream(bytesBeforeError: number): Readable {
  return Readable.from(
    (function* () {
      yield Buffer.alloc(bytesBeforeError, 7);
      throw new Error('connection lost');
    })(),
  );
}

export function describeBlobStoreContract(name: string, makeStore: () => Promise<BlobStoreHarness>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let harness: BlobStoreHarness;
    let store: BlobStore;
    let vaultCount = 0;
    const base = randomBytes(MiB);
    const newVault = () => `vault-${++vaultCount}-${randomBytes(4).toString('hex')}`;

    async function expectNothingKept(vault: string, hash: string): Promise<void> {
      expect(await store.has(vault, hash)).toBe(false);
      expect(await store.stat(vault, hash)).toBeNull();
      expect(await store.get(vault, hash)).toBeNull();
      expect(await listAll(store, vault)).toEqual([]);
      if (harness.leftovers) expect(await harness.leftovers()).toEqual([]);
    }

    beforeAll(async () => {
      harness = await makeStore();
      store = harness.store;
    });

    afterAll(async () => {
      await harness.store.close();
      await harness.close();
    });

    it('O7: check() answers for a store that works', async () => {
      await expect(store.check()).resolves.toBeUndefined();
    });

    it('streams a multi-megabyte blob in and out unchanged', async () => {
      const vault = newVault();
      const blob = payload(base, 1, MULTI_PART);
      expect(await store.put(vault, blob.hash, blob.stream(), { maxBytes: LIMIT })).toEqual({
        size: blob.size,
      });
      const out = await store.get(vault, blob.hash);
      expect(out).not.toBeNull();
      expect(await hashStream(out!)).toEqual({ hash: blob.hash, size: blob.size });
    });

    it('keeps a small blob byte for byte, and accepts exactly maxBytes', async () => {
      const vault = newVault();
      const bytes = Buffer.from('hello, attachments\n');
      const hash = sha256(bytes);
      expect(await store.put(vault, hash, Readable.from([bytes]), { maxBytes: bytes.length })).toEqual({
        size: bytes.length,
      });
      expect(await readAll((await store.get(vault, hash))!, LIMIT)).toEqual(bytes);
    });

    it('stores an empty blob', async () => {
      const vault = newVault();
      const hash = sha256(Buffer.alloc(0));
      expect(await store.put(vault, hash, Readable.from([]), { maxBytes: 0 })).toEqual({ size: 0 });
      expect(await store.stat(vault, hash)).toEqual({ size: 0 });
      expect(await readAll((await store.get(vault, hash))!, LIMIT)).toEqual(Buffer.alloc(0));
    });

    it('writing the same hash twice keeps one blob with the same bytes', async () => {
      const vault = newVault();
      const blob = payload(base, 2, 2 * MiB + 17);
      await store.put(vault, blob.hash, blob.stream(), { maxBytes: LIMIT });
      expect(await store.put(vault, blob.hash, blob.stream(), { maxBytes: LIMIT })).toEqual({
        size: blob.size,
      });
      expect(await listAll(store, vault)).toEqual([{ hash: blob.hash, size: blob.size }]);
      expect(await hashStream((await store.get(vault, blob.hash))!)).toEqual({
        hash: blob.hash,
        size: blob.size,
      });
    });

    it('has and stat report a blob only once it is written', async () => {
      const vault = newVault();
      const blob = payload(base, 3, 300_001);
      expect(await store.has(vault, blob.hash)).toBe(false);
      expect(await store.stat(vault, blob.hash)).toBeNull();
      expect(await store.get(vault, blob.hash)).toBeNull();
      await store.put(vault, blob.hash, blob.stream(), { maxBytes: LIMIT });
      expect(await store.has(vault, blob.hash)).toBe(true);
      expect(await store.stat(vault, blob.hash)).toEqual({ size: blob.size });
    });

    it('get from a start byte sends the rest, for resuming a download', async () => {
      const vault = newVault();
      const blob = payload(base, 4, 3 * MiB + 5);
      await store.put(vault, blob.hash, blob.stream(), { maxBytes: LIMIT });
      const bytes = blob.bytes();
      for (const start of [0, 1, 1_000_003, blob.size - 1]) {
        const rest = await readAll((await store.get(vault, blob.hash, { start }))!, LIMIT);
        expect(rest.equals(bytes.subarray(start))).toBe(true);
      }
      for (const start of [blob.size, blob.size + 10]) {
        expect(await readAll((await store.get(vault, blob.hash, { start }))!, LIMIT)).toEqual(
          Buffer.alloc(0),
        );
      }
      expect(await store.get(newVault(), blob.hash, { start: 10 })).toBeNull();
    });

    it('refuses bytes that do not match their hash and keeps nothing', async () => {
      const vault = newVault();
      const small = payload(base, 5, 1_000);
      const other = payload(base, 6, 1_000);
      await expect(store.put(vault, small.hash, other.stream(), { maxBytes: LIMIT })).rejects.toMatchObject({
        reason: 'BLOB_HASH_MISMATCH',
      });
      await expectNothingKept(vault, small.hash);
    });

    it('refuses a multi-part blob that does not match its hash and keeps nothing', async () => {
      const vault = newVault();
      const big = payload(base, 7, MULTI_PART);
      const other = payload(base, 8, MULTI_PART);
      await expect(store.put(vault, big.hash, other.stream(), { maxBytes: LIMIT })).rejects.toMatchObject({
        reason: 'BLOB_HASH_MISMATCH',
      });
      await expectNothingKept(vault, big.hash);
    });

    it('refuses a blob over maxBytes and keeps nothing', async () => {
      const vault = newVault();
      const blob = payload(base, 9, MULTI_PART);
      await expect(
        store.put(vault, blob.hash, blob.stream(), { maxBytes: blob.size - 1 }),
      ).rejects.toMatchObject({
        reason: 'BLOB_TOO_LARGE',
      });
      await expectNothingKept(vault, blob.hash);
      const small = payload(base, 10, 2_000);
      await expect(store.put(vault, small.hash, small.stream(), { maxBytes: 1_999 })).rejects.toMatchObject({
        reason: 'BLOB_TOO_LARGE',
      });
      await expectNothingKept(vault, small.hash);
    });

    it('keeps nothing of a write whose source fails midway', async () => {
      const vault = newVault();
      const hash = sha256(Buffer.alloc(6 * MiB, 7));
      await expect(store.put(vault, hash, failingStream(6 * MiB), { maxBytes: LIMIT })).rejects.toThrow();
      await expectNothingKept(vault, hash);
    });

    it('a vault sees only its own blobs', async () => {
      const [a, b] = [newVault(), newVault()];
      const blob = payload(base, 11, 4_096);
      await store.put(a, blob.hash, blob.stream(), { maxBytes: LIMIT });
      expect(await store.has(b, blob.hash)).toBe(false);
      expect(await store.stat(b, blob.hash)).toBeNull();
      expect(await store.get(b, blob.hash)).toBeNull();
      expect(await listAll(store, b)).toEqual([]);
      await store.delete(b, blob.hash);
      expect(await store.has(a, blob.hash)).toBe(true);
    });

    it('delete removes a blob, and deleting a missing blob is not an error', async () => {
      const vault = newVault();
      const blob = payload(base, 12, 10_000);
      await store.put(vault, blob.hash, blob.stream(), { maxBytes: LIMIT });
      await store.delete(vault, blob.hash);
      expect(await store.has(vault, blob.hash)).toBe(false);
      expect(await store.get(vault, blob.hash)).toBeNull();
      expect(await listAll(store, vault)).toEqual([]);
      await store.delete(vault, blob.hash);
    });

    it('list gives every blob of the vault with its size', async () => {
      const vault = newVault();
      const blobs = [payload(base, 13, 1), payload(base, 14, 70_000), payload(base, 15, MiB + 1)];
      for (const blob of blobs) await store.put(vault, blob.hash, blob.stream(), { maxBytes: LIMIT });
      const expected = blobs
        .map(({ hash, size }) => ({ hash, size }))
        .sort((x, y) => x.hash.localeCompare(y.hash));
      expect(await listAll(store, vault)).toEqual(expected);
      expect(await listAll(store, newVault())).toEqual([]);
    });

    it('refuses vault ids and hashes that are not valid, before touching anything', async () => {
      const vault = newVault();
      const blob = payload(base, 16, 10);
      for (const badVault of ['', '../escape', 'a/b', 'x'.repeat(65)]) {
        await expect(store.has(badVault, blob.hash)).rejects.toMatchObject({ reason: 'INVALID_REQUEST' });
      }
      for (const badHash of [blob.hash.toUpperCase(), blob.hash.slice(1), `../${blob.hash.slice(3)}`]) {
        await expect(store.put(vault, badHash, blob.stream(), { maxBytes: LIMIT })).rejects.toMatchObject({
          reason: 'INVALID_REQUEST',
        });
        await expect(store.get(vault, badHash)).rejects.toMatchObject({ reason: 'INVALID_REQUEST' });
      }
      expect(await listAll(store, vault)).toEqual([]);
    });

    it('streams a 64 MB blob without holding it in memory', async () => {
      const vault = newVault();
      const blob = payload(base, 17, 64 * MiB);
      const before = process.memoryUsage().rss;
      let peak = before;
      const sample = () => {
        peak = Math.max(peak, process.memoryUsage().rss);
      };
      expect(await store.put(vault, blob.hash, blob.stream(sample), { maxBytes: LIMIT })).toEqual({
        size: blob.size,
      });
      sample();
      if (process.env.QUIRE_BLOB_RSS_DEBUG)
        console.log(`${name}: RSS grew ${((peak - before) / MiB).toFixed(1)} MiB`);
      // Coarse: buffering the blob would add 64 MB at least; parts in flight and GC slack stay well under.
      expect(peak - before).toBeLessThan(40 * MiB);
      expect(await store.stat(vault, blob.hash)).toEqual({ size: blob.size });
    });
  });
}
