import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { SyncRejectionReason } from '../src-shared/sync/protocol';
import { describeReason } from '../src-shared/errors/reason-words';

/**
 * An expected refusal: services throw it, the tRPC layer turns it into an error whose
 * `data.reason` names it, so clients match on the reason, never on the wording.
 */
export class SyncServerError extends Error {
  /** Small facts a client shows beside the reason (a quota's bytes); sent as `data.details`. */
  readonly details: RejectionDetails | null;

  constructor(
    readonly reason: SyncRejectionReason,
    message: string,
    options?: { cause?: unknown; details?: RejectionDetails },
  ) {
    super(message, options);
    this.name = 'SyncServerError';
    this.details = options?.details ?? null;
  }

  get code(): TRPC_ERROR_CODE_KEY {
    return REASON_CODES[this.reason];
  }
}

export type RejectionDetails = Record<string, string | number | boolean | null>;

/** The tRPC code (and so the HTTP status) each named reason travels with. */
export const REASON_CODES: Record<SyncRejectionReason, TRPC_ERROR_CODE_KEY> = {
  CLIENT_TOO_OLD: 'PRECONDITION_FAILED',
  SERVER_TOO_OLD: 'PRECONDITION_FAILED',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  VAULT_NOT_FOUND: 'NOT_FOUND',
  BATCH_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  DOCUMENT_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  REQUEST_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INVALID_DOCUMENT: 'BAD_REQUEST',
  DUPLICATE_ID: 'BAD_REQUEST',
  REGISTRATION_CLOSED: 'FORBIDDEN',
  INVITE_INVALID: 'FORBIDDEN',
  EMAIL_TAKEN: 'CONFLICT',
  BAD_CREDENTIALS: 'UNAUTHORIZED',
  DEVICE_NOT_FOUND: 'NOT_FOUND',
  NOT_ADMIN: 'FORBIDDEN',
  INVALID_REQUEST: 'BAD_REQUEST',
  SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  BLOB_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  BLOB_HASH_MISMATCH: 'BAD_REQUEST',
  BLOB_NOT_FOUND: 'NOT_FOUND',
  QUOTA_EXCEEDED: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  WEAK_PASSWORD: 'BAD_REQUEST',
  ACCOUNT_DISABLED: 'FORBIDDEN',
  USER_NOT_FOUND: 'NOT_FOUND',
  LAST_ADMIN: 'CONFLICT',
};

/** A refusal with a named reason and its standard plain message. */
export function rejection(
  reason: SyncRejectionReason,
  message?: string,
  options?: { cause?: unknown; details?: RejectionDetails },
): SyncServerError {
  return new SyncServerError(reason, message ?? describeReason(reason), options);
}
