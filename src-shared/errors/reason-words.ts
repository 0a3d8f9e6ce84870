import type { FailureReason } from './reasons';

export interface ReasonWords {
  /** Two or three words for tight places (the sidebar). */
  headline: string;
  /** One or two sentences: what happened and what to do. */
  words: string;
  /**
   * For a reason about one note the device set aside (docs/sync-protocol.md R10, R16): what is
   * wrong with it and what makes it sync again, to follow "This note could not be synced:".
   */
  noteWords?: string;
}

/**
 * The words for every reason, in one place. Every surface (the desktop UI, the host's messages,
 * logs a person reads) takes its words from here; nothing else maps reasons to words.
 */
export const REASON_WORDS: Record<FailureReason, ReasonWords> = {
  // The sync server's refusals (docs/sync-protocol.md R1, R10, R16, A1–A5, C3).
  CLIENT_TOO_OLD: {
    headline: 'Update Quire',
    words:
      'This sync server needs a newer version of Quire. Update Quire on this device; your notes here are safe.',
  },
  SERVER_TOO_OLD: {
    headline: 'Server needs an update',
    words:
      'The sync server runs an older version than this Quire. Ask its administrator to update it; your notes here are safe.',
  },
  UNAUTHENTICATED: {
    headline: 'Signed out',
    words:
      'The sync server signed this device out. Sign in again to keep syncing; the notes on this device are kept.',
  },
  VAULT_NOT_FOUND: {
    headline: 'Account not found',
    words:
      'The sync server no longer has this account’s notes. Sign out and sign in again; the notes on this device are kept.',
  },
  BATCH_TOO_LARGE: {
    headline: 'Sync stopped',
    words: 'The sync server refused a batch of changes as too large. Quire will try again.',
  },
  REQUEST_TOO_LARGE: {
    headline: 'Sync stopped',
    words: 'The sync server refused a request as too large. Quire will try again.',
  },
  DOCUMENT_TOO_LARGE: {
    headline: 'A note is too large',
    words: 'One note is too large for the sync server. Split it into smaller notes; the others keep syncing.',
    noteWords: 'it is too large for the sync server. Split it into smaller notes and they will sync.',
  },
  INVALID_DOCUMENT: {
    headline: 'Sync stopped',
    words:
      'The sync server couldn’t read a note from this device. Make sure Quire and the server are up to date.',
    noteWords:
      'it contains a broken character (often half of an emoji, left by a paste or an import) that the sync server can’t store. Edit the note and it will sync again; your other notes keep syncing.',
  },
  DUPLICATE_ID: {
    headline: 'Sync stopped',
    words: 'The sync server refused a batch of changes that named one note twice. Quire will try again.',
  },
  REGISTRATION_CLOSED: {
    headline: 'Sign-up closed',
    words: 'This server doesn’t accept new accounts. Ask its administrator for an invite, or sign in.',
  },
  INVITE_INVALID: {
    headline: 'Invite not valid',
    words:
      'That invite code isn’t valid: it may be mistyped, used up, expired, or meant for another email address.',
  },
  EMAIL_TAKEN: {
    headline: 'Email in use',
    words: 'There’s already an account with this email address on this server. Sign in instead.',
  },
  BAD_CREDENTIALS: {
    headline: 'Wrong email or password',
    words: 'That email and password don’t match an account on this server.',
  },
  DEVICE_NOT_FOUND: {
    headline: 'Device not found',
    words: 'That device is no longer signed in to this account.',
  },
  NOT_ADMIN: {
    headline: 'Not allowed',
    words: 'Only an administrator of this sync server can do that.',
  },
  INVALID_REQUEST: {
    headline: 'Sync error',
    words:
      'The sync server could not accept a request from this device. Make sure Quire and the server are up to date.',
  },
  SERVER_ERROR: {
    headline: 'Server error',
    words:
      'The sync server hit an unexpected problem and did not complete that request. Quire will try again.',
  },
  BLOB_TOO_LARGE: {
    headline: 'A file is too large',
    words: 'A file is larger than the sync server accepts. Your notes keep syncing without it.',
  },
  BLOB_HASH_MISMATCH: {
    headline: 'File not uploaded',
    words:
      'A file arrived at the sync server damaged or changed, so it was not kept. Sync again to resend it.',
  },
  BLOB_NOT_FOUND: {
    headline: 'File not on the server',
    words: 'The sync server does not have that file yet. It arrives once the device that has it syncs.',
  },
  QUOTA_EXCEEDED: {
    headline: 'Sync storage full',
    words:
      'Your sync storage is full. Delete notes or attachments you no longer need, or ask the server’s administrator for more space; everything on this device is kept.',
  },
  RATE_LIMITED: {
    headline: 'Too many attempts',
    words: 'Too many attempts in a short time. Wait a little and try again.',
  },
  WEAK_PASSWORD: {
    headline: 'Choose another password',
    words: 'That password is too easy to guess. Use a longer one that isn’t a common password.',
  },
  ACCOUNT_DISABLED: {
    headline: 'Account disabled',
    words:
      'An administrator has disabled this account on the sync server. The notes on this device are kept; ask the administrator to enable it.',
  },
  USER_NOT_FOUND: {
    headline: 'User not found',
    words: 'There is no such user on this sync server.',
  },
  LAST_ADMIN: {
    headline: 'Last administrator',
    words:
      'That would leave the sync server without an administrator. Make another user an administrator first.',
  },

  // The host's own.
  INVALID_INPUT: {
    headline: 'Not accepted',
    words: 'Quire could not accept that input.',
  },
  NOTE_NOT_FOUND: {
    headline: 'Note not found',
    words: 'That note no longer exists. It may have been deleted in another window or on another device.',
  },
  TEMPLATE_NOT_FOUND: {
    headline: 'Template not found',
    words: 'That template no longer exists.',
  },
  NOT_IN_TRASH: {
    headline: 'Not in the trash',
    words: 'Move the note to the trash before deleting it forever.',
  },
  CONFLICTS_REMAIN: {
    headline: 'Conflicts remain',
    words: 'Resolve every conflict block before marking the note as resolved.',
  },
  NOT_SIGNED_IN: {
    headline: 'Not signed in',
    words: 'This device is not signed in to sync.',
  },
  SIGN_IN_NOT_KEPT: {
    headline: 'Signed out',
    words:
      'Sign in again to resume syncing: this device no longer has its sync sign-in (it is not kept across restarts without a system keychain). The notes on this device are kept.',
  },
  ALREADY_SIGNED_IN: {
    headline: 'Already signed in',
    words: 'This vault already syncs with an account. Sign out of sync first to use another one.',
  },
  KEYCHAIN_UNAVAILABLE: {
    headline: 'Keychain locked',
    words:
      'Quire could not save the sync sign-in in the system keychain, so it did not sign in. Check that the keychain is unlocked and try again.',
  },
  SHUTTING_DOWN: {
    headline: 'Quitting',
    words: 'Quire is shutting down.',
  },
  REVISION_NOT_FOUND: {
    headline: 'Version not found',
    words: 'That version of the note is no longer on the sync server.',
  },
  SNAPSHOT_NOT_FOUND: {
    headline: 'Version not found',
    words:
      'That version of the note is no longer kept on this device (old versions are removed after a while).',
  },
  ATTACHMENT_NOT_FOUND: {
    headline: 'Attachment not found',
    words: 'That attachment is no longer in this vault.',
  },
  UPLOAD_NOT_FOUND: {
    headline: 'Upload interrupted',
    words:
      'That file upload ended before it finished (it was cancelled or idle too long). Add the file again.',
  },
  JOB_NOT_FOUND: {
    headline: 'Import or export not found',
    words: 'That import or export is no longer known to Quire (it may have ended before Quire restarted).',
  },
  IMPORT_DIR_NOT_FOUND: {
    headline: 'Folder not found',
    words: 'That folder does not exist or is not a folder. Choose another folder to import.',
  },
  EXPORT_DIR_NOT_EMPTY: {
    headline: 'Folder not empty',
    words:
      'That folder already holds files. Choose an empty folder, or allow exporting into it (files with the same paths are overwritten).',
  },
  EXPORT_DIR_IN_VAULT: {
    headline: 'Folder inside the vault',
    words: 'Quire cannot export into its own data folder. Choose a folder outside it.',
  },
  FOLDER_EXISTS: {
    headline: 'Folder exists',
    words: 'A folder with that name is already there. Choose another name.',
  },
  FOLDER_NOT_FOUND: {
    headline: 'Folder not found',
    words:
      'That folder no longer exists. It may have been moved or deleted in another window or on another device.',
  },
  NOTE_NAME_TAKEN: {
    headline: 'Name taken',
    words: 'A note with this name already exists in that folder. Choose another name; nothing was changed.',
  },
  ALREADY_UNDONE: {
    headline: 'Already undone',
    words: 'That change has already been undone.',
  },
  UNDO_EXPIRED: {
    headline: 'Can’t undo',
    words:
      'Quire no longer remembers that change (only the last few are kept, until Quire restarts). Version history still has the earlier text.',
  },
  MENTION_CHANGED: {
    headline: 'Mention changed',
    words:
      'That note no longer says this at that place, so nothing was linked. The list now shows what it says.',
  },
  INTERNAL_ERROR: {
    headline: 'Something went wrong',
    words:
      'Quire hit an unexpected problem and did not complete that action. Nothing was changed; details are in the log.',
  },

  // The CLI's own.
  VAULT_LOCKED: {
    headline: 'Vault open elsewhere',
    words: 'The vault is open in Quire. Close the app, or pick another vault with --vault.',
  },
  AMBIGUOUS_NOTE: {
    headline: 'Several notes match',
    words: 'That title names more than one note. Give the id or the path of one.',
  },
  SYNC_TIMEOUT: {
    headline: 'Sync still running',
    words: 'Sync did not finish in the time allowed. Your notes here are safe; it goes on next time.',
  },
  EDITOR_FAILED: {
    headline: 'Editor failed',
    words: 'The editor did not finish cleanly, so nothing was saved.',
  },
  JOB_CANCELLED: {
    headline: 'Cancelled',
    words: 'The import or export was cancelled. Whole files only were kept; nothing is half written.',
  },

  // The caller's own.
  NETWORK: {
    headline: 'Can’t reach server',
    words:
      'Quire can’t reach the sync server. Check the address and your connection; your notes here are safe.',
  },
  HOST_UNREACHABLE: {
    headline: 'Reconnecting',
    words: 'Can’t reach Quire’s background process. Reconnecting…',
  },
  UNKNOWN: {
    headline: 'Sync error',
    words: 'Sync hit an unexpected problem. Quire will try again; details are in the log.',
  },
};

export function describeReason(reason: FailureReason): string {
  return REASON_WORDS[reason].words;
}

/** Why one note was set aside, in words that follow "This note could not be synced: ". */
export function setAsideWords(reason: FailureReason): string {
  const known = REASON_WORDS[reason];
  if (known.noteWords) return known.noteWords;
  return known.words.charAt(0).toLowerCase() + known.words.slice(1);
}
