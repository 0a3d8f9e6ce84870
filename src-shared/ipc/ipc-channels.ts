/**
 * The two channels of the Electron IPC link, both under the `quire:` prefix. A module of its own,
 * with no imports, so the preload can take the names at run time without bundling the
 * protocol's zod schemas (tests/unit/preload-imports.test.ts keeps it so).
 * - invoke: one request → one reply, for queries and mutations;
 * - message: fire-and-forget both ways, for subscriptions (start / stop / reset, then the stream).
 */
export const IPC_CHANNELS = {
  invoke: 'quire:trpc-invoke',
  message: 'quire:trpc-message',
} as const;
export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];
