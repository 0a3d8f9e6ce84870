import type { SqlQueryable } from '../db/sql-client';
import type { BlobStore } from './blob-store';

/**
 * Deletes every blob no live attachment document of its vault names (data->>'hash'; live: not a
 * tombstone and `deletedAt` 0, as the device's delete only marks the record) and that
 * was stored more than `graceMs` ago (a device uploads bytes before it pushes the record).
 * The row goes after the bytes, so a crash in between leaves a row GC retries, never bytes
 * without a row. Returns how many blobs were removed.
 */
export async function collectOrphanBlobs(options: {
  sql: SqlQueryable;
  store: BlobStore;
  now: number;
  graceMs: number;
}): Promise<number> {
  const { sql, store, now, graceMs } = options;
  const orphans = await sql.query<{ vault_id: string; hash: string }>(
    `SELECT b.vault_id, b.hash FROM blobs b
      WHERE b.created_at < to_timestamp($1 / 1000.0)
        AND NOT EXISTS (
          SELECT 1 FROM documents d
           WHERE d.vault_id = b.vault_id AND d.collection = 'attachments'
             AND d.deleted = false AND d.data->>'deletedAt' = '0' AND d.data->>'hash' = b.hash)`,
    [now - graceMs],
  );
  for (const row of orphans.rows) {
    await store.delete(row.vault_id, row.hash);
    await sql.query('DELETE FROM blobs WHERE vault_id = $1 AND hash = $2', [row.vault_id, row.hash]);
  }
  return orphans.rows.length;
}
