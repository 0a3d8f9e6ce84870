import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SYNC_PROTOCOL_VERSION } from '../../src-shared/sync/protocol';
import { parseConfig } from '../../sync-server/config';
import { createPgClient } from '../../sync-server/db/pg-client';
import type { SqlClient } from '../../sync-server/db/sql-client';
import type { Session } from '../../sync-server/auth/auth-service';
import type { AbuseLimits } from '../../sync-server/http/abuse-limits';
import { countCalls } from '../../sync-server/http/ws-guard';
import { createSharedSessionCheck } from '../../sync-server/replication/session-recheck';
import { createServerLogger, startSyncServer, type SyncServer } from '../../sync-server/server';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { httpClient, note, signUp, syncFields, uniqueEmail, wsClient } from '../support/sync-server';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process';

/**
 * L1–L9 (docs/sync-protocol.md, "Limits"): each attack of issue 12, bounded, against a real
 * server on a fresh database, asserting the bound functionally (what is refused, what runs, what
 * the database is asked) while a legitimate client keeps being answered. Latency figures are
 * bench/abuse.ts's: tests here assert no timings.
 */

interface Harness {
  server: SyncServer;
  url: string;
  /** Queries the server has sent to the database so far (its SqlClient, counted). */
  queries(): number;
  close(): Promise<void>;
}

