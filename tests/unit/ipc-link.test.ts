import { setTimeout as sleep } from 'node:timers/promises';
import { TRPCClientError, createTRPCClient } from '@trpc/client';
import { initTRPC } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  attachTrpcToIpc,
  type IpcEventLike,
  type IpcInvokeHandler,
  type IpcMainLike,
  type IpcMessageListener,
  type IpcSenderLike,
  type SenderNavigationPhase,
} from '../../src-main/ipc/ipc-trpc-server';
import {
  IPC_CHANNELS,
  IPC_LIMITS,
  IPC_PROTOCOL_VERSION,
  type IpcInvokeResponse,
  type IpcServerMessage,
  type QuireIpcBridge,
} from '../../src-shared/ipc/ipc-protocol';
// eslint-disable-next-line no-restricted-imports -- the link is runtime-neutral (the bridge is injected); this drives the real one against the real main handler.
import { ipcLink } from '../../src-renderer/src/trpc/ipc-link';

// ---------------------------------------------------------------------------------------------
// A test router: default tRPC config, so the formatter would include stacks (isDev under test)
// and no zod flattening: the transport alone must guarantee both.

interface TestContext {
  senderId: number;
}
const t = initTRPC.context<TestContext>().create();
const liveStreams = new Set<string>();
const endedStreams: string[] = [];

const testRouter = t.router({
  greet: t.procedure
    .input(z.object({ name: z.string().min(1).max(20) }))
    .query(({ input, ctx }) => ({ text: `hello ${input.name}`, senderId: ctx.senderId, at: new Date(0) })),
  add: t.procedure
    .input(z.object({ a: z.number(), b: z.number() }))
    .mutation(({ input }) => input.a + input.b),
  boom: t.procedure.query((): never => {
    throw new Error('disk exploded at /home/secret/path');
  }),
  ticks: t.procedure.input(z.object({ label: z.string() })).subscription(async function* ({ input, signal }) {
    liveStreams.add(input.label);
    try {
      for (let i = 0; ; i++) {
        yield `${input.label}:${i}`;
        await sleep(2, undefined, { signal });
      }
    } finally {
      liveStreams.delete(input.label);
      endedStreams.push(input.label);
    }
  }),
  /** Ignores its signal, as careless procedures do: only the transport's `return()` ends it. */
  deafTicks: t.procedure.subscription(async function* () {
    liveStreams.add('deaf');
    try {
      for (let i = 0; ; i++) {
        yield i;
        await sleep(2);
      }
    } finally {
      liveStreams.delete('deaf');
      endedStreams.push('deaf');
    }
  }),
  /** Yields something structured clone cannot carry (a function) after one good value. */
  uncloneable: t.procedure.subscription(async function* () {
    liveStreams.add('uncloneable');
    try {
      yield { ok: true };
      await sleep(0);
      yield { notData: () => 'functions do not cross IPC' };
      await sleep(60_000);
    } finally {
      liveStreams.delete('uncloneable');
      endedStreams.push('uncloneable');
    }
  }),
  countTo: t.procedure.input(z.number().int().max(10)).subscription(async function* ({ input }) {
    for (let i = 1; i <= input; i++) {
      yield i;
      await sleep(0);
    }
  }),
});
type TestRouter = typeof testRouter;

// ---------------------------------------------------------------------------------------------
// In-memory ipcMain / WebContents / ipcRenderer. Every message goes through structuredClone and is
// delivered asynchronously but in order, like Electron's IPC.

class FakeIpcMain implements IpcMainLike {
  invokeHandler: IpcInvokeHandler | null = null;
  readonly listeners = new Set<IpcMessageListener>();
  handle(_channel: typeof IPC_CHANNELS.invoke, handler: IpcInvokeHandler): void {
    if (this.invokeHandler) throw new Error('second handler for one channel');
    this.invokeHandler = handler;
  }
  removeHandler(): void {
    this.invokeHandler = null;
  }
  on(_channel: typeof IPC_CHANNELS.message, listener: IpcMessageListener): void {
    this.listeners.add(listener);
  }
  off(_channel: typeof IPC_CHANNELS.message, listener: IpcMessageListener): void {
    this.listeners.delete(listener);
  }
}

/** One window: a WebContents seen from main, hosting one page at a time. */
class FakeWindow implements IpcSenderLike {
  private static lastId = 0;
  readonly id = ++FakeWindow.lastId;
  /** Every message main sent to this window, as received, so tests can inspect the wire. */
  readonly wire: unknown[] = [];
  private destroyed = false;
  private readonly destroyedListeners = new Set<() => void>();
  private readonly navigationListeners = new Set<(phase: SenderNavigationPhase) => void>();
  private pageListeners = new Set<(message: IpcServerMessage) => void>();

