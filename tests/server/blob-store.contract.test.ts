import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createFsBlobStore } from '../../sync-server/blobs/fs-blob-store';
import { createS3BlobStore } from '../../sync-server/blobs/s3-blob-store';
import { describeBlobStoreContract } from './blob-store.contract';
import { S3RVER_BUCKET, startS3rver } from './s3rver';

/** Every file under `dir` that is not `<vault>/<hh>/<hash>`: a write's leftovers. */
async function strayFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((path) => !/^[A-Za-z0-9_-]+\/([0-9a-f]{2})\/\1[0-9a-f]{62}$/.test(path));
}

describeBlobStoreContract('filesystem', async () => {
  const root = await mkdtemp(join(tmpdir(), 'quire-blobs-'));
  return {
    store: createFsBlobStore({ root }),
    leftovers: () => strayFiles(root),
    close: () => rm(root, { recursive: true, force: true }),
  };
});

describeBlobStoreContract('S3 (s3rver)', async () => {
  const s3 = await startS3rver();
  return {
    store: createS3BlobStore({
      bucket: S3RVER_BUCKET,
      prefix: 'blobs/',
      endpoint: s3.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      forcePathStyle: true,
      // s3rver predates the SDK's default CRC checksums (aws-chunked uploads).
      checksums: 'WHEN_REQUIRED',
    }),
    close: () => s3.stop(),
  };
});
