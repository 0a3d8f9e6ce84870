import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ownOrigin } from '../admin/console-csrf';
import type { SyncServerConfig } from '../config';
import { createCorsPolicy, isPreflight, websocketOriginAllowed } from '../http/cors';
import {
  API_CSP,
  ALLOWED_METHODS,
  applySecurityHeaders,
  isAllowedMethod,
  requestIsHttps,
  sendJsonRefusal,
} from '../http/security-headers';

/**
 * The first step of every HTTP request and WebSocket upgrade (S20–S23): security headers, CORS,
 * the method allowlist and the upgrade's Origin check, before any route sees the request.
 */
export interface HttpSecurity {
  /** Sets the headers; answers (and returns true for) preflights, OPTIONS and refused methods. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** False after answering 403 on `socket`, for an upgrade from a foreign page. */
  upgradeAllowed(req: IncomingMessage, socket: Duplex): boolean;
  /**
   * S21 for what never reaches the request handler: CONNECT, and methods Node's parser does not
   * know (TRACK, …), which it would answer with a bare 400 and no security headers.
   */
  attach(server: Server): void;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/** A whole answer written straight to a socket, with the API's headers: the connection then ends. */
export function rawRefusal(status: number, error: string, extra: Record<string, string> = {}): string {
  const body = JSON.stringify({ reason: 'INVALID_REQUEST', error });
  const headers: Record<string, string> = {
    connection: 'close',
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-security-policy': API_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    ...extra,
    'content-length': String(Buffer.byteLength(body)),
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n${lines.join('')}\r\n${body}`;
}

const ALLOW = ALLOWED_METHODS.join(', ');

export function createHttpSecurity(
  config: Pick<SyncServerConfig, 'trustProxy' | 'corsOrigins' | 'publicUrl'>,
): HttpSecurity {
  const cors = createCorsPolicy(config.corsOrigins);
  return {
    handle(req, res) {
      applySecurityHeaders(req, res, {
        trustProxy: config.trustProxy,
        crossOriginAllowed: cors.allowedOrigin(req) !== null,
      });
      for (const [name, value] of Object.entries(cors.headersFor(req))) res.setHeader(name, value);
      if (!isAllowedMethod(req.method)) {
        // TRACE would echo the request (its cookies and Authorization) back to the caller.
        sendJsonRefusal(
          res,
          405,
          'INVALID_REQUEST',
          `The sync server does not answer ${String(req.method).slice(0, 20)} requests.`,
          { allow: ALLOW },
        );
        return true;
      }
      if (req.method !== 'OPTIONS') return false;
      if (!isPreflight(req)) {
        res.writeHead(204, { allow: ALLOW });
        res.end();
        return true;
      }
      const answer = cors.preflight(req);
      if (answer.status === 403) {
        sendJsonRefusal(
          res,
          403,
          'INVALID_REQUEST',
          'This origin may not call the sync server.',
          answer.headers,
        );
        return true;
      }
      res.writeHead(204, answer.headers);
      res.end();
      return true;
    },
    upgradeAllowed(req, socket) {
      const own = ownOrigin(req, requestIsHttps(req, config.trustProxy), config.trustProxy);
      if (websocketOriginAllowed(req, cors, [own, config.publicUrl])) return true;
      socket.end(rawRefusal(403, 'This origin may not open a sync connection.'));
      return false;
    },
    attach(server) {
      server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
        socket.end(rawRefusal(405, 'The sync server does not answer CONNECT requests.', { allow: ALLOW }));
      });
      // Node's own answers when nobody listens, plus a 405 for an unknown method; all with headers.
      server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
        if (error.code === 'ECONNRESET' || !socket.writable) {
          socket.destroy();
          return;
        }
        const answer =
          error.code === 'HPE_INVALID_METHOD'
            ? rawRefusal(405, 'The sync server does not answer this method.', { allow: ALLOW })
            : error.code === 'HPE_HEADER_OVERFLOW'
              ? rawRefusal(431, 'The request headers are too large.')
              : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
                ? rawRefusal(408, 'The request took too long to arrive.')
                : rawRefusal(400, 'The request could not be read.');
        socket.end(answer);
      });
    },
  };
}
