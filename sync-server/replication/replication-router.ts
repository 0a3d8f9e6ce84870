import { ZodError } from 'zod';
import {
  listRevisionsInput,
  listRevisionsOutput,
  pullInput,
  pushInput,
  streamInput,
  SYNC_LIMITS,
  SYNC_PROTOCOL_VERSION,
  vaultIdSchema,
  type PullOutputOf,
  type PushOutputOf,
  type PushRejection,
  type PushRowOf,
  type StreamEventOf,
  type SyncCollection,
} from '../../src-shared/sync/protocol';
import { authedProcedure, zodIssueSummary, middleware, MIN_PROTOCOL_VERSION, refuse, router } from '../trpc';
import { checkPageSize, checkPushLimits, checkPushRow, type LimitViolation } from './limits';
import { vaultStream } from './vault-stream';
import { sharedSessionCheckFor } from './session-recheck';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * R1 and R3 run on the raw input, before the schema: a client on another protocol version may
 * send documents this server's schema does not know, and should hear "update", not "invalid";
 * and a caller gets VAULT_NOT_FOUND for someone else's vault whatever else is in the request.
 * Input that is not even shaped like a request is left for the schema to refuse.
 */
const syncProcedure = authedProcedure.use(async ({ ctx, getRawInput, next }) => {
  const raw = await getRawInput();
  if (!isRecord(raw)) return next();
  const version = raw.protocolVersion;
  if (typeof version === 'number') {
    if (version < MIN_PROTOCOL_VERSION) throw refuse('CLIENT_TOO_OLD');
    if (version > SYNC_PROTOCOL_VERSION) throw refuse('SERVER_TOO_OLD');
  }
  const { vaultId } = raw;
  // The session's vault was read, owned by this user, by this very request's auth query: only
  // another vault id costs a query of its own.
  if (
    typeof vaultId === 'string' &&
    vaultId !== ctx.session.vaultId &&
    // L12: an id no vault can have (NUL, …) is the schema's to refuse, never a query's.
    vaultIdSchema.safeParse(vaultId).success &&
    !(await ctx.auth.isVaultOwner(ctx.session.userId, vaultId))
  ) {
    throw refuse('VAULT_NOT_FOUND');
  }
  return next();
});

/** R10 on the raw input; `check` names the first limit broken. */
function limitsGate(check: (raw: unknown) => LimitViolation | null) {
  return middleware(async ({ getRawInput, next }) => {
    const violation = check(await getRawInput());
    if (violation) throw refuse(violation.reason, violation.message);
    return next();
  });
}

/**
 * A row too malformed to name its note (no object, no id) is INVALID_DOCUMENT for the whole
 * push (R10); other schema failures stay plain BAD_REQUEST. Rows that name their note are
 * checked one by one in the procedure and rejected alone.
 */
const nameDocumentErrors = middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ZodError) {
    const inRows = result.error.cause.issues.some(
      (issue) => issue.path[0] === 'rows' && issue.path.length > 1,
    );
    if (inRows) {
      const zodError = result.error.cause;
      // The zod details stay attached (the formatter flattens them) beside the reason.
      throw refuse(
        'INVALID_DOCUMENT',
        `A note did not match the format the sync server expects; nothing was saved. ${zodIssueSummary(zodError)}`,
        { cause: zodError },
      );
    }
  }
  return result;
});

export const replicationRouter = router({
  /**
   * R5. No `.output()` check on pull and push: every stored document was validated whole when it
   * was pushed (R10), and re-parsing a 2,000-document page costs about twice its JSON encoding
   * (~40 ms here). The types still bind the results to the wire schema at compile time.
   */
  pull: syncProcedure
    .use(limitsGate((raw) => checkPageSize(raw, 'batchSize', SYNC_LIMITS.pullBatchMax)))
    .input(pullInput)
    .query(async ({ ctx, input }): Promise<PullOutputOf<SyncCollection>> => {
      const started = performance.now();
      const page = await ctx.store.pull({
        vaultId: input.vaultId,
        collection: input.collection,
        checkpoint: input.checkpoint,
        batchSize: input.batchSize,
      });
      ctx.metrics.observePull(performance.now() - started, page.documents.length);
      return page;
    }),

  /**
   * R6–R10, R16: every row is checked on its own before the store is touched; the valid ones are
   * written in one transaction and the others answered in `rejected`, by id and reason only (no
   * note text reaches an answer or a log line).
   */
  push: syncProcedure
    .use(limitsGate(checkPushLimits))
    .use(nameDocumentErrors)
    .input(pushInput)
    .mutation(async ({ ctx, input }): Promise<PushOutputOf<SyncCollection>> => {
      const started = performance.now();
      const rows: PushRowOf<SyncCollection>[] = [];
      const rejected: PushRejection[] = [];
      for (const row of input.rows) {
        const checked = checkPushRow(row, input.collection);
        if (checked.ok) rows.push(checked.row);
        else rejected.push({ id: row.newDocumentState.id, reason: checked.reason });
      }
      if (rejected.length > 0) {
        ctx.log.info(
          {
            vaultId: input.vaultId,
            deviceId: ctx.session.deviceId,
            rejected: rejected.slice(0, 20).map(({ id, reason }) => ({ id: id.slice(0, 64), reason })),
            rejectedCount: rejected.length,
          },
          'push rows rejected',
        );
      }
      if (rows.length === 0) {
        ctx.metrics.observePush(performance.now() - started, input.rows.length, 0);
        return { conflicts: [], rejected };
      }
      const { conflicts } = await ctx.store.push({
        vaultId: input.vaultId,
        collection: input.collection,
        deviceId: ctx.session.deviceId,
        rows,
      });
      // O3: a conflict is a pushed row the device must merge and push again.
      ctx.metrics.observePush(performance.now() - started, input.rows.length, conflicts.length);
      return { conflicts, rejected };
    }),

  /** R13, R14, A4. */
  stream: syncProcedure
    .input(streamInput)
    .subscription(({ ctx, input, signal }): AsyncGenerator<StreamEventOf<SyncCollection>> => {
      const { session, token } = ctx;
      return vaultStream({
        vaultId: input.vaultId,
        collection: input.collection,
        deviceId: session.deviceId,
        store: ctx.store,
        bus: ctx.bus,
        signal,
        recheckMs: ctx.sessionRecheckMs,
        onFanOut: (ms) => ctx.metrics.observeFanOut(ms),
        async sessionIsValid(periodic) {
          const check = sharedSessionCheckFor(ctx.auth, ctx.sessionRecheckMs);
          return token !== null && (await check(token, periodic)) === session.deviceId;
        },
        onSessionEnded: () =>
          refuse(
            'UNAUTHENTICATED',
            'This device was signed out of the sync server; its live updates have stopped.',
          ),
      });
    }),

  /** R11. */
  revisions: syncProcedure
    .use(limitsGate((raw) => checkPageSize(raw, 'limit', SYNC_LIMITS.revisionsPageMax)))
    .input(listRevisionsInput)
    .output(listRevisionsOutput)
    .query(async ({ ctx, input }) => {
      // Version history is the notes' (R11); an attachment's versions are its bytes' hashes.
      if (input.collection !== 'notes') throw refuse('INVALID_REQUEST');
      return {
        revisions: await ctx.store.listRevisions({
          vaultId: input.vaultId,
          collection: input.collection,
          documentId: input.documentId,
          limit: input.limit,
        }),
      };
    }),
});
