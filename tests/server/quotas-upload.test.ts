import { createHash, randomBytes } from 'node:crypto';
import { request, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgClient } from '../../sync-server/db/pg-client';
import type { SqlClient } from '../../sync-server/db/sql-client';
import { setUserLimits } from '../../sync-server/quotas/quota-settings';
import { storageBytesUsed } from '../../sync-server/quotas/storage-usage';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { httpClient, note, reasonOf, refusal, signUp, syncFields } from '../support/sync-server';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process';
import { makeTempDir } from '../support/temp-dir';

/** Q5: uploads held to the owner's max file size and quota, on a real server process. */

const TEST_MS = 120_000;
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Answer {
  status: number;
  body: unknown;
}

/** A PUT whose headers go out at once; the body is written only when the caller says so. */
function openPut(url: string, token: string, hash: string, length: number) {
  let req: ClientRequest | null = null;
  const answer = new Promise<Answer>((resolve, reject) => {
    req = request(`${url}/blobs/${hash}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-length': String(length) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString() || 'null'),
        }),
      );
    });
    req.on('error', reject);
    req.flushHeaders();
  });
  return { req: req as unknown as ClientRequest, answer };
}

describe('quotas on upload', () => {
  let database: TestDatabase;
  let server: SyncServerProcess;
  let sql: SqlClient;
  let cleanupDir: () => void = () => undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    const temp = makeTempDir('quire-quota-upload-');
    cleanupDir = temp.cleanup;
    server = await startSyncServerProcess({
      database: { url: database.url },
      env: { QUIRE_SERVER_DATA_DIR: temp.dir, BLOB_MAX_BYTES: '1000000' },
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

  const head = (token: string, hash: string) =>
    fetch(`${server.url}/blobs/${hash}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
  const put = (token: string, bytes: Buffer) =>
    fetch(`${server.url}/blobs/${sha(bytes)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-length': String(bytes.length) },
      body: bytes,
    });

  it(
    'Q5: over the user’s max file size is BLOB_TOO_LARGE, over the quota QUOTA_EXCEEDED with details, both before the body',
    async () => {
      const { token, account } = await signUp(server.url);
      await setUserLimits(sql, account.userId, { quotaBytes: 50_000, maxFileBytes: 30_000 });
      const big = randomBytes(40_000);
      // The body is never sent: the answer must come from the headers alone.
      const tooLarge = openPut(server.url, token, sha(big), big.length);
      expect(await tooLarge.answer).toEqual({ status: 413, body: { reason: 'BLOB_TOO_LARGE' } });
      tooLarge.req.destroy();

      const first = randomBytes(25_000);
      expect((await put(token, first)).status).toBe(201);
      const used = await storageBytesUsed(sql, account.userId);
      expect(used).toBe(25_000);
      expect(await httpClient(server.url, token).account.storage.query()).toEqual({
        bytesUsed: 25_000,
        quotaBytes: 50_000,
        maxFileBytes: 30_000,
      });
      // The same bytes again cost nothing.
      expect((await put(token, first)).status).toBe(200);

      const second = randomBytes(28_000);
      const overQuota = openPut(server.url, token, sha(second), second.length);
      expect(await overQuota.answer).toEqual({
        status: 413,
        body: { reason: 'QUOTA_EXCEEDED', details: { usedBytes: 25_000, quotaBytes: 50_000 } },
      });
      overQuota.req.destroy();
      expect((await head(token, sha(second))).status).toBe(404);
      expect(await storageBytesUsed(sql, account.userId)).toBe(25_000);

      // Raised: the same upload goes through.
      await setUserLimits(sql, account.userId, { quotaBytes: 60_000, maxFileBytes: 30_000 });
      expect((await put(token, second)).status).toBe(201);
      expect(await storageBytesUsed(sql, account.userId)).toBe(53_000);
    },
    TEST_MS,
  );

  it(
    'Q5: an upload that stops mid-way stores nothing and is not counted',
    async () => {
      const { token, account } = await signUp(server.url);
      await setUserLimits(sql, account.userId, { quotaBytes: 100_000, maxFileBytes: null });
      const bytes = randomBytes(60_000);
      const partial = openPut(server.url, token, sha(bytes), bytes.length);
      partial.req.write(bytes.subarray(0, 20_000));
      partial.req.destroy();
      await partial.answer.catch(() => null);

      // Were anything of it kept, the full upload would be answered 200 (already there), not 201.
      expect((await put(token, bytes)).status).toBe(201);
      expect(await storageBytesUsed(sql, account.userId)).toBe(60_000);
    },
    TEST_MS,
  );

  it(
    'Q5, Q6: two uploads racing for the last room: one is stored, the other refused and its bytes not kept',
    async () => {
      const { token, account } = await signUp(server.url);
      await setUserLimits(sql, account.userId, { quotaBytes: 50_000, maxFileBytes: null });
      const a = randomBytes(30_000);
      const b = randomBytes(30_000);
      // Both pass the check on their headers (nothing is recorded yet), then send their bodies.
      const upA = openPut(server.url, token, sha(a), a.length);
      const upB = openPut(server.url, token, sha(b), b.length);
      upA.req.end(a);
      upB.req.end(b);
      const answers = await Promise.all([upA.answer, upB.answer]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 413]);
      const refused = answers[0]?.status === 413 ? a : b;
      expect(answers.find((answer) => answer.status === 413)?.body).toMatchObject({
        reason: 'QUOTA_EXCEEDED',
      });
      expect((await head(token, sha(refused))).status).toBe(404);
      expect(await storageBytesUsed(sql, account.userId)).toBe(30_000);
    },
    TEST_MS,
  );

  it(
    'Q5: notes and attachments share one quota',
    async () => {
      const { token, account } = await signUp(server.url);
      await setUserLimits(sql, account.userId, { quotaBytes: 20_000, maxFileBytes: null });
      expect((await put(token, randomBytes(15_000))).status).toBe(201);
      const client = httpClient(server.url, token);
      const failure = await refusal(
        client.sync.push.mutate({
          ...syncFields(account.vaultId),
          rows: [{ assumedMasterState: null, newDocumentState: note('n', { body: 'x'.repeat(6_000) }) }],
        }),
      );
      expect(reasonOf(failure)).toBe('QUOTA_EXCEEDED');
      expect(failure.data?.details).toEqual({ usedBytes: 15_000, quotaBytes: 20_000 });
      // And the other way round: a note in, then an upload that no longer fits.
      await client.sync.push.mutate({
        ...syncFields(account.vaultId),
        rows: [{ assumedMasterState: null, newDocumentState: note('m', { body: 'x'.repeat(3_000) }) }],
      });
      const used = await storageBytesUsed(sql, account.userId);
      const more = randomBytes(20_000 - used + 1);
      const answer = openPut(server.url, token, sha(more), more.length);
      expect((await answer.answer).body).toEqual({
        reason: 'QUOTA_EXCEEDED',
        details: { usedBytes: used, quotaBytes: 20_000 },
      });
      answer.req.destroy();
    },
    TEST_MS,
  );
});
