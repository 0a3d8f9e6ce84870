import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { makePrivateDirAsync, PRIVATE_FILE_MODE } from '../vault/private-files';
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { sha256HexSchema } from '../../src-shared/schema/attachment';
import { syncRejectionReasonSchema } from '../../src-shared/sync/protocol';
import { QuireError } from '../errors';
import type { LocalBlobStore } from './local-blob-store';

/**
 * Attachment bytes between this device's `LocalBlobStore` and the sync server's `/blobs/<hash>`
 * (docs/sync-protocol.md B1–B5, B8): HEAD before PUT so only missing bytes go up, GET with
 * `Range` so a broken download resumes where it stopped, every hash verified before the bytes
 * are kept. Streams only: a 200 MB recording never sits in memory.
 *
 * Plain `node:http`, not fetch: a PUT must state its `Content-Length` (B4), which fetch does not
 * let a caller set, and each request's idle timeout belongs to its own socket.
 */

export type BlobMethod = 'HEAD' | 'GET' | 'PUT';

export interface BlobTransferOptions {
  serverUrl: string;
  token: string;
  blobs: LocalBlobStore;
  /** A request with no bytes moving for this long fails as NETWORK (and is retried by the caller). */
  idleTimeoutMs?: number;
  /** Told of every answered request (tests count them: a rename moves no bytes). */
  onRequest?(method: BlobMethod, bytes: number): void;
}

export interface BlobTransfer {
  /** B2: whether the server holds these bytes for this vault. */
  serverHas(hash: string): Promise<boolean>;
  /**
   * B2, B8: uploads the local bytes unless the server has them already. 'missing' when neither
   * side has them (nothing to send); refusals (BLOB_TOO_LARGE…) and lost connections throw.
   */
  upload(hash: string, signal?: AbortSignal): Promise<'uploaded' | 'present' | 'missing'>;
  /**
   * B5, B9: fetches the bytes into the local store, resuming a partial download left by an
   * earlier attempt; BLOB_HASH_MISMATCH (nothing kept) if they do not hash to `hash`.
   */
  download(hash: string, signal?: AbortSignal): Promise<void>;
}

const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
const refusalSchema = z.object({ reason: syncRejectionReasonSchema });

/** The server's `{ reason }`, else UNKNOWN; a 5xx without one is the server's failure. */
function refusal(status: number, body: string): QuireError {
  try {
    const parsed = refusalSchema.safeParse(JSON.parse(body));
    if (parsed.success) return new QuireError(parsed.data.reason);
  } catch {
    // Not JSON: a proxy's page, say.
  }
  return new QuireError(status >= 500 ? 'SERVER_ERROR' : 'UNKNOWN');
}

/** Hashes what passes and counts it. */
function hashing(hash: Hash, counted: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      hash.update(chunk);
      counted.bytes += chunk.length;
      callback(null, chunk);
    },
  });
}

async function readBody(res: http.IncomingMessage, max = 4096): Promise<string> {
  let text = '';
  for await (const chunk of res as AsyncIterable<Buffer>) {
    if (text.length < max) text += chunk.toString('utf8');
  }
  return text.slice(0, max);
}

