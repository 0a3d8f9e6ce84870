import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel, SyncServerConfig } from '../config';
import { serializeError } from '../http/log-safety';

/**
 * Secrets never reach a log line: tokens travel in the Authorization header and in
 * connectionParams, passwords and invite codes in inputs.
 */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'token',
  'password',
  'inviteCode',
  '*.token',
  '*.password',
  '*.inviteCode',
  '*.authorization',
  'connectionParams',
  '*.connectionParams',
  'input',
  '*.input',
  // PostgreSQL names the offending input there (a note's text, when jsonb refuses it, R16).
  'err.where',
  'err.detail',
  'err.cause.where',
  'err.cause.detail',
];

export type LogFormat = SyncServerConfig['logFormat'];

/** O1: `pretty` always, `auto` only when stderr is a terminal; JSON lines otherwise. */
export function wantsPretty(format: LogFormat, isTty: boolean = process.stderr.isTTY === true): boolean {
  return format === 'pretty' || (format === 'auto' && isTty);
}

/**
 * The server's logger: JSON on stderr (or `destination`), redacted (O1). `format` applies only
 * to the default destination: a caller that passes its own stream reads JSON.
 */
export function createServerLogger(
  level: LogLevel,
  destination?: pino.DestinationStream,
  format: LogFormat = 'json',
): Logger {
  const options = {
    level,
    redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
    // L14: database errors are logged without the input they quote.
    serializers: { err: serializeError },
  };
  if (destination) return pino(options, destination);
  if (wantsPretty(format)) {
    // Synchronous, as pino.destination(2) is: the last lines before an exit are not lost.
    return pino(options, pretty({ destination: 2, sync: true, colorize: process.stderr.isTTY === true }));
  }
  return pino(options, pino.destination(2));
}

const REQUEST_ID_SHAPE = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * O2: the id of one HTTP request: the client's (or proxy's) `x-request-id` when it is a plain
 * token, otherwise a new one. Written back into the request's headers so the tRPC context adopts
 * the same id, and answered as `x-request-id`.
 */
export function assignRequestId(
  req: { headers: Record<string, string | string[] | undefined> },
  res: { setHeader(name: string, value: string): unknown },
): string {
  const asked = req.headers['x-request-id'];
  const given = Array.isArray(asked) ? asked[0] : asked;
  const id = given && REQUEST_ID_SHAPE.test(given) ? given : randomUUID();
  req.headers['x-request-id'] = id;
  res.setHeader('x-request-id', id);
  return id;
}

/** What a WebSocket message's calls are told about it (O2); set by `tagWebSocketMessages`. */
export interface WsMessageTag {
  /** The JSON-RPC id of a single call, or null for a batch or one we could not read cheaply. */
  rpcId: string | null;
  /** This socket's message counter, for batches and unreadable ids. */
  seq: number;
}

const wsMessage = new AsyncLocalStorage<WsMessageTag>();

// Read from the first bytes only: a message can be megabytes and is parsed once, by tRPC.
const LEADING_ID = /^\s*\{\s*"id"\s*:\s*(?:"([A-Za-z0-9._:-]{1,64})"|(\d{1,15}))\s*[,}]/;

export function leadingRpcId(message: string): string | null {
  const match = LEADING_ID.exec(message.slice(0, 120));
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/**
 * Called from a socket's first 'message' listener, before tRPC's own: the async context entered
 * here is the one tRPC's handling of the same message continues in, so each call's middleware
 * can name the message it came from.
 */
export function tagWebSocketMessage(seq: number, data: unknown): void {
  const text =
    typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.subarray(0, 120).toString('utf8') : '';
  wsMessage.enterWith({ rpcId: leadingRpcId(text), seq });
}

/**
 * O2: the request id of one call: the HTTP request's, or, over a WebSocket, the connection's
 * (its context's `requestId`) plus the message's.
 */
export function callRequestId(requestId: string, batchIndex: number, overWebSocket: boolean): string {
  const tag = overWebSocket ? wsMessage.getStore() : undefined;
  if (!tag) return requestId;
  if (tag.rpcId !== null) return `${requestId}#${tag.rpcId}`;
  return `${requestId}#m${tag.seq}.${batchIndex}`;
}

interface CallOutcome {
  ok: boolean;
  error?: { code: string };
}

/**
 * O2: one debug line per call with its duration and outcome; the input never (it may hold a
 * password or a note).
 */
export async function logCall<R extends CallOutcome>(
  log: Logger,
  run: () => Promise<R>,
  now: () => number = () => performance.now(),
): Promise<R> {
  const started = now();
  try {
    const result = await run();
    const ms = Math.round((now() - started) * 10) / 10;
    if (result.ok) log.debug({ ms, outcome: 'ok' }, 'call');
    else log.debug({ ms, outcome: result.error?.code ?? 'error' }, 'call');
    return result;
  } catch (error) {
    log.debug({ ms: Math.round(now() - started), outcome: 'threw' }, 'call');
    throw error;
  }
}
