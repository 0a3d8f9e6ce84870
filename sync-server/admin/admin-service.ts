import type { z } from 'zod';
import type {
  AdminDevice,
  AdminInvite,
  AdminUser,
  AuditAction,
  AuditEntry,
  QuotaDefaults,
  listAuditInput,
} from '../../src-shared/sync/admin';
import type { userRoleSchema } from '../../src-shared/sync/account';
import type { AuthService } from '../auth/auth-service';
import type { PasswordHasher } from '../auth/passwords';
import { createPasswordHasher } from '../auth/passwords';
import type { BlobStore } from '../blobs/blob-store';
import type { ChangeBus } from '../bus/change-bus';
import type { Clock } from '../clock';
import type { SyncServerConfig } from '../config';
import type { SqlClient } from '../db/sql-client';
import type { ReplicationStore } from '../replication/replication-store';
import type { AdminActor } from '../trpc';
import type { AuditLog } from './audit-log';
import type { ConsoleSessions } from './console-sessions';
import { createAdminUsers } from './admin-users';
import { createAdminDevices } from './admin-devices';
import { createAdminInvites } from './admin-invites';
import { createAdminQuotas } from './admin-quotas';
import { purgeDueUsers } from './admin-purge';
import { listAudit, type AuditPage } from './audit-queries';

/**
 * The administration service (G1–G8): one set of functions the admin router (console and admin
 * devices) and the admin CLI both call. Roles are checked before these run (adminProcedure; the
 * CLI is the operator at the machine), so nothing here checks one; each action writes an audit
 * entry naming who did it (`by.actor`, null for the CLI), to whom, and from where (`by.ip`).
 */

export type UserRole = z.infer<typeof userRoleSchema>;

/** Who acts: an admin through the API, or (actor null) the operator at the server's CLI. */
export interface AdminCaller {
  actor: AdminActor | null;
  ip: string | null;
}

/** The operator at the CLI: trusted by having the server's database settings. */
export const OPERATOR: AdminCaller = { actor: null, ip: null };

export interface AdminServiceDeps {
  sql: SqlClient;
  clock: Clock;
  auth: AuthService;
  audit: AuditLog;
  bus: ChangeBus;
  store: ReplicationStore;
  consoleSessions: ConsoleSessions;
  /** Where purged users' attachment bytes are deleted; without one only the rows go (tests). */
  blobStore?: BlobStore | undefined;
  /** The server's config (or just these two settings). */
  config: Pick<SyncServerConfig, 'purgeDelayMs'> & {
    retention: Pick<SyncServerConfig['retention'], 'auditMs'>;
  };
  passwords?: PasswordHasher;
  /** For warnings that must not fail an action (a stream wake-up that could not be announced). */
  logger?: { warn(details: object, message: string): void };
}

/** What every part of the service shares: its deps and the audit writer bound to a caller. */
export interface AdminContext extends Omit<AdminServiceDeps, 'passwords'> {
  passwords: PasswordHasher;
  record(
    by: AdminCaller,
    action: AuditAction,
    target: { id: string | null; email: string | null },
    details?: AuditEntry['details'],
  ): Promise<void>;
  /** Ends the user's live sync streams now: each re-checks its session (A4) and finds it gone. */
  wakeUserStreams(userId: string): Promise<void>;
}

export interface AdminService {
  listUsers(query: string, offset: number, limit: number): Promise<{ users: AdminUser[]; total: number }>;
  getUser(userId: string): Promise<AdminUser>;
  /** For the CLI, which names users by email. USER_NOT_FOUND when there is none. */
  userIdByEmail(email: string): Promise<string>;
  createUser(by: AdminCaller, email: string, password: string, role: UserRole): Promise<AdminUser>;
  setDisabled(by: AdminCaller, userId: string, disabled: boolean): Promise<AdminUser>;
  setRole(by: AdminCaller, userId: string, role: UserRole): Promise<AdminUser>;
  resetPassword(by: AdminCaller, userId: string, password: string): Promise<AdminUser>;
  scheduleDeletion(by: AdminCaller, userId: string): Promise<{ userId: string; purgeAt: number }>;
  cancelDeletion(by: AdminCaller, userId: string): Promise<AdminUser>;
  /** G6: purges every user whose purge_at has passed; how many. The user-purge job calls this. */
  purgeDueUsers(now: number): Promise<number>;
  listDevices(userId: string): Promise<AdminDevice[]>;
  revokeDevice(by: AdminCaller, deviceId: string): Promise<void>;
  createInvite(
    by: AdminCaller,
    input: { email?: string | undefined; expiresInHours: number },
  ): Promise<AdminInvite & { code: string }>;
  listInvites(): Promise<AdminInvite[]>;
  revokeInvite(by: AdminCaller, inviteId: string): Promise<void>;
  quotaDefaults(): Promise<QuotaDefaults>;
  setQuotaDefaults(by: AdminCaller, defaults: QuotaDefaults): Promise<QuotaDefaults>;
  setUserQuota(
    by: AdminCaller,
    userId: string,
    limits: { quotaBytes: number | null; maxFileBytes: number | null },
  ): Promise<AdminUser>;
  listAudit(input: z.output<typeof listAuditInput>): Promise<AuditPage>;
}

export function createAdminService(deps: AdminServiceDeps): AdminService {
  const passwords = deps.passwords ?? createPasswordHasher();
  const context: AdminContext = {
    ...deps,
    passwords,
    async record(by, action, target, details = {}) {
      await deps.audit.record({
        action,
        actorId: by.actor?.userId ?? null,
        actorEmail: by.actor?.email ?? null,
        targetId: target.id,
        targetEmail: target.email,
        ip: by.ip,
        // The CLI has no account: say so, so an entry without an actor is not a mystery.
        details: { via: by.actor?.via ?? 'cli', ...details },
      });
    },
    async wakeUserStreams(userId) {
      const { rows } = await deps.sql.query<{ id: string }>('SELECT id FROM vaults WHERE owner_id = $1', [
        userId,
      ]);
      for (const { id } of rows) {
        try {
          const change = { vaultId: id, seq: await deps.store.latestSeq(id) };
          // A seq that does not advance makes every stream of the vault re-check (vault-stream.ts).
          await deps.bus.announceInTransaction(deps.sql, change);
          await deps.bus.afterCommit(change);
        } catch (error) {
          deps.logger?.warn({ err: error }, 'could not wake streams; they end at their next re-check');
        }
      }
    },
  };
  const users = createAdminUsers(context);
  const devices = createAdminDevices(context, users.getUser);
  const invites = createAdminInvites(context);
  const quotas = createAdminQuotas(context, users.getUser);
  return {
    ...users,
    ...devices,
    ...invites,
    ...quotas,
    purgeDueUsers: (now) =>
      purgeDueUsers({ sql: deps.sql, blobStore: deps.blobStore, audit: deps.audit, now }),
    listAudit: (input) => listAudit(deps.sql, input, deps.config.retention.auditMs),
  };
}
