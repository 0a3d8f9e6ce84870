import type { SyncSignUpInput } from '../../../src-shared/api/sync-api';
import { describeInputError, type FlatInputError } from '../../../src-shared/errors/input-words';
import { describeReason } from '../../../src-shared/errors/reason-words';
import { reasonInData, type FailureReason } from '../../../src-shared/errors/reasons';

/**
 * What the UI makes of a failed call: its reason, and the words for it. The host names a reason in
 * every error (`data.reason`), and the words come from the one table, REASON_WORDS; the UI never
 * reads an error's message or its tRPC code. What each reason asks of the UI is a `switch` over
 * every reason without a `default`, so a new reason does not compile until it is given a place.
 */

export type { FailureReason };

/** The fields of the sign-in form, which a refusal can point at. */
export type SignInField = keyof SyncSignUpInput;

/** What the UI offers to do about a failure that stopped sync. */
export type FailureFix = 'sign-in' | 'sync-now';

interface ClientErrorLike {
  data?: unknown;
}

/** A tRPC client error (the real one, or a test's look-alike): the only thing calls reject with. */
function isClientError(error: unknown): error is Error & ClientErrorLike {
  return error instanceof Error && error.name === 'TRPCClientError';
}

/**
 * The reason behind a failed call: the host's `data.reason`. A client error without `data` never
 * had an answer from the host (the transport failed): HOST_UNREACHABLE. Anything else: UNKNOWN.
 */
export function failureReasonOf(error: unknown): FailureReason {
  if (!isClientError(error)) return 'UNKNOWN';
  if (error.data === undefined || error.data === null) return 'HOST_UNREACHABLE';
  return reasonInData(error.data) ?? 'UNKNOWN';
}

/** The refused input as the host sends it (`data.zodError`), if there is any. */
function inputErrorOf(error: unknown): FlatInputError | null {
  if (!isClientError(error) || typeof error.data !== 'object' || error.data === null) return null;
  const zodError = (error.data as { zodError?: unknown }).zodError;
  return typeof zodError === 'object' && zodError !== null ? zodError : null;
}

/** The refused fields, by field, as the host's validation sent them (`data.zodError.fieldErrors`). */
export function refusedFields(error: unknown): Record<string, string> {
  const fieldErrors = inputErrorOf(error)?.fieldErrors;
  const fields: Record<string, string> = {};
  if (typeof fieldErrors !== 'object' || fieldErrors === null) return fields;
  for (const [field, messages] of Object.entries(fieldErrors as Record<string, unknown>)) {
    const first: unknown = Array.isArray(messages) ? messages[0] : undefined;
    if (typeof first === 'string') fields[field] = first;
  }
  return fields;
}

/** A failed call in words a person can act on: its reason's words, or what was wrong with the input. */
export function describeFailure(error: unknown): string {
  const reason = failureReasonOf(error);
  const input = reason === 'INVALID_INPUT' || reason === 'INVALID_REQUEST' ? inputErrorOf(error) : null;
  return input || reason === 'INVALID_INPUT' ? describeInputError(input) : describeReason(reason);
}

