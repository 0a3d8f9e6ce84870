import { TRPCClientError } from '@trpc/client';
import { QuireError } from '../errors';
import { reasonInData, type FailureReason } from '../../src-shared/errors/reasons';
import type { SyncFailure } from '../../src-shared/api/sync-api';
import { detailsInData, type FailureDetails } from '../../src-shared/errors/failure-details';

/**
 * No answer from the server: refused or dropped connection, DNS, timeout. A tRPC error the
 * server formatted always carries `data`; a transport failure never does.
 */
export function isNetworkError(error: unknown): boolean {
  if (error instanceof TRPCClientError) {
    const data: unknown = (error as { data?: unknown }).data;
    return data === undefined || data === null;
  }
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** The server's named reason (`data.reason`), else NETWORK for no answer, else UNKNOWN. */
export function classifyError(error: unknown): FailureReason {
  if (error instanceof QuireError) return error.reason;
  if (error instanceof TRPCClientError) {
    const reason = reasonInData((error as { data?: unknown }).data);
    if (reason) return reason;
  }
  return isNetworkError(error) ? 'NETWORK' : 'UNKNOWN';
}

/** The server's `data.details` beside its reason (Q4: a quota's bytes), or null. */
export function failureDetails(error: unknown): FailureDetails | null {
  return error instanceof TRPCClientError ? detailsInData((error as { data?: unknown }).data) : null;
}

export function failure(reason: FailureReason, details: FailureDetails | null = null): SyncFailure {
  return details ? { reason, details } : { reason };
}

/** Reasons retrying cannot fix: the device stops syncing until the user (or an update) acts. */
export const FATAL_REASONS: ReadonlySet<FailureReason> = new Set<FailureReason>([
  'CLIENT_TOO_OLD',
  'SERVER_TOO_OLD',
  'UNAUTHENTICATED',
  'VAULT_NOT_FOUND',
]);

/** For calls the user made (sign-in, devices, history): the server's reason, passed on as is. */
export function toQuireError(error: unknown): QuireError {
  if (error instanceof QuireError) return error;
  return new QuireError(classifyError(error), { cause: error });
}
