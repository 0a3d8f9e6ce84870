import { quotaDefaultsSchema, type QuotaDefaults } from '../../src-shared/sync/admin';
import type { Clock } from '../clock';
import type { SqlQueryable } from '../db/sql-client';

/**
 * Storage quotas as administrators set them: a server-wide default (in `settings`) and a user's
 * own override (`users.quota_bytes`, `users.max_file_bytes`; null follows the default). A null
 * limit is unlimited. Enforcement reads `storageLimits`; the console and the CLI write here.
 */

const DEFAULTS_KEY = 'quota.defaults';
const UNLIMITED: QuotaDefaults = { quotaBytes: null, maxFileBytes: null };
const TS = (param: string): string => `to_timestamp(${param}::float8 / 1000)`;

export interface StorageLimits {
  quotaBytes: number | null;
  quotaIsCustom: boolean;
  maxFileBytes: number | null;
  maxFileIsCustom: boolean;
}

export async function quotaDefaults(q: SqlQueryable): Promise<QuotaDefaults> {
  const { rows } = await q.query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [
    DEFAULTS_KEY,
  ]);
  const parsed = quotaDefaultsSchema.safeParse(rows[0]?.value);
  return parsed.success ? parsed.data : UNLIMITED;
}

export async function setQuotaDefaults(
  q: SqlQueryable,
  clock: Clock,
  defaults: QuotaDefaults,
): Promise<void> {
  await q.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, ${TS('$3')})
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
    [DEFAULTS_KEY, JSON.stringify(quotaDefaultsSchema.parse(defaults)), clock.now()],
  );
}

/** bigint columns arrive as strings from node-postgres. */
function bytesOrNull(value: string | number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** The limits that apply to one user; null when there is no such user. */
export async function storageLimits(q: SqlQueryable, userId: string): Promise<StorageLimits | null> {
  const { rows } = await q.query<{
    quota_bytes: string | number | null;
    max_file_bytes: string | number | null;
  }>('SELECT quota_bytes, max_file_bytes FROM users WHERE id = $1', [userId]);
  const row = rows[0];
  if (!row) return null;
  const defaults = await quotaDefaults(q);
  const quota = bytesOrNull(row.quota_bytes);
  const maxFile = bytesOrNull(row.max_file_bytes);
  return {
    quotaBytes: quota ?? defaults.quotaBytes,
    quotaIsCustom: quota !== null,
    maxFileBytes: maxFile ?? defaults.maxFileBytes,
    maxFileIsCustom: maxFile !== null,
  };
}

export async function setUserLimits(
  q: SqlQueryable,
  userId: string,
  limits: { quotaBytes: number | null; maxFileBytes: number | null },
): Promise<boolean> {
  const { rowCount } = await q.query('UPDATE users SET quota_bytes = $2, max_file_bytes = $3 WHERE id = $1', [
    userId,
    limits.quotaBytes,
    limits.maxFileBytes,
  ]);
  return rowCount > 0;
}
