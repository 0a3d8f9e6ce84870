import { Writable } from 'node:stream';
import type * as Argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { SYNC_PROTOCOL_VERSION } from '../../src-shared/sync/protocol';
import { createPgClient } from '../../sync-server/db/pg-client';
import { blankQuotedInput } from '../../sync-server/http/log-safety';
import { createServerLogger } from '../../sync-server/server';
import { createTestDatabase } from '../support/postgres';
import {
  httpClient,
  note,
  PASSWORD,
  reasonOf,
  refusal,
  signUp,
  startTestSyncServer,
  syncFields,
  uniqueEmail,
  untypedHttpClient,
  wsClient,
  type TestSyncServer,
} from '../support/sync-server';

/**
 * L12–L14 (docs/sync-protocol.md, "Limits"): input PostgreSQL cannot store (NUL, lone
 * surrogates) and documents nested past what any note needs are refused with a 4xx and a named
 * reason before they reach the database (for sign-up: before the password is hashed), the
 * answer holds no stack or SQL, the server keeps serving, and no log line carries the text.
 */

const hashes = vi.hoisted(() => ({ count: 0 }));
vi.mock('argon2', async (importOriginal) => {
  const real = await importOriginal<typeof Argon2>();
  const hash: typeof real.hash = ((...args: Parameters<typeof real.hash>) => {
    hashes.count += 1;
    return real.hash(...args);
  }) as typeof real.hash;
  return { ...real, hash, default: { ...real, hash } };
});

const HOSTILE = { nul: 'pho\u0000ne', loneHigh: 'pho\uD800ne', loneLow: '\uDC00phone' } as const;

/** A refusal's wire text: a reason, a 4xx, and nothing of a stack or of SQL. */
function expectCleanRefusal(error: Awaited<ReturnType<typeof refusal>>, reason: string): void {
  expect(reasonOf(error)).toBe(reason);
  const data = error.data as { httpStatus?: number } | undefined;
  expect(data?.httpStatus).toBeGreaterThanOrEqual(400);
  expect(data?.httpStatus).toBeLessThan(500);
  const text = JSON.stringify({ message: error.message, data: error.data, shape: error.shape });
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|stack|SELECT|INSERT|UPDATE |postgres|jsonb/i);
}

