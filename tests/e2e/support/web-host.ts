import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWebHostSession, type WebHostSession } from '../../support/web-host-session';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface RunningHost {
  /** The link the host printed, with its launch key (W1): what a browser opens. */
  url: string;
  /** The launch cookie and Origin, for Node clients (host-client.ts). */
  session: WebHostSession;
  dataDir: string;
  /** Graceful stop (SIGTERM): pending work flushed, lock released. */
  stop(): Promise<void>;
  /** Simulates a crash or power cut of the host process. */
  kill(): Promise<void>;
}

/**
 * Starts `src-main/cli/web.ts` as its own process, exactly as `npm run web` does after the build.
 * `extraArgs` go to the CLI as they are (e.g. `--secrets memory`).
 */
export async function startWebHost(dataDir: string, extraArgs: readonly string[] = []): Promise<RunningHost> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'src-main/cli/web.ts'),
      '--port',
      '0',
      '--data-dir',
      dataDir,
      // A private build (several people testing on one checkout) instead of out/web.
      ...(process.env.QUIRE_E2E_RENDERER_DIR ? ['--renderer-dir', process.env.QUIRE_E2E_RENDERER_DIR] : []),
      ...extraArgs,
    ],
    { cwd: ROOT, env: { ...process.env, QUIRE_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`web host did not start in time:\n${stderr}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Quire is running at (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}:\n${stderr}`));
    });
  });
  const exited = (proc: ChildProcess): Promise<void> =>
    proc.exitCode !== null || proc.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => proc.once('exit', () => resolve()));
  const session = await openWebHostSession(url);
  return {
    url,
    session,
    dataDir,
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
}

export function makeDataDir(name: string): string {
  const safe = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
  return fs.mkdtempSync(path.join(os.tmpdir(), `quire-e2e-${safe}-`));
}