export function createBlobTransfer(options: BlobTransferOptions): BlobTransfer {
  const { blobs } = options;
  const base = new URL(options.serverUrl);
  const agent = base.protocol === 'https:' ? https : http;
  const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const partialDir = path.join(blobs.dir, 'tmp');
  const partialPath = (hash: string): string => path.join(partialDir, `${hash}.download`);

  const checked = (hash: string): string => {
    if (!sha256HexSchema.safeParse(hash).success) throw new QuireError('INVALID_INPUT');
    return hash;
  };

  /** One request; resolves with the response (the caller consumes its body). */
  function request(
    method: BlobMethod,
    hash: string,
    headers: Record<string, string>,
    body?: Readable,
    signal?: AbortSignal,
  ): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = agent.request(
        new URL(`/blobs/${hash}`, base),
        {
          method,
          headers: { ...headers, authorization: `Bearer ${options.token}` },
          ...(signal ? { signal } : {}),
        },
        resolve,
      );
      req.setTimeout(idleMs, () => req.destroy(new QuireError('NETWORK')));
      req.once('error', (error) =>
        reject(error instanceof QuireError ? error : new QuireError('NETWORK', { cause: error })),
      );
      if (body) {
        body.once('error', (error: Error) => req.destroy(error));
        body.pipe(req);
      } else req.end();
    });
  }

  async function serverHas(hash: string): Promise<boolean> {
    const res = await request('HEAD', checked(hash), {});
    res.resume();
    options.onRequest?.('HEAD', 0);
    if (res.statusCode === 200) return true;
    if (res.statusCode === 404) return false;
    throw refusal(res.statusCode ?? 0, '');
  }

  return {
    serverHas,

    async upload(hash, signal) {
      if (await serverHas(hash)) return 'present';
      const file = blobs.filePath(checked(hash));
      const stat = await fsp.stat(file).catch(() => null);
      if (!stat?.isFile()) return 'missing';
      const res = await request(
        'PUT',
        hash,
        { 'content-length': String(stat.size), 'content-type': 'application/octet-stream' },
        fs.createReadStream(file),
        signal,
      );
      const text = await readBody(res);
      options.onRequest?.('PUT', stat.size);
      if (res.statusCode === 200 || res.statusCode === 201) return 'uploaded';
      throw refusal(res.statusCode ?? 0, text);
    },

    async download(hash, signal) {
      checked(hash);
      if (await blobs.has(hash)) return;
      await makePrivateDirAsync(partialDir);
      const partial = partialPath(hash);
      const hasher = createHash('sha256');
      // Resume: what an earlier attempt kept is hashed first, then only the rest is asked for.
      let offset = 0;
      const existing = await fsp.stat(partial).catch(() => null);
      if (existing?.isFile() && existing.size > 0) {
        await pipeline(fs.createReadStream(partial), hashing(hasher, { bytes: 0 }), nullSink());
        offset = existing.size;
      }
      const res = await request(
        'GET',
        hash,
        offset > 0 ? { range: `bytes=${offset}-` } : {},
        undefined,
        signal,
      );
      const counted = { bytes: 0 };
      try {
        if (res.statusCode === 416) {
          // The partial is at least as long as the blob: start over.
          res.resume();
          await fsp.rm(partial, { force: true });
          throw new QuireError('BLOB_HASH_MISMATCH');
        }
        if (res.statusCode !== 200 && res.statusCode !== 206) {
          throw refusal(res.statusCode ?? 0, await readBody(res));
        }
        // A 200 to a ranged request is the whole blob again.
        const append = res.statusCode === 206;
        const fileHash = append ? hasher : createHash('sha256');
        await pipeline(
          res,
          hashing(fileHash, counted),
          fs.createWriteStream(partial, { flags: append ? 'a' : 'w', mode: PRIVATE_FILE_MODE }),
        );
        if (fileHash.digest('hex') !== hash) {
          await fsp.rm(partial, { force: true });
          throw new QuireError('BLOB_HASH_MISMATCH');
        }
        // Verified: into the content-addressed place, atomically (the same directory tree).
        const target = blobs.filePath(hash);
        await makePrivateDirAsync(path.dirname(target));
        await fsp.rename(partial, target);
      } catch (error) {
        // A broken connection keeps the partial file for the next attempt's Range request.
        if (error instanceof QuireError) throw error;
        throw new QuireError('NETWORK', { cause: error });
      } finally {
        options.onRequest?.('GET', counted.bytes);
      }
    },
  };
}

/** Discards what it is given (hashing an existing partial file needs a destination). */
function nullSink(): Writable {
  return new Writable({ write: (_chunk: Buffer, _encoding, callback) => callback() });
}
