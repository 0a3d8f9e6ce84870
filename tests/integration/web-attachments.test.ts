import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';
import type { Host } from '../../src-main/host';
import { createTestHost } from '../support/test-host';
import { makeTempDir } from '../support/temp-dir';
import { openWebHostSession, type WebHostSession } from '../support/web-host-session';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>';

describe('web mode: GET /attachments/<sha256>', () => {
  let server: WebServer;
  let session: WebHostSession;
  let host: Host;
  let disposeHost: () => Promise<void>;
  let renderer: ReturnType<typeof makeTempDir>;

  beforeEach(async () => {
    renderer = makeTempDir();
    fs.writeFileSync(path.join(renderer.dir, 'index.html'), '<!doctype html><title>Quire</title>');
    const test = await createTestHost('memory');
    host = test.host;
    disposeHost = test.dispose;
    server = await startWebServer({ host, rendererDir: renderer.dir, port: 0 });
    session = await openWebHostSession(server.launchUrl);
  });
  afterEach(async () => {
    await server.close();
    await disposeHost();
    renderer.cleanup();
  });

  /** Requests as the host's own page makes them: with the launch cookie (W3). */
  const pageFetch = (
    input: string,
    init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  ) => fetch(input, { ...init, headers: { ...session.headers, ...init.headers } });
  async function store(filePath: string, bytes: Buffer | string, mediaType?: string): Promise<string> {
    const { attachments } = host.services;
    const { hash, size } = await attachments.blobs.putStream(Readable.from([Buffer.from(bytes)]));
    await attachments.putRecords([{ path: filePath, hash, size, ...(mediaType ? { mediaType } : {}) }]);
    return hash;
  }
  const url = (hash: string): string => `${server.url}attachments/${hash}`;

  it('streams the bytes with the media type of the record, nosniff and same-origin only', async () => {
    const hash = await store('assets/pixel.png', PNG);
    const response = await pageFetch(url(hash));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-length')).toBe(String(PNG.length));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);

    const head = await pageFetch(url(hash), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(PNG.length));
  });

  it('answers a Range with 206 and exactly that slice, so players can seek', async () => {
    const bytes = Buffer.from('0123456789abcdef');
    const hash = await store('song.mp3', bytes);
    const middle = await pageFetch(url(hash), { headers: { Range: 'bytes=2-5' } });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe('bytes 2-5/16');
    expect(middle.headers.get('content-type')).toBe('audio/mpeg');
    expect(await middle.text()).toBe('2345');

    const open = await pageFetch(url(hash), { headers: { Range: 'bytes=10-' } });
    expect(open.status).toBe(206);
    expect(await open.text()).toBe('abcdef');
    const suffix = await pageFetch(url(hash), { headers: { Range: 'bytes=-3' } });
    expect(await suffix.text()).toBe('def');

    const past = await pageFetch(url(hash), { headers: { Range: 'bytes=16-20' } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */16');
  });

  it('serves an SVG under a CSP that runs nothing', async () => {
    const hash = await store('drawing.svg', SVG);
    const response = await pageFetch(url(hash));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends a page-like file (HTML) as a download, whatever type its record claims', async () => {
    const hash = await store('page.html', '<script>alert(1)</script>', 'text/html');
    const response = await pageFetch(url(hash));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="page.html"; filename*=UTF-8''page.html`,
    );
  });

  it('404s a hash no live attachment has, and one whose record was deleted', async () => {
    const unknown = await pageFetch(url('a'.repeat(64)));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('No such attachment');

    const hash = await store('gone.png', PNG);
    const record = await host.services.attachments.byPath('gone.png');
    await host.services.attachments.delete(record!.id);
    expect((await pageFetch(url(hash))).status).toBe(404);
  });

  it('400s anything that is not a SHA-256 hash, before looking anything up', async () => {
    for (const bad of [
      'abc',
      'A'.repeat(64),
      `${'a'.repeat(64)}/x`,
      '..%2f..%2fpackage.json',
      'g'.repeat(64),
    ]) {
      const response = await pageFetch(url(bad));
      expect(response.status, bad).toBe(400);
    }
  });

  it('refuses other methods, and a Host name the server does not listen on', async () => {
    const hash = await store('pixel.png', PNG);
    expect((await pageFetch(url(hash), { method: 'POST', body: 'x' })).status).toBe(405);

    const { port } = new URL(server.url);
    const status = (hostHeader: string) =>
      new Promise<number>((resolve, reject) => {
        http
          .get(
            {
              host: '127.0.0.1',
              port,
              path: `/attachments/${hash}`,
              headers: { Host: hostHeader, Cookie: session.cookie },
            },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          )
          .on('error', reject);
      });
    expect(await status(`evil.example:${port}`)).toBe(403);
    expect(await status(`localhost:${port}`)).toBe(200);
  });

  it("lets the page load images and media from its own origin and the shell's scheme only", async () => {
    const policy = (await pageFetch(server.url)).headers.get('content-security-policy') ?? '';
    expect(policy).toContain("img-src 'self' data: https: quire-attachment:;");
    expect(policy).toContain("media-src 'self' quire-attachment:;");
    expect(policy).toContain("frame-src 'none'");
    expect(policy).toContain("object-src 'none'");
  });

  it('leaves every other path to the renderer', async () => {
    expect(await (await pageFetch(`${server.url}attachmentsX`)).text()).toContain('<title>Quire</title>');
  });
});
