// Over ~400 lines, knowingly: one transport, the invoke and subscription halves of the same
// envelope protocol; they share the per-sender bookkeeping and are tested as one link.
import {
  TRPCError,
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  isTrackedEnvelope,
  transformTRPCResponse,
  type AnyTRPCRootTypes,
  type AnyTRPCRouter,
  type TRPCErrorShape,
  type TRPCProcedureType,
  type TRPCRootConfig,
  type inferRouterContext,
} from '@trpc/server';
import { isObservable, observableToAsyncIterable } from '@trpc/server/observable';
import { ZodError, z } from 'zod';
import {
  IPC_CHANNELS,
  ipcClientMessageSchema,
  ipcInvokeRequestSchema,
  ipcMessageIdSchema,
  type IpcErrorShape,
  type IpcInvokeResponse,
  type IpcServerMessage,
} from '../../src-shared/ipc/ipc-protocol';

/**
 * Serves a tRPC router to renderers over Electron IPC. Written against the small interfaces
 * below instead of `electron`, so tests drive it with an in-memory pair and the shell adapts
 * Electron's ipcMain/WebContents (src-main/electron/ipc-main-adapter.ts).
 */

/** Lifecycle of the page behind a sender: a cross-document navigation (reload included) began, replaced the page, or the renderer process died. */
export type SenderNavigationPhase = 'started' | 'committed' | 'gone';

export interface IpcSenderLike {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: typeof IPC_CHANNELS.message, message: IpcServerMessage): void;
  once(event: 'destroyed', listener: () => void): unknown;
  removeListener(event: 'destroyed', listener: () => void): unknown;
  /** Returns an unsubscribe. */
  onNavigation(listener: (phase: SenderNavigationPhase) => void): () => void;
}

export interface IpcEventLike {
  readonly sender: IpcSenderLike;
}

export type IpcInvokeHandler = (event: IpcEventLike, request: unknown) => Promise<IpcInvokeResponse>;
export type IpcMessageListener = (event: IpcEventLike, message: unknown) => void;

export interface IpcMainLike {
  handle(channel: typeof IPC_CHANNELS.invoke, handler: IpcInvokeHandler): void;
  removeHandler(channel: typeof IPC_CHANNELS.invoke): void;
  on(channel: typeof IPC_CHANNELS.message, listener: IpcMessageListener): void;
  off(channel: typeof IPC_CHANNELS.message, listener: IpcMessageListener): void;
}

export interface IpcTrpcErrorInfo<TContext> {
  error: TRPCError;
  type: TRPCProcedureType | 'unknown';
  path: string | undefined;
  input: unknown;
  ctx: TContext | undefined;
  senderId: number;
}

export interface AttachTrpcToIpcOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter;
  createContext: (info: {
    senderId: number;
  }) => inferRouterContext<TRouter> | Promise<inferRouterContext<TRouter>>;
  ipcMain: IpcMainLike;
  /** Every failure, including ones the renderer never hears about (late teardown errors). Must not throw. */
  onError?: (info: IpcTrpcErrorInfo<inferRouterContext<TRouter>>) => void;
}

/**
 * The error shape as it may leave the process: the router's formatter output minus any stack,
 * with zod failures flattened even if the formatter did not do it.
 */
export function toWireErrorShape(shape: TRPCErrorShape, error: TRPCError): IpcErrorShape {
  const { stack: _stack, ...data } = shape.data as Record<string, unknown>;
  if (data['zodError'] == null && error.cause instanceof ZodError)
    data['zodError'] = z.flattenError(error.cause);
  return { ...shape, data };
}

/** Said when the formatter itself throws; deliberately says nothing about the error. */
const FALLBACK_ERROR: IpcErrorShape = {
  code: -32603,
  message: 'Internal server error',
  data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 },
};

interface Subscription {
  controller: AbortController;
  /** Global start order, to tell a page's subscriptions from those of the page that replaced it. */
  seq: number;
}

