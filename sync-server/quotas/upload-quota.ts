import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlobStore } from '../blobs/blob-store';
import type { SqlClient } from '../db/sql-client';
import { rejection } from '../errors';
import type { QuotaEnforcer } from './enforce';

/** What the blob routes need to hold an upload to its owner's limits (Q5). */
export interface UploadQuota {
  enforcer: QuotaEnforcer;
  sql: Pick<SqlClient, 'query' | 'transaction'>;
}

async function recorded(sql: UploadQuota['sql'], vault: string, hash: string): Promise<boolean> {
  const { rowCount } = await sql.query('SELECT 1 FROM blobs WHERE vault_id = $1 AND hash = $2', [
    vault,
    hash,
  ]);
  return rowCount > 0;
}

/**
 * Q5: a PUT /blobs/<hash> whose Content-Length was read (and is within BLOB_MAX_BYTES). Refusals
 * throw (the route answers them and closes the connection, the body unread):
 * - over the owner's max file size: BLOB_TOO_LARGE, before a byte of the body is read;
 * - over the quota with the declared size: QUOTA_EXCEEDED, before the body too;
 * - over it once stored (another upload or push got there first): QUOTA_EXCEEDED, and the bytes
 *   this request stored are removed again.
 * A blob the vault already records costs nothing more and is answered at once.
 */
export async function putWithinQuota(input: {
  quota: UploadQuota;
  store: BlobStore;
  vault: string;
  hash: string;
  req: IncomingMessage;
  res: ServerResponse;
  maxBytes: number;
}): Promise<void> {
  const { quota, store, vault, hash, req, res } = input;
  const { enforcer, sql } = quota;
  const declared = Number(req.headers['content-length']);
  const owner = await enforcer.limitsOfVault(sql, vault);
  if (!owner) throw rejection('VAULT_NOT_FOUND');
  if (owner.maxFileBytes !== null && declared > owner.maxFileBytes) throw rejection('BLOB_TOO_LARGE');

  if (await recorded(sql, vault, hash)) {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ size: (await store.stat(vault, hash))?.size ?? declared }));
    return;
  }
  // Before the body: most refusals end here, with nothing read or stored.
  await sql.transaction((tx) => enforcer.checkAddition(tx, owner, declared, 'upload'));

  // Bytes already there without a row (an upload refused after storing, say) are not sent again.
  let storedHere = false;
  let size: number;
  const existing = await store.stat(vault, hash);
  if (existing) {
    req.resume();
    size = existing.size;
  } else {
    // The store keeps nothing of a body that stops short, runs long or hashes wrong (B3).
    size = (await store.put(vault, hash, req, { maxBytes: Math.min(input.maxBytes, declared) })).size;
    storedHere = true;
  }
  try {
    await sql.transaction(async (tx) => {
      // Lock order as a push's: the vault's row, then the user's (enforce.ts checkAddition).
      await tx.query('SELECT 1 FROM vaults WHERE id = $1 FOR UPDATE', [vault]);
      const { rowCount } = await tx.query('SELECT 1 FROM blobs WHERE vault_id = $1 AND hash = $2', [
        vault,
        hash,
      ]);
      if (rowCount > 0) return;
      await enforcer.checkAddition(tx, owner, size, 'upload');
      await tx.query('INSERT INTO blobs (vault_id, hash, size) VALUES ($1, $2, $3)', [vault, hash, size]);
    });
  } catch (error) {
    // Only bytes this request stored, and only while no upload has recorded them meanwhile.
    if (storedHere && !(await recorded(sql, vault, hash))) await store.delete(vault, hash);
    throw error;
  }
  res.writeHead(storedHere ? 201 : 200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ size }));
}
