import { accountUsageSchema, type AccountUsage } from '../../src-shared/sync/account';
import type { SqlQueryable } from '../db/sql-client';
import { authedProcedure, router } from '../trpc';
import { accountStorageProcedure } from '../quotas/quota-router';

/**
 * B11: a user's stored bytes, from the `blobs` table (one row per blob and vault, written when a
 * blob is stored, B6) and the documents' own sizes. Two indexed aggregates per call: cheap enough
 * for an account page or a quota check before an upload.
 */
export async function accountUsage(sql: SqlQueryable, userId: string): Promise<AccountUsage> {
  const blobs = await sql.query<{ count: string | number; bytes: string | number | null }>(
    `SELECT count(*) AS count, sum(b.size) AS bytes
       FROM blobs b JOIN vaults v ON v.id = b.vault_id
      WHERE v.owner_id = $1`,
    [userId],
  );
  const documents = await sql.query<{ count: string | number; bytes: string | number | null }>(
    `SELECT count(*) AS count, sum(d.size_bytes) AS bytes
       FROM documents d JOIN vaults v ON v.id = d.vault_id
      WHERE v.owner_id = $1 AND d.deleted = false`,
    [userId],
  );
  // count() and sum() of bigint are numeric in PostgreSQL; drivers hand them over as strings.
  return {
    blobCount: Number(blobs.rows[0]?.count ?? 0),
    blobBytes: Number(blobs.rows[0]?.bytes ?? 0),
    documentCount: Number(documents.rows[0]?.count ?? 0),
    documentBytes: Number(documents.rows[0]?.bytes ?? 0),
  };
}

/** `account.*`: what the signed-in user's account holds on this server. */
export const accountRouter = router({
  usage: authedProcedure
    .output(accountUsageSchema)
    .query(({ ctx }) => accountUsage(ctx.sql, ctx.session.userId)),
  /** Q7: bytes used against the quota. */
  storage: accountStorageProcedure,
});
