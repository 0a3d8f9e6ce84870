import {
  quotaDefaults as readQuotaDefaults,
  setQuotaDefaults as writeQuotaDefaults,
  setUserLimits,
} from '../quotas/quota-settings';
import { rejection } from '../errors';
import type { AdminContext, AdminService } from './admin-service';

/** Quotas as admins set them (quotas/quota-settings.ts keeps them); every change is audited with old and new. */

type Numeric = string | number | null;
const bytesOrNull = (value: Numeric): number | null => (value === null ? null : Number(value));

export function createAdminQuotas(
  ctx: AdminContext,
  getUser: AdminService['getUser'],
): Pick<AdminService, 'quotaDefaults' | 'setQuotaDefaults' | 'setUserQuota'> {
  const { sql, clock } = ctx;
  return {
    quotaDefaults: () => readQuotaDefaults(sql),

    async setQuotaDefaults(by, defaults) {
      const before = await readQuotaDefaults(sql);
      await writeQuotaDefaults(sql, clock, defaults);
      await ctx.record(
        by,
        'default_quota_changed',
        { id: null, email: null },
        {
          oldQuotaBytes: before.quotaBytes,
          newQuotaBytes: defaults.quotaBytes,
          oldMaxFileBytes: before.maxFileBytes,
          newMaxFileBytes: defaults.maxFileBytes,
        },
      );
      return readQuotaDefaults(sql);
    },

    async setUserQuota(by, userId, limits) {
      const { rows } = await sql.query<{ email: string; quota_bytes: Numeric; max_file_bytes: Numeric }>(
        'SELECT email, quota_bytes, max_file_bytes FROM users WHERE id = $1',
        [userId],
      );
      const before = rows[0];
      if (!before || !(await setUserLimits(sql, userId, limits))) throw rejection('USER_NOT_FOUND');
      // null: the user follows the default (recorded as such, not as the default's value).
      await ctx.record(
        by,
        'quota_changed',
        { id: userId, email: before.email },
        {
          oldQuotaBytes: bytesOrNull(before.quota_bytes),
          newQuotaBytes: limits.quotaBytes,
          oldMaxFileBytes: bytesOrNull(before.max_file_bytes),
          newMaxFileBytes: limits.maxFileBytes,
        },
      );
      return getUser(userId);
    },
  };
}
