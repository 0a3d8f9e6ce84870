import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const LISTENING = /Quire sync server listening on (http:\/\/\S+)/;

export interface ServerProcess {
  /** http://127.0.0.1:PORT, the same across restarts. */
  readonly url: string;
  readonly port: number;
  /** SIGTERM and wait for the exit: devices see their sockets drop. */
  stop(): Promise<void>;
  /** Starts it again on the same port and database. */
  start(): Promise<void>;
  /** What the server wrote to stderr (for failure messages). */
  log(): string;
}

/**
 * The real server as a child process (`tsx sync-server/main.ts`), started the way an operator
 * does, on its own database. Resolves once it prints its listening line.
 */
export async function startServerProcess(options: {
  databaseUrl: string;
  registration?: 'open' | 'invite' | 'closed';
}): Promise<ServerProcess> {
  let child: ChildProcess | null = null;
  let port = 0;
  let url = '';
  let stderr = '';

  const launch = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const spawned = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['sync-server/main.ts'], {
        cwd: repoRoot,
        env: {
          ...process.env,
          DATABASE_URL: options.databaseUrl,
          HOST: '127.0.0.1',
          PORT: String(port),
          REGISTRATION: options.registration ?? 'open',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = spawned;
      let stdout = '';
      const timer = setTimeout(() => {
        spawned.kill('SIGKILL');
        reject(new Error(`sync server did not start within 30 s:\n${stderr}`));
      }, 30_000);
      spawned.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      spawned.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = LISTENING.exec(stdout);
        if (match?.[1] && url === '') {
          url = match[1];
          port = Number(new URL(url).port);
        }
        if (match) {
          clearTimeout(timer);
          resolve();
        }
      });
      spawned.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sync server exited with ${String(code)} before listening:\n${stderr}`));
      });
    });

  const stop = async (): Promise<void> => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    get url() {
      return url;
    },
    get port() {
      return port;
    },
    stop,
    start: launch,
    log: () => stderr,
  };
}
