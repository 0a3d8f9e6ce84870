import { ADMIN_LIMITS, type AdminUser } from '../../src-shared/sync/admin';
import { randomId } from '../clock';
import type { SqlQueryable } from '../db/sql-client';
import { rejection } from '../errors';
import { assertPasswordAllowed } from '../auth/password-rules';
import { quotaDefaults } from '../quotas/quota-settings';
import { storageBytesByUser } from '../quotas/storage-usage';
import type { AdminContext, AdminService, UserRole } from './admin-service';

/** G1–G5: listing users and changing one (create, disable, role, password, deletion). */

const TS = (param: string): string => `to_timestamp(${param}::float8 / 1000)`;
const MS = (column: string): string => `floor(extract(epoch from ${column}) * 1000)::float8`;
const UNIQUE_VIOLATION = '23505';
const DEFAULT_VAULT_NAME = 'Notes';

type Numeric = string | number | null;

interface UserRow {
  id: string;
  email: string;
  role: UserRole;
  disabled: boolean;
  created: number;
  last_active: number | null;
  purge: number | null;
  quota_bytes: Numeric;
  max_file_bytes: Numeric;
  device_count: Numeric;
  note_count: Numeric;
}

const USER_COLUMNS = `u.id, u.email, u.role, u.disabled_at IS NOT NULL AS disabled,
  ${MS('u.created_at')} AS created,
  ${MS(`GREATEST(u.last_active_at, (SELECT max(d.last_seen_at) FROM devices d WHERE d.user_id = u.id))`)} AS last_active,
  ${MS('u.purge_at')} AS purge, u.quota_bytes, u.max_file_bytes,
  (SELECT count(*) FROM devices d WHERE d.user_id = u.id AND d.revoked_at IS NULL) AS device_count,
  (SELECT count(*) FROM documents n JOIN vaults v ON v.id = n.vault_id
    WHERE v.owner_id = u.id AND n.collection = 'notes' AND n.deleted = false) AS note_count`;

const numberOrNull = (value: Numeric): number | null => (value === null ? null : Number(value));

/** `%` and `_` in a search are the characters, not wildcards. */
export function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

async function toAdminUsers(q: SqlQueryable, rows: UserRow[]): Promise<AdminUser[]> {
  if (rows.length === 0) return [];
  const defaults = await quotaDefaults(q);
  const bytes = await storageBytesByUser(
    q,
    rows.map((row) => row.id),
  );
  return rows.map((row) => {
    const quota = numberOrNull(row.quota_bytes);
    const maxFile = numberOrNull(row.max_file_bytes);
    return {
      userId: row.id,
      email: row.email,
      role: row.role,
      disabled: row.disabled,
      createdAt: row.created,
      lastActiveAt: row.last_active,
      noteCount: Number(row.note_count ?? 0),
      bytesUsed: bytes.get(row.id) ?? 0,
      quotaBytes: quota ?? defaults.quotaBytes,
      quotaIsCustom: quota !== null,
      maxFileBytes: maxFile ?? defaults.maxFileBytes,
      maxFileIsCustom: maxFile !== null,
      deviceCount: Number(row.device_count ?? 0),
      purgeAt: row.purge,
    };
  });
}

type UserOps = Pick<
  AdminService,
  | 'listUsers'
  | 'getUser'
  | 'userIdByEmail'
  | 'createUser'
  | 'setDisabled'
  | 'setRole'
  | 'resetPassword'
  | 'scheduleDeletion'
  | 'cancelDeletion'
>;

