import { randomBytes } from 'node:crypto';
import { getChangedDocumentsSince } from 'rxdb';
import type { HostOptions } from '../../../src-main/host';
import type { SyncStatus } from '../../../src-shared/api/sync-api';
import { toReplicatedNote, type ReplicatedNote } from '../../../src-shared/sync/protocol';
import { createMemorySettingsStore, type SettingsStore } from '../../../src-main/settings/settings-store';
import { createMemorySecretStore, type SecretStore } from '../../../src-main/secrets/secret-store';
import type { SyncTransportOptions } from '../../../src-main/sync/sync-service';
import { createSyncCounters, type SyncStats } from '../../../src-main/sync/sync-stats';
import { createTestHost, type StorageKind } from '../../support/test-host';
import { startNetworkSwitch, type NetworkSwitch } from './network-switch';

/** Short waits: a test must not sit out the product's 0.5–30 s backoff or 2 s retry. */
export const FAST_TRANSPORT: SyncTransportOptions = {
  retryDelayMs: (attempt) => Math.min(50 * 2 ** attempt, 400),
  retryTimeMs: 250,
};

export interface TestAccount {
  email: string;
  password: string;
}

export function newAccount(): TestAccount {
  return { email: `u${randomBytes(5).toString('hex')}@example.com`, password: 'correct horse battery' };
}

export type TestHost = Awaited<ReturnType<typeof createTestHost>>['host'];

export interface Device {
  readonly name: string;
  readonly host: TestHost;
  readonly dataDir: string;
  /** The relay the device reaches the server through (when it was given one). */
  readonly network: NetworkSwitch | null;
  /** The address the device signs in with (the relay's, when there is one). */
  readonly serverUrl: string;
  readonly settings: SettingsStore;
  readonly secrets: SecretStore;
  clock: { now(): number; advance(ms: number): void };
  signUp(account: TestAccount): Promise<SyncStatus>;
  signIn(account: TestAccount): Promise<SyncStatus>;
  status(): SyncStatus;
  /** What this device's replication moved so far (pulls, pushes, stream events). */
  stats(): SyncStats;
  /** Every note including tombstones, as it replicates, sorted by id. */
  snapshot(): Promise<ReplicatedNote[]>;
  /** Closes the host (the data directory stays for a reopen) and the relay. */
  close(): Promise<void>;
  dispose(): Promise<void>;
}

export async function openDevice(options: {
  name: string;
  /** The server's own address; with `relay`, the device goes through a NetworkSwitch to it. */
  server: { url: string; port: number };
  relay?: boolean;
  storage?: StorageKind;
  dataDir?: string;
  settings?: SettingsStore;
  secrets?: SecretStore;
  transport?: SyncTransportOptions;
  host?: Partial<HostOptions>;
}): Promise<Device> {
  const network = options.relay ? await startNetworkSwitch(options.server) : null;
  const serverUrl = network?.url ?? options.server.url;
  const settings = options.settings ?? createMemorySettingsStore();
  const secrets = options.secrets ?? createMemorySecretStore();
  let counter = 0;
  const counters = createSyncCounters();
  const test = await createTestHost(options.storage ?? 'memory', {
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    settings,
    secrets,
    deviceName: `device ${options.name}`,
    // Ids unique across devices: two devices minting the same id is rule M9's edge case, not the norm.
    newId: () => `${options.name}-${String((counter += 1)).padStart(5, '0')}`,
    sync: { ...FAST_TRANSPORT, ...options.transport },
    syncStats: counters,
    ...options.host,
  });
  const { host } = test;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await host.close();
    await network?.close();
  };
  return {
    name: options.name,
    host,
    dataDir: test.dataDir,
    network,
    serverUrl,
    settings,
    secrets,
    clock: test.clock,
    signUp: (account) => host.services.sync.signUp({ serverUrl, ...account }),
    signIn: (account) => host.services.sync.signIn({ serverUrl, ...account }),
    status: () => host.services.sync.status(),
    stats: () => counters.read(),
    snapshot: () => snapshot(host),
    close,
    async dispose() {
      await close();
      if (!options.dataDir) await test.dispose().catch(() => undefined);
    },
  };
}

export async function snapshot(host: TestHost): Promise<ReplicatedNote[]> {
  const { documents } = await getChangedDocumentsSince(host.db.notes.storageInstance, 1_000_000, undefined);
  return documents
    .map((doc) => toReplicatedNote(doc))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Polls until `check` holds; the message names what was last seen. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  describe: () => string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function waitForState(device: Device, state: SyncStatus['state'], timeoutMs?: number): Promise<void> {
  return waitFor(
    () => device.status().state === state,
    () => `${device.name} is ${JSON.stringify(device.status())}, waiting for ${state}`,
    timeoutMs,
  );
}

/**
 * Every device idle ('synced', nothing pending) and holding the same notes, tombstones included.
 * Returns the common snapshot.
 */
export async function waitForConvergence(
  devices: readonly Device[],
  timeoutMs = 20_000,
): Promise<ReplicatedNote[]> {
  let last: ReplicatedNote[][] = [];
  await waitFor(
    async () => {
      if (!devices.every((device) => device.status().state === 'synced')) return false;
      last = await Promise.all(devices.map((device) => device.snapshot()));
      const first = JSON.stringify(last[0]);
      return last.every((notes) => JSON.stringify(notes) === first);
    },
    () => {
      const states = devices
        .map((device, i) => {
          const ids = (last[i] ?? []).map((note) => `${note.id}${note._deleted ? '(deleted)' : ''}`);
          return `${device.name}: ${device.status().state}, pending ${device.status().pendingPush}, ${ids.length} notes [${ids.slice(0, 20).join(', ')}]`;
        })
        .join('; ');
      // Name the first note the devices disagree on, with each device's version of it.
      const first = last[0] ?? [];
      const differing = first.find((note, index) =>
        last.some((other) => JSON.stringify(other[index]) !== JSON.stringify(note)),
      );
      const versions = differing
        ? last.map(
            (notes, i) => `${devices[i]!.name}=${JSON.stringify(notes.find((n) => n.id === differing.id))}`,
          )
        : [];
      return `${states}${differing ? `\n  differs: ${versions.join('\n  ')}` : ''}`;
    },
    timeoutMs,
  );
  return last[0] ?? [];
}
