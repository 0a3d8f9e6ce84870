/**
 * One device in a process of its own (a real host on SQLite in its own data directory), driven
 * by the test over Node's IPC channel (device-process.ts), so the test can SIGKILL it mid-sync.
 * Modelled on bench/sync-device.ts.
 */
import pino from 'pino';
import { createHost, type Host } from '../../../src-main/host';
import { createSyncCounters } from '../../../src-main/sync/sync-stats';
import { createFileSecretStore } from './file-secret-store';
import type {
  DeviceCommand,
  DeviceMessage,
  DeviceReply,
  DeviceState,
  ParentMessage,
} from './device-messages';

let host: Host | null = null;
const counters = createSyncCounters();

const send = (message: DeviceMessage): void => {
  process.send?.(message);
};

async function state(): Promise<DeviceState> {
  if (!host) throw new Error('init first');
  const { sync, notes } = host.services;
  const { total } = await notes.list({ view: 'notes', offset: 0, limit: 1 });
  return { status: sync.status(), stats: counters.read(), liveNotes: total };
}

async function handle(command: DeviceCommand): Promise<DeviceReply> {
  switch (command.type) {
    case 'init': {
      host = await createHost({
        dataDir: command.dataDir,
        runtime: 'node',
        storage: 'sqlite',
        // Settings default to the conf file in the data directory: the account record persists.
        secrets: createFileSecretStore(command.secretsFile),
        logger: pino({ level: 'silent' }),
        deviceName: command.deviceName,
        sync: { pullBatchSize: command.pullBatchSize, retryDelayMs: () => 100, retryTimeMs: 250 },
        syncStats: counters,
      });
      // Read before the background connection can pull anything: what survived the last run.
      const initial = await state();
      const { sync } = host.services;
      // Every pull changes the progress, so the parent hears of each one as it happens.
      sync.status$.subscribe((status) => send({ kind: 'report', status, stats: counters.read() }));
      return { type: 'state', state: initial };
    }
    case 'signIn': {
      if (!host) throw new Error('init first');
      const { serverUrl, email, password } = command;
      await host.services.sync.signIn({ serverUrl, email, password });
      return { type: 'state', state: await state() };
    }
    case 'inspect':
      return { type: 'state', state: await state() };
    case 'close': {
      const closing = host;
      host = null;
      await closing?.close();
      return { type: 'closed' };
    }
  }
}

process.on('message', (message: ParentMessage) => {
  handle(message.command).then(
    (reply) => send({ kind: 'reply', seq: message.seq, reply }),
    (error: unknown) =>
      send({
        kind: 'reply',
        seq: message.seq,
        reply: { type: 'error', message: error instanceof Error ? error.message : String(error) },
      }),
  );
});
