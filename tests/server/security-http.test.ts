import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CONSOLE_CSP } from '../../sync-server/admin/console-route';
import { API_CSP, HSTS } from '../../sync-server/http/security-headers';
import { startSecurityServer, type SecurityServer } from './security-server';

/** S20–S23: what every HTTP answer carries, which methods are answered, who may call from a page. */

const BASE_HEADERS = {
  'content-security-policy': API_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function expectSecurityHeaders(headers: Headers, where: string): void {
  for (const [name, value] of Object.entries(BASE_HEADERS))
    expect(headers.get(name), `${where}: ${name}`).toBe(value);
}

/** A raw request, for methods fetch() refuses to send (TRACE, TRACK, CONNECT). */
function rawRequest(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(head));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer')));
  });
}

/** Opens a WebSocket to /trpc with the given Origin; resolves with "open" or the refusal's status. */
function openSocket(url: string, origin?: string): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/trpc`, origin ? { origin } : {});
    socket.on('open', () => {
      socket.close();
      resolve('open');
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', (error) => reject(error));
  });
}

describe('S20, S21: headers on every answer, and only known methods', () => {
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(() => server?.close());

  it('S20: /trpc (answers and errors), /healthz, /blobs and 404s all carry the headers', async () => {
    const answers = {
      'trpc error': await fetch(`${server.url}/trpc/auth.me`),
      'trpc unknown procedure': await fetch(`${server.url}/trpc/nope.nothing`),
      healthz: await fetch(`${server.url}/healthz`),
      blobs: await fetch(`${server.url}/blobs/vault/${'a'.repeat(64)}`),
      'not found': await fetch(`${server.url}/no/such/page`),
    };
    expect(answers['trpc error'].status).toBe(401);
    expect(answers.healthz.status).toBe(200);
    expect(answers['not found'].status).toBe(404);
    for (const [where, response] of Object.entries(answers)) {
      expectSecurityHeaders(response.headers, where);
      expect(response.headers.get('strict-transport-security'), where).toBeNull();
    }
  });

  it('S20: the admin console pages keep their own CSP, with the other headers', async () => {
    const page = await fetch(`${server.url}/admin`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('strict-transport-security')).toBe(HSTS);
  });

  it('S20: HSTS only when the request came over HTTPS (here: X-Forwarded-Proto from a trusted proxy)', async () => {
    const viaTls = await fetch(`${server.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaTls.headers.get('strict-transport-security')).toBe(HSTS);
    const plain = await fetch(`${server.url}/healthz`, { headers: { 'x-forwarded-proto': 'http' } });
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });

  it('S21: TRACE, TRACK, CONNECT and unknown methods get a 405 with a JSON reason', async () => {
    for (const [method, target] of [
      ['TRACE', '/trpc/auth.me'],
      ['TRACE', '/healthz'],
      ['TRACK', '/'],
      ['DELETE', '/blobs/x'],
      ['PROPFIND', '/'],
      ['FOO', '/'],
      ['CONNECT', 'example.com:443'],
    ] as const) {
      const answer = await rawRequest(
        server.url,
        `${method} ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      );
      expect(answer, method).toMatch(/^HTTP\/1\.1 405 /);
      expect(answer.toLowerCase(), method).toContain('x-content-type-options: nosniff');
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      expect(JSON.parse(body), method).toMatchObject({ reason: 'INVALID_REQUEST' });
      // TRACE must never echo the request (its headers) back.
      expect(body).not.toContain('Host');
    }
  });

  it('S20: a header Node cannot parse gets a 400 with the headers, not a bare one', async () => {
    const answer = await rawRequest(server.url, `GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer.toLowerCase()).toContain(`content-security-policy: ${API_CSP}`.toLowerCase());
  });

  it('HSTS is not set from X-Forwarded-Proto without TRUST_PROXY', async () => {
    const untrusting = await startSecurityServer();
    try {
      const response = await fetch(`${untrusting.url}/healthz`, {
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(response.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await untrusting.close();
    }
  });
});

describe('S22: CORS is closed by default', () => {
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer();
  });
  afterAll(() => server?.close());

  it('a preflight from any page is refused, and no answer names an origin', async () => {
    const preflight = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const call = await fetch(`${server.url}/healthz`, { headers: { origin: 'https://evil.example' } });
    expect(call.headers.get('access-control-allow-origin')).toBeNull();
    expect(call.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });
});

describe('S22, S23: CORS allowlist and WebSocket origins', () => {
  const allowed = 'https://notes.example.com';
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer({ env: { CORS_ORIGINS: `${allowed}, https://other.example.org` } });
  });
  afterAll(() => server?.close());

  it('an allowlisted origin gets its preflight answered 204 and its answers shared, without credentials', async () => {
    const preflight = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: 'OPTIONS',
      headers: {
        origin: allowed,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, x-request-id, trpc-accept',
    );
    expect(Number(preflight.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    expect(preflight.headers.get('vary')).toContain('Origin');

    const call = await fetch(`${server.url}/trpc/auth.me`, { headers: { origin: allowed } });
    expect(call.status).toBe(401);
    expect(call.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(call.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(call.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('another origin gets no CORS headers, and a 403 for its preflight', async () => {
    const preflight = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: 'OPTIONS',
      headers: { origin: 'https://notes.example.com.evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const call = await fetch(`${server.url}/healthz`, { headers: { origin: 'http://notes.example.com' } });
    expect(call.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('S23: a WebSocket from a foreign page is refused 403; Node clients, own and allowlisted origins open', async () => {
    expect(await openSocket(server.url, 'https://evil.example')).toBe(403);
    expect(await openSocket(server.url, 'null')).toBe(403);
    expect(await openSocket(server.url)).toBe('open');
    expect(await openSocket(server.url, allowed)).toBe('open');
    expect(await openSocket(server.url, server.url)).toBe('open');
  });
});
