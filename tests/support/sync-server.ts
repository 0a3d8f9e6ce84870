import {
  createTRPCClient,
  createTRPCUntypedClient,
  createWSClient,
  httpLink,
  TRPCClientError,
  wsLink,
  type TRPCLink,
} from '@trpc/client';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import type { RegistrationMode, SessionGrant } from '../../src-shared/sync/account';
import type { ReplicatedNote } from '../../src-shared/sync/protocol';
import { SYNC_PROTOCOL_VERSION } from '../../src-shared/sync/protocol';
import type { Clock } from '../../sync-server/clock';
import { parseConfig } from '../../sync-server/config';
import { createPgClient } from '../../sync-server/db/pg-client';
import type { SqlClient } from '../../sync-server/db/sql-client';
import type { SyncServerRouter } from '../../sync-server/router';
import { createServerLogger, startSyncServer, type SyncServer } from '../../sync-server/server';
import type { JobOverrides } from '../../sync-server/ops/ops-wiring';
import { registerSecret, testLogDestination } from './log-capture';
import { createTestDatabase, type TestDatabase } from './postgres';

/** A sync server in this process on a fresh PostgreSQL database, plus a connection to inspect it. */
export interface TestSyncServer {
  server: SyncServer;
  database: TestDatabase;
  /** The server's own client (passed in), for assertions on what is stored. */
  sql: SqlClient;
  url: string;
  close(): Promise<void>;
}

export async function startTestSyncServer(
  options: {
    registration?: RegistrationMode;
    sessionRecheckMs?: number;
    clock?: Clock;
    logger?: Logger;
    /** More server settings (METRICS_TOKEN…), applied last. */
    env?: Record<string, string>;
    /** Job schedules and runner intervals (O6). */
    jobs?: JobOverrides;
  } = {},
): Promise<TestSyncServer> {
  const database = await createTestDatabase();
  const parsed = parseConfig({
    DATABASE_URL: database.url,
    PORT: '0',
    LOG_LEVEL: 'silent',
    REGISTRATION: options.registration ?? 'open',
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const sql = createPgClient({ connectionString: database.url });
  // T3: with QUIRE_TEST_LOG_FILE set, every server a test starts logs at trace into that file.
  const logFile = testLogDestination();
  const server = await startSyncServer({
    config: parsed.config,
    logger: options.logger ?? (logFile ? createServerLogger('trace', logFile) : createServerLogger('silent')),
    sql,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.sessionRecheckMs ? { sessionRecheckMs: options.sessionRecheckMs } : {}),
    ...(options.jobs ? { jobs: options.jobs } : {}),
  });
  return {
    server,
    database,
    sql,
    url: server.url,
    async close() {
      await server.close();
      await sql.close();
      await database.drop();
    },
  };
}

/** Node 20 has no global WebSocket; `ws` is what a Node device uses too. */
const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

export function httpLinkFor(url: string, token?: string): TRPCLink<SyncServerRouter> {
  return httpLink({ url: `${url}/trpc`, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

export function httpClient(url: string, token?: string) {
  return createTRPCClient<SyncServerRouter>({ links: [httpLinkFor(url, token)] });
}

/** A WebSocket client authenticating with connectionParams; close() ends its socket. */
export function wsClient(url: string, token?: string) {
  const socket = createWSClient({
    url: `${url.replace(/^http/, 'ws')}/trpc`,
    WebSocket: NodeWebSocket,
    connectionParams: token ? { token } : {},
    // A refused call must surface, not be retried behind the test's back.
    retryDelayMs: () => 60_000,
  });
  const links = [wsLink<SyncServerRouter>({ client: socket })];
  return {
    client: createTRPCClient<SyncServerRouter>({ links }),
    untyped: createTRPCUntypedClient<SyncServerRouter>({ links }),
    close: () => socket.close(),
  };
}

export function untypedHttpClient(url: string, token?: string) {
  return createTRPCUntypedClient<SyncServerRouter>({ links: [httpLinkFor(url, token)] });
}

/** The named reason a server error carries (`data.reason`), or null. */
export function reasonOf(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  const reason = (data as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? reason : null;
}

/** Resolves with the error a call fails with; fails the test if the call succeeds. */
export async function refusal(call: Promise<unknown>): Promise<TRPCClientError<SyncServerRouter>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return error as TRPCClientError<SyncServerRouter>;
    throw error;
  }
  throw new Error('expected the call to be refused, but it succeeded');
}

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${counter}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export const PASSWORD = 'correct horse battery';

export async function signUp(
  url: string,
  email = uniqueEmail(),
  deviceName = 'laptop',
): Promise<SessionGrant> {
  return registered(await httpClient(url).auth.signUp.mutate({ email, password: PASSWORD, deviceName }));
}

/** T3: what a session grant hands out must never reach a log line. */
function registered(grant: SessionGrant): SessionGrant {
  registerSecret(PASSWORD, 'password');
  registerSecret(grant.token, 'token');
  return grant;
}

export async function signIn(url: string, email: string, deviceName = 'phone'): Promise<SessionGrant> {
  return registered(await httpClient(url).auth.signIn.mutate({ email, password: PASSWORD, deviceName }));
}

export function note(id: string, overrides: Partial<ReplicatedNote> = {}): ReplicatedNote {
  // T3: a test's own note text (not the generated "# Note id") must never reach a log line.
  registerSecret(overrides.body, 'note text');
  registerSecret(overrides.title, 'note title');
  return {
    id,
    title: `Note ${id}`,
    body: `# Note ${id}\n`,
    tags: [],
    folder: '',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    trashedAt: 0,
    needsReview: false,
    _deleted: false,
    ...overrides,
  };
}

export function syncFields(vaultId: string) {
  return { protocolVersion: SYNC_PROTOCOL_VERSION, vaultId, collection: 'notes' as const };
}

/**
 * The first event of a subscription over HTTP (server-sent events), skipping the transport's own
 * `connected`/`ping` events; the request is aborted afterwards.
 */
export async function firstSseEvent(
  url: string,
  path: string,
  input: unknown,
  token?: string,
  /** EventSource cannot set headers: `httpSubscriptionLink` puts connectionParams in the query. */
  via: 'header' | 'connectionParams' = 'header',
): Promise<{ kind: 'data' | 'error'; data: unknown }> {
  const controller = new AbortController();
  const query = new URLSearchParams({ input: JSON.stringify(input) });
  if (token && via === 'connectionParams') query.set('connectionParams', JSON.stringify({ token }));
  const response = await fetch(`${url}/trpc/${path}?${query.toString()}`, {
    headers: token && via === 'header' ? { authorization: `Bearer ${token}` } : {},
    signal: controller.signal,
  });
  if (!response.body) throw new Error(`no event stream (HTTP ${response.status})`);
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the event stream ended without an event');
      buffered += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data === undefined || event === 'connected' || event === 'ping') continue;
        if (event === 'serialized-error') return { kind: 'error', data: JSON.parse(data) };
        return { kind: 'data', data: JSON.parse(data) };
      }
    }
  } finally {
    controller.abort();
  }
}