async function startHarness(options: {
  limits?: Partial<AbuseLimits>;
  env?: Record<string, string>;
  wsIdleMs?: number;
  sessionRecheckMs?: number;
}): Promise<{ harness: Harness; database: TestDatabase }> {
  const database = await createTestDatabase();
  const parsed = parseConfig({
    DATABASE_URL: database.url,
    PORT: '0',
    LOG_LEVEL: 'silent',
    REGISTRATION: 'open',
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const config = parsed.config;
  if (options.wsIdleMs) config.limits.wsIdleMs = options.wsIdleMs;
  const inner = createPgClient({ connectionString: database.url });
  let count = 0;
  const sql: SqlClient = {
    kind: inner.kind,
    query: (text, params) => {
      count += 1;
      return inner.query(text, params);
    },
    transaction: (fn) => {
      count += 1;
      return inner.transaction(fn);
    },
    listen: (channel, handlers) => inner.listen(channel, handlers),
    close: () => inner.close(),
  };
  const server = await startSyncServer({
    config,
    logger: createServerLogger('silent'),
    sql,
    ...(options.sessionRecheckMs ? { sessionRecheckMs: options.sessionRecheckMs } : {}),
    ...(options.limits ? { abuseLimits: options.limits } : {}),
  });
  const harness: Harness = {
    server,
    url: server.url,
    queries: () => count,
    async close() {
      await server.close();
      await inner.close();
      await database.drop();
    },
  };
  return { harness, database };
}

interface Answer {
  id: string | number | null;
  result?: { type?: string; data?: unknown };
  error?: { message: string; data?: { reason?: string; httpStatus?: number } };
}

/** A socket speaking tRPC's wire format by hand, to send what no tRPC client would. */
async function rawSocket(url: string, token?: string) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/trpc?connectionParams=1`);
  const answers: Answer[] = [];
  const waiters: (() => void)[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    if (text === 'PING') return ws.send('PONG');
    answers.push(JSON.parse(text) as Answer);
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ method: 'connectionParams', data: token ? { token } : {} }));
  return {
    ws,
    answers,
    closed,
    send: (message: unknown) => ws.send(JSON.stringify(message)),
    /** Waits (bounded) until `predicate` holds over the answers so far. */
    async until(predicate: (answers: Answer[]) => boolean, what: string): Promise<void> {
      const deadline = Date.now() + 15_000;
      while (!predicate(answers)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await Promise.race([
          new Promise<void>((resolve) => waiters.push(resolve)),
          new Promise((resolve) => setTimeout(resolve, 50)),
          closed,
        ]);
      }
    },
  };
}

function pullCall(id: number, vaultId: string) {
  return {
    id,
    method: 'query',
    params: { path: 'sync.pull', input: { ...syncFields(vaultId), checkpoint: null, batchSize: 2_000 } },
  };
}

function streamCall(id: number, vaultId: string) {
  return { id, method: 'subscription', params: { path: 'sync.stream', input: syncFields(vaultId) } };
}

const hello = () =>
  httpClient(legitUrl()).hello.query({ protocolVersion: SYNC_PROTOCOL_VERSION, clientVersion: 'legit' });
let legitUrl: () => string = () => '';

describe('L1–L7 (one server, small limits)', () => {
  let harness: Harness;
  let token: string;
  let vaultId: string;

  beforeAll(async () => {
    ({ harness } = await startHarness({
      limits: {
        inFlightCallsPerSocket: 4,
        wsPauseBytes: 256 * 1024,
        wsCloseBytes: 8 * 1024 * 1024,
        wsCeilingGraceMs: 1_000,
      },
      sessionRecheckMs: 100,
    }));
    legitUrl = () => harness.url;
    const grant = await signUp(harness.url);
    token = grant.token;
    vaultId = grant.account.vaultId;
    // 2,000 notes of ~2 KB: a whole-vault pull answers ~4 MB.
    const pusher = wsClient(harness.url, token);
    const rows = Array.from({ length: 2_000 }, (_, i) => ({
      assumedMasterState: null,
      newDocumentState: note(`n${i}`, { body: 'x'.repeat(2_000) }),
    }));
    await pusher.client.sync.push.mutate({ ...syncFields(vaultId), rows });
    void pusher.close();
  }, 60_000);
  afterAll(async () => harness?.close());

  it('[L1] a WebSocket message of 20,000 pull calls is refused whole, once, and runs none', async () => {
    const socket = await rawSocket(harness.url, token);
    // The connection's own first call (and the server's lookup of who it is) come first.
    socket.send([pullCall(1, vaultId)]);
    await socket.until((a) => a.length === 1, 'the first pull');
    socket.answers.length = 0;
    const before = harness.queries();
    socket.send(Array.from({ length: 20_000 }, (_, i) => pullCall(i + 2, vaultId)));
    await socket.until((a) => a.length > 0, 'the refusal');
    // A legitimate call after it is answered, and the batch ran nothing in the database.
    await hello();
    expect(socket.answers).toHaveLength(1);
    expect(socket.answers[0]).toMatchObject({ id: null, error: { data: { reason: 'BATCH_TOO_LARGE' } } });
    expect(harness.queries() - before).toBe(0);
    socket.ws.close();
  });

  it('[L1] [L5] 100,000 unauthenticated hello calls in one frame: the socket is closed unread (1009)', async () => {
    const hellos = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: i + 1,
        method: 'query',
        params: { path: 'hello', input: { protocolVersion: SYNC_PROTOCOL_VERSION, clientVersion: 'x' } },
      }));
    const socket = await rawSocket(harness.url);
    socket.send(hellos(100_000));
    const { code } = await socket.closed;
    expect(code).toBe(1009);
    expect(socket.answers).toHaveLength(0);
    // A small frame of 21 is refused whole by the batch limit instead, answered once.
    const small = await rawSocket(harness.url);
    small.send(hellos(21));
    await small.until((a) => a.length > 0, 'the refusal');
    await hello();
    expect(small.answers).toHaveLength(1);
    expect(small.answers[0]?.error?.data?.reason).toBe('BATCH_TOO_LARGE');
    small.ws.close();
  });

  it('[L1] an HTTP batch longer than the limit is refused', async () => {
    const paths = Array.from({ length: 21 }, () => 'hello').join(',');
    const input = Object.fromEntries(
      Array.from({ length: 21 }, (_, i) => [
        i,
        { protocolVersion: SYNC_PROTOCOL_VERSION, clientVersion: 'x' },
      ]),
    );
    const response = await fetch(
      `${harness.url}/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`,
    );
    expect(response.status).toBe(400);
  });

  it('[L2] calls beyond the in-flight cap of one socket are refused with RATE_LIMITED', async () => {
    const socket = await rawSocket(harness.url, token);
    socket.send(Array.from({ length: 10 }, (_, i) => pullCall(i + 1, vaultId)));
    await socket.until((a) => a.length === 10, 'ten answers');
    const answered = socket.answers.filter((a) => a.result);
    const refused = socket.answers.filter((a) => a.error?.data?.reason === 'RATE_LIMITED');
    expect(answered).toHaveLength(4);
    expect(refused).toHaveLength(6);
    // Once answered, the slots are free again.
    socket.send([pullCall(100, vaultId)]);
    await socket.until((a) => a.some((x) => x.id === 100), 'the next pull');
    expect(socket.answers.find((a) => a.id === 100)?.result).toBeDefined();
    socket.ws.close();
  });

  it('[L3] [L11] streams beyond the caps are refused, and idle streams share their session re-check', async () => {
    const first = await rawSocket(harness.url, token);
    first.send(Array.from({ length: 10 }, (_, i) => streamCall(i + 1, vaultId)));
    await first.until(
      (a) => a.filter((x) => x.result?.type === 'started' || x.error).length >= 10,
      'streams',
    );
    const started = first.answers.filter((a) => a.result?.type === 'started');
    const refused = first.answers.filter((a) => a.error?.data?.reason === 'RATE_LIMITED');
    expect(started).toHaveLength(8);
    expect(refused).toHaveLength(2);
    // The per-device cap holds over a second socket of the same device.
    const second = await rawSocket(harness.url, token);
    second.send([streamCall(1, vaultId)]);
    await second.until((a) => a.length > 0, 'the refusal');
    expect(second.answers[0]?.error?.data?.reason).toBe('RATE_LIMITED');

    // Idle: 8 streams re-checking every 100 ms cost ~1 query per 100 ms together, not 8.
    const before = harness.queries();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const spent = harness.queries() - before;
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(40);
    first.ws.close();
    second.ws.close();
  });

  it("[L3] server-sent-event streams count with the device's WebSocket streams", async () => {
    const other = await signUp(harness.url, uniqueEmail('sse'));
    const socket = await rawSocket(harness.url, other.token);
    socket.send(Array.from({ length: 8 }, (_, i) => streamCall(i + 1, other.account.vaultId)));
    await socket.until((a) => a.filter((x) => x.result?.type === 'started').length === 8, 'eight streams');
    const query = new URLSearchParams({ input: JSON.stringify(syncFields(other.account.vaultId)) });
    const response = await fetch(`${harness.url}/trpc/sync.stream?${query.toString()}`, {
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(response.status).toBe(429);
    const body = (await response.json()) as { error?: { data?: { reason?: string } } };
    expect(body.error?.data?.reason).toBe('RATE_LIMITED');
    socket.ws.close();
  });

  it('[L4] [L5] sign-in bodies over their cap are refused by size, and large bodies past the slots are refused', async () => {
    const post = (path: string, body: Buffer | null, length: number) =>
      new Promise<{ status: number; reason: string | undefined }>((resolve, reject) => {
        const req = http.request(`${harness.url}/trpc/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(length) },
        });
        req.once('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.once('end', () => {
            const parsed = JSON.parse(Buffer.concat(chunks).toString() || '{}') as {
              error?: { data?: { reason?: string } };
            };
            resolve({ status: res.statusCode ?? 0, reason: parsed.error?.data?.reason });
          });
        });
        req.once('error', reject);
        if (body) req.end(body);
        else req.write('{');
      });
    const signIn = await post('auth.signIn', Buffer.alloc(31 * 1024 * 1024, 0x20), 31 * 1024 * 1024);
    expect(signIn).toEqual({ status: 413, reason: 'REQUEST_TOO_LARGE' });

    // Four 5 MB pushes that never finish hold the four slots; a fifth is refused at once.
    const holders = Array.from({ length: 4 }, () =>
      http.request(`${harness.url}/trpc/sync.push`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(5 * 1024 * 1024),
          authorization: `Bearer ${token}`,
        },
      }),
    );
    for (const req of holders) {
      req.on('error', () => undefined);
      req.write('{');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fifth = await post('sync.push', null, 5 * 1024 * 1024).catch(() => null);
    expect(fifth).toEqual({ status: 429, reason: 'RATE_LIMITED' });
    await hello();
    for (const req of holders) req.destroy();
  });

  it('[L6] a client that never reads its answers is paused, then let go; others are served', async () => {
    const socket = await rawSocket(harness.url, token);
    await socket.until(() => true, 'open');
    // Stop reading at the TCP level, as a client that never reads does.
    socket.ws.pause();
    for (let round = 0; round < 8; round += 1) {
      socket.send([1, 2, 3, 4].map((i) => pullCall(round * 10 + i, vaultId)));
    }
    // The server stops reading and, 1 s above 8 MB unsent, ends the socket: after a while, the
    // reader finds a terminated connection (1006) instead of the answers.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    socket.ws.resume();
    const closed = await Promise.race([
      socket.closed,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000)),
    ]);
    expect(closed?.code).toBe(1006);
    expect(socket.answers.filter((a) => a.result).length).toBeLessThan(4);
    await hello();
  }, 30_000);

  it('[L7] a socket sending faster than its message rate is closed with 1008', async () => {
    const socket = await rawSocket(harness.url, token);
    for (let i = 0; i < 400; i += 1) socket.ws.send('PONG');
    const { code } = await socket.closed;
    expect(code).toBe(1008);
    await hello();
  });
});

