import { ADMIN_LIMITS, type AdminInvite } from '../../src-shared/sync/admin';
import { hashSecret } from '../auth/tokens';
import { rejection } from '../errors';
import type { AdminContext, AdminService } from './admin-service';

/**
 * Invites as the admin manages them. Only the code's hash is stored, so a listed invite has no
 * code; its handle (`inviteId`) is the first 12 hex digits of that hash, enough to name one.
 */

const MS = (column: string): string => `floor(extract(epoch from ${column}) * 1000)::float8`;
export const INVITE_ID_LENGTH = 12;

export function inviteIdOf(code: string): string {
  return hashSecret(code).slice(0, INVITE_ID_LENGTH);
}

export function createAdminInvites(
  ctx: AdminContext,
): Pick<AdminService, 'createInvite' | 'listInvites' | 'revokeInvite'> {
  const { sql } = ctx;
  return {
    async createInvite(by, input) {
      const invite = await ctx.auth.createInvite(by.actor?.userId ?? null, input);
      const inviteId = inviteIdOf(invite.code);
      // The code is a secret: the entry names the invite by its handle only.
      await ctx.record(
        by,
        'invite_created',
        { id: null, email: invite.email },
        { inviteId, expiresAt: invite.expiresAt },
      );
      return {
        code: invite.code,
        inviteId,
        email: invite.email,
        createdAt: ctx.clock.now(),
        expiresAt: invite.expiresAt,
        usedAt: null,
        usedByEmail: null,
      };
    },

    async listInvites() {
      const { rows } = await sql.query<{
        code_hash: string;
        email: string | null;
        created: number;
        expires: number;
        used: number | null;
        used_by_email: string | null;
      }>(
        `SELECT i.code_hash, i.email, ${MS('i.created_at')} AS created, ${MS('i.expires_at')} AS expires,
                ${MS('i.used_at')} AS used, u.email AS used_by_email
           FROM invites i LEFT JOIN users u ON u.id = i.used_by
          ORDER BY i.created_at DESC, i.code_hash LIMIT $1`,
        [ADMIN_LIMITS.pageMax],
      );
      return rows.map((row): AdminInvite => ({
        code: null,
        inviteId: row.code_hash.slice(0, INVITE_ID_LENGTH),
        email: row.email,
        createdAt: row.created,
        expiresAt: row.expires,
        usedAt: row.used,
        usedByEmail: row.used_by_email,
      }));
    },

    async revokeInvite(by, inviteId) {
      if (!/^[0-9a-f]{12}$/.test(inviteId)) throw rejection('INVALID_REQUEST');
      // A used invite is history, not a door: only unused ones can be revoked.
      const { rows } = await sql.query<{ email: string | null }>(
        `DELETE FROM invites WHERE left(code_hash, ${INVITE_ID_LENGTH}) = $1 AND used_at IS NULL RETURNING email`,
        [inviteId],
      );
      if (rows.length === 0) throw rejection('INVITE_INVALID', 'No unused invite has that id.');
      await ctx.record(by, 'invite_revoked', { id: null, email: rows[0]?.email ?? null }, { inviteId });
    },
  };
}
