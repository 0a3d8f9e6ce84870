// Over 400 lines: every WebSocket bound (L2–L9) sits on one per-socket record and one message
// hook, so they are checked in one place and in one order. The next split moves the connection
// caps (per IP and per user) into `ws-connection-caps.ts`.
import type { IncomingMessage } from 'node:http';
import {
  getWSConnectionHandler,
  type CreateWSSContextFn,
  type WSSHandlerOptions,
} from '@trpc/server/adapters/ws';
import { parseTRPCMessage } from '@trpc/server/unstable-core-do-not-import';
import type { SyncServerRouter } from '../router';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';
import type { SyncRejectionReason } from '../../src-shared/sync/protocol';
import type { AbuseLimits, LargeBodySlots } from './abuse-limits';
import { refusalShape } from './refusals';

/**
 * L1–L3, L6–L9 for the WebSocket at /trpc. tRPC serves each connection as usual; this sits in
 * its message path through a per-connection encoder (tRPC's `experimental_encoder`): `decode`
 * sees every message already parsed, before any call runs, and drops the calls it refuses
 * (answering those itself, in the router's own error shape); `encode` sees every answer, so it
 * knows when a call or a subscription ends. Around that: a token bucket per socket, back-pressure
 * on the socket's unsent bytes, connection caps per address and per user, and an idle timeout.
 */

/** Close codes (RFC 6455): 1008 policy violation, 1009 too big, 1013 try again later. */
export const WS_CLOSE = { idle: 1000, policy: 1008, tooBig: 1009, tryLater: 1013 } as const;

/** Frames shorter than this are parsed without the pre-scan: 20 calls fit, and the parse is cheap. */
const PRESCAN_FROM_CHARS = 64 * 1024;

/**
 * Objects with a "method" key, counted up to `stop` without parsing. In JSON text, `"method":`
 * can only be a key (a quote inside a string is escaped); a legitimate frame has one per call,
 * as documents never hold that key (their schemas are strict). Whitespace before the colon
 * escapes the count, and leaves such a frame to the parse and the exact check after it.
 */
export function countCalls(text: string, stop: number): number {
  let count = 0;
  for (let at = text.indexOf('"method":'); at >= 0 && count < stop; at = text.indexOf('"method":', at + 9)) {
    count += 1;
  }
  return count;
}

type CallId = string | number;

interface Connection {
  ws: WebSocket;
  ip: string;
  /** The device session's token, from connectionParams or the upgrade's Authorization header. */
  token: string | null;
  userId: string | null;
  calls: Map<CallId, 'call' | 'subscription'>;
  inFlight: number;
  subscriptions: number;
  bucket: number;
  bucketAt: number;
  lastMessageAt: number;
  firstMessage: boolean;
  closing: boolean;
  pausedAt: number | null;
  overCeilingAt: number | null;
  /** L4: a large frame's slot, held until every call it carried has answered. */
  largeHolds: { ids: Set<CallId>; release: () => void }[];
  pendingLarge: (() => void) | null;
}

export interface WsGuardOptions {
  wss: WebSocketServer;
  router: SyncServerRouter;
  createContext: CreateWSSContextFn<SyncServerRouter>;
  onError: WSSHandlerOptions<SyncServerRouter>['onError'];
  keepAlive: WSSHandlerOptions<SyncServerRouter>['keepAlive'];
  limits: AbuseLimits;
  /** L8, L9: config.limits. */
  connections: { connectionsPerIp: number; connectionsPerUser: number; wsIdleMs: number };
  slots: LargeBodySlots;
  deviceStreams: Map<string, number>;
  /** The server's `maxPayload`: what a socket with a session may send in one frame. */
  maxFrameBytes: number;
  ipOf(req: IncomingMessage): string | null;
  /** Whose token this is (for L8 per user); one query per connection that sends one. */
  userOf(token: string): Promise<string | null>;
  logger: Logger;
  /** Monotonic milliseconds; injected by tests. */
  now?: () => number;
}

