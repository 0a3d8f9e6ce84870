import { storageUsageSchema, type StorageUsage } from '../../src-shared/sync/admin';
import { createTRPCClient, createWSClient, httpLink, wsLink, type TRPCClient } from '@trpc/client';
import WebSocket from 'ws';
import { z } from 'zod';
import { systemRandom, type Random } from '../clock';
import type { SyncServerRouter } from '../../sync-server/router';
import {
  attachmentPullOutput,
  attachmentPushOutput,
  attachmentStreamEventSchema,
  helloOutput,
  listRevisionsOutput,
  pullOutput,
  pushOutput,
  streamEventSchema,
  SYNC_PROTOCOL_VERSION,
  type HelloOutput,
  type PullOutput,
  type PushOutput,
  type PullOutputOf,
  type PushOutputOf,
  type PushRow,
  type PushRowOf,
  type Revision,
  type StreamEvent,
  type StreamEventOf,
  type SyncCheckpoint,
} from '../../src-shared/sync/protocol';
import {
  deviceSessionSchema,
  rotatedTokenSchema,
  sessionGrantSchema,
  type DeviceSession,
  type SessionGrant,
  type SignInInput,
  type SignUpInput,
} from '../../src-shared/sync/account';

/**
 * The device's side of the wire (docs/sync-protocol.md, "Transport"). Request/response calls the
 * user makes (sign-in, devices, history) go over HTTP so they fail fast when the server is away;
 * replication runs over one WebSocket that reconnects by itself (C3) and carries the live stream.
 * Everything the server sends that ends up in the local database is parsed before it is used.
 */

export type WebSocketImplementation = typeof WebSocket;

/**
 * `ws` implements the browser WebSocket API the tRPC client uses; its typings differ from the
 * DOM's in EventTarget details the client never touches.
 */
function asBrowserWebSocket(implementation: WebSocketImplementation): typeof globalThis.WebSocket {
  return implementation as unknown as typeof globalThis.WebSocket;
}

/** HTTP calls give up after this long: sign-in hashes a password, nothing else is slow. */
const HTTP_TIMEOUT_MS = 30_000;

/**
 * C3: 0.5 s, doubling up to 30 s, with ±20 % jitter so devices that lost the same server do not
 * come back in lockstep. `attempt` 0 is the first retry after a failure.
 */
export function reconnectDelayMs(attempt: number, random: Random = systemRandom): number {
  const base = Math.min(30_000, 500 * 2 ** Math.min(attempt, 16));
  return Math.round(Math.min(30_000, base * (0.8 + 0.4 * random())));
}

function httpClient(serverUrl: string, token: string | null): TRPCClient<SyncServerRouter> {
  return createTRPCClient<SyncServerRouter>({
    links: [
      httpLink({
        url: `${serverUrl}/trpc`,
        headers: () => (token === null ? {} : { authorization: `Bearer ${token}` }),
        fetch: (url, init) => {
          // tRPC hands over the platform's own RequestInit; its types are only a look-alike.
          const request = init as RequestInit | undefined;
          const timeout = AbortSignal.timeout(HTTP_TIMEOUT_MS);
          const signal = request?.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
          return fetch(url as Parameters<typeof fetch>[0], { ...request, signal });
        },
      }),
    ],
  });
}

/** R1: every handshake names this device's protocol and app version. */
function helloInput(
  protocolVersion: number,
  clientVersion: string,
): { protocolVersion: number; clientVersion: string } {
  return { protocolVersion, clientVersion: clientVersion.slice(0, 50) };
}

/** Before a token exists: the handshake and the calls that create one. */
export interface AnonymousServer {
  hello(): Promise<HelloOutput>;
  signIn(input: SignInInput): Promise<SessionGrant>;
  signUp(input: SignUpInput): Promise<SessionGrant>;
}

