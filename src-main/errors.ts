import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { FailureReason } from '../src-shared/errors/reasons';
import { describeReason } from '../src-shared/errors/reason-words';

/**
 * Expected failures of the services, as values with a reason. The tRPC layer sends the reason in
 * `data.reason` and takes the transport code from `TRPC_CODES`; callers switch on the reason.
 * The message is the reason's words (src-shared/errors/reason-words.ts), for logs and the CLI.
 */
export class QuireError extends Error {
  constructor(
    readonly reason: FailureReason,
    options?: { cause?: unknown },
  ) {
    super(describeReason(reason), options);
    this.name = 'QuireError';
  }

  get code(): TRPC_ERROR_CODE_KEY {
    return TRPC_CODES[this.reason];
  }
}

/** The tRPC code (and so the HTTP status in web mode) each reason travels with. */
const TRPC_CODES: Record<FailureReason, TRPC_ERROR_CODE_KEY> = {
  CLIENT_TOO_OLD: 'PRECONDITION_FAILED',
  SERVER_TOO_OLD: 'PRECONDITION_FAILED',
  UNAUTHENTICATED: 'PRECONDITION_FAILED',
  VAULT_NOT_FOUND: 'PRECONDITION_FAILED',
  BATCH_TOO_LARGE: 'PRECONDITION_FAILED',
  DOCUMENT_TOO_LARGE: 'PRECONDITION_FAILED',
  REQUEST_TOO_LARGE: 'PRECONDITION_FAILED',
  INVALID_DOCUMENT: 'PRECONDITION_FAILED',
  DUPLICATE_ID: 'PRECONDITION_FAILED',
  REGISTRATION_CLOSED: 'PRECONDITION_FAILED',
  INVITE_INVALID: 'BAD_REQUEST',
  EMAIL_TAKEN: 'CONFLICT',
  BAD_CREDENTIALS: 'BAD_REQUEST',
  DEVICE_NOT_FOUND: 'NOT_FOUND',
  NOT_ADMIN: 'PRECONDITION_FAILED',
  INVALID_REQUEST: 'PRECONDITION_FAILED',
  SERVER_ERROR: 'PRECONDITION_FAILED',
  BLOB_TOO_LARGE: 'PRECONDITION_FAILED',
  BLOB_HASH_MISMATCH: 'PRECONDITION_FAILED',
  BLOB_NOT_FOUND: 'PRECONDITION_FAILED',
  INVALID_INPUT: 'BAD_REQUEST',
  NOTE_NOT_FOUND: 'NOT_FOUND',
  TEMPLATE_NOT_FOUND: 'NOT_FOUND',
  NOT_IN_TRASH: 'PRECONDITION_FAILED',
  CONFLICTS_REMAIN: 'PRECONDITION_FAILED',
  NOT_SIGNED_IN: 'PRECONDITION_FAILED',
  SIGN_IN_NOT_KEPT: 'PRECONDITION_FAILED',
  ALREADY_SIGNED_IN: 'PRECONDITION_FAILED',
  KEYCHAIN_UNAVAILABLE: 'PRECONDITION_FAILED',
  SHUTTING_DOWN: 'PRECONDITION_FAILED',
  REVISION_NOT_FOUND: 'NOT_FOUND',
  JOB_NOT_FOUND: 'NOT_FOUND',
  ATTACHMENT_NOT_FOUND: 'NOT_FOUND',
  UPLOAD_NOT_FOUND: 'NOT_FOUND',
  IMPORT_DIR_NOT_FOUND: 'PRECONDITION_FAILED',
  EXPORT_DIR_NOT_EMPTY: 'PRECONDITION_FAILED',
  EXPORT_DIR_IN_VAULT: 'PRECONDITION_FAILED',
  INTERNAL_ERROR: 'INTERNAL_SERVER_ERROR',
  VAULT_LOCKED: 'PRECONDITION_FAILED',
  AMBIGUOUS_NOTE: 'BAD_REQUEST',
  SYNC_TIMEOUT: 'TIMEOUT',
  EDITOR_FAILED: 'PRECONDITION_FAILED',
  JOB_CANCELLED: 'PRECONDITION_FAILED',
  NETWORK: 'PRECONDITION_FAILED',
  HOST_UNREACHABLE: 'INTERNAL_SERVER_ERROR',
  UNKNOWN: 'PRECONDITION_FAILED',
};

export class NoteNotFoundError extends QuireError {
  constructor(readonly noteId: string) {
    super('NOTE_NOT_FOUND');
    this.name = 'NoteNotFoundError';
  }
}
