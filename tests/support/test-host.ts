import pino from 'pino';
import { createHost, type Host, type HostOptions } from '../../src-main/host';
import { createMemorySettingsStore } from '../../src-main/settings/settings-store';
import { createMemorySecretStore } from '../../src-main/secrets/secret-store';
import { makeTempDir } from './temp-dir';

export type StorageKind = NonNullable<HostOptions['storage']>;
export const STORAGE_KINDS: StorageKind[] = ['memory', 'sqlite'];

/** A host on a throwaway data directory with a controllable clock and predictable ids. */
export async function createTestHost(
  storage: StorageKind,
  overrides: Partial<HostOptions> = {},
): Promise<{
  host: Host;
  clock: { now(): number; advance(ms: number): void };
  dispose(): Promise<void>;
  dataDir: string;
}> {
  const temp = overrides.dataDir ? null : makeTempDir();
  let time = 1_700_000_000_000;
  let counter = 0;
  const clock = { now: () => time, advance: (ms: number) => void (time += ms) };
  const host = await createHost({
    dataDir: overrides.dataDir ?? temp!.dir,
    runtime: 'node',
    storage,
    settings: createMemorySettingsStore(),
    secrets: createMemorySecretStore(),
    clock,
    newId: () => `note-${String((counter += 1)).padStart(6, '0')}`,
    logger: pino({ level: 'silent' }),
    ...overrides,
  });
  return {
    host,
    clock,
    dataDir: host.dataDir,
    async dispose() {
      await host.close();
      temp?.cleanup();
    },
  };
}