function createAnonymousServer(options: {
  serverUrl: string;
  clientVersion: string;
  protocolVersion: number;
}): AnonymousServer {
  const client = httpClient(options.serverUrl, null);
  const { protocolVersion } = options;
  return {
    hello: async () =>
      helloOutput.parse(await client.hello.query(helloInput(protocolVersion, options.clientVersion))),
    signIn: async (input) => sessionGrantSchema.parse(await client.auth.signIn.mutate(input)),
    signUp: async (input) => sessionGrantSchema.parse(await client.auth.signUp.mutate(input)),
  };
}

/** Account calls with a session token (rules A4, R11), over HTTP. */
export interface AccountServer {
  signOut(): Promise<void>;
  /** S25: a fresh token for this device; the one this server object holds stops working. */
  rotateToken(): Promise<string>;
  devices(): Promise<DeviceSession[]>;
  revokeDevice(deviceId: string): Promise<void>;
  /** Q7: bytes stored against the account's quota. */
  storage(): Promise<StorageUsage>;
  revisions(input: { vaultId: string; documentId: string; limit: number }): Promise<Revision[]>;
}

function createAccountServer(options: {
  serverUrl: string;
  token: string;
  protocolVersion: number;
}): AccountServer {
  const client = httpClient(options.serverUrl, options.token);
  const { protocolVersion } = options;
  return {
    async signOut() {
      await client.auth.signOut.mutate();
    },
    rotateToken: async () => rotatedTokenSchema.parse(await client.auth.rotateToken.mutate()).token,
    devices: async () => z.array(deviceSessionSchema).parse(await client.auth.devices.query()),
    async revokeDevice(deviceId) {
      await client.auth.revokeDevice.mutate({ deviceId });
    },
    storage: async () => storageUsageSchema.parse(await client.account.storage.query()),
    async revisions({ vaultId, documentId, limit }) {
      const output = await client.sync.revisions.query({
        protocolVersion,
        vaultId,
        collection: 'notes',
        documentId,
        limit,
      });
      return listRevisionsOutput.parse(output).revisions;
    },
  };
}

export interface StreamObserver<E = StreamEvent> {
  onEvent(event: E): void;
  onError(error: unknown): void;
  onComplete(): void;
}

/** The `attachments` collection over the same socket (B7): records only, never bytes. */
export interface AttachmentReplicationServer {
  pull(input: { checkpoint: SyncCheckpoint | null; batchSize: number }): Promise<PullOutputOf<'attachments'>>;
  push(rows: PushRowOf<'attachments'>[]): Promise<PushOutputOf<'attachments'>>;
  stream(observer: StreamObserver<StreamEventOf<'attachments'>>): () => void;
}

/** The replication connection of one signed-in vault: one WebSocket, reconnecting with backoff. */
export interface ReplicationServer {
  hello(): Promise<HelloOutput>;
  pull(input: { checkpoint: SyncCheckpoint | null; batchSize: number }): Promise<PullOutput>;
  push(rows: PushRow[]): Promise<PushOutput>;
  /** R13: live changes of the vault; returns the unsubscribe. */
  stream(observer: StreamObserver): () => void;
  /** Whether requests go out now (a socket's close event may be an old, replaced one's). */
  connected(): boolean;
  /** Attachment records; absent from test doubles that sync notes only. */
  attachments?: AttachmentReplicationServer;
  close(): Promise<void>;
}

export interface ReplicationServerOptions {
  serverUrl: string;
  token: string;
  vaultId: string;
  /** Delay before reconnect attempt `attempt` (0-based): C3's backoff. */
  retryDelayMs: (attempt: number) => number;
  onOpen: () => void;
  onClose: () => void;
}