describe('L8, L9 (connection caps, idle timeout)', () => {
  let harness: Harness;

  beforeAll(async () => {
    ({ harness } = await startHarness({
      env: { MAX_CONNECTIONS_PER_IP: '6', MAX_CONNECTIONS_PER_USER: '3' },
      wsIdleMs: 400,
    }));
    legitUrl = () => harness.url;
  }, 30_000);
  afterAll(async () => harness?.close());

  it('[L8] connections past the per-user cap are closed with 1008', async () => {
    const { token } = await signUp(harness.url, uniqueEmail('caps'));
    const sockets = await Promise.all([1, 2, 3, 4].map(() => rawSocket(harness.url, token)));
    const outcomes = await Promise.race([
      Promise.any(sockets.map((s) => s.closed)),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000)),
    ]);
    expect(outcomes?.code).toBe(1008);
    for (const socket of sockets) socket.ws.close();
    await Promise.all(sockets.map((s) => s.closed));
  });

  it('[L8] connections past the per-address cap are closed with 1008', async () => {
    const sockets = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => rawSocket(harness.url)));
    const first = await Promise.race([
      Promise.any(sockets.map((s) => s.closed)),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000)),
    ]);
    expect(first?.code).toBe(1008);
    for (const socket of sockets) socket.ws.close();
    await Promise.all(sockets.map((s) => s.closed));
    await hello();
  });

  it('[L9] a socket with no stream and no message is closed when idle; one with a stream is kept', async () => {
    const { token, account } = await signUp(harness.url, uniqueEmail('idle'));
    const idle = await rawSocket(harness.url, token);
    const streaming = await rawSocket(harness.url, token);
    streaming.send([streamCall(1, account.vaultId)]);
    const { code } = await idle.closed;
    expect(code).toBe(1000);
    expect(streaming.ws.readyState).toBe(WebSocket.OPEN);
    streaming.ws.close();
  });
});

