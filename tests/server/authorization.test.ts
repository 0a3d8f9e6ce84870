import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodObject } from 'zod';
import type { SessionGrant } from '../../src-shared/sync/account';
import { syncServerRouter } from '../../sync-server/router';
import {
  firstSseEvent,
  httpClient,
  note,
  PASSWORD,
  signIn,
  signUp,
  startTestSyncServer,
  syncFields,
  uniqueEmail,
  untypedHttpClient,
  wsClient,
  type TestSyncServer,
} from '../support/sync-server';

/**
 * A5 and R3 over the real server (HTTP and WebSocket) on PostgreSQL. The procedures are read
 * from the router itself, so a procedure added later is covered without touching this file.
 */

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; inputs: unknown[] };
}
const procedures = Object.entries(
  syncServerRouter._def.procedures as unknown as Record<string, ProcedureDef>,
).map(([path, procedure]) => ({
  path,
  type: procedure._def.type,
  // R3 applies to every procedure whose input names a vault.
  vaultScoped: procedure._def.inputs.some((input) => input instanceof ZodObject && 'vaultId' in input.shape),
}));
const PUBLIC = ['hello', 'auth.signUp', 'auth.signIn'];
/**
 * K2: the console's own sign-in and sign-out answer only requests with its header, whatever the
 * session; they are refused like the others without one, and T1 (authorization-matrix.test.ts)
 * covers them with the console's cookie and header.
 */
const CONSOLE_ONLY = ['console.signIn', 'console.signOut'];
const guarded = procedures.filter((procedure) => !PUBLIC.includes(procedure.path));
const vaultScoped = procedures.filter((procedure) => procedure.vaultScoped);

type Outcome =
  { ok: true; data: unknown } | { ok: false; code: string | null; reason: string | null; message: string };

function fromErrorShape(shape: unknown): Outcome {
  const { message, data } = shape as { message?: string; data?: { code?: string; reason?: string | null } };
  return { ok: false, code: data?.code ?? null, reason: data?.reason ?? null, message: message ?? '' };
}

function fromError(error: unknown): Outcome {
  if (!(error instanceof TRPCClientError)) throw error;
  return fromErrorShape({ message: error.message, data: error.data as unknown });
}

type Transport = 'http' | 'ws';

/** Calls `path` the way a device would over `transport`; a subscription yields its first event. */
async function call(
  server: TestSyncServer,
  transport: Transport,
  procedure: { path: string; type: string },
  input: unknown,
  token?: string,
): Promise<Outcome> {
  if (transport === 'http') {
    if (procedure.type === 'subscription') {
      const event = await firstSseEvent(server.url, procedure.path, input, token);
      return event.kind === 'data' ? { ok: true, data: event.data } : fromErrorShape(event.data);
    }
    const client = untypedHttpClient(server.url, token);
    const request =
      procedure.type === 'query'
        ? client.query(procedure.path, input)
        : client.mutation(procedure.path, input);
    return request.then((data) => ({ ok: true as const, data }), fromError);
  }
  const ws = wsClient(server.url, token);
  try {
    if (procedure.type === 'subscription') {
      return await new Promise<Outcome>((resolve) => {
        const subscription = ws.untyped.subscription(procedure.path, input, {
          onData(data: unknown) {
            subscription.unsubscribe();
            resolve({ ok: true, data });
          },
          onError: (error: unknown) => resolve(fromError(error)),
        });
      });
    }
    const request =
      procedure.type === 'query'
        ? ws.untyped.query(procedure.path, input)
        : ws.untyped.mutation(procedure.path, input);
    return await request.then((data) => ({ ok: true as const, data }), fromError);
  } finally {
    await ws.close();
  }
}

/**
 * Valid inputs, so a refusal can only be about who is asking. `pushedId` names what a push
 * would write, so the suite can tell an intruder's write from the owner's own.
 */
