import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { initTRPC, TRPCError } from '@trpc/server';
import type { Logger } from 'pino';
import { ZodError, z } from 'zod';
import type { SyncRejectionReason } from '../src-shared/sync/protocol';
import type { AuthService, Session } from './auth/auth-service';
import type { AuditLog } from './admin/audit-log';
import type { AdminService } from './admin/admin-service';
import { CONSOLE_COOKIE, type ConsoleActor, type ConsoleSessions } from './admin/console-sessions';
import { isConsoleRequest } from './admin/console-csrf';
import type { Clock } from './clock';
import type { SyncServerConfig } from './config';
import type { ChangeBus } from './bus/change-bus';
import type { SqlClient } from './db/sql-client';
import type { ReplicationStore } from './replication/replication-store';
import { VaultNotFoundError } from './replication/sql-replication-store';
import { REASON_CODES, rejection, SyncServerError } from './errors';
import { describeReason } from '../src-shared/errors/reason-words';
import type { RateLimits } from './security/rate-limits';
import { rateLimitData } from './security/rate-limit-error';
import { callRequestId, logCall } from './ops/logger';
import type { ServerMetrics } from './ops/metrics';
import type { OpsServices } from './ops/ops-services';

/** R1: the oldest protocol this server still serves (the newest is SYNC_PROTOCOL_VERSION). */
export const MIN_PROTOCOL_VERSION = 2;

/** Built once per server process. */
export interface SyncServerDeps {
  sql: SqlClient;
  auth: AuthService;
  store: ReplicationStore;
  bus: ChangeBus;
  logger: Logger;
  serverVersion: string;
  /** A4: how often an idle live stream re-checks that its session still exists. */
  sessionRecheckMs: number;
  config: SyncServerConfig;
  clock: Clock;
  consoleSessions: ConsoleSessions;
  audit: AuditLog;
  /** S12: sign-in, sign-up, invite and password-reset limits. */
  limits: RateLimits;
  /** What the admin router and the admin CLI both call (G1–G8). */
  admin: AdminService;
  /** O3: this server instance's Prometheus metrics. */
  metrics: ServerMetrics;
  /** O6–O9: background jobs and what the health page checks. */
  ops: OpsServices;
}

/** What every procedure sees: the deps plus who is calling, from where. */
export interface SyncServerContext extends SyncServerDeps {
  /** A device's bearer token, if any. */
  token: string | null;
  /** The admin console's cookie token, if any (HTTP only: the console never opens a socket). */
  consoleToken: string | null;
  /** The caller's address: the socket's, or X-Forwarded-For's last hop when TRUST_PROXY is set. */
  ip: string | null;
  userAgent: string | null;
  /** One per HTTP request or WebSocket connection; each call's log lines carry it. */
  requestId: string;
  /** Sets a cookie on the HTTP answer; null on a WebSocket. */
  setCookie: ((cookie: string) => void) | null;
  /** Whether the request came over HTTPS (directly, or per X-Forwarded-Proto behind a trusted proxy). */
  secure: boolean;
  /** K2: it carries `x-quire-console: 1` and no foreign Origin; the cookie counts only then. */
  consoleRequest: boolean;
}

/** Who an admin procedure acts for: a device session of an admin, or the console's cookie. */
export interface AdminActor extends ConsoleActor {
  via: 'device' | 'console';
}

const REQUEST_ID_SHAPE = /^[A-Za-z0-9._:-]{1,100}$/;

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The client's address; behind a trusted proxy, the hop the proxy itself appended (the last). */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = firstHeader(req.headers['x-forwarded-for']);
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last && last.length <= 64) return last;
  }
  return req.socket.remoteAddress ?? null;
}

export function readCookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header || header.length > 8192) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim() || null;
  }
  return null;
}

/**
 * HTTP sends the token as `Authorization: Bearer …`; WebSocket clients (and SSE, which cannot
 * set headers) send `connectionParams.token`. The token is only carried here: each authed call
 * looks it up again, so a revoked token stops working on a long-lived socket too (A4).
 */
export function createContextFactory(deps: SyncServerDeps) {
  return (opts: {
    req: IncomingMessage;
    res: ServerResponse | object;
    info: { connectionParams: Record<string, string | undefined> | null };
  }): SyncServerContext => {
    const { req } = opts;
    const header = req.headers.authorization;
    const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? null;
    const param = opts.info.connectionParams?.token;
    const res = opts.res;
    const isHttp = res instanceof Object && 'appendHeader' in res && 'headersSent' in res;
    const askedId = firstHeader(req.headers['x-request-id']);
    const forwardedProto = deps.config.trustProxy ? firstHeader(req.headers['x-forwarded-proto']) : undefined;
    const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
    const secure = encrypted || forwardedProto === 'https';
    return {
      ...deps,
      token: bearer ?? (typeof param === 'string' ? param : null),
      consoleToken: isHttp ? readCookie(req, CONSOLE_COOKIE) : null,
      ip: clientIp(req, deps.config.trustProxy),
      userAgent: firstHeader(req.headers['user-agent'])?.slice(0, 300) ?? null,
      requestId: askedId && REQUEST_ID_SHAPE.test(askedId) ? askedId : randomUUID(),
      setCookie: isHttp
        ? (cookie) => {
            if (!res.headersSent) res.appendHeader('set-cookie', cookie);
          }
        : null,
      secure,
      consoleRequest: isHttp && isConsoleRequest(req, secure, deps.config.trustProxy),
    };
  };
}

