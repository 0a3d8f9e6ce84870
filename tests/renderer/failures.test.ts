import { describe, expect, it } from 'vitest';
import {
  describeFailure,
  failureReasonOf,
  reasonField,
  reasonFix,
  refusedFields,
  retryHelps,
  type FailureFix,
  type SignInField,
} from '../../src-renderer/src/api/failures';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import { FAILURE_REASONS, type FailureReason } from '../../src-shared/errors/reasons';
import { hostError, transportError } from './support/fake-host';

/** Which sign-in field each reason points at: a Record, so a new reason must be placed here too. */
const FIELD: Record<FailureReason, SignInField | null> = {
  CLIENT_TOO_OLD: null,
  SERVER_TOO_OLD: null,
  UNAUTHENTICATED: null,
  VAULT_NOT_FOUND: null,
  BATCH_TOO_LARGE: null,
  DOCUMENT_TOO_LARGE: null,
  REQUEST_TOO_LARGE: null,
  INVALID_DOCUMENT: null,
  DUPLICATE_ID: null,
  REGISTRATION_CLOSED: null,
  INVITE_INVALID: 'inviteCode',
  EMAIL_TAKEN: 'email',
  BAD_CREDENTIALS: 'password',
  DEVICE_NOT_FOUND: null,
  NOT_ADMIN: null,
  INVALID_REQUEST: null,
  SERVER_ERROR: null,
  BLOB_TOO_LARGE: null,
  BLOB_HASH_MISMATCH: null,
  BLOB_NOT_FOUND: null,
  QUOTA_EXCEEDED: null,
  RATE_LIMITED: null,
  WEAK_PASSWORD: 'password',
  ACCOUNT_DISABLED: null,
  USER_NOT_FOUND: null,
  LAST_ADMIN: null,
  INVALID_INPUT: null,
  NOTE_NOT_FOUND: null,
  TEMPLATE_NOT_FOUND: null,
  NOT_IN_TRASH: null,
  CONFLICTS_REMAIN: null,
  NOT_SIGNED_IN: null,
  SIGN_IN_NOT_KEPT: null,
  ALREADY_SIGNED_IN: null,
  KEYCHAIN_UNAVAILABLE: null,
  SHUTTING_DOWN: null,
  REVISION_NOT_FOUND: null,
  SNAPSHOT_NOT_FOUND: null,
  JOB_NOT_FOUND: null,
  ATTACHMENT_NOT_FOUND: null,
  UPLOAD_NOT_FOUND: null,
  IMPORT_DIR_NOT_FOUND: null,
  EXPORT_DIR_NOT_EMPTY: null,
  EXPORT_DIR_IN_VAULT: null,
  FOLDER_EXISTS: null,
  FOLDER_NOT_FOUND: null,
  NOTE_NAME_TAKEN: null,
  ALREADY_UNDONE: null,
  UNDO_EXPIRED: null,
  MENTION_CHANGED: null,
  INTERNAL_ERROR: null,
  VAULT_LOCKED: null,
  AMBIGUOUS_NOTE: null,
  SYNC_TIMEOUT: null,
  EDITOR_FAILED: null,
  JOB_CANCELLED: null,
  NETWORK: null,
  HOST_UNREACHABLE: null,
  UNKNOWN: null,
};

/** What the sync status offers for each reason. */
const FIX: Record<FailureReason, FailureFix | null> = {
  CLIENT_TOO_OLD: 'sync-now',
  SERVER_TOO_OLD: 'sync-now',
  UNAUTHENTICATED: 'sign-in',
  VAULT_NOT_FOUND: 'sign-in',
  BATCH_TOO_LARGE: 'sync-now',
  DOCUMENT_TOO_LARGE: 'sync-now',
  REQUEST_TOO_LARGE: 'sync-now',
  INVALID_DOCUMENT: 'sync-now',
  DUPLICATE_ID: 'sync-now',
  REGISTRATION_CLOSED: null,
  INVITE_INVALID: null,
  EMAIL_TAKEN: null,
  BAD_CREDENTIALS: null,
  DEVICE_NOT_FOUND: null,
  NOT_ADMIN: null,
  INVALID_REQUEST: 'sync-now',
  SERVER_ERROR: 'sync-now',
  BLOB_TOO_LARGE: 'sync-now',
  BLOB_HASH_MISMATCH: 'sync-now',
  BLOB_NOT_FOUND: 'sync-now',
  QUOTA_EXCEEDED: 'sync-now',
  RATE_LIMITED: null,
  WEAK_PASSWORD: null,
  ACCOUNT_DISABLED: null,
  USER_NOT_FOUND: null,
  LAST_ADMIN: null,
  INVALID_INPUT: null,
  NOTE_NOT_FOUND: null,
  TEMPLATE_NOT_FOUND: null,
  NOT_IN_TRASH: null,
  CONFLICTS_REMAIN: null,
  NOT_SIGNED_IN: 'sign-in',
  SIGN_IN_NOT_KEPT: 'sign-in',
  ALREADY_SIGNED_IN: null,
  KEYCHAIN_UNAVAILABLE: 'sign-in',
  SHUTTING_DOWN: null,
  REVISION_NOT_FOUND: null,
  SNAPSHOT_NOT_FOUND: null,
  JOB_NOT_FOUND: null,
  ATTACHMENT_NOT_FOUND: null,
  UPLOAD_NOT_FOUND: null,
  IMPORT_DIR_NOT_FOUND: null,
  EXPORT_DIR_NOT_EMPTY: null,
  EXPORT_DIR_IN_VAULT: null,
  FOLDER_EXISTS: null,
  FOLDER_NOT_FOUND: null,
  NOTE_NAME_TAKEN: null,
  ALREADY_UNDONE: null,
  UNDO_EXPIRED: null,
  MENTION_CHANGED: null,
  INTERNAL_ERROR: 'sync-now',
  VAULT_LOCKED: null,
  AMBIGUOUS_NOTE: null,
  SYNC_TIMEOUT: 'sync-now',
  EDITOR_FAILED: null,
  JOB_CANCELLED: null,
  NETWORK: 'sync-now',
  HOST_UNREACHABLE: null,
  UNKNOWN: 'sync-now',
};