function sampleInputs(vaultId: string, pushedId = 'intruder'): Record<string, unknown> {
  const fields = syncFields(vaultId);
  return {
    hello: { protocolVersion: fields.protocolVersion, clientVersion: 'test' },
    'auth.signUp': { email: uniqueEmail('anon'), password: PASSWORD, deviceName: 'anon' },
    'auth.signIn': { email: uniqueEmail('anon'), password: PASSWORD, deviceName: 'anon' },
    'auth.signOut': undefined,
    'auth.me': undefined,
    'auth.devices': undefined,
    'auth.revokeDevice': { deviceId: 'no-such-device' },
    'auth.rotateToken': undefined,
    'admin.createInvite': {},
    // Admin calls name nobody who exists (or change nothing that matters): the owner is the admin here.
    'admin.users.list': {},
    'admin.users.get': { userId: 'no-such-user' },
    'admin.users.create': { email: uniqueEmail('created'), password: 'authorization: eight quiet herons' },
    'admin.users.setDisabled': { userId: 'no-such-user', disabled: true },
    'admin.users.setRole': { userId: 'no-such-user', role: 'member' },
    'admin.users.resetPassword': { userId: 'no-such-user', password: 'authorization: eight quiet herons' },
    'admin.users.scheduleDeletion': { userId: 'no-such-user' },
    'admin.users.cancelDeletion': { userId: 'no-such-user' },
    'admin.users.devices': { userId: 'no-such-user' },
    'admin.devices.revoke': { deviceId: 'no-such-device' },
    'admin.invites.create': {},
    'admin.invites.list': undefined,
    'admin.invites.revoke': { inviteId: '000000000000' },
    'admin.quotas.defaults': undefined,
    'admin.quotas.setDefaults': { quotaBytes: null, maxFileBytes: null },
    'admin.quotas.setUser': { userId: 'no-such-user', quotaBytes: null, maxFileBytes: null },
    'admin.audit.list': {},
    'admin.jobs.list': undefined,
    'admin.jobs.runNow': { name: 'usage-snapshot' },
    'admin.usage.series': { range: '24h' },
    'admin.health.get': undefined,
    'account.usage': undefined,
    'account.storage': undefined,
    'sync.pull': { ...fields, checkpoint: null, batchSize: 100 },
    'sync.push': { ...fields, rows: [{ assumedMasterState: null, newDocumentState: note(pushedId) }] },
    'sync.stream': fields,
    'sync.revisions': { ...fields, documentId: 'secret', limit: 10 },
    'console.signIn': { email: uniqueEmail('anon'), password: PASSWORD },
    'console.signOut': undefined,
    'console.me': undefined,
  };
}

function sampleInput(path: string, vaultId: string, pushedId?: string): unknown {
  return sampleInputs(vaultId, pushedId)[path];
}