function reasonOf(error: TRPCError): SyncRejectionReason {
  if (error.cause instanceof SyncServerError) return error.cause.reason;
  // The HTTP adapter's own body-size refusal (maxBodySize) carries no cause.
  if (error.code === 'PAYLOAD_TOO_LARGE') return 'REQUEST_TOO_LARGE';
  if (error.code === 'INTERNAL_SERVER_ERROR') return 'SERVER_ERROR';
  // Schema failures, malformed requests, unknown procedures: tRPC's own refusals.
  return 'INVALID_REQUEST';
}

const t = initTRPC.context<SyncServerContext>().create({
  // Never ship stack traces, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    // A schema failure may be wrapped in a named refusal (INVALID_DOCUMENT); report it either way.
    const zodCause =
      error.cause instanceof ZodError
        ? error.cause
        : error.cause instanceof SyncServerError && error.cause.cause instanceof ZodError
          ? error.cause.cause
          : null;
    const zodError = zodCause ? z.flattenError(zodCause) : null;
    const reason = reasonOf(error);
    // Expected refusals keep their own message (it may name a limit); the rest get the reason's words.
    const message = error.cause instanceof SyncServerError ? shape.message : describeReason(reason);
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        zodError,
        /** Clients branch on this, never on `message` or `code`. */
        reason,
        /** S13: RATE_LIMITED says how long to wait. */
        ...rateLimitData(error.cause),
        /** A refusal's facts (QUOTA_EXCEEDED: usedBytes, quotaBytes), or null. */
        details: error.cause instanceof SyncServerError ? error.cause.details : null,
      },
    };
  },
});

export function zodIssueSummary(error: ZodError): string {
  const first = error.issues[0];
  if (!first) return 'The request was not valid.';
  const where = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return `Invalid input — ${where}${first.message}`;
}

/** A TRPCError carrying a named reason; for places no middleware wraps (live streams). */
export function refuse(
  reason: SyncRejectionReason,
  message?: string,
  options?: { cause?: unknown },
): TRPCError {
  const cause = rejection(reason, message, options);
  return new TRPCError({ code: REASON_CODES[reason], message: cause.message, cause });
}

/** Turns services' expected refusals into tRPC errors that keep their reason and wording. */
const mapServiceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof SyncServerError)
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  // The router checks ownership first (R3); this covers a vault deleted in between.
  if (cause instanceof VaultNotFoundError) throw refuse('VAULT_NOT_FOUND');
  return result;
});

/** A5: missing, unknown and revoked tokens are refused alike, before the input is even parsed. */
const requireSession = t.middleware(async ({ ctx, next }) => {
  const session: Session | null = ctx.token ? await ctx.auth.authenticate(ctx.token, { ip: ctx.ip }) : null;
  if (!session) throw refuse('UNAUTHENTICATED');
  return next({ ctx: { session } });
});

/**
 * The one place roles are checked: a procedure declares the role it needs by the builder it
 * starts from (`authedProcedure` for any signed-in device, `adminProcedure` for admins); no
 * handler checks a role itself. Admins reach admin procedures from a device session or from the
 * console's cookie; the cookie opens nothing else (it is not a device and syncs no vault).
 */
const requireAdmin = t.middleware(async ({ ctx, next }) => {
  let actor: AdminActor | null = null;
  if (ctx.token) {
    const session = await ctx.auth.authenticate(ctx.token, { ip: ctx.ip });
    if (!session) throw refuse('UNAUTHENTICATED');
    actor = { userId: session.userId, email: session.email, role: session.role, via: 'device' };
  } else if (ctx.consoleToken) {
    // K2: a cookie arrives with any request the browser sends; only the console's own count.
    if (!ctx.consoleRequest) throw refuse('UNAUTHENTICATED');
    const result = await ctx.consoleSessions.authenticate(ctx.consoleToken);
    if (!result) throw refuse('UNAUTHENTICATED');
    if (result.rotatedToken && ctx.setCookie) {
      ctx.setCookie(consoleCookie(result.rotatedToken, ctx));
    }
    actor = { ...result.actor, via: 'console' };
  }
  if (!actor) throw refuse('UNAUTHENTICATED');
  if (actor.role !== 'admin') throw refuse('NOT_ADMIN');
  return next({ ctx: { actor } });
});

/** The console cookie: httpOnly, SameSite=Strict, Secure over HTTPS, scoped to the API. */
export function consoleCookie(
  token: string | null,
  ctx: Pick<SyncServerContext, 'secure' | 'config'>,
): string {
  const maxAge = token === null ? 0 : Math.floor(ctx.config.sessions.adminAbsoluteMs / 1000);
  const parts = [
    `${CONSOLE_COOKIE}=${token ?? ''}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAge}`,
  ];
  if (ctx.secure) parts.push('Secure');
  return parts.join('; ');
}

export const router = t.router;
export const middleware = t.middleware;
/** O2: each call gets `ctx.log`, a child logger naming it, and one debug line when it ends. */
const withRequestLog = t.middleware(async ({ ctx, path, type, batchIndex, next }) => {
  const log = ctx.logger.child({
    reqId: callRequestId(ctx.requestId, batchIndex, ctx.setCookie === null),
    path,
    type,
  });
  return logCall(log, () => next({ ctx: { log } }));
});

export const publicProcedure = t.procedure.use(withRequestLog).use(mapServiceErrors);
export const authedProcedure = publicProcedure.use(requireSession);
export const adminProcedure = publicProcedure.use(requireAdmin);
export const createCallerFactory = t.createCallerFactory;
