import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTRPCClient, httpLink } from '@trpc/client';
import { initTRPC } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { QuireError } from '../../src-main/errors';
import { publicProcedure as hostProcedure, router as hostRouter } from '../../src-main/trpc';
import { toQuireError } from '../../src-main/sync/sync-errors';
import { describeFailure, failureReasonOf } from '../../src-renderer/src/api/failures';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import { CliError, describeFailure as describeCliFailure } from '../../src-main/cli/quire/context';
import {
  callerFailureReasonSchema,
  cliFailureReasonSchema,
  FAILURE_REASONS,
  hostFailureReasonSchema,
  type FailureReason,
} from '../../src-shared/errors/reasons';
import { syncRejectionReasonSchema, type SyncRejectionReason } from '../../src-shared/sync/protocol';
import { rejection } from '../../sync-server/errors';
import {
  authedProcedure,
  publicProcedure as serverProcedure,
  router as serverRouter,
  type SyncServerContext,
} from '../../sync-server/trpc';

/**
 * F1–F3 (docs/sync-protocol.md): every reason goes from the place that refuses (the sync server, or
 * the host) through the real error formatters, tRPC clients and the device's classification to the
 * words the UI shows, unchanged. The procedures here are small, but every layer they pass through
 * is the production one: the server's and the host's `publicProcedure` and error formatter, the
 * device's `toQuireError` (what every account call of the sync service throws), and the renderer's
 * `describeFailure`.
 */

/** Reasons a test below provokes for real rather than by naming them. */
const PROVOKED: Partial<Record<SyncRejectionReason, 'schema' | 'crash' | 'no-session'>> = {
  INVALID_REQUEST: 'schema',
  SERVER_ERROR: 'crash',
  UNAUTHENTICATED: 'no-session',
};

const syncServer = serverRouter({
  refuse: serverProcedure.input(z.object({ reason: syncRejectionReasonSchema })).mutation(({ input }) => {
    throw rejection(input.reason);
  }),
  strict: serverProcedure.input(z.object({ count: z.number().int() })).mutation(() => 'ok'),
  crash: serverProcedure.mutation(() => {
    throw new Error('relation "documents" does not exist');
  }),
  whoAmI: authedProcedure.query(({ ctx }) => ctx.session.userId),
});
type SyncServer = typeof syncServer;

/** A newer server: it names a reason this build does not know. */
const newer = initTRPC.create({
  errorFormatter: ({ shape }) => ({ ...shape, data: { ...shape.data, reason: 'QUOTA_EXCEEDED_IN_2030' } }),
});
const newerServer = newer.router({
  refuse: newer.procedure.mutation(() => {
    throw new Error('over quota');
  }),
});

const servers: Server[] = [];

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on. */
async function closedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

let syncUrl = '';
let newerUrl = '';
let unreachableUrl = '';
let hostUrl = '';

function buildHost() {
  const syncClient = (url: string) => createTRPCClient<SyncServer>({ links: [httpLink({ url })] });
  /** What the sync service's account calls do: call the server, throw `toQuireError` on failure. */
  const relay = async (call: () => Promise<unknown>): Promise<never> => {
    try {
      await call();
    } catch (error) {
      throw toQuireError(error);
    }
    throw new Error('the server was expected to refuse');
  };
  return hostRouter({
    serverRefuses: hostProcedure
      .input(z.object({ reason: syncRejectionReasonSchema }))
      .mutation(({ input }) => {
        const server = syncClient(syncUrl);
        switch (PROVOKED[input.reason]) {
          case 'schema':
            return relay(() => server.strict.mutate({ count: 'many' as unknown as number }));
          case 'crash':
            return relay(() => server.crash.mutate());
          case 'no-session':
            return relay(() => server.whoAmI.query());
          case undefined:
            return relay(() => server.refuse.mutate({ reason: input.reason }));
        }
      }),
    serverUnreachable: hostProcedure.mutation(() =>
      relay(() => syncClient(unreachableUrl).refuse.mutate({ reason: 'EMAIL_TAKEN' })),
    ),
    newerServerRefuses: hostProcedure.mutation(() =>
      relay(() =>
        createTRPCClient<typeof newerServer>({ links: [httpLink({ url: newerUrl })] }).refuse.mutate(),
      ),
    ),
    hostRefuses: hostProcedure.input(z.object({ reason: hostFailureReasonSchema })).mutation(({ input }) => {
      if (input.reason === 'INTERNAL_ERROR')
        throw new Error('SQLITE_CORRUPT: database disk image is malformed');
      throw new QuireError(input.reason);
    }),
    strictInput: hostProcedure.input(z.object({ title: z.string().max(3) })).mutation(() => 'ok'),
  });
}
type Host = ReturnType<typeof buildHost>;

