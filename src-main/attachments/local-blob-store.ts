import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { makePrivateDirAsync, PRIVATE_FILE_MODE } from '../vault/private-files';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sha256HexSchema } from '../../src-shared/schema/attachment';
import { QuireError } from '../errors';

/**
 * Attachment bytes on the device's disk, content-addressed by SHA-256: `<dir>/<2 hex>/<hash>`.
 * A write streams into a temporary file beside its target while hashing, then renames it into
 * place, so a reader never sees half a file and identical files are stored once.
 */
export interface LocalBlobStore {
  readonly dir: string;
  putFile(absPath: string, options?: { maxBytes?: number }): Promise<{ hash: string; size: number }>;
  /** With `expectedHash`, bytes that hash otherwise are refused (BLOB_HASH_MISMATCH) and nothing is kept. */
  putStream(
    source: Readable,
    options?: { expectedHash?: string; maxBytes?: number },
  ): Promise<{ hash: string; size: number }>;
  has(hash: string): Promise<boolean>;
  /** Where the bytes of `hash` are (or would be). */
  filePath(hash: string): string;
  openRead(hash: string, options?: { start?: number }): Readable;
  delete(hash: string): Promise<void>;
}

function checkHash(hash: string): string {
  if (!sha256HexSchema.safeParse(hash).success) throw new QuireError('INVALID_INPUT');
  return hash;
}

/** Counts and hashes the bytes passing through; past `maxBytes` it fails with BLOB_TOO_LARGE. */
function hashingCounter(maxBytes: number): Transform & { digest(): { hash: string; size: number } } {
  const hash = createHash('sha256');
  let size = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      size += chunk.length;
      if (size > maxBytes) return callback(new QuireError('BLOB_TOO_LARGE'));
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  return Object.assign(transform, { digest: () => ({ hash: hash.digest('hex'), size }) });
}

export function createLocalBlobStore(options: { dir: string }): LocalBlobStore {
  const dir = path.resolve(options.dir);
  const tmpDir = path.join(dir, 'tmp');
  const filePath = (hash: string): string => path.join(dir, checkHash(hash).slice(0, 2), hash);
  const exists = (file: string): Promise<boolean> =>
    fsp.stat(file).then(
      (stat) => stat.isFile(),
      () => false,
    );

  async function putStream(
    source: Readable,
    opts: { expectedHash?: string; maxBytes?: number } = {},
  ): Promise<{ hash: string; size: number }> {
    if (opts.expectedHash !== undefined) checkHash(opts.expectedHash);
    await makePrivateDirAsync(tmpDir);
    const temp = path.join(tmpDir, `${randomBytes(12).toString('hex')}.part`);
    const counter = hashingCounter(opts.maxBytes ?? Number.MAX_SAFE_INTEGER);
    try {
      await pipeline(source, counter, fs.createWriteStream(temp, { flags: 'wx', mode: PRIVATE_FILE_MODE }));
      const result = counter.digest();
      if (opts.expectedHash !== undefined && result.hash !== opts.expectedHash)
        throw new QuireError('BLOB_HASH_MISMATCH');
      const target = filePath(result.hash);
      if (await exists(target)) {
        await fsp.rm(temp, { force: true });
      } else {
        await makePrivateDirAsync(path.dirname(target));
        await fsp.rename(temp, target);
      }
      return result;
    } catch (error) {
      await fsp.rm(temp, { force: true });
      throw error;
    }
  }

  return {
    dir,
    filePath,
    putStream,
    putFile: (absPath, opts) => putStream(fs.createReadStream(absPath), opts),
    has: (hash) => exists(filePath(hash)),
    openRead: (hash, opts) => fs.createReadStream(filePath(hash), { start: opts?.start ?? 0 }),
    async delete(hash) {
      await fsp.rm(filePath(hash), { force: true });
    },
  };
}
