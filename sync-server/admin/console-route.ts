import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Serves the built admin console (`npm run build:console` → out/console/) at /admin and /admin/*
 * (docs/sync-protocol.md K5). Hashed assets are cached for a year; index.html never is, so a new
 * build reaches every admin on their next load; any other path under /admin is the single-page
 * app's own route and gets index.html. /admin/api/* belongs to the admin HTTP endpoints (CSV).
 */

export const CONSOLE_PATH = '/admin';
const API_PREFIX = `${CONSOLE_PATH}/api/`;

/** The console runs only its own files: no inline script or style, no framing, no foreign fetch. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

const BASE_HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Admin console not built</title></head>
<body><h1>The admin console is not built</h1>
<p>This sync server has no admin console files yet. In the project folder, run
<code>npm run build:console</code> (or start the server with <code>npm run server</code>, which builds it),
then reload this page.</p></body></html>
`;

/** out/console beside the server: from sync-server/admin/ under tsx, from out/server/ when bundled. */
export function defaultConsoleDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../out/console'), path.resolve(here, '../console')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? candidates[0]!;
}

export type ConsoleRoute = (req: IncomingMessage, res: ServerResponse, pathname: string) => boolean;

/** Answers the request and returns true when `pathname` is the console's; false leaves it to others. */
export function createConsoleRoute(options: { dir?: string } = {}): ConsoleRoute {
  const dir = path.resolve(options.dir ?? defaultConsoleDir());

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: Buffer | string,
  ): void {
    res.writeHead(status, { ...BASE_HEADERS, ...headers, 'content-length': String(Buffer.byteLength(body)) });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** A regular file inside `dir`, or null; never follows `..` out of it. */
  function fileAt(relative: string): string | null {
    const file = path.resolve(dir, `.${path.posix.normalize(`/${relative}`)}`);
    if (file !== dir && !file.startsWith(`${dir}${path.sep}`)) return null;
    try {
      return fs.statSync(file).isFile() ? file : null;
    } catch {
      return null;
    }
  }

  return (req, res, pathname) => {
    if (pathname !== CONSOLE_PATH && !pathname.startsWith(`${CONSOLE_PATH}/`)) return false;
    if (pathname.startsWith(API_PREFIX)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(
        req,
        res,
        405,
        { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
        'Method not allowed.\n',
      );
      return true;
    }
    const index = fileAt('index.html');
    if (!index) {
      send(
        req,
        res,
        503,
        { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
        NOT_BUILT_PAGE,
      );
      return true;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice(CONSOLE_PATH.length + 1));
    } catch {
      send(req, res, 400, { 'content-type': 'text/plain; charset=utf-8' }, 'Bad path.\n');
      return true;
    }
    if (relative.includes('\0')) {
      send(req, res, 400, { 'content-type': 'text/plain; charset=utf-8' }, 'Bad path.\n');
      return true;
    }
    const file = relative === '' || relative === 'index.html' ? index : fileAt(relative);
    if (file && file !== index) {
      const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      // Vite names every asset by its content's hash: a changed file is a new URL.
      const cache = relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      send(req, res, 200, { 'content-type': type, 'cache-control': cache }, fs.readFileSync(file));
      return true;
    }
    // A missing asset is a 404, not the page: a stale tab must not parse HTML as a script.
    if (!file && (relative.startsWith('assets/') || /\.[a-z0-9]{1,8}$/i.test(relative))) {
      send(
        req,
        res,
        404,
        { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
        'Not found.\n',
      );
      return true;
    }
    send(
      req,
      res,
      200,
      { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      fs.readFileSync(index),
    );
    return true;
  };
}
