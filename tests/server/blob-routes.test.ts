import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { signUp } from '../support/sync-server';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process';
import { makeTempDir } from '../support/temp-dir';
import { startS3rver, type S3rver } from './s3rver';

/** `/blobs/<hash>` on a real server process, with the filesystem store and with S3 (s3rver). */

const TEST_MS = 120_000;
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(['filesystem', 's3'] as const)('blob routes (%s store)', (kind) => {
  let database: TestDatabase;
  let server: SyncServerProcess;
  let s3: S3rver | null = null;
  let dataDir: string;
  let cleanupDir: () => void = () => undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    ({ dir: dataDir, cleanup: cleanupDir } = makeTempDir('quire-blob-routes-'));
    s3 = kind === 's3' ? await startS3rver() : null;
    server = await startSyncServerProcess({
      database: { url: database.url },
      env: { QUIRE_SERVER_DATA_DIR: dataDir, BLOB_MAX_BYTES: '100000', ...s3?.serverEnv() },
      startTimeoutMs: TEST_MS,
    });
  }, TEST_MS);
  afterAll(async () => {
    await server?.stop();
    await s3?.stop();
    await database?.drop();
    cleanupDir();
  });

  const put = (token: string, hash: string, body: Buffer) =>
    fetch(`${server.url}/blobs/${hash}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-length': String(body.length) },
      body,
    });

  it(
    'B1, B2, B5: uploads, dedupes, HEADs, downloads, resumes, and scopes to the vault',
    async () => {
      const { token } = await signUp(server.url);
      const other = await signUp(server.url);
      const bytes = randomBytes(50_000);
      const hash = sha(bytes);
      const auth = { authorization: `Bearer ${token}` };

      const first = await put(token, hash, bytes);
      expect(first.status).toBe(201);
      expect(await first.json()).toEqual({ size: 50_000 });
      expect((await put(token, hash, bytes)).status).toBe(200);

      const head = await fetch(`${server.url}/blobs/${hash}`, { method: 'HEAD', headers: auth });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe('50000');

      const whole = await fetch(`${server.url}/blobs/${hash}`, { headers: auth });
      expect(whole.status).toBe(200);
      expect(whole.headers.get('accept-ranges')).toBe('bytes');
      expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);

      const rest = await fetch(`${server.url}/blobs/${hash}`, {
        headers: { ...auth, range: 'bytes=40000-' },
      });
      expect(rest.status).toBe(206);
      expect(rest.headers.get('content-range')).toBe('bytes 40000-49999/50000');
      expect(Buffer.from(await rest.arrayBuffer()).equals(bytes.subarray(40_000))).toBe(true);

      const otherAuth = { authorization: `Bearer ${other.token}` };
      const foreign = await fetch(`${server.url}/blobs/${hash}`, { headers: otherAuth });
      expect(foreign.status).toBe(404);
      expect(await foreign.json()).toEqual({ reason: 'BLOB_NOT_FOUND' });
      expect(
        (await fetch(`${server.url}/blobs/${hash}`, { method: 'HEAD', headers: otherAuth })).status,
      ).toBe(404);
    },
    TEST_MS,
  );

  it(
    'B1, B3, B4: refuses bad hashes, mismatches, oversize bodies and missing tokens, keeping nothing',
    async () => {
      const { token } = await signUp(server.url);
      const bytes = randomBytes(1_000);
      const wrong = sha(Buffer.from('something else'));
      const mismatch = await put(token, wrong, bytes);
      expect(mismatch.status).toBe(422);
      expect(await mismatch.json()).toEqual({ reason: 'BLOB_HASH_MISMATCH' });
      const head = await fetch(`${server.url}/blobs/${wrong}`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(head.status).toBe(404);

      const big = randomBytes(100_001);
      const tooLarge = await put(token, sha(big), big);
      expect(tooLarge.status).toBe(413);
      expect(await tooLarge.json()).toEqual({ reason: 'BLOB_TOO_LARGE' });
      const headBig = await fetch(`${server.url}/blobs/${sha(big)}`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(headBig.status).toBe(404);

      const bad = await put(token, 'not-a-hash', bytes);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ reason: 'INVALID_REQUEST' });

      const anonymous = await fetch(`${server.url}/blobs/${sha(bytes)}`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({ reason: 'UNAUTHENTICATED' });

      // Nothing of a refused write is kept (S3: the HEADs above; a multipart upload is aborted).
      if (kind === 'filesystem') {
        const stray = (await readdir(join(dataDir, 'blobs'), { recursive: true })).filter((name) =>
          name.endsWith('.tmp'),
        );
        expect(stray).toEqual([]);
      }
    },
    TEST_MS,
  );
});