interface SenderState {
  sender: IpcSenderLike;
  subscriptions: Map<number, Subscription>;
  /** Highest `seq` when the pending navigation started: those subscriptions die when it commits. */
  navigationCutoff: number | null;
  /** Aborted when the sender is destroyed; the signal of its queries and mutations. */
  lifetime: AbortController;
  unwatch(): void;
}

type Ctx<TRouter extends AnyTRPCRouter> = inferRouterContext<TRouter>;
type CallInfo<TContext> = Omit<IpcTrpcErrorInfo<TContext>, 'error' | 'senderId'>;

export function attachTrpcToIpc<TRouter extends AnyTRPCRouter>(
  options: AttachTrpcToIpcOptions<TRouter>,
): { dispose(): void } {
  const { router, createContext, ipcMain } = options;
  // AnyTRPCRouter types its config with `any`; pin it so the calls below stay checked.
  const config = router._def._config as TRPCRootConfig<AnyTRPCRootTypes>;
  const senders = new Map<number, SenderState>();
  let seq = 0;

  function report(error: TRPCError, call: CallInfo<Ctx<TRouter>>, senderId: number): void {
    if (isAbortError(error.cause)) return;
    try {
      options.onError?.({ ...call, error, senderId });
    } catch {
      // A failing logger must not take the transport down with it.
    }
  }

  function wireError(cause: unknown, call: CallInfo<Ctx<TRouter>>, senderId: number): IpcErrorShape {
    const error = getTRPCErrorFromUnknown(cause);
    report(error, call, senderId);
    try {
      return toWireErrorShape(getTRPCErrorShape({ config, error, ...call }) as TRPCErrorShape, error);
    } catch (formatCause) {
      report(getTRPCErrorFromUnknown(formatCause), call, senderId);
      return FALLBACK_ERROR;
    }
  }

  function abortWhere(state: SenderState, predicate: (sub: Subscription) => boolean): void {
    for (const [id, sub] of state.subscriptions) {
      if (!predicate(sub)) continue;
      state.subscriptions.delete(id);
      sub.controller.abort();
    }
  }

  function stop(state: SenderState, id: number): void {
    state.subscriptions.get(id)?.controller.abort();
    state.subscriptions.delete(id);
  }

  function forget(state: SenderState): void {
    abortWhere(state, () => true);
    state.lifetime.abort();
    state.unwatch();
    senders.delete(state.sender.id);
  }

  function onNavigation(state: SenderState, phase: SenderNavigationPhase): void {
    if (phase === 'started') {
      state.navigationCutoff = seq;
      return;
    }
    // 'gone': the renderer died, so every subscription is orphaned. 'committed': only those
    // started before the navigation; the new page may already have subscribed.
    const cutoff = phase === 'gone' ? Infinity : (state.navigationCutoff ?? seq);
    state.navigationCutoff = null;
    abortWhere(state, (sub) => sub.seq <= cutoff);
  }

  /** The state of a live sender, created on its first message; null once it is destroyed. */
  function watch(sender: IpcSenderLike): SenderState | null {
    // A message can trail its sender's 'destroyed': nothing would ever end what it starts.
    if (sender.isDestroyed()) return null;
    const known = senders.get(sender.id);
    if (known) return known;
    const state: SenderState = {
      sender,
      subscriptions: new Map(),
      navigationCutoff: null,
      lifetime: new AbortController(),
      unwatch: () => undefined,
    };
    const onDestroyed = (): void => forget(state);
    const stopNavigation = sender.onNavigation((phase) => onNavigation(state, phase));
    sender.once('destroyed', onDestroyed);
    state.unwatch = () => {
      sender.removeListener('destroyed', onDestroyed);
      stopNavigation();
    };
    senders.set(sender.id, state);
    return state;
  }

  /** tRPC types its envelopes with JSON-RPC ids and literal code unions; ours have the same shape. */
  function transform<T extends IpcInvokeResponse | IpcServerMessage>(message: T): T {
    return transformTRPCResponse(config, message as Parameters<typeof transformTRPCResponse>[1]) as T;
  }

  async function handleInvoke(event: IpcEventLike, raw: unknown): Promise<IpcInvokeResponse> {
    return transform(await invoke(event, raw));
  }

  async function invoke(event: IpcEventLike, raw: unknown): Promise<IpcInvokeResponse> {
    const state = watch(event.sender);
    // Nobody is left to read the reply.
    if (!state) return { error: FALLBACK_ERROR };
    const senderId = state.sender.id;
    const parsed = ipcInvokeRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const error = new TRPCError({
        code: 'BAD_REQUEST',
        message: 'Malformed IPC request',
        cause: parsed.error,
      });
      return {
        error: wireError(
          error,
          { type: 'unknown', path: undefined, input: undefined, ctx: undefined },
          senderId,
        ),
      };
    }
    const { type, path } = parsed.data;
    const call: CallInfo<Ctx<TRouter>> = { type, path, input: parsed.data.input, ctx: undefined };
    try {
      call.input = config.transformer.input.deserialize(parsed.data.input);
      call.ctx = await createContext({ senderId });
      const data: unknown = await callTRPCProcedure({
        router,
        path,
        getRawInput: () => Promise.resolve(call.input),
        ctx: call.ctx,
        type,
        signal: state.lifetime.signal,
        batchIndex: 0,
      });
      if (isAsyncIterable(data) || isObservable(data)) {
        throw new TRPCError({
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: `A ${type} cannot return a stream over IPC`,
        });
      }
      return { result: { type: 'data', data } };
    } catch (cause) {
      return { error: wireError(cause, call, senderId) };
    }
  }

  /** Throws when Electron cannot send it, typically a value structured clone cannot carry. */
  function send(state: SenderState, message: IpcServerMessage): void {
    if (!state.sender.isDestroyed()) state.sender.send(IPC_CHANNELS.message, transform(message));
  }

  /** For replies whose failure has nowhere else to go. */
  function sendOrReport(state: SenderState, message: IpcServerMessage, call: CallInfo<Ctx<TRouter>>): void {
    try {
      send(state, message);
    } catch (cause) {
      report(getTRPCErrorFromUnknown(cause), call, state.sender.id);
    }
  }

  async function runSubscription(
    state: SenderState,
    id: number,
    path: string,
    rawInput: unknown,
  ): Promise<void> {
    const call: CallInfo<Ctx<TRouter>> = { type: 'subscription', path, input: rawInput, ctx: undefined };
    if (state.subscriptions.has(id)) {
      const error = new TRPCError({ code: 'BAD_REQUEST', message: `Duplicate subscription id ${id}` });
      sendOrReport(state, { id, error: wireError(error, call, state.sender.id) }, call);
      return;
    }
    // Registered before the first await, so a 'stop' or 'reset' that follows at once finds it.
    const sub: Subscription = { controller: new AbortController(), seq: ++seq };
    state.subscriptions.set(id, sub);
    const { signal } = sub.controller;
    // Nothing is sent once aborted: a reloaded page may reuse this id for a new subscription.
    const emit = (message: IpcServerMessage): void => {
      if (!signal.aborted) send(state, message);
    };
    try {
      call.input = config.transformer.input.deserialize(rawInput);
      call.ctx = await createContext({ senderId: state.sender.id });
      if (signal.aborted) return;
      const result: unknown = await callTRPCProcedure({
        router,
        path,
        getRawInput: () => Promise.resolve(call.input),
        ctx: call.ctx,
        type: 'subscription',
        signal,
        batchIndex: 0,
      });
      const iterable = isObservable(result)
        ? observableToAsyncIterable(result, signal)
        : isAsyncIterable(result)
          ? result
          : null;
      if (!iterable) {
        throw new TRPCError({
          code: 'INTERNAL_SERVER_ERROR',
          message: `Subscription ${path} did not return an async iterable`,
        });
      }
      emit({ id, result: { type: 'started' } });
      const completed = await pump(iterable[Symbol.asyncIterator](), signal, (value) => {
        if (!isTrackedEnvelope(value)) return emit({ id, result: { type: 'data', data: value } });
        const [eventId, data] = value;
        emit({ id, result: { type: 'data', id: eventId, data: { id: eventId, data } } });
      });
      if (completed) emit({ id, result: { type: 'stopped' } });
    } catch (cause) {
      // Includes a value that could not be sent: the caller hears why instead of waiting forever.
      if (signal.aborted) report(getTRPCErrorFromUnknown(cause), call, state.sender.id);
      else sendOrReport(state, { id, error: wireError(cause, call, state.sender.id) }, call);
    } finally {
      if (state.subscriptions.get(id) === sub) state.subscriptions.delete(id);
      // Lets an observable-based procedure, or anything else holding the signal, let go.
      sub.controller.abort();
    }
  }

  function handleMessage(event: IpcEventLike, raw: unknown): void {
    const state = watch(event.sender);
    if (!state) return;
    const parsed = ipcClientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const error = new TRPCError({
        code: 'BAD_REQUEST',
        message: 'Malformed IPC message',
        cause: parsed.error,
      });
      const call = { type: 'unknown', path: undefined, input: undefined, ctx: undefined } as const;
      const target = ipcMessageIdSchema.safeParse(raw);
      if (target.success && !state.subscriptions.has(target.data.id)) {
        sendOrReport(state, { id: target.data.id, error: wireError(error, call, state.sender.id) }, call);
      } else report(error, call, state.sender.id);
      return;
    }
    const message = parsed.data;
    if (message.kind === 'reset') abortWhere(state, () => true);
    else if (message.kind === 'stop') stop(state, message.id);
    else {
      runSubscription(state, message.id, message.path, message.input).catch((cause: unknown) =>
        report(
          getTRPCErrorFromUnknown(cause),
          { type: 'subscription', path: message.path, input: undefined, ctx: undefined },
          state.sender.id,
        ),
      );
    }
  }

  ipcMain.handle(IPC_CHANNELS.invoke, handleInvoke);
  ipcMain.on(IPC_CHANNELS.message, handleMessage);
  return {
    dispose() {
      ipcMain.removeHandler(IPC_CHANNELS.invoke);
      ipcMain.off(IPC_CHANNELS.message, handleMessage);
      for (const state of [...senders.values()]) forget(state);
    },
  };
}

