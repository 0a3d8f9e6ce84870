import type { SqlQueryable } from '../db/sql-client';

/**
 * What a user stores on the server, as the quota counts it: every document row (tombstones too:
 * they take space and sync), every revision kept, and each blob of a vault once. Summed per
 * user over all their vaults.
 */

type Numeric = string | number | null;

const PER_VAULT = `
  SELECT v.owner_id AS user_id,
         coalesce((SELECT sum(d.size_bytes) FROM documents d WHERE d.vault_id = v.id), 0)
       + coalesce((SELECT sum(r.size_bytes) FROM revisions r WHERE r.vault_id = v.id), 0)
       + coalesce((SELECT sum(b.size) FROM blobs b WHERE b.vault_id = v.id), 0) AS bytes
    FROM vaults v`;

export async function storageBytesUsed(q: SqlQueryable, userId: string): Promise<number> {
  const { rows } = await q.query<{ bytes: Numeric }>(
    `SELECT coalesce(sum(bytes), 0) AS bytes FROM (${PER_VAULT} WHERE v.owner_id = $1) per_vault`,
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
    `SELECT user_id, sum(bytes) AS bytes FROM (${PER_VAULT} WHERE v.owner_id = ANY($1::text[])) per_vault
      GROUP BY user_id`,
    [userIds],
  );
  for (const row of rows) used.set(row.user_id, Number(row.bytes ?? 0));
  return used;
}
