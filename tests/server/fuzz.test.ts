import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionGrant } from '../../src-shared/sync/account';
import { DEFAULT_ABUSE_LIMITS } from '../../sync-server/http/abuse-limits';
import { syncServerRouter } from '../../sync-server/router';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process';
import { httpClient, note, signUp, syncFields, wsClient } from '../support/sync-server';
import { endpointCase, limitCases, wsCase } from './support/fuzz-endpoints';
import {
  AUTH_KINDS,
  authHeaders,
  baseInput,
  rawBodyCase,
  trpcHttpCase,
  type AuthKind,
  type FuzzCase,
  type FuzzIds,
  type FuzzProcedure,
} from './support/fuzz-cases';
import { tableChecksums } from './support/fuzz-checksum';
import { httpProblem, wsProblem } from './support/fuzz-verdict';
import { destroyAgent, send, wsExchange } from './support/fuzz-wire';

/**
 * T2: at least 10,000 malformed, oversized and hostile requests, over HTTP and WebSocket, against a
 * real server process on PostgreSQL. Each must be refused with a 4xx that names a reason, with no
 * stack or SQL text; a legitimate client keeps pushing and pulling (and reading back exactly what
 * it wrote) the whole time; and every table is unchanged but for that client's own rows
 * (support/fuzz-checksum.ts says exactly which rows are left out, and why).
 */

interface ProcedureDef {
  _def: {
    type: 'query' | 'mutation' | 'subscription';
    inputs: { safeParse(value: unknown): { success: boolean; data?: unknown } }[];
  };
}

const RUNS = { trpc: 5_000, rawBodies: 1_200, endpoints: 2_400, ws: 1_500 };
const CONCURRENCY = 6;
const seed = Number(process.env.QUIRE_FUZZ_SEED ?? Date.now() % 2 ** 31);

