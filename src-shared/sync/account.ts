import { z } from 'zod';
import { isWellFormedText } from '../schema/note';

/** Accounts and device sessions on the sync server (docs/sync-protocol.md, rules A1–A6). */

export const ACCOUNT_LIMITS = {
  emailMaxLength: 254,
  passwordMinLength: 8,
  // argon2 hashes any length, but an unbounded input is a cheap way to burn server CPU.
  passwordMaxLength: 256,
  deviceNameMaxLength: 100,
  inviteCodeMaxLength: 100,
} as const;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(ACCOUNT_LIMITS.emailMaxLength)
  .pipe(z.email('Enter an email address like name@example.com'));

export const passwordSchema = z
  .string()
  .min(ACCOUNT_LIMITS.passwordMinLength, `Use at least ${ACCOUNT_LIMITS.passwordMinLength} characters`)
  .max(ACCOUNT_LIMITS.passwordMaxLength, `Use at most ${ACCOUNT_LIMITS.passwordMaxLength} characters`);

/**
 * L12: text PostgreSQL can store. A NUL or a lone surrogate reaching a text column fails the
 * query (a 500, and for sign-up only after the password was hashed); zod refuses it first.
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && isWellFormedText(value);
}

/** An id a client names (a device's, a note's): storable, bounded. */
export const clientIdSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isStorableText, 'An id cannot contain NUL or lone surrogates');

export const deviceNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(ACCOUNT_LIMITS.deviceNameMaxLength)
  .refine(isStorableText, 'A device name cannot contain NUL or lone surrogates');

/** What a device says it is at sign-in, for the admin's device list: printable, short. */
const deviceFactSchema = z
  .string()
  .trim()
  .max(40)
  .regex(/^[\x20-\x7E]*$/, 'Use printable ASCII only');
export const deviceInfoFields = {
  /** "linux", "darwin", "win32", "web", "cli"… */
  platform: deviceFactSchema.optional(),
  appVersion: deviceFactSchema.optional(),
};

export const registrationModeSchema = z.enum(['open', 'invite', 'closed']);
export type RegistrationMode = z.infer<typeof registrationModeSchema>;

export const signUpInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  deviceName: deviceNameSchema,
  inviteCode: z.string().trim().max(ACCOUNT_LIMITS.inviteCodeMaxLength).optional(),
  ...deviceInfoFields,
});
export type SignUpInput = z.input<typeof signUpInput>;

export const signInInput = z.object({
  email: emailSchema,
  // Any length up to the cap: a password set under older rules must still sign in.
  password: z.string().min(1).max(ACCOUNT_LIMITS.passwordMaxLength),
  deviceName: deviceNameSchema,
  ...deviceInfoFields,
});
export type SignInInput = z.input<typeof signInInput>;

export const userRoleSchema = z.enum(['admin', 'member']);

export const accountSchema = z.object({
  userId: z.string(),
  email: z.string(),
  role: userRoleSchema,
  deviceId: z.string(),
  deviceName: z.string(),
  /** The vault this account syncs (one per user today; every sync call names it). */
  vaultId: z.string(),
});
export type Account = z.infer<typeof accountSchema>;

/** Returned once, at sign-in/up: the only time the server ever sees or sends the raw token. */
export const sessionGrantSchema = z.object({
  token: z.string(),
  account: accountSchema,
});
export type SessionGrant = z.infer<typeof sessionGrantSchema>;

/** S25: `auth.rotateToken`'s answer: the device's new token; the one that called it no longer works. */
export const rotatedTokenSchema = z.object({ token: z.string() });

export const deviceSessionSchema = z.object({
  deviceId: z.string(),
  deviceName: z.string(),
  createdAt: z.number().int(),
  lastSeenAt: z.number().int(),
  current: z.boolean(),
});
export type DeviceSession = z.infer<typeof deviceSessionSchema>;

export const revokeSessionInput = z.object({ deviceId: clientIdSchema });

export const createInviteInput = z.object({
  /** Optional: bind the invite to one address. */
  email: emailSchema.optional(),
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
});
export const inviteSchema = z.object({
  code: z.string(),
  email: z.string().nullable(),
  expiresAt: z.number().int(),
});

/**
 * B11: what the caller's account stores on the server, over all its vaults: attachment bytes
 * (each blob of a vault counted once, however many records use it) and synced documents. What
 * quotas are built on.
 */
export const accountUsageSchema = z.object({
  blobCount: z.number().int().nonnegative(),
  blobBytes: z.number().int().nonnegative(),
  documentCount: z.number().int().nonnegative(),
  documentBytes: z.number().int().nonnegative(),
});
export type AccountUsage = z.infer<typeof accountUsageSchema>;