export interface WsGuard {
  broadcastReconnectNotification(): void;
  /** Live figures, for tests and metrics. */
  stats(): { connections: number; subscriptions: number; inFlight: number; paused: number };
  close(): void;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * L5 per connection. `ws` has one `maxPayload` per server; its receiver (ws 8) keeps the limit in
 * `_maxPayload` and checks it at each frame's header, before buffering the frame. Lowered for a
 * socket without a session so a 10 MB hello frame is never read; raised once a token arrives
 * (synchronously, in that frame's 'message' handler, so the next frame already sees it).
 */
function setFrameLimit(ws: WebSocket, bytes: number): void {
  const receiver = (ws as unknown as { _receiver?: { _maxPayload?: unknown } })._receiver;
  if (receiver && typeof receiver._maxPayload === 'number') receiver._maxPayload = bytes;
}

function bearerOf(req: IncomingMessage): string | null {
  return req.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? null;
}

function increment(map: Map<string, number>, key: string, by: number): number {
  const next = (map.get(key) ?? 0) + by;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
  return next;
}

export function serveGuardedWebSockets(options: WsGuardOptions): WsGuard {
  const { wss, router, limits, logger } = options;
  const now = options.now ?? (() => performance.now());
  const transformer = router._def._config.transformer;
  const live = new Set<Connection>();
  const perIp = new Map<string, number>();
  const perUser = new Map<string, number>();
  const subscriptionsPerToken = options.deviceStreams;

  const sendRefusal = (
    conn: Connection,
    id: CallId | null,
    reason: SyncRejectionReason,
    message: string,
  ): void => {
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    const { shape } = refusalShape(router, reason, message);
    conn.ws.send(JSON.stringify({ id, jsonrpc: '2.0', error: shape }));
  };

  const closeConnection = (conn: Connection, code: number, reason: string): void => {
    if (conn.closing) return;
    conn.closing = true;
    logger.info({ ip: conn.ip, code, reason }, 'websocket closed by the server');
    // A socket that does not read would hold a graceful close open: end it at once then.
    if (conn.ws.bufferedAmount > limits.wsPauseBytes) conn.ws.terminate();
    else conn.ws.close(code, reason);
  };

  const releaseCall = (conn: Connection, id: CallId): void => {
    const kind = conn.calls.get(id);
    if (!kind) return;
    conn.calls.delete(id);
    if (kind === 'call') conn.inFlight -= 1;
    else {
      conn.subscriptions -= 1;
      if (conn.token) increment(subscriptionsPerToken, conn.token, -1);
    }
    for (const hold of conn.largeHolds) hold.ids.delete(id);
    conn.largeHolds = conn.largeHolds.filter((hold) => {
      if (hold.ids.size > 0) return true;
      hold.release();
      return false;
    });
  };

  /** Decides, call by call, what tRPC may run; answers the rest. */
  const admit = (conn: Connection, parsed: unknown): unknown => {
    const messages: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
    if (Array.isArray(parsed) && parsed.length > limits.batchCallsMax) {
      // L1: refused as a whole and answered once; not one call of it runs.
      sendRefusal(
        conn,
        null,
        'BATCH_TOO_LARGE',
        `One message carried ${parsed.length.toLocaleString('en-US')} calls; the sync server accepts at most ${limits.batchCallsMax} at once.`,
      );
      return [];
    }
    // tRPC refuses a message with any malformed call as a whole; let it, counting nothing.
    for (const raw of messages) parseTRPCMessage(raw, transformer);
    const admitted: unknown[] = [];
    const largeIds = conn.pendingLarge ? new Set<CallId>() : null;
    for (const raw of messages) {
      const id = isRecord(raw) ? raw.id : undefined;
      const method = isRecord(raw) ? raw.method : undefined;
      if ((typeof id !== 'string' && typeof id !== 'number') || method === 'subscription.stop') {
        admitted.push(raw);
        continue;
      }
      if (conn.calls.has(id)) {
        sendRefusal(
          conn,
          id,
          'INVALID_REQUEST',
          'A call with this id is already running on this connection.',
        );
        continue;
      }
      if (method === 'subscription') {
        const forDevice = conn.token ? (subscriptionsPerToken.get(conn.token) ?? 0) : 0;
        if (
          conn.subscriptions >= limits.subscriptionsPerSocket ||
          forDevice >= limits.subscriptionsPerDevice
        ) {
          // L3.
          sendRefusal(
            conn,
            id,
            'RATE_LIMITED',
            `This device has too many live streams open (at most ${limits.subscriptionsPerSocket} per connection, ${limits.subscriptionsPerDevice} per device).`,
          );
          continue;
        }
        conn.subscriptions += 1;
        if (conn.token) increment(subscriptionsPerToken, conn.token, 1);
        conn.calls.set(id, 'subscription');
      } else {
        if (conn.inFlight >= limits.inFlightCallsPerSocket) {
          // L2.
          sendRefusal(
            conn,
            id,
            'RATE_LIMITED',
            `Too many calls are running on this connection (at most ${limits.inFlightCallsPerSocket}); try again when one has answered.`,
          );
          continue;
        }
        conn.inFlight += 1;
        conn.calls.set(id, 'call');
      }
      largeIds?.add(id);
      admitted.push(raw);
    }
    if (conn.pendingLarge) {
      const release = conn.pendingLarge;
      conn.pendingLarge = null;
      if (largeIds && largeIds.size > 0) conn.largeHolds.push({ ids: largeIds, release });
      else release();
    }
    return Array.isArray(parsed) ? admitted : (admitted[0] ?? []);
  };

  const encoderFor = (conn: Connection) => ({
    encode(data: unknown): string {
      if (isRecord(data) && (typeof data.id === 'string' || typeof data.id === 'number')) {
        const kind = conn.calls.get(data.id);
        const result = isRecord(data.result) ? data.result : null;
        const ended = 'error' in data || (kind === 'call' ? result !== null : result?.type === 'stopped');
        if (kind && ended) releaseCall(conn, data.id);
      }
      return JSON.stringify(data);
    },
    decode(data: string | ArrayBuffer | Uint8Array): unknown {
      try {
        if (conn.closing) return [];
        if (typeof data !== 'string') throw new Error('Binary messages are not accepted; send JSON text.');
        if (
          data.length > PRESCAN_FROM_CHARS &&
          countCalls(data, limits.batchCallsMax + 1) > limits.batchCallsMax
        ) {
          // L1 before the parse: a frame of 100,000 calls costs a scan, not a 10 MB JSON.parse.
          sendRefusal(
            conn,
            null,
            'BATCH_TOO_LARGE',
            `One message carried more calls than the sync server accepts at once (${limits.batchCallsMax}).`,
          );
          return [];
        }
        const parsed: unknown = JSON.parse(data);
        if (conn.firstMessage) {
          conn.firstMessage = false;
          if (isRecord(parsed) && parsed.method === 'connectionParams') {
            const token = isRecord(parsed.data) ? parsed.data.token : undefined;
            if (typeof token === 'string' && token.length <= 512) identify(conn, token);
            return parsed;
          }
        }
        return admit(conn, parsed);
      } finally {
        // A large frame's slot not handed to its calls (refused, malformed) is free again.
        conn.pendingLarge?.();
        conn.pendingLarge = null;
      }
    },
  });

  /** L8 per user: known once the token is; one lookup per connection. */
  const identify = (conn: Connection, token: string): void => {
    conn.token = token;
    setFrameLimit(conn.ws, options.maxFrameBytes);
    options
      .userOf(token)
      .then((userId) => {
        if (!userId || conn.closing || !live.has(conn)) return;
        conn.userId = userId;
        if (increment(perUser, userId, 1) > options.connections.connectionsPerUser) {
          closeConnection(conn, WS_CLOSE.policy, 'Too many connections for this account');
        }
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not identify a websocket'));
  };

  /** L6: reading stops while the peer is behind; a peer that stays behind is let go. */
  const checkPressure = (conn: Connection): void => {
    const buffered = conn.ws.bufferedAmount;
    // A fast reader may pass the ceiling for a moment (a few large answers at once); the sweep
    // ends a socket that stays above it.
    if (buffered > limits.wsCloseBytes) conn.overCeilingAt ??= now();
    if (conn.pausedAt === null && buffered > limits.wsPauseBytes) {
      conn.pausedAt = now();
      conn.ws.pause();
    }
  };

  const onConnection = (ws: WebSocket, req: IncomingMessage): void => {
    const ip = options.ipOf(req) ?? 'unknown';
    const conn: Connection = {
      ws,
      ip,
      token: bearerOf(req),
      userId: null,
      calls: new Map(),
      inFlight: 0,
      subscriptions: 0,
      bucket: limits.wsMessagesBurst,
      bucketAt: now(),
      lastMessageAt: now(),
      firstMessage: true,
      closing: false,
      pausedAt: null,
      overCeilingAt: null,
      largeHolds: [],
      pendingLarge: null,
    };
    live.add(conn);
    // L5: until it names a session, a socket's frames are refused at their header (1009).
    if (conn.token === null) setFrameLimit(ws, limits.authBodyBytes);
    const overIp = increment(perIp, ip, 1) > options.connections.connectionsPerIp;
    if (conn.token) identify(conn, conn.token);

    const send = ws.send.bind(ws);
    ws.send = ((...args: Parameters<WebSocket['send']>) => {
      send(...args);
      checkPressure(conn);
    }) as WebSocket['send'];

    // Registered before tRPC's own listener: it runs first for every message.
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      if (conn.closing) return;
      const at = now();
      const bytes = Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data.byteLength;
      // Keep-alive answers prove the peer is there, not that it uses the socket (L9).
      const keepAlive = bytes === 4 && Buffer.isBuffer(data) && /^P[IO]NG$/.test(data.toString('latin1'));
      if (!keepAlive) conn.lastMessageAt = at;
      conn.bucket = Math.min(
        limits.wsMessagesBurst,
        conn.bucket + ((at - conn.bucketAt) / 1000) * limits.wsMessagesPerSecond,
      );
      conn.bucketAt = at;
      conn.bucket -= 1;
      if (conn.bucket < 0) {
        // L7.
        closeConnection(conn, WS_CLOSE.policy, 'Too many messages');
        return;
      }
      if (bytes > limits.authBodyBytes && conn.token === null) {
        // L5: a connection without a session only says hello or signs in: a few KB.
        closeConnection(conn, WS_CLOSE.tooBig, 'Message too big for a connection without a session');
        return;
      }
      if (bytes > limits.largeBodyBytes) {
        // L4: the client reconnects (with backoff) and sends it again.
        const release = options.slots.tryAcquire();
        if (!release) closeConnection(conn, WS_CLOSE.tryLater, 'Server busy; try again later');
        else conn.pendingLarge = release;
      }
    });
    ws.once('close', () => {
      live.delete(conn);
      conn.closing = true;
      increment(perIp, ip, -1);
      if (conn.userId) increment(perUser, conn.userId, -1);
      for (const id of [...conn.calls.keys()]) releaseCall(conn, id);
      for (const hold of conn.largeHolds.splice(0)) hold.release();
      conn.pendingLarge?.();
      conn.pendingLarge = null;
    });

    if (overIp) {
      closeConnection(conn, WS_CLOSE.policy, 'Too many connections from this address');
      return;
    }
    getWSConnectionHandler({
      wss,
      router,
      createContext: options.createContext,
      ...(options.onError ? { onError: options.onError } : {}),
      ...(options.keepAlive ? { keepAlive: options.keepAlive } : {}),
      experimental_encoder: encoderFor(conn),
    })(ws, req);
  };
  wss.on('connection', onConnection);

  // L6 (resume, stall) and L9 (idle): one sweep for all sockets, not a timer each.
  const sweepMs = Math.max(
    20,
    Math.min(1_000, options.connections.wsIdleMs / 4, limits.wsCeilingGraceMs / 4),
  );
  const sweeper = setInterval(() => {
    const at = now();
    for (const conn of live) {
      if (conn.closing) continue;
      if (conn.pausedAt !== null) {
        const buffered = conn.ws.bufferedAmount;
        if (buffered <= limits.wsPauseBytes / 2) {
          conn.pausedAt = null;
          conn.overCeilingAt = null;
          conn.ws.resume();
        } else if (
          at - conn.pausedAt > limits.wsStallMs ||
          (conn.overCeilingAt !== null && at - conn.overCeilingAt > limits.wsCeilingGraceMs)
        ) {
          conn.closing = true;
          logger.info({ ip: conn.ip, buffered }, 'websocket terminated: its peer does not read');
          conn.ws.terminate();
        } else if (buffered <= limits.wsCloseBytes) conn.overCeilingAt = null;
        continue;
      }
      if (conn.calls.size === 0 && at - conn.lastMessageAt > options.connections.wsIdleMs) {
        closeConnection(conn, WS_CLOSE.idle, 'Idle timeout');
      }
    }
  }, sweepMs);
  sweeper.unref();

  return {
    broadcastReconnectNotification() {
      const data = JSON.stringify({ id: null, method: 'reconnect' });
      for (const conn of live) if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(data);
    },
    stats() {
      let subscriptions = 0;
      let inFlight = 0;
      let paused = 0;
      for (const conn of live) {
        subscriptions += conn.subscriptions;
        inFlight += conn.inFlight;
        if (conn.pausedAt !== null) paused += 1;
      }
      return { connections: live.size, subscriptions, inFlight, paused };
    },
    close() {
      clearInterval(sweeper);
      wss.off('connection', onConnection);
    },
  };
}
