import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rendererContentSecurityPolicy } from '../../src-shared/security/csp';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** The Electron window's policy plus this host's WebSocket; framing is refused outright. */
export function contentSecurityPolicy(wsOrigin: string): string {
  return `${rendererContentSecurityPolicy({ connectSources: [wsOrigin] })}; frame-ancestors 'none'`;
}

/**
 * Serves the built renderer; unknown paths get index.html (the app has one page). The page itself
 * only goes to a browser that `pageAllowed` admits (W3); the others get `lockedPage` with a 401.
 * Assets stay open: they are the public build, and the page is what reaches the vault.
 */
export function createStaticHandler(options: {
  root: string;
  csp: string;
  pageAllowed: (req: IncomingMessage) => boolean;
  lockedPage: string;
}) {
  const root = path.resolve(options.root);
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end('Bad request');
      return;
    }
    let file = path.resolve(root, '.' + pathname);
    // Never serve outside the renderer folder, whatever the URL says.
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end('Forbidden');
      return;
    }
    if (!isFile(file)) file = path.join(root, 'index.html');
    if (!isFile(file)) {
      res
        .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end("Quire's renderer is not built.");
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (type.startsWith('text/html') && !options.pageAllowed(req)) {
      res
        .writeHead(401, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Security-Policy': options.csp,
          'Cache-Control': 'no-store',
        })
        .end(req.method === 'HEAD' ? undefined : options.lockedPage);
      return;
    }
    const headers: Record<string, string> = {
      'Content-Type': type,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control':
        path.basename(file) === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
    };
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = options.csp;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(file)
      // The build folder can change under a running host (a rebuild); fail the request, not the host.
      .on('error', () => res.destroy())
      .pipe(res);
  };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
