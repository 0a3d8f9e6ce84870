import { createTRPCUntypedClient, createWSClient, httpLink, TRPCClientError, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SessionGrant } from '../../src-shared/sync/account';
import { CONSOLE_COOKIE } from '../../sync-server/admin/console-sessions';
import { CONSOLE_HEADER } from '../../sync-server/admin/console-csrf';
import { syncServerRouter, type SyncServerRouter } from '../../sync-server/router';
import {
  httpClient,
  note,
  PASSWORD,
  signIn,
  signUp,
  startTestSyncServer,
  syncFields,
  uniqueEmail,
  type TestSyncServer,
} from '../support/sync-server';
import {
  CALLERS,
  MATRIX,
  type Caller,
  type Expected,
  type MatrixWorld,
  type Party,
} from './authorization-matrix.table';

/**
 * T1: every procedure the router has × every kind of caller, against the table beside this file,
 * over HTTP (and server-sent events) and over WebSocket, on a real server on PostgreSQL.
 */

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription' };
}
const procedures = Object.entries(
  syncServerRouter._def.procedures as unknown as Record<string, ProcedureDef>,
).map(([path, procedure]) => ({ path, type: procedure._def.type }));

/** How a caller presents itself: a bearer token, or the console's cookie and header. */
interface Credentials {
  token?: string;
  consoleCookie?: string;
}

function headersOf(credentials: Credentials): Record<string, string> {
  if (credentials.consoleCookie) {
    return { cookie: `${CONSOLE_COOKIE}=${credentials.consoleCookie}`, [CONSOLE_HEADER]: '1' };
  }
  return credentials.token ? { authorization: `Bearer ${credentials.token}` } : {};
}

function outcomeOfError(error: unknown): Expected {
  if (!(error instanceof TRPCClientError)) throw error;
  const reason = (error.data as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? (reason as Expected) : (`no reason: ${error.message}` as Expected);
}

/** The first event of an SSE subscription, or its refusal; the request is aborted afterwards. */
async function sseOutcome(
  url: string,
  path: string,
  input: unknown,
  credentials: Credentials,
): Promise<Expected> {
  const controller = new AbortController();
  const query = new URLSearchParams({ input: JSON.stringify(input) });
  const response = await fetch(`${url}/trpc/${path}?${query.toString()}`, {
    headers: headersOf(credentials),
    signal: controller.signal,
  });
  try {
    if (!response.ok) {
      const body = (await response.json()) as { error?: { data?: { reason?: string } } };
      return (body.error?.data?.reason ?? `HTTP ${response.status}`) as Expected;
    }
    const reader: ReadableStreamDefaultReader<Uint8Array> = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'the event stream ended without an event' as Expected;
      buffered += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data === undefined || event === 'connected' || event === 'ping') continue;
        if (event === 'serialized-error') {
          return ((JSON.parse(data) as { data?: { reason?: string } }).data?.reason ??
            'no reason') as Expected;
        }
        return 'allow';
      }
    }
  } finally {
    controller.abort();
  }
}

async function httpOutcome(
  url: string,
  procedure: { path: string; type: string },
  input: unknown,
  credentials: Credentials,
): Promise<Expected> {
  if (procedure.type === 'subscription') return sseOutcome(url, procedure.path, input, credentials);
  const client = createTRPCUntypedClient<SyncServerRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: headersOf(credentials) })],
  });
  const call =
    procedure.type === 'query' ? client.query(procedure.path, input) : client.mutation(procedure.path, input);
  return call.then(() => 'allow' as const, outcomeOfError);
}

const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

async function wsOutcome(
  url: string,
  procedure: { path: string; type: string },
  input: unknown,
  token: string | undefined,
): Promise<Expected> {
  const socket = createWSClient({
    url: `${url.replace(/^http/, 'ws')}/trpc`,
    WebSocket: NodeWebSocket,
    connectionParams: token ? { token } : {},
    retryDelayMs: () => 60_000,
  });
  const client = createTRPCUntypedClient<SyncServerRouter>({ links: [wsLink({ client: socket })] });
  try {
    if (procedure.type === 'subscription') {
      return await new Promise<Expected>((resolve) => {
        const subscription = client.subscription(procedure.path, input, {
          onData() {
            subscription.unsubscribe();
            resolve('allow');
          },
          onError: (error: unknown) => resolve(outcomeOfError(error)),
        });
      });
    }
    const call =
      procedure.type === 'query'
        ? client.query(procedure.path, input)
        : client.mutation(procedure.path, input);
    return await call.then(() => 'allow' as const, outcomeOfError);
  } finally {
    await socket.close();
  }
}

function partyOf(grant: SessionGrant): Party {
  const { userId, email, deviceId, vaultId } = grant.account;
  return { userId, email, deviceId, vaultId, token: grant.token };
}

/** Signs the admin into the console over HTTP, the way the console page does; returns the cookie. */
async function consoleSignIn(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/trpc/console.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CONSOLE_HEADER]: '1' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const cookie = new RegExp(`${CONSOLE_COOKIE}=([^;]+)`).exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (!response.ok || !cookie) throw new Error(`console sign-in failed (HTTP ${response.status})`);
  return cookie;
}

