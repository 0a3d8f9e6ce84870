import { storageUsageSchema, type StorageUsage } from '../../src-shared/sync/admin';
import type { SqlQueryable } from '../db/sql-client';
import { rejection } from '../errors';
import { authedProcedure } from '../trpc';
import { storageLimits } from './quota-settings';
import { storageBytesUsed } from './storage-usage';

/** Q7: what the signed-in user stores against their limits (null limits are unlimited). */
export async function accountStorage(q: SqlQueryable, userId: string): Promise<StorageUsage> {
  const limits = await storageLimits(q, userId);
  if (!limits) throw rejection('UNAUTHENTICATED');
  return {
    bytesUsed: await storageBytesUsed(q, userId),
    quotaBytes: limits.quotaBytes,
    maxFileBytes: limits.maxFileBytes,
  };
}

/** `account.storage`, merged into the account router (sync-server/blobs/usage.ts). */
export const accountStorageProcedure = authedProcedure
  .output(storageUsageSchema)
  .query(({ ctx }) => accountStorage(ctx.sql, ctx.session.userId));
