import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RegistrationMode } from '../../src-shared/sync/account';
import { appendServerOutput, testLogFile } from './log-capture';

/**
 * The sync server as its own process, started the way an operator starts it (`sync-server/main.ts`,
 * or the bundle `npm run server` runs). One helper for the sync, server and e2e tests and the
 * sync benchmark: it strips the developer's own server settings from the environment, waits for
 * the listening line, keeps the URL (and port) across restarts, and keeps what the server wrote.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const LISTENING = /Quire sync server listening on (http:\/\/\S+)/;

/** The server's settings variables: never inherited, so a developer's environment cannot leak in. */
const SETTINGS = [
  'DATABASE_URL',
  'QUIRE_SERVER_DATA_DIR',
  'HOST',
  'PORT',
  'LOG_LEVEL',
  'REGISTRATION',
  'REDIS_URL',
  'PUBLIC_URL',
  'BLOB_STORE',
  'BLOB_MAX_BYTES',
  'BLOB_GC_GRACE_HOURS',
  'S3_BUCKET',
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_FORCE_PATH_STYLE',
  'S3_CHECKSUMS',
];

export interface SyncServerSettings {
  /** PostgreSQL at a URL, or the embedded PGlite in a directory; unset leaves it to `env`. */
  database?: { url: string } | { embeddedDir: string };
  /** Unset: the server's default (open). */
  registration?: RegistrationMode;
  /** More settings (REDIS_URL, HOST…) or overrides of the above, applied last. */
  env?: Record<string, string>;
  /**
   * What to run: by default `node --import tsx sync-server/main.ts`, one process (not the tsx CLI,
   * which forks a second node), so a signal reaches the process that holds the sockets.
   */
  command?: { nodeArgs: string[]; entry: string };
}

export interface SyncServerProcessOptions extends SyncServerSettings {
  /** 0 (the default): the OS picks one on the first start, and restarts keep it. */
  port?: number;
  /** How long a start may take before the process is killed and the start fails (default 30 s). */
  startTimeoutMs?: number;
  /** Also copy the server's stderr to this process's, as it comes (a benchmark's console). */
  echoStderr?: boolean;
}

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SyncServerProcess {
  /** http://127.0.0.1:PORT as the server printed it, the same across restarts. */
  readonly url: string;
  readonly port: number;
  /** The running server's pid, or null when it is not running. */
  pid(): number | null;
  alive(): boolean;
  /** Starts it again on the same port and database; resolves once it prints its listening line. */
  start(): Promise<void>;
  /** Sends `signal` and waits for the exit (at once if it is not running: its last exit). */
  kill(signal: NodeJS.Signals): Promise<ServerExit>;
  /** SIGTERM, SIGKILL after 10 s, and wait: safe to call when it is not running. */
  stop(): Promise<ServerExit>;
  /** Everything the server printed on stdout (its listening line), across restarts. */
  stdout(): string;
  /** Everything the server logged to stderr, across restarts: for failure messages. */
  log(): string;
}

function serverEnv(settings: SyncServerSettings, port: number): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !SETTINGS.includes(key)),
  );
  const database = !settings.database
    ? {}
    : 'url' in settings.database
      ? { DATABASE_URL: settings.database.url }
      : { QUIRE_SERVER_DATA_DIR: settings.database.embeddedDir };
  return {
    ...inherited,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    ...database,
    ...(settings.registration ? { REGISTRATION: settings.registration } : {}),
    // T3: with QUIRE_TEST_LOG_FILE set, at trace, unless the test asks for a level of its own.
    ...(testLogFile() ? { LOG_LEVEL: 'trace' } : {}),
    ...settings.env,
  };
}

function spawnServer(
  settings: SyncServerSettings,
  port: number,
  args: string[] = [],
  stdin: 'ignore' | 'pipe' = 'ignore',
): ChildProcess {
  const command = settings.command ?? {
    nodeArgs: ['--import', 'tsx'],
    entry: path.join(ROOT, 'sync-server/main.ts'),
  };
  return spawn(process.execPath, [...command.nodeArgs, command.entry, ...args], {
    cwd: ROOT,
    env: serverEnv(settings, port),
    stdio: [stdin, 'pipe', 'pipe'],
  });
}

function exitOf(child: ChildProcess): Promise<ServerExit> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
    } else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Starts the server and resolves once it listens; rejects (with its log) if it exits first. */
export async function startSyncServerProcess(options: SyncServerProcessOptions): Promise<SyncServerProcess> {
  let port = options.port ?? 0;
  let url = '';
  let stdout = '';
  let stderr = '';
  let current: { child: ChildProcess; exited: Promise<ServerExit> } | null = null;
  let lastExit: ServerExit = { code: null, signal: null };

  const running = (): ChildProcess | null => {
    const child = current?.child;
    return child && child.exitCode === null && child.signalCode === null ? child : null;
  };

  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      if (running()) {
        reject(new Error('the sync server is already running'));
        return;
      }
      const child = spawnServer(options, port);
      const exited = exitOf(child).then((exit) => (lastExit = exit));
      current = { child, exited };
      let output = '';
      let listening = false;
      const startTimeoutMs = options.startTimeoutMs ?? 30_000;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`sync server did not start within ${startTimeoutMs} ms:\n${stderr}`));
      }, startTimeoutMs);
      child.stderr!.on('data', (chunk: Buffer) => {
        appendServerOutput(chunk);
        stderr += chunk.toString();
        if (options.echoStderr) process.stderr.write(chunk);
      });
      child.stdout!.on('data', (chunk: Buffer) => {
        appendServerOutput(chunk);
        stdout += chunk.toString();
        output += chunk.toString();
        const printed = LISTENING.exec(output)?.[1];
        if (!listening && printed) {
          listening = true;
          url = printed;
          port = Number(new URL(printed).port);
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        if (!listening) {
          reject(new Error(`sync server exited (${String(code ?? signal)}) before listening:\n${stderr}`));
        }
      });
    });

  const kill = async (signal: NodeJS.Signals): Promise<ServerExit> => {
    const target = running();
    if (target) target.kill(signal);
    await current?.exited;
    return lastExit;
  };

  await start();
  return {
    get url() {
      return url;
    },
    get port() {
      return port;
    },
    pid: () => running()?.pid ?? null,
    alive: () => running() !== null,
    start,
    kill,
    async stop() {
      const target = running();
      const timer = target ? setTimeout(() => target.kill('SIGKILL'), 10_000) : null;
      try {
        return await kill('SIGTERM');
      } finally {
        if (timer) clearTimeout(timer);
      }
    },
    stdout: () => stdout,
    log: () => stderr,
  };
}

export interface CommandRun extends ServerExit {
  stdout: string;
  stderr: string;
}

/** Runs the server's CLI to its end: a command such as `invite`, or settings it must refuse. */
export async function runSyncServerCommand(
  args: string[],
  // `stdin`: written to the command's stdin (a password, say); without it there is none.
  settings: SyncServerSettings & { stdin?: string } = {},
): Promise<CommandRun> {
  const child = spawnServer(settings, 0, args, settings.stdin === undefined ? 'ignore' : 'pipe');
  if (settings.stdin !== undefined) child.stdin!.end(settings.stdin);
  const run: CommandRun = { code: null, signal: null, stdout: '', stderr: '' };
  // A command's stdout is its answer (an invite code it was asked for); its log is stderr.
  child.stdout!.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    appendServerOutput(chunk);
    run.stderr += chunk.toString();
  });
  // 'close', not 'exit': the output is complete once the pipes are.
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      Object.assign(run, { code, signal });
      resolve();
    });
  });
  return run;
}
