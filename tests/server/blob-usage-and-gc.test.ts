import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplicatedAttachment } from '../../src-shared/sync/protocol';
import { createFsBlobStore } from '../../sync-server/blobs/fs-blob-store';
import { collectOrphanBlobs } from '../../sync-server/blobs/gc';
import { createPgClient } from '../../sync-server/db/pg-client';
import type { SqlClient } from '../../sync-server/db/sql-client';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { httpClient, note, refusal, signIn, signUp, syncFields } from '../support/sync-server';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process';
import { makeTempDir } from '../support/temp-dir';

/** B6 (orphans collected only after the grace period) and B11 (stored bytes per account). */

const TEST_MS = 120_000;
const HOUR = 3_600_000;
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function attachment(id: string, hash: string, size: number, deleted = false): ReplicatedAttachment {
  return {
    id,
    path: `${id}.bin`,
    hash,
    size,
    mediaType: 'application/octet-stream',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    deletedAt: deleted ? 1_700_000_000_001 : 0,
    _deleted: false,
  };
}

describe('blob usage and garbage collection', () => {
  let database: TestDatabase;
  let server: SyncServerProcess;
  let sql: SqlClient;
  let dataDir: string;
  let cleanupDir: () => void = () => undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    ({ dir: dataDir, cleanup: cleanupDir } = makeTempDir('quire-blob-gc-'));
    server = await startSyncServerProcess({
      database: { url: database.url },
      env: { QUIRE_SERVER_DATA_DIR: dataDir },
      startTimeoutMs: TEST_MS,
    });
    sql = createPgClient({ connectionString: database.url });
  }, TEST_MS);
  afterAll(async () => {
    await sql?.close();
    await server?.stop();
    await database?.drop();
    cleanupDir();
  });

  const put = (token: string, bytes: Buffer) =>
    fetch(`${server.url}/blobs/${sha(bytes)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-length': String(bytes.length) },
      body: bytes,
    });
  const head = async (token: string, hash: string) =>
    (
      await fetch(`${server.url}/blobs/${hash}`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${token}` },
      })
    ).status;

  it(
    'B11: account.usage counts each stored blob of the account once, and its synced documents',
    async () => {
      const grant = await signUp(server.url);
      const phone = await signIn(server.url, grant.account.email);
      const stranger = await signUp(server.url);
      const client = httpClient(server.url, grant.token);
      expect(await client.account.usage.query()).toEqual({
        blobCount: 0,
        blobBytes: 0,
        documentCount: 0,
        documentBytes: 0,
      });

      const one = randomBytes(10_000);
      const two = randomBytes(25_000);
      expect((await put(grant.token, one)).status).toBe(201);
      // The same bytes from another device of the account are stored, and counted, once.
      expect((await put(phone.token, one)).status).toBe(200);
      expect((await put(phone.token, two)).status).toBe(201);
      expect((await put(stranger.token, randomBytes(5_000))).status).toBe(201);
      await client.sync.push.mutate({
        ...syncFields(grant.account.vaultId),
        collection: 'attachments',
        rows: [{ assumedMasterState: null, newDocumentState: attachment('a1', sha(one), one.length) }],
      });

      const usage = await httpClient(server.url, phone.token).account.usage.query();
      expect(usage).toMatchObject({ blobCount: 2, blobBytes: 35_000, documentCount: 1 });
      expect(usage.documentBytes).toBeGreaterThan(100);
      expect(await httpClient(server.url, stranger.token).account.usage.query()).toMatchObject({
        blobCount: 1,
        blobBytes: 5_000,
      });
      const anonymous = await refusal(httpClient(server.url).account.usage.query());
      expect(anonymous.data?.reason).toBe('UNAUTHENTICATED');
    },
    TEST_MS,
  );

  it(
    'B7: the attachments collection checks rows against its own schema and keeps its own documents',
    async () => {
      const grant = await signUp(server.url);
      const client = httpClient(server.url, grant.token);
      const fields = { ...syncFields(grant.account.vaultId), collection: 'attachments' as const };
      const record = attachment('pic', sha(Buffer.from('pic')), 3);
      const output = await client.sync.push.mutate({
        ...fields,
        rows: [
          { assumedMasterState: null, newDocumentState: record },
          // A note is not an attachment record: rejected alone (R10), the rest written.
          { assumedMasterState: null, newDocumentState: note('a-note') },
          { assumedMasterState: null, newDocumentState: { ...record, id: 'bad', path: '../escape' } },
        ],
      });
      expect(output.rejected).toEqual([
        { id: 'a-note', reason: 'INVALID_DOCUMENT' },
        { id: 'bad', reason: 'INVALID_DOCUMENT' },
      ]);
      const pulled = await client.sync.pull.query({ ...fields, checkpoint: null, batchSize: 100 });
      expect(pulled.documents).toEqual([record]);
      // The notes collection does not see it (same vault, same sequence, its own documents).
      const notes = await client.sync.pull.query({
        ...syncFields(grant.account.vaultId),
        checkpoint: null,
        batchSize: 100,
      });
      expect(notes.documents).toEqual([]);
      const history = await refusal(client.sync.revisions.query({ ...fields, documentId: 'pic', limit: 10 }));
      expect(history.data?.reason).toBe('INVALID_REQUEST');
    },
    TEST_MS,
  );

  it(
    'B6: an orphaned blob is collected only once past the grace period; a used one never',
    async () => {
      const grant = await signUp(server.url);
      const { vaultId } = grant.account;
      const used = randomBytes(3_000);
      const orphan = randomBytes(4_000);
      const released = randomBytes(5_000);
      for (const bytes of [used, orphan, released]) expect((await put(grant.token, bytes)).status).toBe(201);
      const client = httpClient(server.url, grant.token);
      await client.sync.push.mutate({
        ...syncFields(vaultId),
        collection: 'attachments',
        rows: [
          { assumedMasterState: null, newDocumentState: attachment('used', sha(used), used.length) },
          // A record marked deleted no longer holds its bytes.
          {
            assumedMasterState: null,
            newDocumentState: attachment('gone', sha(released), released.length, true),
          },
        ],
      });
      const store = createFsBlobStore({ root: join(dataDir, 'blobs') });
      const collect = (now: number) => collectOrphanBlobs({ sql, store, now, graceMs: 24 * HOUR });

      // Within the grace period (an upload whose record is on its way): nothing goes.
      expect(await collect(Date.now() + 23 * HOUR)).toBe(0);
      for (const bytes of [used, orphan, released]) expect(await head(grant.token, sha(bytes))).toBe(200);

      // Past it: the unreferenced ones go, bytes and row; the referenced one stays.
      expect(await collect(Date.now() + 25 * HOUR)).toBeGreaterThanOrEqual(2);
      expect(await head(grant.token, sha(used))).toBe(200);
      expect(await head(grant.token, sha(orphan))).toBe(404);
      expect(await head(grant.token, sha(released))).toBe(404);
      const rows = await sql.query<{ hash: string }>('SELECT hash FROM blobs WHERE vault_id = $1', [vaultId]);
      expect(rows.rows.map((row) => row.hash)).toEqual([sha(used)]);
      expect(await client.account.usage.query()).toMatchObject({ blobCount: 1, blobBytes: 3_000 });
    },
    TEST_MS,
  );
});