describe('failureReasonOf and describeFailure', () => {
  it('every reason the host names comes back as that reason, in the words of REASON_WORDS', () => {
    for (const reason of FAILURE_REASONS) {
      const error = hostError(reason);
      expect(failureReasonOf(error)).toBe(reason);
      expect(describeFailure(error)).toBe(REASON_WORDS[reason].words);
    }
  });

  it('reads neither the message nor the tRPC code: only data.reason', () => {
    const namesAnotherReason = Object.assign(hostError('NETWORK'), { message: 'SERVER_TOO_OLD' });
    expect(describeFailure(namesAnotherReason)).toBe(REASON_WORDS.NETWORK.words);
    const codeOnly = Object.assign(new Error('That note no longer exists.'), {
      name: 'TRPCClientError',
      data: { code: 'NOT_FOUND', httpStatus: 404 },
    });
    expect(failureReasonOf(codeOnly)).toBe('UNKNOWN');
    expect(describeFailure(codeOnly)).toBe(REASON_WORDS.UNKNOWN.words);
    // A reason this build does not know is no reason at all.
    const unknown = Object.assign(hostError('NETWORK'), { data: { reason: 'SOMETHING_NEW' } });
    expect(failureReasonOf(unknown)).toBe('UNKNOWN');
  });

  it('turns refused input into field sentences (INVALID_INPUT, and INVALID_REQUEST when it has them)', () => {
    const zodError = {
      formErrors: [],
      fieldErrors: { title: ['Too big: expected string to have <=300 characters'] },
    };
    const expected = `${REASON_WORDS.INVALID_INPUT.words} Title: Too big: expected string to have <=300 characters`;
    expect(describeFailure(hostError('INVALID_INPUT', zodError))).toBe(expected);
    expect(describeFailure(hostError('INVALID_REQUEST', zodError))).toBe(expected);
    expect(refusedFields(hostError('INVALID_INPUT', zodError))).toEqual({
      title: 'Too big: expected string to have <=300 characters',
    });
    expect(refusedFields(hostError('NOTE_NOT_FOUND'))).toEqual({});
  });

  it('HOST_UNREACHABLE: a client error without data never reached the host', () => {
    const error = transportError('WebSocket closed');
    expect(failureReasonOf(error)).toBe('HOST_UNREACHABLE');
    expect(describeFailure(error)).toBe(REASON_WORDS.HOST_UNREACHABLE.words);
    expect(describeFailure(error)).toMatch(/Reconnecting/);
  });

  it('anything that is not a client error is UNKNOWN, and never shows JSON, stacks or dumps', () => {
    for (const error of [
      new Error('WebSocket closed'),
      new Error('TypeError: x\n    at foo (bar.js:1:2)'),
      new Error('{"error":"x"}'),
      'weird',
      undefined,
    ]) {
      expect(failureReasonOf(error)).toBe('UNKNOWN');
      expect(describeFailure(error)).toBe(REASON_WORDS.UNKNOWN.words);
    }
  });
});

describe('what each reason asks of the UI', () => {
  it('points a sign-in refusal at its field, and only those', () => {
    for (const reason of FAILURE_REASONS)
      expect([reason, reasonField(reason)]).toEqual([reason, FIELD[reason]]);
  });

  it('offers Sign in again or Try again where that helps, and nothing where it cannot', () => {
    for (const reason of FAILURE_REASONS) expect([reason, reasonFix(reason)]).toEqual([reason, FIX[reason]]);
  });

  it('retries a failure of the moment, never a refusal of what was sent', () => {
    for (const reason of ['NOTE_NOT_FOUND', 'INVALID_INPUT', 'NOT_IN_TRASH', 'DOCUMENT_TOO_LARGE'] as const)
      expect([reason, retryHelps(reason)]).toEqual([reason, false]);
    for (const reason of [
      'NETWORK',
      'HOST_UNREACHABLE',
      'INTERNAL_ERROR',
      'SERVER_ERROR',
      'UNKNOWN',
    ] as const)
      expect([reason, retryHelps(reason)]).toEqual([reason, true]);
  });
});
