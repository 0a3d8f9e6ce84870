import { z } from 'zod';
import { createInviteInput, emailSchema, passwordSchema, userRoleSchema } from './account';

/**
 * The sync server's administration API (`admin.*`, `console.*`): what the admin console and the
 * admin CLI call. Runtime-neutral contracts; the console imports these and `type SyncServerRouter`.
 * Every list is paged and every string bounded; times are epoch milliseconds.
 */

export const ADMIN_LIMITS = {
  pageMax: 200,
  searchMaxLength: 200,
  idMaxLength: 64,
  /** Audit rows a CSV export carries at most (a year of a busy server; more is a database job). */
  auditExportMax: 100_000,
} as const;

export const idSchema = z
  .string()
  .min(1)
  .max(ADMIN_LIMITS.idMaxLength)
  .regex(/^[A-Za-z0-9_-]+$/, 'Ids contain only letters, digits, "-" and "_"');

const searchSchema = z.string().trim().max(ADMIN_LIMITS.searchMaxLength);
const pageInput = {
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(ADMIN_LIMITS.pageMax).default(50),
};
/** A byte count a person set: up to a petabyte. null: no limit of its own. */
export const byteLimitSchema = z.number().int().min(0).max(1e15).nullable();

// Users

export const adminUserSchema = z.object({
  userId: z.string(),
  email: z.string(),
  role: userRoleSchema,
  disabled: z.boolean(),
  createdAt: z.number().int(),
  /** The last time any of the user's devices called the server; null: never signed in since. */
  lastActiveAt: z.number().int().nullable(),
  noteCount: z.number().int().nonnegative(),
  /** Notes + attachments + revisions, what the quota counts. */
  bytesUsed: z.number().int().nonnegative(),
  /** The quota that applies (the user's own, else the default); null: unlimited. */
  quotaBytes: z.number().int().nullable(),
  /** Whether `quotaBytes` is the user's own setting rather than the default. */
  quotaIsCustom: z.boolean(),
  maxFileBytes: z.number().int().nullable(),
  maxFileIsCustom: z.boolean(),
  deviceCount: z.number().int().nonnegative(),
  /** Set while a deletion is scheduled: when the purge runs (cancellable until then). */
  purgeAt: z.number().int().nullable(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const listUsersInput = z.object({ query: searchSchema.default(''), ...pageInput });
export const userPageSchema = z.object({ users: adminUserSchema.array(), total: z.number().int() });

export const userRefInput = z.object({ userId: idSchema });
export const createUserInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  role: userRoleSchema.default('member'),
});
export const setDisabledInput = z.object({ userId: idSchema, disabled: z.boolean() });
export const setRoleInput = z.object({ userId: idSchema, role: userRoleSchema });
export const resetPasswordInput = z.object({ userId: idSchema, password: passwordSchema });
export const scheduledPurgeSchema = z.object({ userId: z.string(), purgeAt: z.number().int() });

// Devices

export const adminDeviceSchema = z.object({
  deviceId: z.string(),
  name: z.string(),
  /** What the device said it runs on at sign-in ("linux", "darwin", "web", "cli"…); null: unknown. */
  platform: z.string().nullable(),
  appVersion: z.string().nullable(),
  createdAt: z.number().int(),
  lastSeenAt: z.number().int(),
  lastIp: z.string().nullable(),
  revokedAt: z.number().int().nullable(),
});
export type AdminDevice = z.infer<typeof adminDeviceSchema>;
export const revokeAdminDeviceInput = z.object({ deviceId: idSchema });

// Invites

export const adminInviteSchema = z.object({
  /** The code, shown once at creation; listed invites carry null. */
  code: z.string().nullable(),
  /** Short, stable handle for a listed invite (a prefix of its hash), to revoke it. */
  inviteId: z.string(),
  email: z.string().nullable(),
  createdAt: z.number().int(),
  expiresAt: z.number().int(),
  usedAt: z.number().int().nullable(),
  usedByEmail: z.string().nullable(),
});
export type AdminInvite = z.infer<typeof adminInviteSchema>;
/** The same invite as the operator's `invite` command makes (A6). */
export const createAdminInviteInput = createInviteInput;
export const revokeInviteInput = z.object({ inviteId: z.string().regex(/^[0-9a-f]{12}$/) });

// Quotas

export const quotaDefaultsSchema = z.object({
  quotaBytes: byteLimitSchema,
  maxFileBytes: byteLimitSchema,
});
export type QuotaDefaults = z.infer<typeof quotaDefaultsSchema>;
export const setUserQuotaInput = z.object({
  userId: idSchema,
  /** null: follow the default. */
  quotaBytes: byteLimitSchema,
  maxFileBytes: byteLimitSchema,
});

/** What the account dialog shows the user: their usage against the quota that applies. */
export const storageUsageSchema = z.object({
  bytesUsed: z.number().int().nonnegative(),
  quotaBytes: z.number().int().nullable(),
  maxFileBytes: z.number().int().nullable(),
});
export type StorageUsage = z.infer<typeof storageUsageSchema>;

// Usage dashboard

export const usageRangeSchema = z.enum(['24h', '7d', '30d', '365d']);
export type UsageRange = z.infer<typeof usageRangeSchema>;
export const usagePointSchema = z.object({
  at: z.number().int(),
  users: z.number().int(),
  documents: z.number().int(),
  bytes: z.number().int(),
  activeDevices: z.number().int(),
  /** Per minute, averaged over the snapshot's interval. */
  pushesPerMinute: z.number(),
  pullsPerMinute: z.number(),
  conflictsMerged: z.number().int(),
  pushP95Ms: z.number().nullable(),
});
export type UsagePoint = z.infer<typeof usagePointSchema>;
export const usageSeriesSchema = z.object({
  range: usageRangeSchema,
  points: usagePointSchema.array(),
  /** Right now, not yet in a snapshot. */
  current: usagePointSchema,
});

// Audit log

export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_up',
  'sign_out',
  'console_sign_in',
  'console_sign_in_failed',
  'console_sign_out',
  'invite_created',
  'invite_revoked',
  'device_revoked',
  'user_created',
  'user_disabled',
  'user_enabled',
  'role_changed',
  'password_reset',
  'user_deletion_scheduled',
  'user_deletion_cancelled',
  'user_purged',
  'quota_changed',
  'default_quota_changed',
  'quota_refused',
  'rate_limited',
  'job_run_requested',
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  action: auditActionSchema,
  actorEmail: z.string().nullable(),
  targetEmail: z.string().nullable(),
  ip: z.string().nullable(),
  /** Small, fixed-shape facts (the new role, the quota, the device's name); never secrets. */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const listAuditInput = z.object({
  query: searchSchema.default(''),
  action: auditActionSchema.optional(),
  ...pageInput,
});
export const auditPageSchema = z.object({
  entries: auditEntrySchema.array(),
  total: z.number().int(),
  /** How long entries are kept (AUDIT_RETENTION_DAYS). */
  retentionDays: z.number().int(),
});

// Jobs

export const JOB_NAMES = [
  'revision-retention',
  'audit-retention',
  'usage-snapshot',
  'session-cleanup',
  'orphan-blobs',
  'user-purge',
] as const;
export const jobNameSchema = z.enum(JOB_NAMES);
export type JobName = z.infer<typeof jobNameSchema>;
export const jobRunSchema = z.object({
  startedAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  durationMs: z.number().nullable(),
  ok: z.boolean().nullable(),
  trigger: z.enum(['schedule', 'manual']),
  /** One line: what the run did ("deleted 12 revisions") or why it failed. */
  result: z.string().nullable(),
});
export const jobSchema = z.object({
  name: jobNameSchema,
  description: z.string(),
  /** Cron, as the scheduler reads it. */
  schedule: z.string(),
  lastRun: jobRunSchema.nullable(),
  nextRunAt: z.number().int().nullable(),
  running: z.boolean(),
  /** pg-boss on PostgreSQL, or the in-process scheduler with the embedded database. */
  runner: z.enum(['pg-boss', 'in-process']),
});
export type Job = z.infer<typeof jobSchema>;
export const runJobInput = z.object({ name: jobNameSchema });

// Health

export const healthCheckSchema = z.object({
  ok: z.boolean(),
  /** One line for the page: "PostgreSQL 15.19, 4 ms", "Redis, 1 ms", "812 GB free of 1 TB". */
  detail: z.string(),
});
export const serverHealthSchema = z.object({
  database: healthCheckSchema.extend({ kind: z.enum(['postgres', 'pglite']) }),
  bus: healthCheckSchema.extend({ kind: z.enum(['pg-notify', 'redis', 'local']) }),
  blobStore: healthCheckSchema.extend({ kind: z.enum(['fs', 's3']) }),
  disk: healthCheckSchema.extend({
    freeBytes: z.number().nullable(),
    totalBytes: z.number().nullable(),
  }),
  version: z.object({ server: z.string(), protocol: z.number().int(), node: z.string() }),
  migrations: z.object({ current: z.number().int(), latest: z.number().int(), ok: z.boolean() }),
  uptimeMs: z.number(),
});
export type ServerHealth = z.infer<typeof serverHealthSchema>;

// The console's own session

export const consoleSignInInput = z.object({
  email: emailSchema,
  password: z.string().min(1).max(256),
});
export const consoleMeSchema = z.object({
  userId: z.string(),
  email: z.string(),
  /** The server settings the console shows beside its pages. */
  registration: z.enum(['open', 'invite', 'closed']),
  serverVersion: z.string(),
});
export type ConsoleMe = z.infer<typeof consoleMeSchema>;
