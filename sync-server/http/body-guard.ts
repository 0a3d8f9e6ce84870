import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SyncServerRouter } from '../router';
import type { SyncRejectionReason } from '../../src-shared/sync/protocol';
import { bodyCapFor, type AbuseLimits, type LargeBodySlots } from './abuse-limits';
import { refusalShape } from './refusals';

/**
 * L4, L5 for HTTP calls at /trpc: the body is read here, before tRPC, against the cap of the
 * procedures the URL names (a sign-in needs a few KB, only a push needs megabytes): refused by
 * Content-Length before a byte is read, or as soon as the stream passes the cap. A body above
 * `largeBodyBytes` needs one of the shared large-body slots, held until the answer is sent, so
 * N concurrent 31 MB bodies cost at most `largeBodiesConcurrent` × 32 MB, not N × that. The body
 * read is handed to tRPC as `req.body` (its node adapter takes a string from there).
 */
function pathText(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    // Malformed escapes: tRPC answers the path as unknown.
    return raw;
  }
}

/** The token an SSE stream authenticates with: the Authorization header or connectionParams. */
function streamToken(req: IncomingMessage): string | null {
  const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return bearer;
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams.get('connectionParams');
  if (!params || params.length > 1024) return null;
  try {
    const parsed: unknown = JSON.parse(params);
    const token =
      typeof parsed === 'object' && parsed !== null ? (parsed as { token?: unknown }).token : null;
    return typeof token === 'string' ? token : null;
  } catch {
    return null;
  }
}

export function createBodyGuard(options: {
  router: SyncServerRouter;
  limits: AbuseLimits;
  slots: LargeBodySlots;
  deviceStreams: Map<string, number>;
  /** tRPC's path prefix, e.g. "/trpc/". */
  basePath: string;
}): (req: IncomingMessage, res: ServerResponse, pathname: string, next: () => void) => void {
  const { router, limits, slots, basePath, deviceStreams } = options;

  const refuse = (
    res: ServerResponse,
    req: IncomingMessage,
    reason: SyncRejectionReason,
    message: string,
  ): void => {
    if (res.headersSent) return;
    const { shape, status } = refusalShape(router, reason, message);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      // The unread rest of the body is not worth keeping the connection for.
      connection: 'close',
    };
    if (reason === 'RATE_LIMITED') headers['retry-after'] = '1';
    res.writeHead(status, headers);
    res.end(JSON.stringify({ error: shape }));
    // Stop reading what is left: it is discarded, never buffered.
    req.unpipe();
    req.resume();
    res.once('finish', () => req.socket.destroySoon());
  };

  return (req, res, pathname, next) => {
    const paths = pathText(pathname.slice(basePath.length)).split(',');
    if (req.method === 'GET' && paths.includes('sync.stream')) {
      // L3 over server-sent events: counted with the device's WebSocket streams.
      const token = streamToken(req);
      if (token !== null) {
        if ((deviceStreams.get(token) ?? 0) >= limits.subscriptionsPerDevice) {
          return refuse(
            res,
            req,
            'RATE_LIMITED',
            `This device has too many live streams open (at most ${limits.subscriptionsPerDevice}).`,
          );
        }
        deviceStreams.set(token, (deviceStreams.get(token) ?? 0) + 1);
        res.once('close', () => {
          const left = (deviceStreams.get(token) ?? 1) - 1;
          if (left <= 0) deviceStreams.delete(token);
          else deviceStreams.set(token, left);
        });
      }
      return next();
    }
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    // L1 (HTTP): tRPC's maxBatchSize answers a long batch; this only keeps the cap computable.
    const cap = Math.max(...paths.slice(0, limits.batchCallsMax + 1).map((p) => bodyCapFor(p, limits)));
    const tooLarge = `The request body is larger than the sync server accepts for this call (${cap.toLocaleString('en-US')} bytes).`;
    const busy = 'The sync server is reading too many large requests at once; try again in a moment.';
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > cap) return refuse(res, req, 'REQUEST_TOO_LARGE', tooLarge);

    let release: (() => void) | null = null;
    if (Number.isFinite(declared) && declared > limits.largeBodyBytes) {
      release = slots.tryAcquire();
      if (!release) return refuse(res, req, 'RATE_LIMITED', busy);
    }
    const done = (): void => release?.();
    res.once('close', done);

    const chunks: Buffer[] = [];
    let bytes = 0;
    let refused = false;
    const stop = (reason: SyncRejectionReason, message: string): void => {
      refused = true;
      chunks.length = 0;
      req.off('data', onData);
      refuse(res, req, reason, message);
    };
    const onData = (chunk: Buffer): void => {
      if (refused) return;
      bytes += chunk.length;
      if (bytes > cap) return stop('REQUEST_TOO_LARGE', tooLarge);
      if (!release && bytes > limits.largeBodyBytes) {
        // A chunked body without Content-Length grew large: it needs a slot now.
        release = slots.tryAcquire();
        if (!release) return stop('RATE_LIMITED', busy);
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('error', () => {
      refused = true;
      chunks.length = 0;
    });
    req.once('end', () => {
      if (refused) return;
      req.off('data', onData);
      (req as IncomingMessage & { body?: string }).body = Buffer.concat(chunks, bytes).toString('utf8');
      chunks.length = 0;
      next();
    });
  };
}
