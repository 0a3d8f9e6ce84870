import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP, createConsoleRoute } from '../../sync-server/admin/console-route';

/** K5 (docs/sync-protocol.md): how the server serves the built admin console at /admin. */

async function serve(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const route = createConsoleRoute({ dir });
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!route(req, res, pathname)) {
      res.writeHead(418);
      res.end('not the console');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('K5: the console route', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-console-'));
  let built: Awaited<ReturnType<typeof serve>>;
  let missing: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.css'), 'body{}');
    fs.writeFileSync(path.join(os.tmpdir(), 'quire-console-secret.txt'), 'secret');
    built = await serve(dir);
    missing = await serve(path.join(dir, 'does-not-exist'));
  });
  afterAll(async () => {
    await built.close();
    await missing.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(path.join(os.tmpdir(), 'quire-console-secret.txt'), { force: true });
  });

  it('serves index.html at /admin and /admin/ with no-store and the strict CSP', async () => {
    for (const at of ['/admin', '/admin/']) {
      const response = await fetch(`${built.url}${at}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).toContain('<title>console</title>');
      const csp = response.headers.get('content-security-policy');
      expect(csp).toBe(CONSOLE_CSP);
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
      ])
        expect(csp).toContain(directive);
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('falls back to index.html for the app’s own routes', async () => {
    const response = await fetch(`${built.url}/admin/users/u_123`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('<title>console</title>');
  });

  it('caches hashed assets for a year, with their content types', async () => {
    const script = await fetch(`${built.url}/admin/assets/index-abc123.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await script.text()).toBe('console.log(1)');
    const style = await fetch(`${built.url}/admin/assets/index-abc123.css`);
    expect(style.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('answers a missing asset 404, never the page, and never leaves its folder', async () => {
    const gone = await fetch(`${built.url}/admin/assets/index-old999.js`);
    expect(gone.status).toBe(404);
    const escape = await fetch(`${built.url}/admin/..%2f..%2fquire-console-secret.txt`);
    expect(escape.status).toBe(404);
    expect(await escape.text()).not.toContain('secret');
    const nul = await fetch(`${built.url}/admin/a%00b`);
    expect(nul.status).toBe(400);
  });

  it('leaves other paths, and /admin/api/*, to the rest of the server', async () => {
    expect((await fetch(`${built.url}/trpc/hello`)).status).toBe(418);
    expect((await fetch(`${built.url}/administrator`)).status).toBe(418);
    expect((await fetch(`${built.url}/admin/api/audit.csv`)).status).toBe(418);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await fetch(`${built.url}/admin`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 503 with the command to run when the console is not built', async () => {
    const response = await fetch(`${missing.url}/admin/users`);
    expect(response.status).toBe(503);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('npm run build:console');
  });
});
