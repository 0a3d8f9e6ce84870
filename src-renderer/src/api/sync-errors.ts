import { syncRejectionReasonSchema } from '../../../src-shared/sync/protocol';
import { describeError } from './errors';

/** The fields of the sign-in form a failure can point at. */
export type SyncField = 'serverUrl' | 'email' | 'password' | 'inviteCode';

/** What the UI should do about a sync failure; null when only time (or the user's edit) helps. */
export type SyncFix = 'sign-in' | 'sync-now';

interface ReasonWords {
  /** Two or three words for tight places (the sidebar). */
  headline: string;
  /** One or two sentences saying what happened and what to do. */
  words: string;
  field?: SyncField;
  fix: SyncFix | null;
  /**
   * For a reason that is about one note the device set aside (docs/sync-protocol.md R10, R16):
   * what is wrong with it and what makes it sync again, to follow "This note could not be synced:".
   */
  noteWords?: string;
}

/**
 * Plain words for every named reason (docs/sync-protocol.md, plus the device's own NETWORK and
 * UNKNOWN). The UI matches on reasons, never on the server's wording.
 */
const REASONS: Record<string, ReasonWords> = {
  CLIENT_TOO_OLD: {
    headline: 'Update Quire',
    words: 'This sync server needs a newer version of Quire. Update Quire on this device, then try again.',
    fix: 'sync-now',
  },
  SERVER_TOO_OLD: {
    headline: 'Server needs an update',
    words: 'The sync server runs an older version than this Quire. Ask its administrator to update it.',
    fix: 'sync-now',
  },
  UNAUTHENTICATED: {
    headline: 'Signed out',
    words: 'The sync server signed this device out. Sign in again to keep syncing.',
    fix: 'sign-in',
  },
  VAULT_NOT_FOUND: {
    headline: 'Account not found',
    words: 'The sync server no longer has this account’s notes. Sign in again to keep syncing.',
    fix: 'sign-in',
  },
  BATCH_TOO_LARGE: {
    headline: 'Sync stopped',
    words: 'The sync server refused a batch of changes as too large. Try again in a moment.',
    fix: 'sync-now',
  },
  REQUEST_TOO_LARGE: {
    headline: 'Sync stopped',
    words: 'The sync server refused a batch of changes as too large. Try again in a moment.',
    fix: 'sync-now',
  },
  DOCUMENT_TOO_LARGE: {
    headline: 'A note is too large',
    words: 'One note is too large for the sync server. Split it into smaller notes, then try again.',
    fix: 'sync-now',
    noteWords: 'it is too large for the sync server. Split it into smaller notes and they will sync.',
  },
  INVALID_DOCUMENT: {
    headline: 'Sync stopped',
    words:
      'The sync server couldn’t read a note from this device. Make sure Quire and the server are up to date.',
    fix: 'sync-now',
    noteWords:
      'it contains a broken character (often half of an emoji, left by a paste or an import) that the sync server can’t store. Edit the note and it will sync again; your other notes keep syncing.',
  },
  DUPLICATE_ID: {
    headline: 'Sync stopped',
    words: 'The sync server refused a batch of changes. Try again.',
    fix: 'sync-now',
  },
  REGISTRATION_CLOSED: {
    headline: 'Sign-up closed',
    words: 'This server doesn’t accept new accounts. Ask its administrator for one, or sign in.',
    fix: null,
  },
  INVITE_INVALID: {
    headline: 'Invite not valid',
    words: 'That invite code isn’t valid: it may be used up, expired, or meant for another email address.',
    field: 'inviteCode',
    fix: null,
  },
  EMAIL_TAKEN: {
    headline: 'Email in use',
    words: 'There’s already an account with this email address on this server. Sign in instead.',
    field: 'email',
    fix: null,
  },
  BAD_CREDENTIALS: {
    headline: 'Wrong email or password',
    words: 'That email and password don’t match an account on this server.',
    field: 'password',
    fix: null,
  },
  NETWORK: {
    headline: 'Can’t reach server',
    words: 'Quire can’t reach the sync server. Check the address and your connection.',
    fix: 'sync-now',
  },
  UNKNOWN: {
    headline: 'Sync error',
    words: 'Sync hit an unexpected problem. Try again.',
    fix: 'sync-now',
  },
};

const KNOWN_REASONS = [...syncRejectionReasonSchema.options, 'NETWORK'] as const;
const REASON_IN_TEXT = new RegExp(`\\b(${KNOWN_REASONS.join('|')})\\b`);

export function reasonWords(reason: string): ReasonWords {
  return REASONS[reason] ?? (REASONS.UNKNOWN as ReasonWords);
}

/** Why one note was set aside, in words that follow "This note could not be synced: ". */
export function setAsideWords(reason: string): string {
  const known = reasonWords(reason);
  if (known.noteWords) return known.noteWords;
  // A reason with no words of its own for one note: its general words, as a clause.
  return known.words.charAt(0).toLowerCase() + known.words.slice(1);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** The named reason behind a failed sync call, wherever the host put it; undefined if none. */
export function syncReasonOf(error: unknown): string | undefined {
  const record = asRecord(error);
  const data = asRecord(record?.data);
  const cause = asRecord(record?.cause);
  for (const candidate of [data?.reason, cause?.reason]) {
    if (typeof candidate === 'string' && candidate in REASONS) return candidate;
  }
  const message = typeof record?.message === 'string' ? record.message : '';
  return REASON_IN_TEXT.exec(message)?.[1];
}

export interface SyncFailure {
  message: string;
  reason?: string;
  /** The form field the failure is about, if it is about one. */
  field?: SyncField;
}

/**
 * A failed sign-in, sign-up or sync call in words. The host writes its own plain sentences and
 * those are kept; a bare reason code (or a message that carries one) gets ours instead.
 */
export function describeSyncFailure(error: unknown, fallback: string): SyncFailure {
  const reason = syncReasonOf(error);
  const known = reason ? REASONS[reason] : undefined;
  const hostWords = describeError(error, fallback);
  const message =
    known && (hostWords === fallback || REASON_IN_TEXT.test(hostWords)) ? known.words : hostWords;
  return { message, reason, field: known?.field };
}
