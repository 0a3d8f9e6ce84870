import type { AuditLog } from '../admin/audit-log';
import type { SyncServerConfig } from '../config';
import { openLimiterStore } from './rate-limit-store';
import { createRateLimits, type RateLimitPolicy, type RateLimits } from './rate-limits';

/** The server's rate limits on the store its config names (S12); `close` closes that store. */
export async function openRateLimits(options: {
  config: Pick<SyncServerConfig, 'redisUrl' | 'databaseUrl' | 'dataDir' | 'limits'>;
  audit: AuditLog;
  policy?: RateLimitPolicy | undefined;
}): Promise<RateLimits> {
  const store = await openLimiterStore(options.config);
  return createRateLimits({
    store,
    audit: options.audit,
    exemptIps: options.config.limits.rateLimitExemptIps,
    ...(options.policy ? { policy: options.policy } : {}),
  });
}
