import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerLogger, leadingRpcId, wantsPretty } from '../../sync-server/ops/logger';
import {
  httpClient,
  note,
  PASSWORD,
  signUp,
  startTestSyncServer,
  syncFields,
  wsClient,
  type TestSyncServer,
} from '../support/sync-server';

interface LogLine {
  msg?: string;
  reqId?: string;
  path?: string;
  type?: string;
  outcome?: string;
  ms?: number;
  status?: number;
}

const SECRET_BODY = 'the-note-text-no-log-may-carry-7f3a';

describe('request ids in the logs', () => {
  let server: TestSyncServer;
  let logged = '';
  const lines = (): LogLine[] =>
    logged
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    server = await startTestSyncServer({ logger: createServerLogger('debug', sink) });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('O2: one id per HTTP request, on its request line and its call line, answered as x-request-id', async () => {
    const asked = await fetch(
      `${server.url}/trpc/hello?input=${encodeURIComponent('{"protocolVersion":3,"clientVersion":"test"}')}`,
      {
        headers: { 'x-request-id': 'proxy-id-123' },
      },
    );
    expect(asked.headers.get('x-request-id')).toBe('proxy-id-123');
    const fresh = await fetch(
      `${server.url}/trpc/hello?input=${encodeURIComponent('{"protocolVersion":3,"clientVersion":"test"}')}`,
    );
    const freshId = fresh.headers.get('x-request-id');
    expect(freshId).toMatch(/^[0-9a-f-]{36}$/);
    // An id that is not a plain token is replaced, not echoed.
    const hostile = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'a b\tc' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    for (const id of ['proxy-id-123', freshId]) {
      const mine = lines().filter((line) => line.reqId === id);
      expect(mine.map((line) => line.msg).sort()).toEqual(['call', 'request']);
      expect(mine.find((line) => line.msg === 'call')).toMatchObject({
        path: 'hello',
        type: 'query',
        outcome: 'ok',
      });
      expect(mine.find((line) => line.msg === 'request')).toMatchObject({ status: 200 });
    }
  });

  it('O2: one id per WebSocket message: the connection id plus the message id; never the input', async () => {
    const grant = await signUp(server.url);
    const before = lines().length;
    const ws = wsClient(server.url, grant.token);
    try {
      await ws.client.auth.me.query();
      await ws.client.sync.push.mutate({
        ...syncFields(grant.account.vaultId),
        rows: [{ assumedMasterState: null, newDocumentState: note('secret', { body: SECRET_BODY }) }],
      });
      await ws.client.sync.pull.query({
        ...syncFields(grant.account.vaultId),
        checkpoint: null,
        batchSize: 10,
      });
    } finally {
      await ws.close();
    }
    const calls = lines()
      .slice(before)
      .filter((line) => line.msg === 'call' && line.path !== undefined);
    expect(calls.map((line) => line.path)).toEqual(['auth.me', 'sync.push', 'sync.pull']);
    const ids = calls.map((line) => line.reqId ?? '');
    const connection = ids[0]!.split('#')[0]!;
    expect(connection).toMatch(/^[0-9a-f-]{36}$/);
    // wsLink numbers its messages 1, 2, 3 on a new client.
    expect(ids).toEqual([`${connection}#1`, `${connection}#2`, `${connection}#3`]);
    for (const call of calls) expect(call.ms).toBeGreaterThanOrEqual(0);
  });

  it('O2: a refused call logs its outcome, not its input', async () => {
    await httpClient(server.url)
      .auth.signIn.mutate({ email: 'nobody@example.com', password: PASSWORD, deviceName: 'x' })
      .catch(() => undefined);
    const refused = lines().find((line) => line.msg === 'call' && line.path === 'auth.signIn');
    expect(refused?.outcome).toBe('UNAUTHORIZED');
    expect(logged).not.toContain(PASSWORD);
    expect(logged).not.toContain(SECRET_BODY);
    expect(logged).not.toContain('nobody@example.com');
  });
});

describe('log format and message ids', () => {
  it('O1: pretty when asked, or on a terminal for auto; JSON otherwise', () => {
    expect(wantsPretty('pretty', false)).toBe(true);
    expect(wantsPretty('auto', true)).toBe(true);
    expect(wantsPretty('auto', false)).toBe(false);
    expect(wantsPretty('json', true)).toBe(false);
  });

  it('O2: a message id is read from the first bytes only, and only when it is a plain token', () => {
    expect(leadingRpcId('{"id":12,"jsonrpc":"2.0","method":"query"}')).toBe('12');
    expect(leadingRpcId('{ "id" : "abc-1", "method":"query"}')).toBe('abc-1');
    expect(leadingRpcId('[{"id":1},{"id":2}]')).toBeNull();
    expect(leadingRpcId('{"method":"query","id":3}')).toBeNull();
    expect(leadingRpcId('{"id":"has space"}')).toBeNull();
  });
});