/** The sign-in field a refusal is about; null when it is about the whole form (or not the form). */
export function reasonField(reason: FailureReason): SignInField | null {
  switch (reason) {
    case 'EMAIL_TAKEN':
      return 'email';
    case 'INVITE_INVALID':
      return 'inviteCode';
    // Wrong credentials concern email and password alike; the form says so above both.
    case 'BAD_CREDENTIALS':
    case 'WEAK_PASSWORD':
      return 'password';
    case 'CLIENT_TOO_OLD':
    case 'SERVER_TOO_OLD':
    case 'UNAUTHENTICATED':
    case 'VAULT_NOT_FOUND':
    case 'BATCH_TOO_LARGE':
    case 'REQUEST_TOO_LARGE':
    case 'DOCUMENT_TOO_LARGE':
    case 'INVALID_DOCUMENT':
    case 'DUPLICATE_ID':
    case 'REGISTRATION_CLOSED':
    case 'DEVICE_NOT_FOUND':
    case 'NOT_ADMIN':
    case 'INVALID_REQUEST':
    case 'SERVER_ERROR':
    case 'BLOB_TOO_LARGE':
    case 'BLOB_HASH_MISMATCH':
    case 'BLOB_NOT_FOUND':
    case 'QUOTA_EXCEEDED':
    case 'RATE_LIMITED':
    case 'ACCOUNT_DISABLED':
    case 'USER_NOT_FOUND':
    case 'LAST_ADMIN':
    case 'INVALID_INPUT':
    case 'NOTE_NOT_FOUND':
    case 'TEMPLATE_NOT_FOUND':
    case 'NOT_IN_TRASH':
    case 'CONFLICTS_REMAIN':
    case 'NOT_SIGNED_IN':
    case 'SIGN_IN_NOT_KEPT':
    case 'ALREADY_SIGNED_IN':
    case 'KEYCHAIN_UNAVAILABLE':
    case 'SHUTTING_DOWN':
    case 'REVISION_NOT_FOUND':
    case 'SNAPSHOT_NOT_FOUND':
    case 'JOB_NOT_FOUND':
    case 'ATTACHMENT_NOT_FOUND':
    case 'UPLOAD_NOT_FOUND':
    case 'IMPORT_DIR_NOT_FOUND':
    case 'EXPORT_DIR_NOT_EMPTY':
    case 'EXPORT_DIR_IN_VAULT':
    case 'FOLDER_EXISTS':
    case 'FOLDER_NOT_FOUND':
    case 'NOTE_NAME_TAKEN':
    case 'ALREADY_UNDONE':
    case 'UNDO_EXPIRED':
    case 'MENTION_CHANGED':
    case 'INTERNAL_ERROR':
    case 'NETWORK':
    case 'HOST_UNREACHABLE':
    case 'UNKNOWN':
    case 'VAULT_LOCKED':
    case 'AMBIGUOUS_NOTE':
    case 'SYNC_TIMEOUT':
    case 'EDITOR_FAILED':
    case 'JOB_CANCELLED':
      return null;
  }
}

/**
 * The one action that helps when sync stopped for this reason: sign in again, or try again now;
 * null when only time, an edit or someone else (an administrator, an update) can help.
 */
export function reasonFix(reason: FailureReason): FailureFix | null {
  switch (reason) {
    case 'UNAUTHENTICATED':
    case 'VAULT_NOT_FOUND':
    case 'NOT_SIGNED_IN':
    case 'SIGN_IN_NOT_KEPT':
    case 'KEYCHAIN_UNAVAILABLE':
      return 'sign-in';
    case 'CLIENT_TOO_OLD':
    case 'SERVER_TOO_OLD':
    case 'BATCH_TOO_LARGE':
    case 'REQUEST_TOO_LARGE':
    case 'DOCUMENT_TOO_LARGE':
    case 'INVALID_DOCUMENT':
    case 'DUPLICATE_ID':
    case 'INVALID_REQUEST':
    case 'SERVER_ERROR':
    case 'BLOB_TOO_LARGE':
    case 'BLOB_HASH_MISMATCH':
    case 'BLOB_NOT_FOUND':
    case 'QUOTA_EXCEEDED':
    case 'INTERNAL_ERROR':
    case 'NETWORK':
    case 'UNKNOWN':
    case 'SYNC_TIMEOUT':
      return 'sync-now';
    case 'REGISTRATION_CLOSED':
    case 'INVITE_INVALID':
    case 'EMAIL_TAKEN':
    case 'BAD_CREDENTIALS':
    case 'DEVICE_NOT_FOUND':
    case 'NOT_ADMIN':
    case 'RATE_LIMITED':
    case 'WEAK_PASSWORD':
    case 'ACCOUNT_DISABLED':
    case 'USER_NOT_FOUND':
    case 'LAST_ADMIN':
    case 'INVALID_INPUT':
    case 'NOTE_NOT_FOUND':
    case 'TEMPLATE_NOT_FOUND':
    case 'NOT_IN_TRASH':
    case 'CONFLICTS_REMAIN':
    case 'ALREADY_SIGNED_IN':
    case 'SHUTTING_DOWN':
    case 'REVISION_NOT_FOUND':
    case 'SNAPSHOT_NOT_FOUND':
    case 'JOB_NOT_FOUND':
    case 'ATTACHMENT_NOT_FOUND':
    case 'UPLOAD_NOT_FOUND':
    case 'IMPORT_DIR_NOT_FOUND':
    case 'EXPORT_DIR_NOT_EMPTY':
    case 'EXPORT_DIR_IN_VAULT':
    case 'FOLDER_EXISTS':
    case 'FOLDER_NOT_FOUND':
    case 'NOTE_NAME_TAKEN':
    case 'ALREADY_UNDONE':
    case 'UNDO_EXPIRED':
    case 'MENTION_CHANGED':
    case 'HOST_UNREACHABLE':
    case 'VAULT_LOCKED':
    case 'AMBIGUOUS_NOTE':
    case 'EDITOR_FAILED':
    case 'JOB_CANCELLED':
      return null;
  }
}

