import { z } from 'zod';

/**
 * The wire protocol between the sandboxed renderer and the main process: tRPC calls carried over
 * Electron IPC. Main validates every message from a renderer with the schemas below, because a
 * compromised page can send anything; main's replies are trusted and only typed.
 *
 * It runs on two channels, named in ./ipc-channels.ts (zod-free, for the preload) and
 * re-exported here.
 */
export { IPC_CHANNELS, type IpcChannel } from './ipc-channels';

/** Version of this envelope; bump when a message changes shape so a stale preload fails loudly. */
export const IPC_PROTOCOL_VERSION = 1;

export const IPC_LIMITS = {
  pathMaxLength: 200,
  /** A note body may be ~1M characters (2 bytes each in UTF-16); leave room for the rest of a call. */
  inputMaxBytes: 4 * 1024 * 1024,
  inputMaxDepth: 32,
  /** Bounds the walk below too: structured clone allows cycles, so the count, not a visit set, stops it. */
  inputMaxNodes: 100_000,
} as const;

/** Rough cost of a structured-clone value; stops early once any limit is exceeded. */
export function fitsIpcInputBudget(value: unknown): boolean {
  let bytes = 0;
  let nodes = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; depth: number };
    nodes += 1;
    if (nodes > IPC_LIMITS.inputMaxNodes || item.depth > IPC_LIMITS.inputMaxDepth) return false;
    const v = item.value;
    if (typeof v === 'string') bytes += v.length * 2;
    else if (v instanceof ArrayBuffer) bytes += v.byteLength;
    else if (ArrayBuffer.isView(v)) bytes += v.byteLength;
    else if (v instanceof Map) {
      for (const [key, entry] of v)
        stack.push({ value: key, depth: item.depth + 1 }, { value: entry, depth: item.depth + 1 });
    } else if (v instanceof Set) {
      for (const entry of v) stack.push({ value: entry, depth: item.depth + 1 });
    } else if (typeof v === 'object' && v !== null) {
      for (const [key, entry] of Object.entries(v)) {
        bytes += key.length * 2;
        stack.push({ value: entry, depth: item.depth + 1 });
      }
    } else bytes += 8;
    if (bytes > IPC_LIMITS.inputMaxBytes) return false;
  }
  return true;
}

/** Dotted procedure path, e.g. `notes.list`. */
const pathSchema = z
  .string()
  .min(1)
  .max(IPC_LIMITS.pathMaxLength)
  .regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/);
/** Subscription ids are chosen by the renderer; they are unique per page, not per window. */
const subscriptionIdSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** The procedure's own `.input()` validates the content; the transport only bounds its size. */
const inputSchema = z.unknown().refine(fitsIpcInputBudget, 'Input too large or too deeply nested');
const versionSchema = z.literal(IPC_PROTOCOL_VERSION);

export const ipcInvokeRequestSchema = z.strictObject({
  v: versionSchema,
  type: z.enum(['query', 'mutation']),
  path: pathSchema,
  input: inputSchema.optional(),
});
export type IpcInvokeRequest = z.infer<typeof ipcInvokeRequestSchema>;

export const ipcClientMessageSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    v: versionSchema,
    kind: z.literal('start'),
    id: subscriptionIdSchema,
    path: pathSchema,
    input: inputSchema.optional(),
  }),
  z.strictObject({ v: versionSchema, kind: z.literal('stop'), id: subscriptionIdSchema }),
  /** Sent once by a freshly loaded page: whatever the previous page in this window left running must end. */
  z.strictObject({ v: versionSchema, kind: z.literal('reset') }),
]);
export type IpcClientMessage = z.infer<typeof ipcClientMessageSchema>;

/** Lets main answer a malformed `start` with an error for its id, so the renderer's call does not hang. */
export const ipcMessageIdSchema = z.object({ id: subscriptionIdSchema });

/**
 * A tRPC error shape as it crosses the boundary: code, message and data, never a stack.
 * `data.zodError` carries the flattened validation error when an input failed `.input()`.
 */
export interface IpcErrorShape {
  code: number;
  message: string;
  data: { code?: string; httpStatus?: number; path?: string; zodError?: unknown; [key: string]: unknown };
}

/** Reply to an invoke: the same envelope tRPC's HTTP and WebSocket adapters send. */
export type IpcInvokeResponse = { result: { type: 'data'; data: unknown } } | { error: IpcErrorShape };

/** One event of a subscription stream, main → renderer. `stopped` only when the procedure ended by itself. */
export type IpcServerMessage =
  | { id: number; result: { type: 'started' } }
  | { id: number; result: { type: 'data'; data: unknown; id?: string } }
  | { id: number; result: { type: 'stopped' } }
  | { id: number; error: IpcErrorShape };

/**
 * What the preload exposes as `window.quireIpc`: three functions on two fixed channels, nothing
 * else, so a renderer compromise cannot reach any other IPC channel.
 */
export interface QuireIpcBridge {
  invoke(request: IpcInvokeRequest): Promise<IpcInvokeResponse>;
  send(message: IpcClientMessage): void;
  /** Returns a function that removes the listener. */
  onMessage(listener: (message: IpcServerMessage) => void): () => void;
}
