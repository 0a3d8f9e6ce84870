import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { z } from 'zod';
import { vaultIdSchema } from '../../src-shared/sync/protocol';
import { rejection } from '../errors';

/** A blob's name: the SHA-256 of its bytes, in lowercase hex. */
export const blobHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'A blob hash is 64 lowercase hex digits');
export type BlobHash = z.infer<typeof blobHashSchema>;

export interface BlobStat {
  size: number;
}

export interface BlobListEntry {
  hash: BlobHash;
  size: number;
}

export interface PutBlobOptions {
  /** The most bytes accepted; one more and the write is refused with BLOB_TOO_LARGE. */
  maxBytes: number;
}

export interface GetBlobOptions {
  /** The first byte to send (to resume a download); at or past the end gives an empty stream. */
  start?: number;
}

/**
 * Where the server keeps attachment bytes, content-addressed by SHA-256 and scoped to a vault.
 * Implementations: the filesystem (`createFsBlobStore`, the default) and any S3-compatible
 * service (`createS3BlobStore`). Their shared rules are tests/server/blob-store.contract.ts.
 *
 * Invalid vault ids or hashes are refused with INVALID_REQUEST before anything is touched.
 */
export interface BlobStore {
  has(vault: string, hash: string): Promise<boolean>;
  stat(vault: string, hash: string): Promise<BlobStat | null>;
  /**
   * Streams `source` into the store, hashing as it goes; never holds the whole blob in memory.
   * Refuses with BLOB_TOO_LARGE past `maxBytes` and BLOB_HASH_MISMATCH when the bytes do not
   * hash to `hash`; either way nothing of the write is kept. Writing a hash again is harmless.
   */
  put(vault: string, hash: string, source: Readable, options: PutBlobOptions): Promise<BlobStat>;
  /** The bytes from `start` on, streamed; null when the vault has no such blob. */
  get(vault: string, hash: string, options?: GetBlobOptions): Promise<Readable | null>;
  /** Removes the blob; removing one that is not there is not an error. */
  delete(vault: string, hash: string): Promise<void>;
  /** Every blob of the vault, in no particular order (for garbage collection). */
  list(vault: string): AsyncIterable<BlobListEntry>;
  /** O7: a cheap sign the store is reachable and writable (health page); rejects saying why. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** The vault and hash, validated: both become parts of paths or object keys. */
export function blobAddress(vault: string, hash: string): { vault: string; hash: BlobHash } {
  const parsedVault = vaultIdSchema.safeParse(vault);
  const parsedHash = blobHashSchema.safeParse(hash);
  if (!parsedVault.success || !parsedHash.success) throw rejection('INVALID_REQUEST');
  return { vault: parsedVault.data, hash: parsedHash.data };
}

export function isBlobHash(name: string): name is BlobHash {
  return blobHashSchema.safeParse(name).success;
}

export function checkMaxBytes(maxBytes: number): void {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw rejection('INVALID_REQUEST');
}

export function checkStart(start: number | undefined): number {
  const value = start ?? 0;
  if (!Number.isSafeInteger(value) || value < 0) throw rejection('INVALID_REQUEST');
  return value;
}

/**
 * Counts and hashes bytes as they pass, one chunk at a time. `add` throws BLOB_TOO_LARGE as
 * soon as the count passes the limit; `finish` throws BLOB_HASH_MISMATCH unless the bytes seen
 * hash to the expected value.
 */
export class BlobMeter {
  private readonly hasher: Hash = createHash('sha256');
  size = 0;

  constructor(
    private readonly expected: BlobHash,
    private readonly maxBytes: number,
  ) {}

  add(chunk: unknown): Buffer {
    const bytes = toBuffer(chunk);
    this.size += bytes.length;
    if (this.size > this.maxBytes) throw rejection('BLOB_TOO_LARGE');
    this.hasher.update(bytes);
    return bytes;
  }

  private digest: string | undefined;

  /** Once the last byte is in; may be called again (the digest is kept). */
  finish(): BlobStat {
    this.digest ??= this.hasher.digest('hex');
    if (this.digest !== this.expected) throw rejection('BLOB_HASH_MISMATCH');
    return { size: this.size };
  }
}

/** A pass-through stream that meters what flows and fails (before ending) on a refusal. */
export function meteringStream(meter: BlobMeter): Transform {
  return new Transform({
    transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback) {
      try {
        callback(null, meter.add(chunk));
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        meter.finish();
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw rejection('INVALID_REQUEST');
}