beforeAll(async () => {
  syncUrl = await listen(
    createHTTPHandler({
      router: syncServer,
      // Every call logs (a silent logger here); `authedProcedure` reads the token: none, no session.
      createContext: () =>
        ({
          token: null,
          logger: pino({ level: 'silent' }),
          requestId: 'flow-test',
          setCookie: null,
        }) as unknown as SyncServerContext,
    }),
  );
  newerUrl = await listen(createHTTPHandler({ router: newerServer }));
  unreachableUrl = await closedUrl();
  hostUrl = await listen(createHTTPHandler({ router: buildHost(), createContext: () => ({}) as never }));
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

const ui = () => createTRPCClient<Host>({ links: [httpLink({ url: hostUrl })] });

async function failureOf(call: Promise<unknown>): Promise<{ reason: FailureReason; words: string }> {
  const error = await call.then(
    () => {
      throw new Error('the call was expected to fail');
    },
    (e: unknown) => e,
  );
  return { reason: failureReasonOf(error), words: describeFailure(error) };
}

const tested = new Set<FailureReason>();

describe('F1–F3: every reason reaches the UI unchanged, with the words of REASON_WORDS', () => {
  for (const reason of syncRejectionReasonSchema.options) {
    it(`F2: the sync server's ${reason} reaches the UI as ${reason}`, async () => {
      tested.add(reason);
      expect(await failureOf(ui().serverRefuses.mutate({ reason }))).toEqual({
        reason,
        words: REASON_WORDS[reason].words,
      });
    });
  }

  for (const reason of hostFailureReasonSchema.options) {
    it(`F1: the host's ${reason} reaches the UI as ${reason}`, async () => {
      tested.add(reason);
      expect(await failureOf(ui().hostRefuses.mutate({ reason }))).toEqual({
        reason,
        words: REASON_WORDS[reason].words,
      });
    });
  }

  for (const reason of cliFailureReasonSchema.options) {
    it(`F1: the CLI's ${reason} reaches its --json output as ${reason}, and its words as REASON_WORDS' when it has none`, () => {
      tested.add(reason);
      expect(describeCliFailure(new CliError('specific words', 1, reason))).toEqual({
        message: 'specific words',
        exitCode: 1,
        reason,
      });
      expect(describeCliFailure(new QuireError(reason))).toEqual({
        message: REASON_WORDS[reason].words,
        exitCode: 1,
        reason,
      });
    });
  }

  it('F1: input the host refuses is INVALID_INPUT, in its words followed by what was wrong', async () => {
    const failure = await failureOf(ui().strictInput.mutate({ title: 'much too long' }));
    expect(failure.reason).toBe('INVALID_INPUT');
    expect(failure.words).toMatch(
      new RegExp(`^${REASON_WORDS.INVALID_INPUT.words.replace('.', '\\.')} Title: `),
    );
  });

  it('F1: a sync server that does not answer is NETWORK', async () => {
    tested.add('NETWORK');
    expect(await failureOf(ui().serverUnreachable.mutate())).toEqual({
      reason: 'NETWORK',
      words: REASON_WORDS.NETWORK.words,
    });
  });

  it('F3: a reason this build does not know (a newer server) is UNKNOWN', async () => {
    tested.add('UNKNOWN');
    expect(await failureOf(ui().newerServerRefuses.mutate())).toEqual({
      reason: 'UNKNOWN',
      words: REASON_WORDS.UNKNOWN.words,
    });
  });

  it('F1: a host the UI cannot reach is HOST_UNREACHABLE', async () => {
    tested.add('HOST_UNREACHABLE');
    const unreachable = createTRPCClient<Host>({ links: [httpLink({ url: await closedUrl() })] });
    expect(await failureOf(unreachable.hostRefuses.mutate({ reason: 'NOTE_NOT_FOUND' }))).toEqual({
      reason: 'HOST_UNREACHABLE',
      words: REASON_WORDS.HOST_UNREACHABLE.words,
    });
  });

  it('F1: every reason of the union is tested above, and the union is exactly its four parts', () => {
    expect([...tested].sort()).toEqual([...FAILURE_REASONS].sort());
    expect(callerFailureReasonSchema.options.every((reason) => tested.has(reason))).toBe(true);
  });
});
