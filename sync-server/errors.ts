import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { SyncRejectionReason } from '../src-shared/sync/protocol';

/**
 * An expected refusal: services throw it, the tRPC layer turns it into an error whose
 * `data.reason` names it, so clients match on the reason, never on the wording.
 */
export class SyncServerError extends Error {
  constructor(
    readonly code: TRPC_ERROR_CODE_KEY,
    message: string,
    readonly reason: SyncRejectionReason | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SyncServerError';
  }
}

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
};

const DEFAULT_MESSAGES: Record<SyncRejectionReason, string> = {
  CLIENT_TOO_OLD: 'This version of Quire is too old for the sync server. Update Quire on this device.',
  SERVER_TOO_OLD:
    'The sync server is older than this version of Quire. Ask the administrator to update the server.',
  UNAUTHENTICATED: 'This device is not signed in to the sync server. Sign in again.',
  VAULT_NOT_FOUND: 'The sync server has no such vault for this account.',
  BATCH_TOO_LARGE: 'The request asked for or carried more documents than the sync server accepts at once.',
  DOCUMENT_TOO_LARGE: 'A note is larger than the sync server accepts.',
  REQUEST_TOO_LARGE: 'The request is larger than the sync server accepts.',
  INVALID_DOCUMENT: 'A note did not match the format the sync server expects; nothing was saved.',
  DUPLICATE_ID: 'The same note appeared twice in one request; nothing was saved.',
  REGISTRATION_CLOSED: 'This sync server does not accept new accounts.',
  INVITE_INVALID: 'That invite code is not valid: it may be used, expired or meant for another address.',
  EMAIL_TAKEN: 'An account with that email address already exists. Sign in instead.',
  BAD_CREDENTIALS: 'That email and password do not match an account on this server.',
};

/** A refusal with a named reason and its standard plain message. */
export function rejection(
  reason: SyncRejectionReason,
  message?: string,
  options?: { cause?: unknown },
): SyncServerError {
  return new SyncServerError(REASON_CODES[reason], message ?? DEFAULT_MESSAGES[reason], reason, options);
}
