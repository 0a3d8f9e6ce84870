import type { UsagePoint, UsageRange } from '../../src-shared/sync/admin';
import type { SqlQueryable } from '../db/sql-client';
import { activeDevicesSince, lastSnapshotAt, usageTotals } from '../jobs/usage-snapshot';
import type { UsageWindow } from './metrics';

const HOUR_MS = 3_600_000;
export const USAGE_RANGE_MS: Record<UsageRange, number> = {
  '24h': 24 * HOUR_MS,
  '7d': 7 * 24 * HOUR_MS,
  '30d': 30 * 24 * HOUR_MS,
  '365d': 365 * 24 * HOUR_MS,
};
/** A chart has at most this many points: snapshots are merged into buckets past it (O9). */
export const USAGE_POINTS_MAX = 500;

type Numeric = string | number | null;

const perMinute = (count: number, ms: number): number =>
  ms > 0 ? Math.round((count / (ms / 60_000)) * 100) / 100 : 0;

/**
 * O9: the snapshots of `range` before `now`, oldest first, merged into at most USAGE_POINTS_MAX
 * buckets (totals: the bucket's newest snapshot; activity: summed; devices and p95: the highest).
 * Rates are per minute over the time the bucket's snapshots cover (each covers `everyMs`).
 */
export async function usageSeries(
  sql: SqlQueryable,
  range: UsageRange,
  now: number,
  everyMs: number,
): Promise<UsagePoint[]> {
  const rangeMs = USAGE_RANGE_MS[range];
  const bucketMs = Math.max(everyMs, Math.ceil(rangeMs / USAGE_POINTS_MAX));
  const { rows } = await sql.query<{
    at: Numeric;
    n: Numeric;
    users: Numeric;
    documents: Numeric;
    bytes: Numeric;
    active: Numeric;
    pushes: Numeric;
    pulls: Numeric;
    conflicts: Numeric;
    p95: Numeric;
  }>(
    `SELECT floor(extract(epoch from max(at)) * 1000)::float8 AS at, count(*) AS n,
            (array_agg(users ORDER BY at DESC))[1] AS users,
            (array_agg(documents ORDER BY at DESC))[1] AS documents,
            (array_agg(bytes ORDER BY at DESC))[1] AS bytes,
            max(active_devices) AS active, sum(pushes) AS pushes, sum(pulls) AS pulls,
            sum(conflicts) AS conflicts, max(push_p95_ms) AS p95
       FROM usage_snapshots
      WHERE at > to_timestamp($1::float8 / 1000) AND at <= to_timestamp($2::float8 / 1000)
      GROUP BY floor(extract(epoch from at) * 1000 / $3)
      ORDER BY 1
      LIMIT ${USAGE_POINTS_MAX + 1}`,
    [now - rangeMs, now, bucketMs],
  );
  // Bucket edges need not line up with the range's: one bucket too many is dropped, the oldest.
  return rows.slice(-USAGE_POINTS_MAX).map((row) => {
    const covered = Number(row.n ?? 1) * everyMs;
    return {
      at: Number(row.at),
      users: Number(row.users ?? 0),
      documents: Number(row.documents ?? 0),
      bytes: Number(row.bytes ?? 0),
      activeDevices: Number(row.active ?? 0),
      pushesPerMinute: perMinute(Number(row.pushes ?? 0), covered),
      pullsPerMinute: perMinute(Number(row.pulls ?? 0), covered),
      conflictsMerged: Number(row.conflicts ?? 0),
      pushP95Ms: row.p95 === null ? null : Number(row.p95),
    };
  });
}

/** Right now: live totals and this process's activity since the last snapshot (or `fallbackSince`). */
export async function currentUsagePoint(
  sql: SqlQueryable,
  now: number,
  window: UsageWindow,
  fallbackSince: number,
): Promise<UsagePoint> {
  const last = await lastSnapshotAt(sql);
  const since = last !== null && last < now ? Math.max(last, fallbackSince) : fallbackSince;
  const [totals, active] = await Promise.all([usageTotals(sql), activeDevicesSince(sql, since)]);
  return {
    at: now,
    ...totals,
    activeDevices: active,
    pushesPerMinute: perMinute(window.pushes, now - since),
    pullsPerMinute: perMinute(window.pulls, now - since),
    conflictsMerged: window.conflicts,
    pushP95Ms: window.pushP95Ms,
  };
}
