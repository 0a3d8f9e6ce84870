import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const LISTENING = /Quire sync server listening on (http:\/\/\S+)/;

/**
 * The sync server as an operator runs it, but as ONE process (`node --import tsx`, not the tsx
 * CLI, which forks a second node): a SIGKILL must hit the process that holds the sockets and the
 * database connections, or the real server would live on behind a dead wrapper.
 */
export interface KillableServer {
  /** http://127.0.0.1:PORT, the same across restarts. */
  readonly url: string;
  readonly port: number;
  /** The running server's pid, or null when it is not running. */
  pid(): number | null;
  alive(): boolean;
  /** Starts it (again) on the same port and database; resolves once it prints its listening line. */
  start(): Promise<void>;
  /** Sends `signal` and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM (SIGKILL after 10 s) and wait: safe to call when it is not running. */
  stop(): Promise<void>;
  /** Everything the server wrote to stderr, across restarts (for failure messages). */
  log(): string;
}

export async function startKillableServer(options: {
  databaseUrl: string;
  port: number;
  /** Extra environment, e.g. REDIS_URL. */
  env?: Record<string, string>;
}): Promise<KillableServer> {
  const { port } = options;
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let stderr = '';

  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      if (child && child.exitCode === null && child.signalCode === null) {
        reject(new Error('the server is already running'));
        return;
      }
      const spawned = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
        cwd: repoRoot,
        env: {
          ...process.env,
          DATABASE_URL: options.databaseUrl,
          HOST: '127.0.0.1',
          PORT: String(port),
          REGISTRATION: 'open',
          LOG_LEVEL: 'warn',
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = spawned;
      let stdout = '';
      let listening = false;
      const timer = setTimeout(() => {
        spawned.kill('SIGKILL');
        reject(new Error(`sync server did not start within 30 s:\n${stderr}`));
      }, 30_000);
      spawned.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      spawned.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (!listening && LISTENING.test(stdout)) {
          listening = true;
          clearTimeout(timer);
          resolve();
        }
      });
      spawned.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!listening) {
          reject(new Error(`sync server exited (${String(code ?? signal)}) before listening:\n${stderr}`));
        }
      });
    });

  const running = (): ChildProcess | null =>
    child && child.exitCode === null && child.signalCode === null ? child : null;

  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    const target = running();
    if (!target) return;
    const exited = new Promise<void>((resolve) => target.once('exit', () => resolve()));
    target.kill(signal);
    await exited;
  };

  await start();
  return {
    url,
    port,
    pid: () => running()?.pid ?? null,
    alive: () => running() !== null,
    start,
    kill,
    async stop() {
      const target = running();
      if (!target) return;
      const timer = setTimeout(() => target.kill('SIGKILL'), 10_000);
      await kill('SIGTERM');
      clearTimeout(timer);
    },
    log: () => stderr,
  };
}
