import { TRPCClientError } from '@trpc/client';
import { z } from 'zod';
import { QuireError, type QuireErrorCode } from '../errors';
import { syncRejectionReasonSchema, type SyncRejectionReason } from '../../src-shared/sync/protocol';

/** A server's named reason, plus the two the device adds: no answer at all, and anything else. */
export type SyncFailureReason = SyncRejectionReason | 'NETWORK' | 'UNKNOWN';

export interface SyncFailure {
  reason: SyncFailureReason;
  message: string;
}

/** Plain words per reason (rules R1, R10, A1–A5). The UI shows them as written. */
const WORDS: Record<SyncFailureReason, string> = {
  CLIENT_TOO_OLD:
    'This version of Quire is too old for the sync server. Update Quire on this device to keep syncing; your notes here are safe.',
  SERVER_TOO_OLD:
    'The sync server is older than this version of Quire. Ask its administrator to update the server; your notes here are safe.',
  UNAUTHENTICATED:
    'This device was signed out of sync, from another device or by the server. Sign in again to resume syncing; the notes on this device are kept.',
  VAULT_NOT_FOUND:
    'The sync server no longer has the vault this device synced with. Sign out and sign in again; the notes on this device are kept.',
  BATCH_TOO_LARGE: 'The sync server refused a batch of changes as too large. Quire will keep trying.',
  DOCUMENT_TOO_LARGE:
    'A note is too large for the sync server to accept. Split the largest notes into several; the others keep syncing after it.',
  REQUEST_TOO_LARGE: 'The sync server refused a request as too large. Quire will keep trying.',
  INVALID_DOCUMENT:
    'The sync server could not accept a note from this device. Update Quire on this device, or ask the administrator to update the server.',
  DUPLICATE_ID:
    'The sync server refused a batch of changes that named one note twice. Quire will keep trying.',
  REGISTRATION_CLOSED: 'This sync server does not accept new accounts. Ask its administrator for an invite.',
  INVITE_INVALID:
    'That invite code is not valid: it may be mistyped, used already, expired, or meant for another email.',
  EMAIL_TAKEN: 'An account with that email already exists on this sync server. Sign in instead.',
  BAD_CREDENTIALS: 'That email and password do not match an account on this sync server.',
  NETWORK:
    'Quire could not reach the sync server. Check the server address and your connection; your notes here are safe.',
  UNKNOWN: 'The sync server could not complete that request. Quire will keep trying; details are in the log.',
};

export function describeReason(reason: SyncFailureReason): string {
  return WORDS[reason];
}

export function failure(reason: SyncFailureReason): SyncFailure {
  return { reason, message: describeReason(reason) };
}

const reasonCarrier = z.object({ reason: syncRejectionReasonSchema });

/** The server puts its named reason in `error.data.reason`; anything else has none. */
export function readRejectionReason(error: unknown): SyncRejectionReason | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = (error as { data?: unknown }).data;
  const parsed = reasonCarrier.safeParse(data);
  return parsed.success ? parsed.data.reason : null;
}

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

export function classifyError(error: unknown): SyncFailureReason {
  return readRejectionReason(error) ?? (isNetworkError(error) ? 'NETWORK' : 'UNKNOWN');
}

/** Reasons retrying cannot fix: the device stops syncing until the user (or an update) acts. */
export const FATAL_REASONS: ReadonlySet<SyncFailureReason> = new Set([
  'CLIENT_TOO_OLD',
  'SERVER_TOO_OLD',
  'UNAUTHENTICATED',
  'VAULT_NOT_FOUND',
]);

const QUIRE_CODES: Partial<Record<SyncFailureReason, QuireErrorCode>> = {
  BAD_CREDENTIALS: 'BAD_REQUEST',
  INVITE_INVALID: 'BAD_REQUEST',
  EMAIL_TAKEN: 'CONFLICT',
};

const serverCode = z.object({ code: z.enum(['NOT_FOUND', 'BAD_REQUEST', 'CONFLICT']) });

/** For request/response calls the user made (sign-in, devices, history): an answer in plain words. */
export function toQuireError(error: unknown): QuireError {
  if (error instanceof QuireError) return error;
  const reason = classifyError(error);
  if (reason === 'UNKNOWN' && error instanceof TRPCClientError) {
    // The server answered without a named reason; its formatter writes plain words too.
    const code = serverCode.safeParse((error as { data?: unknown }).data);
    return new QuireError(code.success ? code.data.code : 'PRECONDITION_FAILED', error.message);
  }
  return new QuireError(QUIRE_CODES[reason] ?? 'PRECONDITION_FAILED', describeReason(reason));
}