  constructor(private readonly ipcMain: FakeIpcMain) {}

  // --- main side (IpcSenderLike) ---
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: typeof IPC_CHANNELS.message, message: IpcServerMessage): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    expect(channel).toBe(IPC_CHANNELS.message);
    const copy = structuredClone(message);
    const listeners = this.pageListeners;
    queueMicrotask(() => {
      this.wire.push(copy);
      for (const listener of listeners) listener(copy);
    });
  }
  once(_event: 'destroyed', listener: () => void): void {
    this.destroyedListeners.add(listener);
  }
  removeListener(_event: 'destroyed', listener: () => void): void {
    this.destroyedListeners.delete(listener);
  }
  onNavigation(listener: (phase: SenderNavigationPhase) => void): () => void {
    this.navigationListeners.add(listener);
    return () => void this.navigationListeners.delete(listener);
  }

  // --- renderer side ---
  /** The preload's bridge for the current page. */
  bridge(): QuireIpcBridge {
    const event: IpcEventLike = { sender: this };
    const listeners = this.pageListeners;
    return {
      invoke: async (request) => {
        const copy: unknown = structuredClone(request);
        await Promise.resolve();
        const handler = this.ipcMain.invokeHandler;
        if (!handler) throw new Error(`No handler registered for '${IPC_CHANNELS.invoke}'`);
        const response: IpcInvokeResponse = await handler(event, copy);
        this.wire.push(structuredClone(response));
        return structuredClone(response);
      },
      send: (message) => {
        const copy: unknown = structuredClone(message);
        queueMicrotask(() => {
          for (const listener of this.ipcMain.listeners) listener(event, copy);
        });
      },
      onMessage: (listener) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    };
  }
  /** What main hears about navigations of this window. */
  navigate(phase: SenderNavigationPhase): void {
    for (const listener of [...this.navigationListeners]) listener(phase);
  }
  /** The renderer side of a reload: the old page and its listeners are gone, the next bridge is a new page. */
  replacePage(): void {
    this.pageListeners = new Set();
  }
  destroy(): void {
    this.destroyed = true;
    this.pageListeners = new Set();
    for (const listener of [...this.destroyedListeners]) listener();
    this.destroyedListeners.clear();
  }
}

function clientFor(bridge: QuireIpcBridge) {
  return createTRPCClient<TestRouter>({ links: [ipcLink<TestRouter>({ bridge })] });
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(2);
  }
}

/** Subscribes to `ticks` and collects what arrives. */
function tick(client: ReturnType<typeof clientFor>, label: string) {
  const received: string[] = [];
  const errors: unknown[] = [];
  const subscription = client.ticks.subscribe(
    { label },
    { onData: (value) => received.push(value), onError: (error) => errors.push(error) },
  );
  return { received, errors, subscription };
}

let ipcMain: FakeIpcMain;
let disposeServer: () => void;
const errorsSeen: { code: string; path: string | undefined; senderId: number }[] = [];

function setUp(): FakeWindow {
  ipcMain = new FakeIpcMain();
  ({ dispose: disposeServer } = attachTrpcToIpc({
    router: testRouter,
    createContext: ({ senderId }) => ({ senderId }),
    ipcMain,
    onError: ({ error, path, senderId }) => errorsSeen.push({ code: error.code, path, senderId }),
  }));
  return new FakeWindow(ipcMain);
}

afterEach(async () => {
  disposeServer();
  await waitFor(() => liveStreams.size === 0, 'every stream to end after dispose');
  endedStreams.length = 0;
  errorsSeen.length = 0;
});

