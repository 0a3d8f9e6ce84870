import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';
import type { Host } from '../../src-main/host';
import { createConfSettingsStore } from '../../src-main/settings/settings-store';
import { createTestHost } from '../support/test-host';
import { makeTempDir } from '../support/temp-dir';
import { openWebHostSession, type WebHostSession } from '../support/web-host-session';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** The status a WebSocket upgrade gets: 101 when it opens, else the HTTP refusal. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

/** A raw GET, for headers fetch() will not send (Host) or requests it would rewrite. */
function rawGet(
  port: number,
  target: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: target, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describe('web host: only its own page reaches the vault', () => {
  let renderer: ReturnType<typeof makeTempDir>;
  let host: Host;
  let disposeHost: () => Promise<void>;
  let server: WebServer;
  let session: WebHostSession;
  let wsUrl: string;
  let port: number;

  beforeAll(() => {
    renderer = makeTempDir();
    fs.writeFileSync(path.join(renderer.dir, 'index.html'), '<!doctype html><title>Quire</title>');
    fs.mkdirSync(path.join(renderer.dir, 'assets'));
    fs.writeFileSync(path.join(renderer.dir, 'assets', 'app.js'), 'console.log(1)');
  });
  afterAll(() => renderer.cleanup());
  beforeEach(async () => {
    const test = await createTestHost('memory');
    host = test.host;
    disposeHost = test.dispose;
    server = await startWebServer({ host, rendererDir: renderer.dir, port: 0 });
    session = await openWebHostSession(server.launchUrl);
    wsUrl = `${server.url.replace('http', 'ws')}trpc`;
    port = Number(new URL(server.url).port);
  });
  afterEach(async () => {
    await server.close();
    await disposeHost();
  });

  it('W1: the launch link trades its key for an httpOnly SameSite=Strict cookie and redirects to the clean URL', async () => {
    const key = new URL(server.launchUrl).searchParams.get('key');
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const answer = await fetch(server.launchUrl, { redirect: 'manual' });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/');
    const cookie = answer.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^quire_web_${port}=[A-Za-z0-9_-]{43}; `));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    // The cookie is not the key: the key never becomes a credential the browser keeps sending.
    expect(cookie).not.toContain(key!);
    expect(answer.headers.get('cache-control')).toBe('no-store');

    // Other query parameters survive; a path cannot turn the redirect into another site's.
    const deep = await fetch(`${server.url}notes/x?view=graph&key=${key}`, { redirect: 'manual' });
    expect(deep.headers.get('location')).toBe('/notes/x?view=graph');
    const sneaky = await rawGet(port, `/.//evil.example/?key=${key}`, {});
    expect(sneaky.status).toBe(303);
    expect(sneaky.headers.location).toMatch(/^\/[^/]/);
  });

  it('W1: a wrong key, or the key of another launch, gets the locked page and no cookie', async () => {
    const other = await startWebServer({ host, rendererDir: renderer.dir, port: 0 });
    try {
      const otherKey = new URL(other.launchUrl).searchParams.get('key')!;
      for (const key of [otherKey, 'x'.repeat(43), '', 'short']) {
        const answer = await fetch(`${server.url}?key=${encodeURIComponent(key)}`, { redirect: 'manual' });
        expect(answer.status, key).toBe(403);
        expect(answer.headers.get('set-cookie'), key).toBeNull();
        expect(await answer.text()).toContain('Open Quire from the link printed in the terminal');
      }
      // Nor does the other launch's cookie open this one (the names differ by port; forge it here).
      const otherSession = await openWebHostSession(other.launchUrl);
      const forged = `quire_web_${port}=${otherSession.cookie.split('=')[1]}`;
      expect((await fetch(server.url, { headers: { Cookie: forged } })).status).toBe(401);
      expect(await upgradeStatus(wsUrl, { Cookie: forged, Origin: session.origin })).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('W3: without the cookie the app page is a locked page, attachments are refused, assets stay open', async () => {
    for (const target of ['', 'index.html', 'some/route']) {
      const locked = await fetch(server.url + target);
      expect(locked.status, target).toBe(401);
      const text = await locked.text();
      expect(text).toContain('Open Quire from the link printed in the terminal');
      expect(text).not.toContain('<title>Quire</title>');
    }
    const page = await fetch(server.url, { headers: session.headers });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Quire</title>');
    expect((await fetch(`${server.url}assets/app.js`)).status).toBe(200);

    const { hash, size } = await host.services.attachments.blobs.putStream(Readable.from([PNG]));
    await host.services.attachments.putRecords([{ path: 'pixel.png', hash, size }]);
    const anonymous = await fetch(`${server.url}attachments/${hash}`);
    expect(anonymous.status).toBe(401);
    expect(Buffer.from(await anonymous.arrayBuffer()).includes(PNG)).toBe(false);
    const withCookie = await fetch(`${server.url}attachments/${hash}`, { headers: session.headers });
    expect(withCookie.status).toBe(200);
    expect(Buffer.from(await withCookie.arrayBuffer())).toEqual(PNG);
  });

  it('W2: the socket opens only with the cookie and this host’s Origin; a missing Origin is refused', async () => {
    expect(await upgradeStatus(wsUrl, { Cookie: session.cookie, Origin: session.origin })).toBe(101);
    expect(await upgradeStatus(wsUrl, { Cookie: session.cookie, Origin: `http://localhost:${port}` })).toBe(
      101,
    );
    // What a local program or another OS user sends: no Origin (with or without a stolen cookie).
    expect(await upgradeStatus(wsUrl, {})).toBe(403);
    expect(await upgradeStatus(wsUrl, { Cookie: session.cookie })).toBe(403);
    expect(await upgradeStatus(wsUrl, { Cookie: session.cookie, Origin: 'null' })).toBe(403);
    expect(
      await upgradeStatus(wsUrl, { Cookie: session.cookie, Origin: `http://127.0.0.1:${port + 1}` }),
    ).toBe(403);
    expect(await upgradeStatus(wsUrl, { Cookie: session.cookie, Origin: 'https://evil.example' })).toBe(403);
    // The right Origin without the cookie: a page of this origin that never opened the link.
    expect(await upgradeStatus(wsUrl, { Origin: session.origin })).toBe(401);
    expect(
      await upgradeStatus(wsUrl, { Cookie: `quire_web_${port}=${'A'.repeat(43)}`, Origin: session.origin }),
    ).toBe(401);
    // DNS rebinding: the browser would send the attacker's Host and Origin.
    expect(
      await upgradeStatus(wsUrl, {
        Cookie: session.cookie,
        Origin: `http://rebind.example:${port}`,
        Host: `rebind.example:${port}`,
      }),
    ).toBe(403);
  });

  it('W2: a socket let in reaches the router', async () => {
    const socket = new session.WebSocket(wsUrl);
    const reply = await new Promise<string>((resolve, reject) => {
      socket.on('open', () =>
        socket.send(
          JSON.stringify({ id: 1, method: 'query', params: { path: 'notes.list', input: { limit: 1 } } }),
        ),
      );
      socket.on('message', (data: Buffer) => resolve(data.toString()));
      socket.on('error', reject);
    });
    socket.close();
    expect(JSON.parse(reply)).toMatchObject({ id: 1, result: { data: { items: [] } } });
  });

  it('W5: COOP, CORP and Permissions-Policy on every response, the CSP kept on pages', async () => {
    const responses = [
      await rawGet(port, '/', {}),
      await rawGet(port, '/', { Cookie: session.cookie }),
      await rawGet(port, '/assets/app.js', {}),
      await rawGet(port, `/?key=${new URL(server.launchUrl).searchParams.get('key')}`, {}),
      await rawGet(port, '/?key=wrong', {}),
      await rawGet(port, `/attachments/${'a'.repeat(64)}`, {}),
      await rawGet(port, `/attachments/${'a'.repeat(64)}`, { Cookie: session.cookie }),
      await rawGet(port, '/', { Host: `evil.example:${port}` }),
    ];
    expect(responses.map((r) => r.status)).toEqual([401, 200, 200, 303, 403, 401, 404, 403]);
    for (const response of responses) {
      expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
      const permissions = String(response.headers['permissions-policy']);
      for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'usb=()'])
        expect(permissions).toContain(feature);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
    for (const page of [responses[0]!, responses[1]!]) {
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('refuses every Host name it does not listen on, not only on attachments', async () => {
    const rebound = await rawGet(port, '/', { Host: `rebind.example:${port}`, Cookie: session.cookie });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain('<title>Quire</title>');
  });
});

describe('W4: the vault is its owner’s alone (0700 folders, 0600 files)', () => {
  const octal = (file: string): string => (fs.statSync(file).mode & 0o777).toString(8);
  let previousUmask: number;
  beforeAll(() => {
    // The usual desktop umask: files would be 0644 and folders 0755 without explicit modes.
    previousUmask = process.umask(0o022);
  });
  afterAll(() => process.umask(previousUmask));

  it('the data dir, the databases with their -wal/-shm, the lock, settings and attachment blobs', async () => {
    const parent = makeTempDir();
    const dataDir = path.join(parent.dir, 'vault');
    // Real settings (conf) and SQLite, as the desktop and web hosts use them.
    const test = await createTestHost('sqlite', {
      dataDir,
      settings: createConfSettingsStore({ cwd: dataDir }),
    });
    try {
      const { host } = test;
      await host.services.notes.create({ title: 'Private', body: 'nobody else reads this' });
      host.services.preferences.update({ previewOpen: true });
      const { hash, size } = await host.services.attachments.blobs.putStream(Readable.from([PNG]));
      await host.services.attachments.putRecords([{ path: 'pixel.png', hash, size }]);
      await host.flush();

      expect(octal(dataDir)).toBe('700');
      const files: string[] = [];
      const dirs: string[] = [];
      const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) {
            dirs.push(full);
            walk(full);
          } else files.push(full);
        }
      };
      walk(dataDir);
      const names = files.map((file) => path.relative(dataDir, file));
      // What this test must have seen for its claim to mean anything.
      expect(names).toEqual(expect.arrayContaining(['quire.lock', expect.stringMatching(/\.sqlite$/)]));
      expect(names.some((name) => name.endsWith('-wal'))).toBe(true);
      expect(names.some((name) => name.endsWith('-shm'))).toBe(true);
      expect(names.some((name) => name.includes(hash))).toBe(true);
      for (const dir of dirs)
        expect(`${path.relative(dataDir, dir)} ${octal(dir)}`).toBe(`${path.relative(dataDir, dir)} 700`);
      for (const file of files)
        expect(`${path.relative(dataDir, file)} ${octal(file)}`).toBe(`${path.relative(dataDir, file)} 600`);
    } finally {
      await test.dispose();
      parent.cleanup();
    }
  });

  it('an existing vault with looser modes is tightened when it is opened', async () => {
    const parent = makeTempDir();
    const dataDir = path.join(parent.dir, 'vault');
    const first = await createTestHost('sqlite', { dataDir });
    await first.host.services.notes.create({ title: 'Old' });
    await first.dispose();
    fs.chmodSync(dataDir, 0o755);
    const dbFiles = fs.readdirSync(path.join(dataDir, 'db')).filter((name) => name.endsWith('.sqlite'));
    expect(dbFiles.length).toBeGreaterThan(0);
    for (const name of dbFiles) fs.chmodSync(path.join(dataDir, 'db', name), 0o644);
    const again = await createTestHost('sqlite', { dataDir });
    try {
      expect(octal(dataDir)).toBe('700');
      for (const name of dbFiles)
        expect(`${name} ${octal(path.join(dataDir, 'db', name))}`).toBe(`${name} 600`);
    } finally {
      await again.dispose();
      parent.cleanup();
    }
  });
});
