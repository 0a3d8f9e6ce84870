import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * s3rver (a real S3 API over HTTP, on disk) in a child process, for the blob store contract
 * suite, the blob routes and attachment sync on S3: a process of its own, so a test that measures
 * memory measures the store's alone.
 */
export const S3RVER_BUCKET = 'quire-blobs';

export interface S3rver {
  readonly port: number;
  readonly endpoint: string;
  /** The sync server's settings for this bucket (BLOB_STORE=s3 …). */
  serverEnv(): Record<string, string>;
  stop(): Promise<void>;
}

export async function startS3rver(): Promise<S3rver> {
  const directory = await mkdtemp(join(tmpdir(), 'quire-s3rver-'));
  const script = `
    import S3rver from 's3rver';
    const server = new S3rver({
      address: '127.0.0.1', port: 0, silent: true, directory: ${JSON.stringify(directory)},
      configureBuckets: [{ name: ${JSON.stringify(S3RVER_BUCKET)}, configs: [] }],
    });
    const { port } = await server.run();
    process.stdout.write(JSON.stringify({ port }) + '\\n');
    process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
  `;
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`s3rver exited with code ${String(code)} before it was ready`)),
    ),
  );
  const lines = createInterface({ input: child.stdout! });
  const firstLine = new Promise<string>((resolve) => lines.once('line', resolve));
  const { port } = JSON.parse(await Promise.race([firstLine, exited])) as { port: number };
  lines.close();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    port,
    endpoint,
    serverEnv: () => ({
      BLOB_STORE: 's3',
      S3_BUCKET: S3RVER_BUCKET,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
      // s3rver predates the SDK's default CRC checksums (aws-chunked uploads).
      S3_CHECKSUMS: 'when_required',
    }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exit = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exit;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
