import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { createFsBlobStore } from '../../sync-server/blobs/fs-blob-store';
import { createS3BlobStore } from '../../sync-server/blobs/s3-blob-store';
import { describeBlobStoreContract } from './blob-store.contract';

const BUCKET = 'quire-blobs';

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

/**
 * s3rver (a real S3 API over HTTP, on disk) in a child process: the streaming test measures this
 * process's memory, which must be the store's alone.
 */
async function startS3rver(directory: string): Promise<{ child: ChildProcess; port: number }> {
  const script = `
    import S3rver from 's3rver';
    const server = new S3rver({
      address: '127.0.0.1', port: 0, silent: true, directory: ${JSON.stringify(directory)},
      configureBuckets: [{ name: ${JSON.stringify(BUCKET)}, configs: [] }],
    });
    const { port } = await server.run();
    process.stdout.write(JSON.stringify({ port }) + '\\n');
    process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`s3rver exited with code ${String(code)} before it was ready`)),
    ),
  );
  const lines = createInterface({ input: child.stdout });
  const firstLine = new Promise<string>((resolve) => lines.once('line', resolve));
  const { port } = JSON.parse(await Promise.race([firstLine, exited])) as { port: number };
  lines.close();
  return { child, port };
}

describeBlobStoreContract('S3 (s3rver)', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'quire-s3rver-'));
  const { child, port } = await startS3rver(directory);
  return {
    store: createS3BlobStore({
      bucket: BUCKET,
      prefix: 'blobs/',
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      forcePathStyle: true,
      // s3rver predates the SDK's default CRC checksums (aws-chunked uploads).
      checksums: 'WHEN_REQUIRED',
    }),
    async close() {
      const exit = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exit;
      await rm(directory, { recursive: true, force: true });
    },
  };
});
