import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import type { Host } from '../host';
import { contentSecurityPolicy, createStaticHandler } from './static-files';
import { createAttachmentBytes, recordsFromDatabase } from '../attachments/attachment-bytes';
import { createAttachmentHandler, isAttachmentPath } from './attachment-route';

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

export const TRPC_WS_PATH = '/trpc';

/**
 * Web mode: the built renderer over HTTP and the same AppRouter over WebSocket, on loopback
 * only. Only pages served by this very server may open the socket (Origin check), so another
 * site in the user's browser cannot drive the vault.
 */
export async function startWebServer(options: {
  host: Host;
  rendererDir: string;
  port: number;
  hostname?: string;
}): Promise<WebServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  let origin = '';
  let wsOrigin = '';
  const allowedHosts = new Set<string>();
  const attachmentHandler = createAttachmentHandler({
    bytes: createAttachmentBytes({
      records: recordsFromDatabase(options.host.db),
      blobs: options.host.services.attachments.blobs,
    }),
    allowedHosts: () => allowedHosts,
  });
  const server = http.createServer((req, res) => {
    if (!isAttachmentPath(req.url ?? '/')) {
      staticHandler(req, res);
      return;
    }
    attachmentHandler(req, res).catch((error: unknown) => {
      options.host.logger.error({ err: error, url: req.url }, 'serving an attachment failed');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end();
    });
  });
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

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const requestOrigin = req.headers.origin;
    const sameOrigin = requestOrigin === origin || requestOrigin === origin.replace('127.0.0.1', 'localhost');
    if (url.pathname !== TRPC_WS_PATH || (requestOrigin !== undefined && !sameOrigin)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${hostname}:${port}`;
  wsOrigin = `ws://${hostname}:${port} ws://localhost:${port}`;
  allowedHosts.add(`${hostname}:${port}`).add(`localhost:${port}`);
  const staticHandler = createStaticHandler({
    root: options.rendererDir,
    csp: contentSecurityPolicy(wsOrigin),
  });

  return {
    url: `${origin}/`,
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