/** What a fetch/AbortController abort rejects with (a DOMException), or anything shaped like it. */
function isAbortError(cause: unknown): boolean {
  return typeof cause === 'object' && cause !== null && (cause as { name?: unknown }).name === 'AbortError';
}

/** The async-iteration protocol itself; a procedure returning one is a stream. */
function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * Feeds values to `onValue` until the iterator ends (true) or `signal` aborts (false). On abort
 * it asks the iterator to return, which runs a generator's `finally` (listeners, cursors).
 */
async function pump(
  iterator: AsyncIterator<unknown>,
  signal: AbortSignal,
  onValue: (value: unknown) => void,
): Promise<boolean> {
  let done = false;
  try {
    for (;;) {
      const next = await nextUnlessAborted(iterator, signal);
      if (next === 'aborted') return false;
      if (next.done) return (done = true);
      onValue(next.value);
    }
  } finally {
    // Not awaited: a generator parked in an await that ignores the signal would block us forever.
    if (!done) void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

/** One listener per step, removed after it: racing a long-lived promise would leak a reaction per event. */
function nextUnlessAborted<T>(
  iterator: AsyncIterator<T>,
  signal: AbortSignal,
): Promise<IteratorResult<T> | 'aborted'> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return resolve('aborted');
    const onAbort = (): void => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    iterator.next().then(
      (result) => {
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      },
      (cause: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(cause instanceof Error ? cause : new Error(String(cause)));
      },
    );
  });
}