describe('tRPC over IPC', () => {
  it('runs a query and a mutation with the sender in the context', async () => {
    const win = setUp();
    const client = clientFor(win.bridge());
    await expect(client.greet.query({ name: 'Ada' })).resolves.toEqual({
      text: 'hello Ada',
      senderId: win.id,
      at: new Date(0),
    });
    await expect(client.add.mutate({ a: 2, b: 3 })).resolves.toBe(5);
  });

  it('rejects an input that fails the zod schema with BAD_REQUEST, a flattened zodError and no stack', async () => {
    const win = setUp();
    const error = await clientFor(win.bridge())
      .greet.query({ name: '' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const clientError = error as TRPCClientError<TestRouter>;
    expect(clientError.data?.code).toBe('BAD_REQUEST');
    expect(clientError.data).not.toHaveProperty('stack');
    const zodError = (clientError.data as { zodError?: { fieldErrors: Record<string, string[]> } }).zodError;
    expect(zodError?.fieldErrors['name']).toHaveLength(1);
    expect(JSON.stringify(win.wire)).not.toContain('"stack"');
  });

  it('turns a thrown error into INTERNAL_SERVER_ERROR without a stack', async () => {
    const win = setUp();
    const error = await clientFor(win.bridge())
      .boom.query()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<TestRouter>).data?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(win.wire)).not.toContain('"stack"');
    expect(errorsSeen).toEqual([{ code: 'INTERNAL_SERVER_ERROR', path: 'boom', senderId: win.id }]);
  });

  it('answers a malformed or oversized envelope with BAD_REQUEST instead of calling anything', async () => {
    const win = setUp();
    const bridge = win.bridge();
    const badPath = await bridge.invoke({
      v: IPC_PROTOCOL_VERSION,
      type: 'query',
      path: '../greet',
      input: {},
    });
    expect(badPath).toMatchObject({ error: { data: { code: 'BAD_REQUEST' } } });
    const huge = 'x'.repeat(IPC_LIMITS.inputMaxBytes);
    const tooBig = await bridge.invoke({
      v: IPC_PROTOCOL_VERSION,
      type: 'query',
      path: 'greet',
      input: { name: huge },
    });
    expect(tooBig).toMatchObject({ error: { data: { code: 'BAD_REQUEST' } } });
    const notAMessage = await bridge.invoke({ hello: 'main' } as never);
    expect(notAMessage).toMatchObject({ error: { data: { code: 'BAD_REQUEST' } } });

    // A bad 'start' is answered on its id so the caller does not hang.
    const replies: IpcServerMessage[] = [];
    bridge.onMessage((m) => replies.push(m));
    bridge.send({ v: IPC_PROTOCOL_VERSION, kind: 'start', id: 7, path: 'no spaces allowed' });
    await waitFor(() => replies.length > 0, 'the error reply');
    expect(replies[0]).toMatchObject({ id: 7, error: { data: { code: 'BAD_REQUEST' } } });
  });

  it('streams subscription values, and a finite one ends with onStopped/onComplete', async () => {
    const win = setUp();
    const client = clientFor(win.bridge());
    const { received, subscription } = tick(client, 'a');
    await waitFor(() => received.length >= 3, 'three ticks');
    expect(received.slice(0, 3)).toEqual(['a:0', 'a:1', 'a:2']);
    subscription.unsubscribe();

    const counted: number[] = [];
    let stopped = false;
    let completed = false;
    client.countTo.subscribe(3, {
      onData: (n) => counted.push(n),
      onStopped: () => (stopped = true),
      onComplete: () => (completed = true),
    });
    await waitFor(() => completed, 'the finite subscription to complete');
    expect(counted).toEqual([1, 2, 3]);
    expect(stopped).toBe(true);
  });

  it('unsubscribe stops the server-side generator (its finally runs)', async () => {
    const win = setUp();
    const { received, subscription } = tick(clientFor(win.bridge()), 'unsub');
    await waitFor(() => received.length > 0, 'a first tick');
    subscription.unsubscribe();
    await waitFor(() => endedStreams.includes('unsub'), 'the generator finally');
    const countAtStop = received.length;
    await sleep(20);
    expect(received.length).toBe(countAtStop);
  });

  it('closes a generator that ignores its abort signal', async () => {
    const win = setUp();
    const received: number[] = [];
    const subscription = clientFor(win.bridge()).deafTicks.subscribe(undefined, {
      onData: (n) => received.push(n),
    });
    await waitFor(() => received.length > 0, 'a first value');
    subscription.unsubscribe();
    await waitFor(() => endedStreams.includes('deaf'), 'the generator finally');
  });

  it('a value that cannot cross IPC ends the subscription with an error instead of a silent hang', async () => {
    const win = setUp();
    const received: unknown[] = [];
    const errors: unknown[] = [];
    clientFor(win.bridge()).uncloneable.subscribe(undefined, {
      onData: (value) => received.push(value),
      onError: (error) => errors.push(error),
    });
    await waitFor(() => errors.length > 0, 'the error');
    expect(received).toEqual([{ ok: true }]);
    expect((errors[0] as TRPCClientError<TestRouter>).data?.code).toBe('INTERNAL_SERVER_ERROR');
    await waitFor(() => endedStreams.includes('uncloneable'), 'the generator finally');
  });

  it('ends every subscription of a sender when it is destroyed, and leaves other senders alone', async () => {
    const winA = setUp();
    const winB = new FakeWindow(ipcMain);
    const clientA = clientFor(winA.bridge());
    const clientB = clientFor(winB.bridge());
    const a1 = tick(clientA, 'A1');
    const a2 = tick(clientA, 'A2');
    // Same subscription id (1) as A1 in the other window: ids are per page, keys are per sender.
    const b1 = tick(clientB, 'B1');
    await waitFor(
      () => a1.received.length > 0 && a2.received.length > 0 && b1.received.length > 0,
      'all streams',
    );

    const lateBridge = winA.bridge();
    winA.destroy();
    await waitFor(
      () => endedStreams.includes('A1') && endedStreams.includes('A2'),
      "window A's generators to end",
    );
    // A message that trails 'destroyed' must not start anything nobody could ever stop.
    lateBridge.send({
      v: IPC_PROTOCOL_VERSION,
      kind: 'start',
      id: 9,
      path: 'ticks',
      input: { label: 'late' },
    });
    await sleep(20);
    expect(liveStreams.has('late')).toBe(false);
    expect(liveStreams.has('B1')).toBe(true);
    const before = b1.received.length;
    await waitFor(() => b1.received.length > before + 2, 'window B to keep streaming');
    await expect(clientB.greet.query({ name: 'B' })).resolves.toMatchObject({ senderId: winB.id });
    b1.subscription.unsubscribe();
  });

  it('two senders are isolated: stopping id 1 in one window does not touch id 1 in the other', async () => {
    const winA = setUp();
    const winB = new FakeWindow(ipcMain);
    const a = tick(clientFor(winA.bridge()), 'iso-A');
    const b = tick(clientFor(winB.bridge()), 'iso-B');
    await waitFor(() => a.received.length > 0 && b.received.length > 0, 'both streams');
    expect(a.received.every((v) => v.startsWith('iso-A'))).toBe(true);
    expect(b.received.every((v) => v.startsWith('iso-B'))).toBe(true);
    a.subscription.unsubscribe();
    await waitFor(() => endedStreams.includes('iso-A'), 'A to end');
    expect(liveStreams.has('iso-B')).toBe(true);
    b.subscription.unsubscribe();
  });

  it("a reloaded page's 'reset' ends the previous page's subscriptions", async () => {
    const win = setUp();
    const old = tick(clientFor(win.bridge()), 'old-page');
    await waitFor(() => old.received.length > 0, 'the old page to stream');
    // A reload whose navigation events main never saw: only the new page's reset can clean up.
    win.replacePage();
    const fresh = tick(clientFor(win.bridge()), 'new-page');
    await waitFor(() => endedStreams.includes('old-page'), 'the old generator to end');
    await waitFor(() => fresh.received.length > 0, 'the new page to stream');
    expect(fresh.received.every((v) => v.startsWith('new-page'))).toBe(true);
    fresh.subscription.unsubscribe();
  });

  it('a committed navigation ends the old page, but not what the new page started meanwhile', async () => {
    const win = setUp();
    const old = tick(clientFor(win.bridge()), 'before-nav');
    await waitFor(() => old.received.length > 0, 'the old page to stream');

    win.navigate('started');
    // A cancelled or still-pending navigation must not cut anything yet.
    await sleep(10);
    expect(liveStreams.has('before-nav')).toBe(true);

    // The new page's script may reach main before the commit notification does.
    win.replacePage();
    const newPage = tick(clientFor(win.bridge()), 'after-nav');
    await waitFor(
      () => newPage.received.length > 0 && endedStreams.includes('before-nav'),
      'reset + new stream',
    );
    win.navigate('committed');
    await sleep(10);
    expect(liveStreams.has('after-nav')).toBe(true);
    newPage.subscription.unsubscribe();
  });

  it('a commit or renderer crash without a reset still ends the orphaned subscriptions', async () => {
    const win = setUp();
    const first = tick(clientFor(win.bridge()), 'orphan-1');
    await waitFor(() => first.received.length > 0, 'streaming');
    win.navigate('started');
    win.replacePage();
    win.navigate('committed');
    await waitFor(() => endedStreams.includes('orphan-1'), 'the orphan to end on commit');

    // No 'reset' from this page (sent raw, no link), then the renderer process dies.
    const bridge = win.bridge();
    bridge.send({
      v: IPC_PROTOCOL_VERSION,
      kind: 'start',
      id: 1,
      path: 'ticks',
      input: { label: 'orphan-2' },
    });
    await waitFor(() => liveStreams.has('orphan-2'), 'the raw subscription');
    win.navigate('gone');
    await waitFor(() => endedStreams.includes('orphan-2'), 'the orphan to end on crash');
  });

  it('dispose removes the handlers and ends all subscriptions', async () => {
    const win = setUp();
    const s = tick(clientFor(win.bridge()), 'disposed');
    await waitFor(() => s.received.length > 0, 'streaming');
    disposeServer();
    await waitFor(() => endedStreams.includes('disposed'), 'the generator to end');
    expect(ipcMain.invokeHandler).toBeNull();
    expect(ipcMain.listeners.size).toBe(0);
  });
});
