import type { BlobStore } from '../blobs/blob-store';
import type { SqlClient, SqlQueryable } from '../db/sql-client';
import type { AuditLog } from './audit-log';

/**
 * G6: the purge of users whose scheduled deletion is due: their documents, revisions, blob rows,
 * the blobs' bytes in the BlobStore, then the user row (devices, vaults and console sessions go
 * with it). Blobs are stored per vault (`<vault>/<hash>`, blobs/blob-store.ts), so no other
 * vault ever references a purged vault's bytes: all of them go, listed from the store too, so
 * bytes whose row never landed (an upload cut off before its record) do not stay behind.
 *
 * Each user is purged in one transaction that first locks their row: a cancellation waits for it
 * and then finds no user, and a crash part-way rolls the rows back (bytes already deleted stay
 * deleted, and the next run carries on: deleting a missing blob is not an error).
 */

const TS = (param: string): string => `to_timestamp(${param}::float8 / 1000)`;
/** Users handled per run at most: the job runs again on its schedule for the rest. */
const MAX_USERS_PER_RUN = 500;

export interface PurgeDeps {
  sql: SqlClient;
  /** Without one (tests, tools) only the database rows go. */
  blobStore?: BlobStore | undefined;
  audit: AuditLog;
  now: number;
}

async function deleteVaultBytes(q: SqlQueryable, store: BlobStore, vaultId: string): Promise<number> {
  const hashes = new Set<string>();
  const { rows } = await q.query<{ hash: string }>('SELECT hash FROM blobs WHERE vault_id = $1', [vaultId]);
  for (const row of rows) hashes.add(row.hash);
  for await (const entry of store.list(vaultId)) hashes.add(entry.hash);
  for (const hash of hashes) await store.delete(vaultId, hash);
  return hashes.size;
}

/** Purges one user if their deletion is (still) due; false when it was cancelled meanwhile. */
async function purgeUser(deps: PurgeDeps, userId: string): Promise<boolean> {
  const { sql, blobStore, now } = deps;
  const outcome = await sql.transaction(async (tx) => {
    const { rows } = await tx.query<{ email: string }>(
      `SELECT email FROM users WHERE id = $1 AND purge_at IS NOT NULL AND purge_at <= ${TS('$2')} FOR UPDATE`,
      [userId, now],
    );
    const user = rows[0];
    if (!user) return null;
    const vaults = await tx.query<{ id: string }>('SELECT id FROM vaults WHERE owner_id = $1', [userId]);
    let documents = 0;
    let revisions = 0;
    let blobs = 0;
    for (const { id } of vaults.rows) {
      if (blobStore) blobs += await deleteVaultBytes(tx, blobStore, id);
      else blobs += (await tx.query('SELECT 1 FROM blobs WHERE vault_id = $1', [id])).rowCount;
      await tx.query('DELETE FROM blobs WHERE vault_id = $1', [id]);
      revisions += (await tx.query('DELETE FROM revisions WHERE vault_id = $1', [id])).rowCount;
      documents += (await tx.query('DELETE FROM documents WHERE vault_id = $1', [id])).rowCount;
    }
    await tx.query('DELETE FROM users WHERE id = $1', [userId]);
    return { email: user.email, documents, revisions, blobs, vaults: vaults.rows.length };
  });
  if (!outcome) return false;
  const { email, ...counts } = outcome;
  await deps.audit.record({ action: 'user_purged', targetId: userId, targetEmail: email, details: counts });
  return true;
}

/** The user-purge job's work (O10): purges every user whose purge_at has passed; how many. */
export async function purgeDueUsers(deps: PurgeDeps): Promise<number> {
  const { rows } = await deps.sql.query<{ id: string }>(
    `SELECT id FROM users WHERE purge_at IS NOT NULL AND purge_at <= ${TS('$1')} ORDER BY purge_at, id LIMIT $2`,
    [deps.now, MAX_USERS_PER_RUN],
  );
  let purged = 0;
  for (const { id } of rows) if (await purgeUser(deps, id)) purged += 1;
  return purged;
}