describe('T1: the authorization matrix', () => {
  let server: TestSyncServer;
  let admin: Party;
  let member: Party;
  let other: Party;
  let revoked: Party;
  let disabled: Party;
  let adminCookie: string;

  beforeAll(async () => {
    server = await startTestSyncServer();
    // A1: the first account on a fresh server is its administrator.
    admin = partyOf(await signUp(server.url));
    member = partyOf(await signUp(server.url));
    other = partyOf(await signUp(server.url));
    revoked = partyOf(await signIn(server.url, member.email, 'old phone'));
    await httpClient(server.url, member.token).auth.revokeDevice.mutate({ deviceId: revoked.deviceId });
    disabled = partyOf(await signUp(server.url));
    await server.sql.query('UPDATE users SET disabled_at = now() WHERE id = $1', [disabled.userId]);
    adminCookie = await consoleSignIn(server.url, admin.email);
    await httpClient(server.url, member.token).sync.push.mutate({
      ...syncFields(member.vaultId),
      rows: [{ assumedMasterState: null, newDocumentState: note('matrix-seed') }],
    });
  });
  afterAll(() => server?.close());

  it('T1: the table has exactly one row per router procedure, of the same type', () => {
    const fromRouter = Object.fromEntries(procedures.map(({ path, type }) => [path, type]));
    const fromTable = Object.fromEntries(Object.entries(MATRIX).map(([path, row]) => [path, row.type]));
    expect(fromTable).toEqual(fromRouter);
    for (const [path, row] of Object.entries(MATRIX))
      expect(Object.keys(row.expect).sort(), path).toEqual([...CALLERS].sort());
  });

  /** The credentials a caller presents for one cell; a fresh session when the call ends it. */
  async function credentialsFor(caller: Caller, fresh: boolean): Promise<Credentials> {
    const own: Record<Caller, Party | null> = {
      anonymous: null,
      member,
      otherMember: other,
      revoked,
      disabled,
      admin,
      adminConsole: null,
    };
    if (caller === 'adminConsole') {
      return { consoleCookie: fresh ? await consoleSignIn(server.url, admin.email) : adminCookie };
    }
    const party = own[caller];
    if (!party) return {};
    // A revoked or disabled session cannot be made afresh; nothing it calls can end it further.
    if (fresh && (caller === 'member' || caller === 'otherMember' || caller === 'admin')) {
      return { token: (await signIn(server.url, party.email, `matrix ${caller}`)).token };
    }
    return { token: party.token };
  }

  async function freshMember(): Promise<{ userId: string }> {
    const created = await httpClient(server.url, admin.token).admin.users.create.mutate({
      email: uniqueEmail('matrix-fresh'),
      password: 'matrix: a fresh member of the family',
    });
    return { userId: created.userId };
  }

  function worldFor(caller: Caller): MatrixWorld {
    return {
      member,
      admin,
      caller,
      spareMemberDevice: async () => partyOf(await signIn(server.url, member.email, 'spare')),
      // Made by the admin, not signed up: sign-ups from one address are rate-limited (S3).
      freshMember,
      freshInviteId: async () =>
        (await httpClient(server.url, admin.token).admin.invites.create.mutate({})).inviteId,
      memberScheduledForDeletion: async () => {
        const scheduled = await freshMember();
        await httpClient(server.url, admin.token).admin.users.scheduleDeletion.mutate({
          userId: scheduled.userId,
        });
        return scheduled;
      },
    };
  }

  const cells = procedures.flatMap((procedure) =>
    MATRIX[procedure.path] ? CALLERS.map((caller) => ({ procedure, caller })) : [],
  );

  it.each(cells.map((cell) => [cell.procedure.path, cell.caller, cell] as const))(
    'T1 over HTTP: %s as %s',
    async (path, caller, { procedure }) => {
      const row = MATRIX[path]!;
      const credentials = await credentialsFor(caller, row.consumesSession === true);
      const input = await row.input(worldFor(caller));
      expect(await httpOutcome(server.url, procedure, input, credentials)).toBe(row.expect[caller]);
    },
  );

  // The console cookie is HTTP only: a WebSocket never reads it, so that column is HTTP's alone.
  const wsCells = cells.filter((cell) => cell.caller !== 'adminConsole');
  it.each(wsCells.map((cell) => [cell.procedure.path, cell.caller, cell] as const))(
    'T1 over WebSocket: %s as %s',
    async (path, caller, { procedure }) => {
      const row = MATRIX[path]!;
      const { token } = await credentialsFor(caller, row.consumesSession === true);
      const input = await row.input(worldFor(caller));
      expect(await wsOutcome(server.url, procedure, input, token)).toBe(row.expect[caller]);
    },
  );

  it('T1: of all the pushes, only the member’s own landed, and only in the member’s vault', async () => {
    const { rows } = await server.sql.query<{ vault_id: string; id: string }>(
      "SELECT vault_id, id FROM documents WHERE id LIKE 'matrix-%' ORDER BY id",
    );
    expect(rows).toEqual([
      { vault_id: member.vaultId, id: 'matrix-member' },
      { vault_id: member.vaultId, id: 'matrix-seed' },
    ]);
  });
});