describe('L4, L5, L6 against a server process: memory stays bounded', () => {
  let database: TestDatabase;
  let server: SyncServerProcess;
  let grant: { token: string; account: { vaultId: string } };

  const rssMb = (): number => {
    const pid = server.pid();
    if (pid === null) throw new Error('the server is not running');
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
  };
  /** Samples the server's RSS every 50 ms while `work` runs; the highest sample. */
  const peakRssDuring = async (work: () => Promise<void>): Promise<number> => {
    let peak = rssMb();
    const timer = setInterval(() => (peak = Math.max(peak, rssMb())), 50);
    try {
      await work();
    } finally {
      clearInterval(timer);
    }
    return Math.max(peak, rssMb());
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startSyncServerProcess({ database: { url: database.url }, registration: 'open' });
    grant = await signUp(server.url);
    legitUrl = () => server.url;
    const pusher = wsClient(server.url, grant.token);
    await pusher.client.sync.push.mutate({
      ...syncFields(grant.account.vaultId),
      rows: Array.from({ length: 2_000 }, (_, i) => ({
        assumedMasterState: null,
        newDocumentState: note(`p${i}`, { body: 'y'.repeat(2_000) }),
      })),
    });
    void pusher.close();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('[L5] 70 concurrent 31 MB sign-in bodies are refused unread; RSS grows by far less than one of them each', async () => {
    const body = Buffer.alloc(31 * 1024 * 1024, 0x20);
    const before = rssMb();
    const statuses: number[] = [];
    const peak = await peakRssDuring(async () => {
      await Promise.all(
        Array.from(
          { length: 70 },
          () =>
            new Promise<void>((resolve) => {
              const req = http.request(`${server.url}/trpc/auth.signIn`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
              });
              req.once('response', (res) => {
                statuses.push(res.statusCode ?? 0);
                res.resume();
                res.once('end', () => resolve());
              });
              // The server closes the connection after its answer: the rest of the write fails.
              req.once('error', () => resolve());
              req.end(body);
            }),
        ),
      );
    });
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 413)).toBe(true);
    // Before: 70 × 31 MB took RSS to 4.4 GB. Reading none of them, the server grows by < 200 MB.
    expect(peak - before).toBeLessThan(200);
    await hello();
  }, 60_000);

  it('[L6] a client that never reads whole-vault pulls costs bounded memory', async () => {
    const socket = await rawSocket(server.url, grant.token);
    await socket.until(() => true, 'open');
    socket.ws.pause();
    const before = rssMb();
    const peak = await peakRssDuring(async () => {
      for (let round = 0; round < 30; round += 1) {
        if (socket.ws.readyState !== WebSocket.OPEN) break;
        socket.send([1, 2, 3, 4].map((i) => pullCall(round * 10 + i, grant.account.vaultId)));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    // 120 pulls of ~4 MB asked: at most 8 run (L2) and reading stops at 4 MB unsent (L6), so the
    // server holds tens of MB for this socket, not the ~500 MB of every answer.
    expect(peak - before).toBeLessThan(250);
    await hello();
    socket.ws.terminate();
  }, 60_000);
});

describe('L1, L11 helpers', () => {
  it('[L1] countCalls counts "method" keys only, and stops at its bound', () => {
    const frame = JSON.stringify([
      { id: 1, method: 'query', params: { input: { body: 'a "method": in text' } } },
      { id: 2, method: 'mutation', params: { input: { tags: ['method'] } } },
    ]);
    expect(countCalls(frame, 100)).toBe(2);
    expect(countCalls(JSON.stringify(Array.from({ length: 50 }, () => ({ method: 'query' }))), 21)).toBe(21);
  });

  it('[L11] periodic re-checks of one token share an answer younger than the period; event re-checks ask', async () => {
    let time = 0;
    let asked = 0;
    let valid = true;
    const check = createSharedSessionCheck({
      authenticate: () => {
        asked += 1;
        return Promise.resolve(valid ? ({ deviceId: 'd1' } as Session) : null);
      },
      maxAgeMs: 1_000,
      now: () => time,
    });
    for (let i = 0; i < 8; i += 1) expect(await check('t', true)).toBe('d1');
    expect(asked).toBe(1);
    valid = false;
    // A revoke's announcement: the stream asks the database, whatever the share holds.
    expect(await check('t', false)).toBeNull();
    expect(asked).toBe(2);
    expect(await check('t', true)).toBeNull();
    time = 1_500;
    expect(await check('t', true)).toBeNull();
    expect(asked).toBe(3);
  });
});
