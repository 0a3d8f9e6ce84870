import { SYNC_LIMITS } from '../../src-shared/sync/protocol';

/**
 * L1–L12 (docs/sync-protocol.md, "Limits"): what one client may cost the server. Picked from
 * legitimate use: the desktop app sends at most ~6 calls in one WebSocket message (two pulls, a
 * prefetch each, two pushes) and keeps two live streams (notes, attachments); HTTP calls are one
 * per request (httpLink, no batching); a sign-in body is under 1 KB. Each limit is several times
 * that, so a legitimate device never meets one.
 */
export interface AbuseLimits {
  /** L1: calls in one HTTP batch or one WebSocket message. */
  batchCallsMax: number;
  /** L2: queries and mutations running at once on one socket; more are refused (RATE_LIMITED). */
  inFlightCallsPerSocket: number;
  /** L3: live subscriptions on one socket, and per device session (token) over all its sockets. */
  subscriptionsPerSocket: number;
  subscriptionsPerDevice: number;
  /** L4: a body or frame above this is "large"; at most `largeBodiesConcurrent` are read at once. */
  largeBodyBytes: number;
  largeBodiesConcurrent: number;
  /** L5: the body cap of every procedure but push (auth.* has its own, smaller one). */
  smallBodyBytes: number;
  authBodyBytes: number;
  /**
   * L6: reading stops while a socket's unsent answers exceed `wsPauseBytes` (and resumes below
   * half of it); the socket is ended when they stay above `wsCloseBytes` for `wsCeilingGraceMs`,
   * or reading stays stopped for `wsStallMs`.
   */
  wsPauseBytes: number;
  wsCloseBytes: number;
  wsCeilingGraceMs: number;
  wsStallMs: number;
  /** L7: a token bucket per socket: `wsMessagesBurst` messages, refilled at `wsMessagesPerSecond`. */
  wsMessagesPerSecond: number;
  wsMessagesBurst: number;
  /** L10: HTTP timeouts (Node's server settings). */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export const DEFAULT_ABUSE_LIMITS: AbuseLimits = {
  batchCallsMax: 20,
  inFlightCallsPerSocket: 8,
  subscriptionsPerSocket: 8,
  subscriptionsPerDevice: 8,
  largeBodyBytes: 1024 * 1024,
  largeBodiesConcurrent: 4,
  smallBodyBytes: 1024 * 1024,
  authBodyBytes: 16 * 1024,
  wsPauseBytes: 4 * 1024 * 1024,
  wsCloseBytes: 64 * 1024 * 1024,
  wsCeilingGraceMs: 5_000,
  wsStallMs: 60_000,
  wsMessagesPerSecond: 100,
  wsMessagesBurst: 300,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
};

/** Procedures whose body may reach SYNC_LIMITS.requestBytesMax: the pushes of whole notes. */
const LARGE_BODY_PROCEDURES = new Set(['sync.push']);

/** L5: the largest body a call of `path` may send. */
export function bodyCapFor(path: string, limits: AbuseLimits): number {
  if (LARGE_BODY_PROCEDURES.has(path)) return SYNC_LIMITS.requestBytesMax;
  if (path.startsWith('auth.')) return limits.authBodyBytes;
  return limits.smallBodyBytes;
}

/**
 * L4: slots for large bodies, shared by HTTP and WebSocket. Never waits: a caller that finds
 * none free is refused (RATE_LIMITED) and retries, so a flood costs no memory while it queues.
 */
export interface LargeBodySlots {
  tryAcquire(): (() => void) | null;
  readonly inUse: number;
}

export function createLargeBodySlots(max: number): LargeBodySlots {
  let inUse = 0;
  return {
    tryAcquire() {
      if (inUse >= max) return null;
      inUse += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inUse -= 1;
      };
    },
    get inUse() {
      return inUse;
    },
  };
}

/** The limits in force (defaults, with a test's overrides) and the large-body slots they size. */
export function createAbuseControls(overrides: Partial<AbuseLimits> = {}): {
  limits: AbuseLimits;
  slots: LargeBodySlots;
  /** L3: live streams per device token, over WebSocket and server-sent events alike. */
  deviceStreams: Map<string, number>;
} {
  const limits = { ...DEFAULT_ABUSE_LIMITS, ...overrides };
  return { limits, slots: createLargeBodySlots(limits.largeBodiesConcurrent), deviceStreams: new Map() };
}

/**
 * L10: a client that trickles its headers or body holds a socket and memory; Node's defaults
 * (no request timeout before Node 18, 60 s for headers) are looser than a sync call needs.
 */
export function applyHttpTimeouts(
  server: { headersTimeout: number; requestTimeout: number; keepAliveTimeout: number },
  limits: AbuseLimits,
): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
}
