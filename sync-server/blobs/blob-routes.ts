import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import type { SyncRejectionReason } from '../../src-shared/sync/protocol';
import type { AuthService } from '../auth/auth-service';
import type { SqlQueryable } from '../db/sql-client';
import { SyncServerError, type RejectionDetails } from '../errors';
import { putWithinQuota, type UploadQuota } from '../quotas/upload-quota';
import { isBlobHash, type BlobStore } from './blob-store';

export const BLOBS_PATH = '/blobs/';

const STATUS: Partial<Record<SyncRejectionReason, number>> = {
  UNAUTHENTICATED: 401,
  INVALID_REQUEST: 400,
  BLOB_TOO_LARGE: 413,
  BLOB_HASH_MISMATCH: 422,
  QUOTA_EXCEEDED: 413,
  SERVER_ERROR: 500,
};

/**
 * A refusal closes the connection (a PUT's unread body must not be parsed as the next request),
 * except `keepAlive` ones to bodiless requests: a HEAD's 404 is how every upload starts (B2).
 */
function refuse(
  res: ServerResponse,
  reason: SyncRejectionReason,
  status = STATUS[reason] ?? 400,
  keepAlive = false,
  details: RejectionDetails | null = null,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(keepAlive ? {} : { connection: 'close' }),
  });
  res.end(JSON.stringify(details ? { reason, details } : { reason }));
}

/**
 * `HEAD|GET|PUT /blobs/<sha256>` for the vault of the bearer token's session. Errors are JSON
 * `{ reason }` only. A PUT states its Content-Length, which is checked before a byte is read.
 */
export function createBlobRoutes(deps: {
  auth: AuthService;
  store: BlobStore;
  sql: SqlQueryable;
  logger: Logger;
  maxBytes: number;
  /** Q5: the owner's max file size and storage quota; none: only `maxBytes` applies. */
  quota?: UploadQuota;
  /** O3: bytes in and out. */
  metrics?: { blobBytesIn(bytes: number): void; blobBytesOut(bytes: number): void };
}) {
  const { auth, store, sql, logger, maxBytes, quota, metrics } = deps;

  async function handle(req: IncomingMessage, res: ServerResponse, hash: string): Promise<void> {
    const token = req.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const session = token ? await auth.authenticate(token) : null;
    if (!session) return refuse(res, 'UNAUTHENTICATED');
    if (!isBlobHash(hash)) return refuse(res, 'INVALID_REQUEST');
    const vault = session.vaultId;

    if (req.method === 'HEAD' || req.method === 'GET') {
      const stat = await store.stat(vault, hash);
      if (!stat) return refuse(res, 'BLOB_NOT_FOUND', 404, true);
      const range = /^bytes=(\d{1,15})-$/.exec(req.headers.range ?? '');
      const start = range ? Number(range[1]) : 0;
      if (range && start >= stat.size && stat.size > 0) {
        res.writeHead(416, { 'content-range': `bytes */${stat.size}` });
        res.end();
        return;
      }
      const headers: Record<string, string> = {
        'content-type': 'application/octet-stream',
        'content-length': String(stat.size - start),
        etag: `"${hash}"`,
        'accept-ranges': 'bytes',
        'cache-control': 'private, max-age=31536000, immutable',
      };
      if (range) headers['content-range'] = `bytes ${start}-${stat.size - 1}/${stat.size}`;
      if (req.method === 'HEAD') {
        res.writeHead(200, headers);
        res.end();
        return;
      }
      const body = await store.get(vault, hash, { start });
      if (!body) return refuse(res, 'BLOB_NOT_FOUND', 404);
      res.writeHead(range ? 206 : 200, headers);
      // O3: counted as the bytes are handed to the socket, so a finished download is counted whole.
      if (metrics) body.on('data', (chunk: Buffer) => metrics.blobBytesOut(chunk.length));
      await pipeline(body, res).catch(() => res.destroy());
      return;
    }

    if (req.method === 'PUT') {
      const declared = req.headers['content-length'];
      if (declared === undefined || !/^\d{1,15}$/.test(declared)) return refuse(res, 'INVALID_REQUEST', 411);
      if (Number(declared) > maxBytes) return refuse(res, 'BLOB_TOO_LARGE');
      // O3: 201 means the bytes were stored whole (and hashed to `hash`), on either path below.
      res.once('finish', () => {
        if (res.statusCode === 201) metrics?.blobBytesIn(Number(declared));
      });
      if (quota) return putWithinQuota({ quota, store, vault, hash, req, res, maxBytes });
      if (await store.has(vault, hash)) {
        await recordBlob(vault, hash, (await store.stat(vault, hash))?.size ?? Number(declared));
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ size: Number(declared) }));
        return;
      }
      const stat = await store.put(vault, hash, req, { maxBytes: Math.min(maxBytes, Number(declared)) });
      await recordBlob(vault, hash, stat.size);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ size: stat.size }));
      return;
    }
    res.writeHead(405, { allow: 'HEAD, GET, PUT', 'content-type': 'application/json' });
    res.end(JSON.stringify({ reason: 'INVALID_REQUEST' }));
  }

  async function recordBlob(vault: string, hash: string, size: number): Promise<void> {
    await sql.query(
      `INSERT INTO blobs (vault_id, hash, size) VALUES ($1, $2, $3) ON CONFLICT (vault_id, hash) DO NOTHING`,
      [vault, hash, size],
    );
  }

  return (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
    handle(req, res, pathname.slice(BLOBS_PATH.length)).catch((error: unknown) => {
      if (error instanceof SyncServerError) return refuse(res, error.reason, undefined, false, error.details);
      logger.error({ err: error }, 'blob request failed');
      refuse(res, 'SERVER_ERROR');
    });
  };
}
