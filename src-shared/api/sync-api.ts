import { z } from 'zod';
import { emailSchema, passwordSchema } from '../sync/account';
import { noteIdSchema } from '../schema/note';
import { noteBaseSchema } from './notes-api';
import { failureReasonSchema } from '../errors/reasons';
import { failureDetailsSchema } from '../errors/failure-details';

/** The `sync.*` procedures of the app's own router (renderer ⇄ main). */

export const serverUrlSchema = z
  .string()
  .trim()
  .max(2_000)
  .pipe(z.url({ protocol: /^https?$/, message: 'Enter the server address, like https://sync.example.com' }))
  .transform((url) => url.replace(/\/+$/, ''));

export const syncStateSchema = z.enum([
  /** No account on this device: sync is off, everything works locally. */
  'signed-out',
  'connecting',
  /** Pulling or pushing; see `pendingPush` and `progress`. */
  'syncing',
  /** Connected, nothing in flight, live. */
  'synced',
  /** The server cannot be reached; edits are kept and sent when it can. */
  'offline',
  /** Something the user must act on (signed out by the server, app too old…): see `error`. */
  'error',
]);
export type SyncState = z.infer<typeof syncStateSchema>;

/** A sync failure: the one shape the host's status and the UI share. */
export const syncFailureSchema = z.object({
  reason: failureReasonSchema,
  /** The server's facts about it (QUOTA_EXCEEDED: bytes used and allowed); words: failureWords. */
  details: failureDetailsSchema.optional(),
});
export type SyncFailure = z.infer<typeof syncFailureSchema>;

export const syncStatusSchema = z.object({
  state: syncStateSchema,
  account: z
    .object({ serverUrl: z.string(), email: z.string(), deviceName: z.string(), deviceId: z.string() })
    .nullable(),
  /** Local changes written but not yet acknowledged by the server. */
  pendingPush: z.number().int().nonnegative(),
  /** During a catch-up pull (the first sync above all): documents received of those to receive. */
  progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  lastSyncedAt: z.number().int().nullable(),
  /** Why sync stopped or waits, as a named reason; the UI takes its words from REASON_WORDS. */
  error: syncFailureSchema.nullable(),
  /** The next reconnect attempt while offline, so the UI can count down; null otherwise. */
  retryAt: z.number().int().nullable(),
  /**
   * Notes this device does not sync for now (docs/sync-protocol.md R10, R16): the server rejected
   * their current version, or the device knows it cannot accept it. Each syncs again once it is
   * changed. The newest SET_ASIDE_LISTED_MAX are listed; `setAsideCount` counts them all.
   */
  setAside: z.array(z.object({ id: z.string(), reason: failureReasonSchema })).max(100),
  setAsideCount: z.number().int().nonnegative(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncSignInInput = z.object({
  serverUrl: serverUrlSchema,
  email: emailSchema,
  password: z.string().min(1).max(256),
});
export type SyncSignInInput = z.input<typeof syncSignInInput>;

export const syncSignUpInput = z.object({
  serverUrl: serverUrlSchema,
  email: emailSchema,
  password: passwordSchema,
  inviteCode: z.string().trim().max(100).optional(),
});
export type SyncSignUpInput = z.input<typeof syncSignUpInput>;

export const revokeDeviceInput = z.object({ deviceId: z.string().min(1).max(64) });

export const noteHistoryInput = z.object({ id: noteIdSchema });
export const restoreRevisionInput = z.object({
  id: noteIdSchema,
  revisionId: z.string().min(1).max(64),
  /** The version on screen (editing rule E1); null when the note no longer exists here. */
  base: noteBaseSchema.nullable(),
});
