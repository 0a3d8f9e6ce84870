import { ADMIN_LIMITS, type AdminDevice } from '../../src-shared/sync/admin';
import { rejection } from '../errors';
import type { AdminContext, AdminService } from './admin-service';

/** A user's devices as the admin sees them, and G3's revoke of one (its streams end now). */

const TS = (param: string): string => `to_timestamp(${param}::float8 / 1000)`;
const MS = (column: string): string => `floor(extract(epoch from ${column}) * 1000)::float8`;

interface DeviceRow {
  id: string;
  name: string;
  platform: string | null;
  app_version: string | null;
  created: number;
  last_seen: number;
  last_ip: string | null;
  revoked: number | null;
}

export function createAdminDevices(
  ctx: AdminContext,
  getUser: AdminService['getUser'],
): Pick<AdminService, 'listDevices' | 'revokeDevice'> {
  const { sql, clock } = ctx;
  return {
    async listDevices(userId) {
      await getUser(userId);
      // Live devices first, then the most recently ended: a long history stays bounded.
      const { rows } = await sql.query<DeviceRow>(
        `SELECT id, name, platform, app_version, ${MS('created_at')} AS created,
                ${MS('last_seen_at')} AS last_seen, last_ip, ${MS('revoked_at')} AS revoked
           FROM devices WHERE user_id = $1
          ORDER BY revoked_at IS NOT NULL, revoked_at DESC, last_seen_at DESC, id LIMIT $2`,
        [userId, ADMIN_LIMITS.pageMax],
      );
      return rows.map((row): AdminDevice => ({
        deviceId: row.id,
        name: row.name,
        platform: row.platform,
        appVersion: row.app_version,
        createdAt: row.created,
        lastSeenAt: row.last_seen,
        lastIp: row.last_ip,
        revokedAt: row.revoked,
      }));
    },

    async revokeDevice(by, deviceId) {
      const { rows } = await sql.query<{
        user_id: string;
        email: string;
        name: string;
        was_revoked: boolean;
      }>(
        `WITH target AS (SELECT id, revoked_at IS NOT NULL AS was_revoked FROM devices WHERE id = $1)
         UPDATE devices d SET revoked_at = COALESCE(d.revoked_at, ${TS('$2')})
           FROM target t, users u
          WHERE d.id = t.id AND u.id = d.user_id
          RETURNING d.user_id, u.email, d.name, t.was_revoked`,
        [deviceId, clock.now()],
      );
      const device = rows[0];
      if (!device) throw rejection('DEVICE_NOT_FOUND');
      if (device.was_revoked) return;
      await ctx.wakeUserStreams(device.user_id);
      await ctx.record(
        by,
        'device_revoked',
        { id: device.user_id, email: device.email },
        { deviceId, deviceName: device.name, by: 'admin' },
      );
    },
  };
}