describe('T2: hostile requests are refused, and nothing else changes', () => {
  let database: TestDatabase;
  let server: SyncServerProcess;
  let inspect: pg.Client;
  let ids: FuzzIds;
  let procedures: FuzzProcedure[];
  let legit: SessionGrant;
  let before: Record<string, string>;
  let started: number;
  let sent = 0;
  const problems = new Map<string, string>();
  let legitLoop: Promise<number>;
  let stopLegit = false;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startSyncServerProcess({ database: { url: database.url } });
    inspect = new pg.Client({ connectionString: database.url });
    await inspect.connect();
    const admin = await signUp(server.url);
    const fuzzer = await signUp(server.url);
    const foreign = await signUp(server.url);
    legit = await signUp(server.url);
    // Something for the foreign ids to point at, and for the checksum to watch.
    await httpClient(server.url, foreign.token).sync.push.mutate({
      ...syncFields(foreign.account.vaultId),
      rows: [{ assumedMasterState: null, newDocumentState: note('foreign-note', { body: 'not yours' }) }],
    });
    await httpClient(server.url, fuzzer.token).sync.push.mutate({
      ...syncFields(fuzzer.account.vaultId),
      rows: [{ assumedMasterState: null, newDocumentState: note('fuzz-doc', { body: 'the fuzzer’s own' }) }],
    });
    ids = {
      token: fuzzer.token,
      adminToken: admin.token,
      email: fuzzer.account.email,
      vaultId: fuzzer.account.vaultId,
      deviceId: fuzzer.account.deviceId,
      foreignVaultId: foreign.account.vaultId,
      foreignDeviceId: foreign.account.deviceId,
      foreignUserId: foreign.account.userId,
    };
    procedures = await Promise.all(
      Object.entries(syncServerRouter._def.procedures as unknown as Record<string, ProcedureDef>).map(
        async ([path, procedure]) => {
          const inputs = procedure._def.inputs;
          const gated = {} as Record<AuthKind, boolean>;
          // Which credentials stop this procedure before its input is read, asked of the server.
          for (const kind of AUTH_KINDS)
            gated[kind] = await refusedBeforeInput(path, procedure._def.type, kind);
          return {
            path,
            type: procedure._def.type,
            parse:
              inputs.length === 0
                ? null
                : (input: unknown) => {
                    // tRPC merges stacked inputs; each schema sees the raw value.
                    const results = inputs.map((schema) => schema.safeParse(input));
                    const ok = results.every((result) => result.success);
                    return { ok, data: ok ? results.map((result) => result.data) : undefined };
                  },
            gated,
          };
        },
      ),
    );
    started = Date.now();
    before = await tableChecksums(inspect, { legitIds: legitIds(), since: started });
    legitLoop = runLegitClient();
  }, 60_000);

  afterAll(async () => {
    stopLegit = true;
    await legitLoop?.catch(() => 0);
    destroyAgent();
    await inspect?.end();
    await server?.stop();
    await database?.drop();
  });

  function legitIds(): string[] {
    return [legit.account.userId, legit.account.vaultId, legit.account.deviceId];
  }

  async function refusedBeforeInput(path: string, type: string, kind: AuthKind): Promise<boolean> {
    const input = JSON.stringify(baseInput(path, ids));
    const headers = authHeaders(kind, ids);
    // Input-less mutations are probed without a session, as they are fuzzed (no self-harm).
    const request =
      type === 'mutation'
        ? {
            method: 'POST',
            path: `/trpc/${path}`,
            headers: { ...headers, 'content-type': 'application/json' },
            body: input,
          }
        : { method: 'GET', path: `/trpc/${path}?input=${encodeURIComponent(input)}`, headers };
    if (type === 'mutation' && (kind === 'valid' || kind === 'admin')) return false;
    if (type === 'subscription') return kind !== 'valid' && kind !== 'admin';
    const answer = await send(server.url, request);
    const reason = /"reason":"([A-Z_]+)"/.exec(answer.body)?.[1];
    return reason === 'UNAUTHENTICATED' || reason === 'NOT_ADMIN';
  }

  /**
   * The legitimate device: pushes a note, pulls from its last checkpoint over WebSocket and must
   * get exactly that note back, over and over until the fuzzing ends. Returns how many rounds.
   */
  async function runLegitClient(): Promise<number> {
    const http = httpClient(server.url, legit.token);
    const ws = wsClient(server.url, legit.token);
    const fields = syncFields(legit.account.vaultId);
    let checkpoint: { id: string; seq: number } | null = null;
    let rounds = 0;
    try {
      while (!stopLegit && rounds < 2_000) {
        const written = note(`legit-${rounds}`, { body: `# Round ${rounds}\nlegitimate text ${rounds}` });
        const pushed = await http.sync.push.mutate({
          ...fields,
          rows: [{ assumedMasterState: null, newDocumentState: written }],
        });
        expect(pushed).toEqual({ conflicts: [], rejected: [] });
        const pulled = await ws.client.sync.pull.query({ ...fields, checkpoint, batchSize: 100 });
        expect(pulled.documents).toEqual([written]);
        checkpoint = pulled.checkpoint as { id: string; seq: number } | null;
        rounds += 1;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return rounds;
    } finally {
      await ws.close();
    }
  }

  async function run(cases: FuzzCase[]): Promise<void> {
    problems.clear();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const fuzz = cases[next++]!;
        sent += 1;
        let problem: string | null;
        try {
          if (fuzz.kind === 'http') problem = httpProblem(fuzz, await send(server.url, fuzz.request));
          else {
            const exchange = await wsExchange(server.url, fuzz.connectionParams, fuzz.frames, {
              expectAnswers: fuzz.expectAnswers,
              quietMs: 150,
            });
            problem = wsProblem(fuzz, exchange);
          }
        } catch (error) {
          problem = `no answer: ${(error as Error).message}`;
        }
        if (problem) {
          const key = `${fuzz.label.replace(/ as \w+$/, '').slice(0, 90)} → ${problem.slice(0, 60)}`;
          if (!problems.has(key)) problems.set(key, problem);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }

  function sample(arbitrary: fc.Arbitrary<FuzzCase>, numRuns: number, offset: number): FuzzCase[] {
    return fc.sample(arbitrary, { numRuns, seed: seed + offset });
  }

  /** The problems found so far, as one readable list (with the seed to replay them). */
  function report(): string[] {
    return [...problems]
      .slice(0, 150)
      .map(([key, problem]) => `${key}\n      ${problem}  [QUIRE_FUZZ_SEED=${seed}]`);
  }

  it('T2: limits + 1 and the few multi-megabyte bodies are refused with a reason', async () => {
    await run(limitCases(ids, DEFAULT_ABUSE_LIMITS.batchCallsMax));
    expect(report()).toEqual([]);
  });

  it(`T2: ${RUNS.trpc} hostile tRPC calls over HTTP, to every procedure`, async () => {
    await run(sample(trpcHttpCase(procedures, ids), RUNS.trpc, 1));
    expect(report()).toEqual([]);
  }, 180_000);

  it(`T2: ${RUNS.rawBodies} bodies that are not JSON, not UTF-8 or 20,000 levels deep`, async () => {
    await run(sample(rawBodyCase(procedures, ids), RUNS.rawBodies, 2));
    expect(report()).toEqual([]);
  }, 180_000);

  it(`T2: ${RUNS.endpoints} requests to every HTTP endpoint with odd methods, paths and headers`, async () => {
    await run(sample(endpointCase(ids), RUNS.endpoints, 3));
    expect(report()).toEqual([]);
  }, 180_000);

  it(`T2: ${RUNS.ws} WebSocket connections with hostile frames and calls`, async () => {
    await run(sample(wsCase(procedures, ids), RUNS.ws, 4));
    expect(report()).toEqual([]);
  }, 180_000);

  it('T2: the legitimate client was served throughout, and every table is as it was but for its rows', async () => {
    stopLegit = true;
    const rounds = await legitLoop;
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(rounds).toBeGreaterThan(10);
    // Its own rows are all there: exactly the notes it pushed, with their text.
    const pulled = await httpClient(server.url, legit.token).sync.pull.query({
      ...syncFields(legit.account.vaultId),
      checkpoint: null,
      batchSize: 2_000,
    });
    expect(pulled.documents.map((document) => document.id).sort()).toEqual(
      Array.from({ length: rounds }, (_, round) => `legit-${round}`).sort(),
    );
    expect(await tableChecksums(inspect, { legitIds: legitIds(), since: started })).toEqual(before);
    expect(server.alive()).toBe(true);
  });
});
