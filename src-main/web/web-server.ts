import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import type { Host } from '../host';
import { contentSecurityPolicy, createStaticHandler } from './static-files';
import { createAttachmentBytes, recordsFromDatabase } from '../attachments/attachment-bytes';
import { createAttachmentHandler, isAttachmentPath } from './attachment-route';
import { createLaunchSession, LAUNCH_KEY_PARAM, type LaunchSession } from './launch-session';
import { LOCKED_PAGE, setHostHeaders } from './host-headers';

export interface WebServer {
  /** The app's address, without the secret. */
  url: string;
  /** The link to print and open: `url` with this launch's key (W1); it sets the cookie. */
  launchUrl: string;
  close(): Promise<void>;
}

export const TRPC_WS_PATH = '/trpc';

/**
 * Web mode: the built renderer over HTTP and the same AppRouter over WebSocket, on loopback
 * only. Only this launch's own page reaches the vault: the socket needs the launch cookie and
 * this server's Origin (W2), the attachments the cookie (W3), and every request one of the Host
 * names the server listens on, so neither another site in the user's browser, nor another
 * program or OS user on this machine, can drive the vault.
 */
export async function startWebServer(options: {
  host: Host;
  rendererDir: string;
  port: number;
  hostname?: string;
}): Promise<WebServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  const attachmentHandler = createAttachmentHandler({
    bytes: createAttachmentBytes({
      records: recordsFromDatabase(options.host.db),
      blobs: options.host.services.attachments.blobs,
    }),
    allowedHosts: () => allowedHosts,
  });
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  const handler = applyWSSHandler({
    wss,
    router: options.host.router,
    createContext: () => options.host.createContext(),
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        options.host.logger.error({ err: error.cause ?? error, path }, 'procedure failed');
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Handlers are attached only now, when the port (in the cookie's name and the origins) is known;
  // no request is read before this synchronous continuation of listen() ends.
  const { port } = server.address() as AddressInfo;
  const origin = `http://${hostname}:${port}`;
  const allowedOrigins = new Set([origin, `http://localhost:${port}`]);
  const allowedHosts = new Set([`${hostname}:${port}`, `localhost:${port}`]);
  const session = createLaunchSession({ port });
  const staticHandler = createStaticHandler({
    root: options.rendererDir,
    csp: contentSecurityPolicy(`ws://${hostname}:${port} ws://localhost:${port}`),
    pageAllowed: (req) => session.hasCookie(req),
    lockedPage: LOCKED_PAGE,
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    setHostHeaders(res);
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden');
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    if (url.searchParams.has(LAUNCH_KEY_PARAM)) {
      exchangeLaunchKey(req, res, url, session);
      return;
    }
    if (!isAttachmentPath(req.url ?? '/')) {
      staticHandler(req, res);
      return;
    }
    if (!session.hasCookie(req)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Unauthorized');
      return;
    }
    attachmentHandler(req, res).catch((error: unknown) => {
      options.host.logger.error({ err: error, url: req.url }, 'serving an attachment failed');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = new URL(req.url ?? '/', origin);
    const requestOrigin = req.headers.origin;
    // W2: a missing Origin is what a local program sends, not a page; it is refused like a foreign one.
    if (
      url.pathname !== TRPC_WS_PATH ||
      !allowedHosts.has(req.headers.host ?? '') ||
      requestOrigin === undefined ||
      !allowedOrigins.has(requestOrigin)
    ) {
      refuse('403 Forbidden');
      return;
    }
    if (!session.hasCookie(req)) {
      refuse('401 Unauthorized');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  return {
    url: `${origin}/`,
    launchUrl: `${origin}/?${LAUNCH_KEY_PARAM}=${session.key}`,
    async close() {
      handler.broadcastReconnectNotification();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      // Browsers keep idle HTTP connections open; without this, close() waits for them forever.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * W1: the key in the link buys the cookie, then a redirect to the same address without the key,
 * so it is not left in the address bar or the history. A wrong or stale key gets the locked page.
 */
function exchangeLaunchKey(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  session: LaunchSession,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  if (!session.keyMatches(url.searchParams.get(LAUNCH_KEY_PARAM))) {
    res
      .writeHead(403, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
      .end(req.method === 'HEAD' ? undefined : LOCKED_PAGE);
    return;
  }
  url.searchParams.delete(LAUNCH_KEY_PARAM);
  res
    .writeHead(303, {
      // Leading slashes collapsed: `//other.example` would be a redirect to another site.
      Location: `/${url.pathname.replace(/^\/+/, '')}${url.search}`,
      'Set-Cookie': session.setCookieHeader(),
      'Cache-Control': 'no-store',
    })
    .end();
}
