import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTRPCClient, createWSClient, wsLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';
import type { AppRouter } from '../../src-main/app-router';
import { createTestHost } from '../support/test-host';
import { makeTempDir } from '../support/temp-dir';
import { openWebHostSession, type WebHostSession } from '../support/web-host-session';
import type { NotesChangedEvent } from '../../src-shared/api/notes-api';

describe('web mode host (HTTP + WebSocket)', () => {
  let server: WebServer;
  let session: WebHostSession;
  let disposeHost: () => Promise<void>;
  let renderer: ReturnType<typeof makeTempDir>;
  const clients: ReturnType<typeof createWSClient>[] = [];

  beforeEach(async () => {
    renderer = makeTempDir();
    fs.writeFileSync(path.join(renderer.dir, 'index.html'), '<!doctype html><title>Quire</title>');
    fs.mkdirSync(path.join(renderer.dir, 'assets'));
    fs.writeFileSync(path.join(renderer.dir, 'assets', 'app.js'), 'console.log(1)');
    const test = await createTestHost('memory');
    disposeHost = test.dispose;
    server = await startWebServer({ host: test.host, rendererDir: renderer.dir, port: 0 });
    session = await openWebHostSession(server.launchUrl);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    await server.close();
    await disposeHost();
    renderer.cleanup();
  });

  /** Requests as the host's own page makes them: with the launch cookie (W3). */
  const pageFetch = (
    input: string,
    init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  ) => fetch(input, { ...init, headers: { ...session.headers, ...init.headers } });
  const connect = (): TRPCClient<AppRouter> => {
    const wsClient = createWSClient({
      url: server.url.replace('http', 'ws') + 'trpc',
      WebSocket: session.WebSocket as never,
    });
    clients.push(wsClient);
    return createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  };

  it('listens on loopback only and serves the renderer with a CSP', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await pageFetch(server.url);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Quire</title>');
    const asset = await pageFetch(server.url + 'assets/app.js');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    // Unknown paths fall back to the app; traversal never leaves the renderer folder.
    expect(await (await pageFetch(server.url + 'some/route')).text()).toContain('<title>Quire</title>');
    expect(await (await pageFetch(server.url + '..%2f..%2fpackage.json')).text()).not.toContain('"name"');
  });

  it('serves the router over WebSocket', async () => {
    const api = connect();
    const note = await api.notes.create.mutate({ title: 'From the browser' });
    expect((await api.notes.get.query({ id: note.id })).title).toBe('From the browser');
  });

  it('returns validation errors in plain words, with zod details and no stack', async () => {
    const api = connect();
    const error = await api.notes.create.mutate({ title: 'x'.repeat(400) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const clientError = error as TRPCClientError<AppRouter>;
    expect(clientError.message).toBe(
      'Quire could not accept that input. Title: A title can be at most 300 characters long',
    );
    expect(clientError.data?.reason).toBe('INVALID_INPUT');
    expect(clientError.data?.code).toBe('BAD_REQUEST');
    expect(clientError.data?.zodError?.fieldErrors).toHaveProperty('title');
    expect(JSON.stringify(clientError.shape)).not.toMatch(/stack|at .*\.ts:\d+/);
  });

  it('pushes changes made by one client to another client live', async () => {
    const watcher = connect();
    const writer = connect();
    const events: NotesChangedEvent[] = [];
    const subscription = watcher.notes.changes.subscribe(undefined, {
      onData: (event) => events.push(event),
    });
    await expect.poll(() => events.length).toBe(1);
    const note = await writer.notes.create.mutate({ title: 'shared' });
    await expect.poll(() => events.flatMap((event) => event.ids)).toContain(note.id);
    subscription.unsubscribe();
  });

  it('refuses WebSocket connections from other origins', async () => {
    const socket = new WebSocket(server.url.replace('http', 'ws') + 'trpc', {
      // With the launch cookie: the Origin alone decides here.
      headers: { Cookie: session.cookie, Origin: 'https://evil.example' },
    });
    const outcome = await new Promise<string>((resolve) => {
      socket.on('open', () => resolve('open'));
      socket.on('error', (error) => resolve(error.message));
    });
    expect(outcome).toMatch(/403/);
  });
});
