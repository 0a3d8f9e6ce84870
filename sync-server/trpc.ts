import type { IncomingMessage } from 'node:http';
import { initTRPC, TRPCError } from '@trpc/server';
import type { Logger } from 'pino';
import { ZodError, z } from 'zod';
import type { SyncRejectionReason } from '../src-shared/sync/protocol';
import type { AuthService, Session } from './auth/auth-service';
import type { ChangeBus } from './bus/change-bus';
import type { SqlClient } from './db/sql-client';
import type { ReplicationStore } from './replication/replication-store';
import { VaultNotFoundError } from './replication/sql-replication-store';
import { REASON_CODES, rejection, SyncServerError } from './errors';
import { describeReason } from '../src-shared/errors/reason-words';

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
}

/** What every procedure sees: the deps plus the caller's bearer token, if any. */
export interface SyncServerContext extends SyncServerDeps {
  token: string | null;
}

/**
 * HTTP sends the token as `Authorization: Bearer …`; WebSocket clients (and SSE, which cannot
 * set headers) send `connectionParams.token`. The token is only carried here: each authed call
 * looks it up again, so a revoked token stops working on a long-lived socket too (A4).
 */
export function createContextFactory(deps: SyncServerDeps) {
  return (opts: {
    req: IncomingMessage;
    info: { connectionParams: Record<string, string | undefined> | null };
  }): SyncServerContext => {
    const header = opts.req.headers.authorization;
    const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? null;
    const param = opts.info.connectionParams?.token;
    return { ...deps, token: bearer ?? (typeof param === 'string' ? param : null) };
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
  const session: Session | null = ctx.token ? await ctx.auth.authenticate(ctx.token) : null;
  if (!session) throw refuse('UNAUTHENTICATED');
  return next({ ctx: { session } });
});

export const router = t.router;
export const middleware = t.middleware;
export const publicProcedure = t.procedure.use(mapServiceErrors);
export const authedProcedure = publicProcedure.use(requireSession);
export const createCallerFactory = t.createCallerFactory;