export function createAdminUsers(ctx: AdminContext): UserOps {
  const { sql, clock } = ctx;

  async function getUser(userId: string): Promise<AdminUser> {
    const { rows } = await sql.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [
      userId,
    ]);
    const [user] = await toAdminUsers(sql, rows);
    if (!user) throw rejection('USER_NOT_FOUND');
    return user;
  }

  /**
   * G2: runs `change` on `userId` unless it would leave no enabled admin. The enabled admins'
   * rows are locked first, so two admins demoting each other at once cannot both succeed.
   */
  async function guardLastAdmin(
    userId: string,
    change: (q: SqlQueryable, current: { email: string; role: UserRole; disabled: boolean }) => Promise<void>,
    removesAdmin: boolean,
  ): Promise<{ email: string; role: UserRole; disabled: boolean }> {
    return sql.transaction(async (tx) => {
      const admins = await tx.query<{ id: string }>(
        `SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE`,
      );
      const { rows } = await tx.query<{ email: string; role: UserRole; disabled: boolean }>(
        'SELECT email, role, disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1 FOR UPDATE',
        [userId],
      );
      const current = rows[0];
      if (!current) throw rejection('USER_NOT_FOUND');
      const isEnabledAdmin = admins.rows.some((row) => row.id === userId);
      if (removesAdmin && isEnabledAdmin && admins.rows.length <= 1) throw rejection('LAST_ADMIN');
      await change(tx, current);
      return current;
    });
  }

  async function endSessionsOfUser(userId: string, revokeDevices: boolean): Promise<number> {
    let revoked = 0;
    if (revokeDevices) {
      const result = await sql.query(
        `UPDATE devices SET revoked_at = ${TS('$2')} WHERE user_id = $1 AND revoked_at IS NULL`,
        [userId, clock.now()],
      );
      revoked = result.rowCount;
    }
    await ctx.consoleSessions.endAllFor(userId);
    await ctx.wakeUserStreams(userId);
    return revoked;
  }

  async function hashAllowed(password: string, email: string): Promise<string> {
    await assertPasswordAllowed(password, email);
    return ctx.passwords.hash(password);
  }

  return {
    getUser,

    async listUsers(query, offset, limit) {
      const bounded = Math.min(Math.max(limit, 1), ADMIN_LIMITS.pageMax);
      const pattern = likePattern(query.trim().slice(0, ADMIN_LIMITS.searchMaxLength));
      const { rows } = await sql.query<UserRow>(
        `SELECT ${USER_COLUMNS} FROM users u WHERE u.email ILIKE $1
          ORDER BY u.created_at, u.id OFFSET $2 LIMIT $3`,
        [pattern, Math.max(offset, 0), bounded],
      );
      const total = await sql.query<{ n: Numeric }>('SELECT count(*) AS n FROM users WHERE email ILIKE $1', [
        pattern,
      ]);
      return { users: await toAdminUsers(sql, rows), total: Number(total.rows[0]?.n ?? 0) };
    },

    async userIdByEmail(email) {
      const { rows } = await sql.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [
        email.trim().toLowerCase(),
      ]);
      const row = rows[0];
      if (!row) throw rejection('USER_NOT_FOUND', `There is no user ${email.trim().toLowerCase()}.`);
      return row.id;
    },

    async createUser(by, email, password, role) {
      const passwordHash = await hashAllowed(password, email);
      const userId = randomId();
      const now = clock.now();
      try {
        await sql.transaction(async (tx) => {
          const taken = await tx.query('SELECT 1 FROM users WHERE email = $1', [email]);
          if (taken.rowCount > 0) throw rejection('EMAIL_TAKEN');
          await tx.query(
            `INSERT INTO users (id, email, password_hash, role, created_at, password_changed_at)
             VALUES ($1, $2, $3, $4, ${TS('$5')}, ${TS('$5')})`,
            [userId, email, passwordHash, role, now],
          );
          // A6: every user owns a vault from the start, as at sign-up.
          await tx.query(
            `INSERT INTO vaults (id, owner_id, name, created_at) VALUES ($1, $2, $3, ${TS('$4')})`,
            [randomId(), userId, DEFAULT_VAULT_NAME, now],
          );
        });
      } catch (error) {
        if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) throw rejection('EMAIL_TAKEN');
        throw error;
      }
      await ctx.record(by, 'user_created', { id: userId, email }, { role });
      return getUser(userId);
    },

    async setDisabled(by, userId, disabled) {
      const before = await guardLastAdmin(
        userId,
        async (tx, current) => {
          if (!disabled) {
            const purge = await tx.query('SELECT 1 FROM users WHERE id = $1 AND purge_at IS NOT NULL', [
              userId,
            ]);
            if (purge.rowCount > 0)
              throw rejection(
                'INVALID_REQUEST',
                'This user is scheduled for deletion: cancel the deletion instead.',
              );
          }
          if (current.disabled === disabled) return;
          if (disabled)
            await tx.query(`UPDATE users SET disabled_at = ${TS('$2')} WHERE id = $1`, [userId, clock.now()]);
          else await tx.query('UPDATE users SET disabled_at = NULL WHERE id = $1', [userId]);
        },
        disabled,
      );
      if (before.disabled !== disabled) {
        // G3: a disabled user's devices keep their sessions (enabling restores them) but stop now.
        if (disabled) await endSessionsOfUser(userId, false);
        await ctx.record(by, disabled ? 'user_disabled' : 'user_enabled', {
          id: userId,
          email: before.email,
        });
      }
      return getUser(userId);
    },

    async setRole(by, userId, role) {
      const before = await guardLastAdmin(
        userId,
        async (tx, current) => {
          if (current.role !== role)
            await tx.query('UPDATE users SET role = $2 WHERE id = $1', [userId, role]);
        },
        role !== 'admin',
      );
      if (before.role !== role) {
        // The console cookie is only for admins; a demoted admin's ends now.
        if (role !== 'admin') await ctx.consoleSessions.endAllFor(userId);
        await ctx.record(
          by,
          'role_changed',
          { id: userId, email: before.email },
          { from: before.role, to: role },
        );
      }
      return getUser(userId);
    },

    async resetPassword(by, userId, password) {
      const { rows } = await sql.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId]);
      const target = rows[0];
      if (!target) throw rejection('USER_NOT_FOUND');
      const passwordHash = await hashAllowed(password, target.email);
      await sql.query(
        `UPDATE users SET password_hash = $2, password_changed_at = ${TS('$3')} WHERE id = $1`,
        [userId, passwordHash, clock.now()],
      );
      // G4: whoever held the old password holds no session either.
      const revoked = await endSessionsOfUser(userId, true);
      await ctx.record(
        by,
        'password_reset',
        { id: userId, email: target.email },
        { devicesRevoked: revoked },
      );
      return getUser(userId);
    },

    async scheduleDeletion(by, userId) {
      const purgeAt = clock.now() + ctx.config.purgeDelayMs;
      const before = await guardLastAdmin(
        userId,
        async (tx) => {
          await tx.query(
            `UPDATE users SET purge_at = ${TS('$2')}, disabled_at = COALESCE(disabled_at, ${TS('$3')}) WHERE id = $1`,
            [userId, purgeAt, clock.now()],
          );
        },
        true,
      );
      await endSessionsOfUser(userId, false);
      await ctx.record(by, 'user_deletion_scheduled', { id: userId, email: before.email }, { purgeAt });
      return { userId, purgeAt };
    },

    async cancelDeletion(by, userId) {
      const { rows } = await sql.query<{ email: string }>(
        'UPDATE users SET purge_at = NULL, disabled_at = NULL WHERE id = $1 AND purge_at IS NOT NULL RETURNING email',
        [userId],
      );
      const target = rows[0];
      if (!target) {
        await getUser(userId); // USER_NOT_FOUND for an unknown id
        throw rejection('INVALID_REQUEST', 'No deletion is scheduled for this user.');
      }
      await ctx.record(by, 'user_deletion_cancelled', { id: userId, email: target.email });
      return getUser(userId);
    },
  };
}
