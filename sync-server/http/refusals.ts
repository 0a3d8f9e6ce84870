import { TRPCError } from '@trpc/server';
import {
  getErrorShape,
  getHTTPStatusCodeFromError,
  type TRPCErrorShape,
} from '@trpc/server/unstable-core-do-not-import';
import type { SyncRejectionReason } from '../../src-shared/sync/protocol';
import { REASON_CODES, rejection } from '../errors';
import type { SyncServerRouter } from '../router';

/**
 * A refusal made before tRPC runs a call (L1–L7): shaped by the router's own errorFormatter, so
 * a client reads the same `data.reason`, message and status as for a refusal from a procedure.
 */
export function refusalShape(
  router: SyncServerRouter,
  reason: SyncRejectionReason,
  message: string,
  path?: string,
): { shape: TRPCErrorShape; status: number } {
  const cause = rejection(reason, message);
  const error = new TRPCError({ code: REASON_CODES[reason], message: cause.message, cause });
  const shape: TRPCErrorShape = getErrorShape({
    config: router._def._config,
    error,
    type: 'unknown',
    path,
    input: undefined,
    ctx: undefined,
  });
  return { shape, status: getHTTPStatusCodeFromError(error) };
}