describe('A5, R3: who may call what', () => {
  let server: TestSyncServer;
  let owner: SessionGrant;
  let other: SessionGrant;
  let revoked: SessionGrant;
  const secret = note('secret', { body: 'the owner’s private words' });

  beforeAll(async () => {
    // A long re-check interval: a revoked stream must end because revoke wakes it, not by timer.
    server = await startTestSyncServer({ sessionRecheckMs: 600_000 });
    owner = await signUp(server.url);
    other = await signUp(server.url);
    revoked = await signIn(server.url, owner.account.email, 'old phone');
    await httpClient(server.url, owner.token).auth.revokeDevice.mutate({
      deviceId: revoked.account.deviceId,
    });
    await httpClient(server.url, owner.token).sync.push.mutate({
      ...syncFields(owner.account.vaultId),
      rows: [{ assumedMasterState: null, newDocumentState: secret }],
    });
  });
  afterAll(() => server?.close());

  it('the router has the procedures this suite expects to find', () => {
    expect(procedures.map((procedure) => procedure.path)).toEqual(
      expect.arrayContaining([
        ...PUBLIC,
        'auth.signOut',
        'auth.me',
        'sync.pull',
        'sync.push',
        'sync.stream',
        'sync.revisions',
      ]),
    );
    expect(vaultScoped.map((procedure) => procedure.path).sort()).toEqual(
      expect.arrayContaining(['sync.pull', 'sync.push', 'sync.revisions', 'sync.stream']),
    );
    // A new procedure needs a sample input here, or the checks below would call it with junk.
    const known = Object.keys(sampleInputs('v'));
    for (const procedure of procedures) expect(known, procedure.path).toContain(procedure.path);
  });

  describe.each<Transport>(['http', 'ws'])('over %s', (transport) => {
    it.each(guarded.map((procedure) => [procedure.path, procedure] as const))(
      'A5: %s refuses missing, unknown, malformed and revoked tokens alike',
      async (_path, procedure) => {
        const input = sampleInput(procedure.path, owner.account.vaultId);
        const tokens: Record<string, string | undefined> = {
          missing: undefined,
          unknown: Buffer.alloc(32, 7).toString('base64url'),
          malformed: 'not-a-token',
          revoked: revoked.token,
        };
        for (const [kind, token] of Object.entries(tokens)) {
          const outcome = await call(server, transport, procedure, input, token);
          expect(outcome, `${kind} token`).toEqual({
            ok: false,
            code: 'UNAUTHORIZED',
            reason: 'UNAUTHENTICATED',
            message: expect.any(String),
          });
        }
      },
    );

    it.each(
      guarded
        .filter((procedure) => !CONSOLE_ONLY.includes(procedure.path))
        .map((procedure) => [procedure.path, procedure] as const),
    )('control: %s is not refused as unauthenticated for a live session', async (_path, procedure) => {
      // A fresh session each time: signOut ends the one it is called with.
      const session = await signIn(server.url, owner.account.email, `control ${transport}`);
      const outcome = await call(
        server,
        transport,
        procedure,
        sampleInput(procedure.path, session.account.vaultId, 'control'),
        session.token,
      );
      if (!outcome.ok) expect(outcome.reason).not.toBe('UNAUTHENTICATED');
    });

    it('hello, signUp and signIn need no session', async () => {
      const hello = await call(server, transport, { path: 'hello', type: 'query' }, sampleInput('hello', ''));
      expect(hello).toMatchObject({ ok: true, data: { protocolVersion: 2, minProtocolVersion: 2 } });
      const email = uniqueEmail('public');
      const signUpOutcome = await call(
        server,
        transport,
        { path: 'auth.signUp', type: 'mutation' },
        {
          email,
          password: PASSWORD,
          deviceName: 'laptop',
        },
      );
      expect(signUpOutcome).toMatchObject({ ok: true, data: { account: { email } } });
      const signInOutcome = await call(
        server,
        transport,
        { path: 'auth.signIn', type: 'mutation' },
        {
          email,
          password: PASSWORD,
          deviceName: 'phone',
        },
      );
      expect(signInOutcome).toMatchObject({ ok: true, data: { account: { email, deviceName: 'phone' } } });
    });

    it.each(vaultScoped.map((procedure) => [procedure.path, procedure] as const))(
      'R3: %s answers VAULT_NOT_FOUND for another user’s vault and for a vault that does not exist',
      async (_path, procedure) => {
        for (const vaultId of [owner.account.vaultId, 'no-such-vault']) {
          const outcome = await call(
            server,
            transport,
            procedure,
            sampleInput(procedure.path, vaultId),
            other.token,
          );
          expect(outcome).toEqual({
            ok: false,
            code: 'NOT_FOUND',
            reason: 'VAULT_NOT_FOUND',
            message: expect.any(String),
          });
          if (!outcome.ok) expect(outcome.message).not.toContain('private words');
        }
      },
    );
  });

  it('R3: nothing of the refused calls was written, and the owner still sees exactly their note', async () => {
    const pulled = await httpClient(server.url, owner.token).sync.pull.query({
      ...syncFields(owner.account.vaultId),
      checkpoint: null,
      batchSize: 100,
    });
    // The control calls wrote 'control' with the owner's own sessions; 'intruder' never landed.
    expect(pulled.documents.map((document) => document.id).sort()).toEqual(['control', 'secret']);
    expect(pulled.documents.find((document) => document.id === 'secret')).toEqual(secret);
    const { rows } = await server.sql.query<{ vault_id: string; id: string }>(
      'SELECT vault_id, id FROM documents ORDER BY id',
    );
    expect(rows).toEqual([
      { vault_id: owner.account.vaultId, id: 'control' },
      { vault_id: owner.account.vaultId, id: 'secret' },
    ]);
    expect((await server.sql.query('SELECT 1 FROM revisions')).rowCount).toBe(0);
    const otherVault = await server.sql.query<{ last_seq: number }>(
      'SELECT last_seq FROM vaults WHERE id = $1',
      [other.account.vaultId],
    );
    expect(otherVault.rows).toEqual([{ last_seq: 0 }]);
  });

  it('A4: a token revoked while its WebSocket stays open is refused from its next call', async () => {
    const phone = await signIn(server.url, owner.account.email, 'phone');
    const ws = wsClient(server.url, phone.token);
    try {
      expect((await ws.client.auth.me.query()).deviceId).toBe(phone.account.deviceId);
      await httpClient(server.url, owner.token).auth.revokeDevice.mutate({
        deviceId: phone.account.deviceId,
      });
      const outcome = await ws.client.auth.me.query().then(() => null, fromError);
      expect(outcome).toMatchObject({ ok: false, reason: 'UNAUTHENTICATED' });
    } finally {
      await ws.close();
    }
  });

  it.each(['revoked by another device', 'signed out'] as const)(
    'A4: an open stream ends with UNAUTHENTICATED when its device is %s',
    async (how) => {
      const tablet = await signIn(server.url, owner.account.email, 'tablet');
      const ws = wsClient(server.url, tablet.token);
      try {
        const events: unknown[] = [];
        const ended = new Promise<Outcome>((resolve) => {
          ws.client.sync.stream.subscribe(syncFields(owner.account.vaultId), {
            onData: (event) => {
              events.push(event);
              if (event === 'RESYNC') void revoke();
            },
            onError: (error) => resolve(fromError(error)),
          });
        });
        const revoke = () =>
          how === 'signed out'
            ? ws.client.auth.signOut.mutate()
            : httpClient(server.url, owner.token).auth.revokeDevice.mutate({
                deviceId: tablet.account.deviceId,
              });
        expect(await ended).toMatchObject({ ok: false, code: 'UNAUTHORIZED', reason: 'UNAUTHENTICATED' });
        expect(events).toEqual(['RESYNC']);
      } finally {
        await ws.close();
      }
    },
  );

  it('only administrators create invites; a member cannot revoke another account’s device', async () => {
    const member = httpClient(server.url, other.token);
    const forbidden = await member.admin.createInvite.mutate({}).then(() => null, fromError);
    expect(forbidden).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const notFound = await member.auth.revokeDevice
      .mutate({ deviceId: owner.account.deviceId })
      .then(() => null, fromError);
    expect(notFound).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect((await httpClient(server.url, owner.token).auth.me.query()).deviceId).toBe(owner.account.deviceId);
    const invite = await httpClient(server.url, owner.token).admin.createInvite.mutate({
      email: 'friend@example.com',
    });
    expect(invite).toMatchObject({ code: expect.any(String), email: 'friend@example.com' });
  });
});
