import type { SqlQueryable } from '../db/sql-client';

/**
 * What a user stores on the server, as the quota counts it: every document row (tombstones too:
 * they take space and sync), every revision kept, and each blob of a vault once. Summed per
 * user over all their vaults, from each vault's counter (Q3, storage-counter.ts), not the rows.
 */

type Numeric = string | number | null;

export async function storageBytesUsed(q: SqlQueryable, userId: string): Promise<number> {
  const { rows } = await q.query<{ bytes: Numeric }>(
    `SELECT coalesce(sum(storage_bytes), 0) AS bytes FROM vaults WHERE owner_id = $1`,
    [userId],
  );
  return Number(rows[0]?.bytes ?? 0);
}

/** For lists of users: one query for the whole page. Users without vaults map to 0. */
export async function storageBytesByUser(
  q: SqlQueryable,
  userIds: readonly string[],
): Promise<Map<string, number>> {
  const used = new Map<string, number>(userIds.map((id) => [id, 0]));
  if (userIds.length === 0) return used;
  const { rows } = await q.query<{ user_id: string; bytes: Numeric }>(
    `SELECT owner_id AS user_id, sum(storage_bytes) AS bytes FROM vaults
      WHERE owner_id = ANY($1::text[]) GROUP BY owner_id`,
    [userIds],
  );
  for (const row of rows) used.set(row.user_id, Number(row.bytes ?? 0));
  return used;
}
