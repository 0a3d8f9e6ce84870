import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SyncStatus } from '../../../src-shared/api/sync-api';
import type { SyncStats } from '../../../src-main/sync/sync-stats';
import type { DeviceCommand, DeviceMessage, DeviceReply, DeviceState } from './device-messages';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');

/** A device host in a child process (device-process-main.ts) that a test can SIGKILL. */
export interface DeviceProcess {
  readonly pid: number;
  call(command: Exclude<DeviceCommand, { type: 'close' }>): Promise<DeviceState>;
  /** Called on every sync status change the child reports, with its counters at that moment. */
  onReport(listener: (report: { status: SyncStatus; stats: SyncStats }) => void): void;
  /** SIGKILL and wait for the exit: nothing in the child gets to clean up. */
  kill(): Promise<void>;
  /** Closes the host and waits for the exit (SIGKILL if it hangs); safe after `kill`. */
  close(): Promise<void>;
  /** The child's stderr, for failure messages. */
  log(): string;
}

export function startDeviceProcess(name: string): DeviceProcess {
  const child: ChildProcess = fork(path.join(here, 'device-process-main.ts'), [], {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, QUIRE_LOG_LEVEL: 'silent' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let seq = 0;
  const pending = new Map<number, (reply: DeviceReply) => void>();
  const listeners: ((report: { status: SyncStatus; stats: SyncStats }) => void)[] = [];
  child.on('message', (message: DeviceMessage) => {
    if (message.kind === 'report') {
      for (const listener of listeners) listener({ status: message.status, stats: message.stats });
      return;
    }
    pending.get(message.seq)?.(message.reply);
    pending.delete(message.seq);
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const settle of pending.values()) {
        settle({ type: 'error', message: `${name} exited (${String(code ?? signal)}):\n${stderr}` });
      }
      pending.clear();
      resolve();
    }),
  );
  const isRunning = (): boolean => child.exitCode === null && child.signalCode === null;

  const request = (command: DeviceCommand): Promise<DeviceReply> => {
    seq += 1;
    const id = seq;
    return new Promise((resolve, reject) => {
      if (!isRunning()) {
        reject(new Error(`${name} is not running`));
        return;
      }
      pending.set(id, resolve);
      child.send({ seq: id, command });
    });
  };

  return {
    pid: child.pid ?? -1,
    async call(command) {
      const reply = await request(command);
      if (reply.type === 'state') return reply.state;
      throw new Error(`${name}: ${reply.type === 'error' ? reply.message : 'closed'}`);
    },
    onReport(listener) {
      listeners.push(listener);
    },
    async kill() {
      if (isRunning()) child.kill('SIGKILL');
      await exited;
    },
    async close() {
      if (isRunning()) {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        // The close reply may never come if the host hangs; the exit is what counts.
        void request({ type: 'close' })
          .catch(() => undefined)
          .then(() => child.kill('SIGTERM'));
        await exited;
        clearTimeout(timer);
      }
    },
    log: () => stderr,
  };
}
