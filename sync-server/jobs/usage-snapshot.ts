import type { SqlQueryable } from '../db/sql-client';
import { everyMinutesCron, plural, TS, type JobDefinition } from './job-definition';

type Numeric = string | number | null;

/** The server's totals right now: users, live documents, bytes stored (as quotas count them). */
export interface UsageTotals {
  users: number;
  documents: number;
  bytes: number;
}

export async function usageTotals(sql: SqlQueryable): Promise<UsageTotals> {
  // The same three sums as quotas/storage-usage.ts, over every vault at once.
  const { rows } = await sql.query<{ users: Numeric; documents: Numeric; bytes: Numeric }>(
    `SELECT (SELECT count(*) FROM users) AS users,
            (SELECT count(*) FROM documents WHERE deleted = false) AS documents,
            (SELECT coalesce(sum(size_bytes), 0) FROM documents)
          + (SELECT coalesce(sum(size_bytes), 0) FROM revisions)
          + (SELECT coalesce(sum(size), 0) FROM blobs) AS bytes`,
  );
  const row = rows[0];
  return {
    users: Number(row?.users ?? 0),
    documents: Number(row?.documents ?? 0),
    bytes: Number(row?.bytes ?? 0),
  };
}

/** Devices not revoked that were seen at or after `since`. */
export async function activeDevicesSince(sql: SqlQueryable, since: number): Promise<number> {
  const { rows } = await sql.query<{ n: Numeric }>(
    `SELECT count(*) AS n FROM devices WHERE revoked_at IS NULL AND last_seen_at >= ${TS('$1')}`,
    [since],
  );
  return Number(rows[0]?.n ?? 0);
}

/** When the newest snapshot was taken, or null. */
export async function lastSnapshotAt(sql: SqlQueryable): Promise<number | null> {
  const { rows } = await sql.query<{ at: Numeric }>(
    `SELECT floor(extract(epoch from max(at)) * 1000)::float8 AS at FROM usage_snapshots`,
  );
  const at = rows[0]?.at;
  return at === null || at === undefined ? null : Number(at);
}

/**
 * O9: one row of usage_snapshots: totals, devices active since the previous snapshot, and the
 * pushes, pulls, conflicts and p95 push latency this process counted since it last took one; and
 * snapshots older than USAGE_RETENTION_DAYS go.
 */
export const usageSnapshot: JobDefinition = {
  name: 'usage-snapshot',
  description: 'Records users, documents, bytes and sync activity for the usage charts.',
  // Replaced per server from USAGE_SNAPSHOT_MINUTES (jobDefinitionsFor).
  schedule: everyMinutesCron(5),
  async run(deps, now) {
    const every = deps.config.retention.usageSnapshotEveryMs;
    const previous = await lastSnapshotAt(deps.sql);
    const since = previous !== null && previous < now ? previous : now - every;
    const totals = await usageTotals(deps.sql);
    const active = await activeDevicesSince(deps.sql, since);
    const window = deps.metrics.takeUsageWindow();
    // Two runs in one millisecond (a manual run beside a scheduled one) add up in one row.
    await deps.sql.query(
      `INSERT INTO usage_snapshots (at, users, documents, bytes, active_devices, pushes, pulls, conflicts, push_p95_ms)
       VALUES (${TS('$1')}, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (at) DO UPDATE SET pushes = usage_snapshots.pushes + EXCLUDED.pushes,
         pulls = usage_snapshots.pulls + EXCLUDED.pulls,
         conflicts = usage_snapshots.conflicts + EXCLUDED.conflicts,
         push_p95_ms = greatest(usage_snapshots.push_p95_ms, EXCLUDED.push_p95_ms)`,
      [
        now,
        totals.users,
        totals.documents,
        totals.bytes,
        active,
        window.pushes,
        window.pulls,
        window.conflicts,
        window.pushP95Ms,
      ],
    );
    const { rowCount: expired } = await deps.sql.query(`DELETE FROM usage_snapshots WHERE at < ${TS('$1')}`, [
      now - deps.config.retention.usageMs,
    ]);
    return `${plural(totals.users, 'user')}, ${plural(totals.documents, 'document')}, ${plural(active, 'active device')}, ${plural(window.pushes, 'push', 'pushes')}; deleted ${plural(expired, 'old snapshot')}`;
  },
};
