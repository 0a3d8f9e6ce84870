import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RegistrationMode } from '../../../src-shared/sync/account';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface RunningSyncServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the sync server as its own process, as `npm run server` does, on the given PostgreSQL
 * database, and resolves with the URL it printed once it listens.
 */
export async function startSyncServerProcess(
  databaseUrl: string,
  registration: RegistrationMode = 'open',
): Promise<RunningSyncServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'sync-server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      REGISTRATION: registration,
      LOG_LEVEL: 'warn',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => reject(new Error(`sync server did not start in time:\n${stderr}`)),
      30_000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Quire sync server listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sync server exited with ${code}:\n${stderr}`));
    });
  });
  const exited = (proc: ChildProcess): Promise<void> =>
    proc.exitCode !== null || proc.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => proc.once('exit', () => resolve()));
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
