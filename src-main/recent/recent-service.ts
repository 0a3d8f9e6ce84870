import type { QuireDatabase } from '../db/database';
import type { SettingsStore } from '../settings/settings-store';
import { createSettingsSection } from '../settings/settings-section';
import {
  RECENT_LIMITS,
  recentStateSchema,
  type RecentNote,
  type RecentState,
} from '../../src-shared/api/recent-api';

/** The notes opened and commands run lately, newest first: the switcher's and palette's first rows. */
export interface RecentService {
  /** Recently opened notes that are still live (trashed and deleted ones are skipped, not forgotten). */
  notes(): Promise<RecentNote[]>;
  noteOpened(id: string): void;
  commands(): string[];
  commandUsed(id: string): void;
}

const DEFAULTS: RecentState = { notes: [], commands: [] };

/** `id` first, once, the list cut at `max`. */
function promote(list: readonly string[], id: string, max: number): string[] {
  return [id, ...list.filter((other) => other !== id)].slice(0, max);
}

export function createRecentService(deps: { settings: SettingsStore; db: QuireDatabase }): RecentService {
  // Kept in the vault's own settings file: local to this device, never synced.
  const section = createSettingsSection({
    settings: deps.settings,
    key: 'recent',
    schema: recentStateSchema,
    defaults: DEFAULTS,
  });
  return {
    async notes() {
      const ids = section.get().notes;
      if (ids.length === 0) return [];
      const found = await deps.db.notes.findByIds(ids).exec();
      return ids.flatMap((id) => {
        const note = found.get(id);
        if (!note || note.trashedAt > 0) return [];
        return [{ id, title: note.title, folder: note.folder }];
      });
    },
    noteOpened(id) {
      const { notes } = section.get();
      // Reopening the newest note changes nothing: no write for every click on the same note.
      if (notes[0] === id) return;
      section.set({ notes: promote(notes, id, RECENT_LIMITS.notes) });
    },
    commands: () => section.get().commands,
    commandUsed(id) {
      const { commands } = section.get();
      if (commands[0] === id) return;
      section.set({ commands: promote(commands, id, RECENT_LIMITS.commands) });
    },
  };
}