function createReplicationServer(
  options: ReplicationServerOptions & {
    clientVersion: string;
    protocolVersion: number;
    WebSocket: WebSocketImplementation;
  },
): ReplicationServer {
  const wsClient = createWSClient({
    url: `${options.serverUrl.replace(/^http/, 'ws')}/trpc`,
    WebSocket: asBrowserWebSocket(options.WebSocket),
    // A5: the token travels in the first message, never in the URL (which servers log).
    connectionParams: () => ({ token: options.token }),
    retryDelayMs: options.retryDelayMs,
    onOpen: options.onOpen,
    onClose: options.onClose,
  });
  const client = createTRPCClient<SyncServerRouter>({ links: [wsLink({ client: wsClient })] });
  const { protocolVersion } = options;
  const scope = {
    protocolVersion,
    vaultId: options.vaultId,
    collection: 'notes' as const,
  };
  const attachmentScope = { ...scope, collection: 'attachments' as const };
  return {
    hello: async () =>
      helloOutput.parse(await client.hello.query(helloInput(protocolVersion, options.clientVersion))),
    pull: async ({ checkpoint, batchSize }) =>
      pullOutput.parse(await client.sync.pull.query({ ...scope, checkpoint, batchSize })),
    push: async (rows) => pushOutput.parse(await client.sync.push.mutate({ ...scope, rows })),
    stream(observer) {
      const subscription = client.sync.stream.subscribe(scope, {
        onData: (data: unknown) => {
          const parsed = streamEventSchema.safeParse(data);
          if (parsed.success) observer.onEvent(parsed.data);
          else observer.onError(new Error('The sync server sent a stream event this device cannot read'));
        },
        onError: (error: unknown) => observer.onError(error),
        onComplete: () => observer.onComplete(),
      });
      return () => subscription.unsubscribe();
    },
    connected: () => wsClient.connection?.state === 'open',
    attachments: {
      pull: async ({ checkpoint, batchSize }) =>
        attachmentPullOutput.parse(
          await client.sync.pull.query({ ...attachmentScope, checkpoint, batchSize }),
        ),
      push: async (rows) =>
        attachmentPushOutput.parse(await client.sync.push.mutate({ ...attachmentScope, rows })),
      stream(observer) {
        const subscription = client.sync.stream.subscribe(attachmentScope, {
          onData: (data: unknown) => {
            const parsed = attachmentStreamEventSchema.safeParse(data);
            if (parsed.success) observer.onEvent(parsed.data);
            else observer.onError(new Error('The sync server sent a stream event this device cannot read'));
          },
          onError: (error: unknown) => observer.onError(error),
          onComplete: () => observer.onComplete(),
        });
        return () => subscription.unsubscribe();
      },
    },
    close: () => wsClient.close(),
  };
}

/** R1: the versions both sides serve must overlap; otherwise the reason names who must update. */
export function versionMismatch(
  protocolVersion: number,
  hello: HelloOutput,
): 'CLIENT_TOO_OLD' | 'SERVER_TOO_OLD' | null {
  if (protocolVersion < hello.minProtocolVersion) return 'CLIENT_TOO_OLD';
  if (protocolVersion > hello.protocolVersion) return 'SERVER_TOO_OLD';
  return null;
}

/** The device's wire to sync servers: every client it opens speaks `protocolVersion` (R1). */
export interface SyncServerConnector {
  readonly protocolVersion: number;
  anonymous(serverUrl: string): AnonymousServer;
  account(serverUrl: string, token: string): AccountServer;
  replication(options: ReplicationServerOptions): ReplicationServer;
}

export function createSyncServerConnector(options: {
  /** The app's version, sent with every handshake. */
  clientVersion: string;
  /**
   * The protocol version to speak: this build's `SYNC_PROTOCOL_VERSION`. Another one stands for an
   * older or newer build, to check R1 against a real server.
   */
  protocolVersion?: number;
  /** The WebSocket class (Node has none built in before 22); `ws` by default. */
  WebSocket?: WebSocketImplementation;
}): SyncServerConnector {
  const { clientVersion } = options;
  const protocolVersion = options.protocolVersion ?? SYNC_PROTOCOL_VERSION;
  const socket = options.WebSocket ?? WebSocket;
  return {
    protocolVersion,
    anonymous: (serverUrl) => createAnonymousServer({ serverUrl, clientVersion, protocolVersion }),
    account: (serverUrl, token) => createAccountServer({ serverUrl, token, protocolVersion }),
    replication: (replication) =>
      createReplicationServer({ ...replication, clientVersion, protocolVersion, WebSocket: socket }),
  };
}
