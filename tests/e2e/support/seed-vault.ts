import pino from 'pino';
import { createHost } from '../../../src-main/host';
import { createMemorySettingsStore } from '../../../src-main/settings/settings-store';
import type { Note } from '../../../src-shared/schema/note';

/** Fills a data directory before its host starts, through the same service the app uses. */
export async function seedVault(dataDir: string, notes: readonly Note[]): Promise<void> {
  const host = await createHost({
    dataDir,
    runtime: 'node',
    logger: pino({ level: 'silent' }),
    settings: createMemorySettingsStore(),
  });
  try {
    await host.services.notes.importNotes(notes);
    await host.flush();
  } finally {
    await host.close();
  }
}