describe('L12–L14 bad input', () => {
  let t: TestSyncServer;
  let token: string;
  let vaultId: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    t = await startTestSyncServer({ logger: createServerLogger('trace', sink) });
    const grant = await signUp(t.url);
    token = grant.token;
    vaultId = grant.account.vaultId;
  });
  afterAll(async () => t?.close());

  const stillServing = async (): Promise<void> => {
    const answer = await httpClient(t.url).hello.query({
      protocolVersion: SYNC_PROTOCOL_VERSION,
      clientVersion: 'legit',
    });
    expect(answer.protocolVersion).toBe(SYNC_PROTOCOL_VERSION);
  };

  for (const [kind, deviceName] of Object.entries(HOSTILE)) {
    it(`[L12] sign-up with a ${kind} device name is a 400 before the password is hashed`, async () => {
      const before = hashes.count;
      const error = await refusal(
        httpClient(t.url).auth.signUp.mutate({ email: uniqueEmail(), password: PASSWORD, deviceName }),
      );
      expectCleanRefusal(error, 'INVALID_REQUEST');
      expect(hashes.count).toBe(before);
      await stillServing();
    });

    it(`[L12] sign-in with a ${kind} device name is a 400`, async () => {
      const error = await refusal(
        httpClient(t.url).auth.signIn.mutate({ email: uniqueEmail(), password: PASSWORD, deviceName }),
      );
      expectCleanRefusal(error, 'INVALID_REQUEST');
      await stillServing();
    });

    for (const transport of ['http', 'ws'] as const) {
      it(`[L12] a ${kind} deviceId, documentId and foreign vaultId over ${transport} are 400s`, async () => {
        const ws = transport === 'ws' ? wsClient(t.url, token) : null;
        const client = ws ? ws.untyped : untypedHttpClient(t.url, token);
        try {
          const id = deviceName;
          const calls = [
            refusal(client.mutation('auth.revokeDevice', { deviceId: id })),
            refusal(client.query('sync.revisions', { ...syncFields(vaultId), documentId: id, limit: 10 })),
            refusal(client.query('sync.pull', { ...syncFields(`v${id}`), checkpoint: null, batchSize: 10 })),
            refusal(client.query('sync.revisions', { ...syncFields(`v${id}`), documentId: 'n1', limit: 10 })),
          ];
          for (const call of calls) expectCleanRefusal(await call, 'INVALID_REQUEST');
        } finally {
          void ws?.close();
        }
        await stillServing();
      });
    }
  }

  /** One call as raw JSON text: no client can even build a 20,000-level value (its stringify overflows). */
  const callRaw = async (
    transport: 'http' | 'ws',
    method: 'mutation',
    path: string,
    inputJson: string,
  ): Promise<{ status: number; text: string; body: Record<string, unknown> }> => {
    if (transport === 'http') {
      const response = await fetch(`${t.url}/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: inputJson,
      });
      const text = await response.text();
      return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> };
    }
    const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/trpc?connectionParams=1`);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      socket.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
      const answer = new Promise<string>((resolve) =>
        socket.on('message', (data: Buffer) => {
          if (data.toString() !== 'PING') resolve(data.toString());
        }),
      );
      socket.send(`{"id":1,"method":"${method}","params":{"path":"${path}","input":${inputJson}}}`);
      const text = await answer;
      const parsed = JSON.parse(text) as {
        result?: { data?: unknown };
        error?: { data?: { httpStatus?: number } };
      };
      const status = parsed.error ? (parsed.error.data?.httpStatus ?? 0) : 200;
      return {
        status,
        text,
        body: parsed.error ? { error: parsed.error } : { result: parsed.result },
      };
    } finally {
      socket.close();
    }
  };
  const deepJson = (levels: number): string => `${'['.repeat(levels)}"bottom"${']'.repeat(levels)}`;

  for (const transport of ['http', 'ws'] as const) {
    it(`[L13] a document nested 20,000 levels deep is rejected by name over ${transport}; the push answers`, async () => {
      const fields = JSON.stringify(syncFields(vaultId)).slice(0, -1);
      const deepNote = `${JSON.stringify(note(`deep-${transport}`)).slice(0, -1)},"folder":${deepJson(20_000)}}`;
      const input = `${fields},"rows":[{"assumedMasterState":null,"newDocumentState":${deepNote}},{"assumedMasterState":null,"newDocumentState":${JSON.stringify(note(`fine-${transport}`))}}]}`;
      const { status, text } = await callRaw(transport, 'mutation', 'sync.push', input);
      expect(status).toBe(200);
      expect(JSON.parse(text)).toMatchObject({
        result: { data: { rejected: [{ id: `deep-${transport}`, reason: 'INVALID_DOCUMENT' }] } },
      });
      await stillServing();
    });

    it(`[L13] deep nesting in any other input over ${transport} is a 400`, async () => {
      // sync.push: the one call whose body cap (L5) lets 40 KB of brackets through.
      const input = `{"protocolVersion":${SYNC_PROTOCOL_VERSION},"vaultId":"${vaultId}","collection":${deepJson(20_000)},"rows":[]}`;
      const { status, text } = await callRaw(transport, 'mutation', 'sync.push', input);
      expect(status).toBe(400);
      expect(text).toContain('INVALID_REQUEST');
      expect(text).not.toMatch(/stack|SELECT|postgres/i);
      await stillServing();
    });
  }

  it('[L14] a PostgreSQL error that quotes a note is logged without its text', async () => {
    const secret = 'my secret diary entry';
    const database = await createTestDatabase();
    const sql = createPgClient({ connectionString: database.url });
    const lines: string[] = [];
    const logger = createServerLogger(
      'trace',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    try {
      for (const text of [
        `{"title": "${secret} \\u0000"}`,
        `{"title": "${secret}" oops}`,
        `{"title": "${secret} \\ud800"}`,
      ]) {
        const failure = await sql.query('SELECT $1::jsonb', [text]).then(
          () => null,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(Error);
        logger.error({ err: failure }, 'procedure failed');
        logger.error({ err: new Error('wrapped', { cause: failure }) }, 'procedure failed');
      }
      const integer = await sql.query('SELECT $1::integer', [secret]).catch((error: unknown) => error);
      logger.error({ err: integer }, 'procedure failed');
    } finally {
      await sql.close();
      await database.drop();
    }
    expect(lines.length).toBe(7);
    for (const line of lines) expect(line).not.toContain('secret diary');
    expect(lines.join('\n')).toContain('22P02');
    expect(blankQuotedInput('invalid input syntax for type integer: "my secret"')).toBe(
      'invalid input syntax for type integer: "…"',
    );
  });

  it('[L14] no log line of these requests carries the hostile text or a note', () => {
    const all = logLines.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain('pho\\u0000ne');
    expect(all).not.toContain('bottom');
    expect(all).not.toMatch(/"procedure failed"/);
  });
});