/**
 * Whether sending the same request again can succeed: not for a refusal of what was sent (the
 * note is gone, the input is invalid), yes for a failure of the moment (no connection, a crash).
 */
export function retryHelps(reason: FailureReason): boolean {
  switch (reason) {
    case 'BATCH_TOO_LARGE':
    case 'REQUEST_TOO_LARGE':
    case 'DUPLICATE_ID':
    case 'RATE_LIMITED':
    case 'SERVER_ERROR':
    case 'KEYCHAIN_UNAVAILABLE':
    case 'SHUTTING_DOWN':
    case 'INTERNAL_ERROR':
    case 'NETWORK':
    case 'HOST_UNREACHABLE':
    case 'UNKNOWN':
    case 'VAULT_LOCKED':
    case 'SYNC_TIMEOUT':
      return true;
    case 'CLIENT_TOO_OLD':
    case 'SERVER_TOO_OLD':
    case 'UNAUTHENTICATED':
    case 'VAULT_NOT_FOUND':
    case 'DOCUMENT_TOO_LARGE':
    case 'INVALID_DOCUMENT':
    case 'REGISTRATION_CLOSED':
    case 'INVITE_INVALID':
    case 'EMAIL_TAKEN':
    case 'BAD_CREDENTIALS':
    case 'DEVICE_NOT_FOUND':
    case 'NOT_ADMIN':
    case 'INVALID_REQUEST':
    case 'BLOB_TOO_LARGE':
    case 'BLOB_HASH_MISMATCH':
    case 'BLOB_NOT_FOUND':
    case 'QUOTA_EXCEEDED':
    case 'WEAK_PASSWORD':
    case 'ACCOUNT_DISABLED':
    case 'USER_NOT_FOUND':
    case 'LAST_ADMIN':
    case 'INVALID_INPUT':
    case 'NOTE_NOT_FOUND':
    case 'TEMPLATE_NOT_FOUND':
    case 'NOT_IN_TRASH':
    case 'CONFLICTS_REMAIN':
    case 'NOT_SIGNED_IN':
    case 'SIGN_IN_NOT_KEPT':
    case 'ALREADY_SIGNED_IN':
    case 'REVISION_NOT_FOUND':
    case 'SNAPSHOT_NOT_FOUND':
    case 'JOB_NOT_FOUND':
    case 'ATTACHMENT_NOT_FOUND':
    case 'UPLOAD_NOT_FOUND':
    case 'IMPORT_DIR_NOT_FOUND':
    case 'EXPORT_DIR_NOT_EMPTY':
    case 'EXPORT_DIR_IN_VAULT':
    case 'FOLDER_EXISTS':
    case 'FOLDER_NOT_FOUND':
    case 'NOTE_NAME_TAKEN':
    case 'ALREADY_UNDONE':
    case 'UNDO_EXPIRED':
    case 'MENTION_CHANGED':
    case 'AMBIGUOUS_NOTE':
    case 'EDITOR_FAILED':
    case 'JOB_CANCELLED':
      return false;
  }
}
