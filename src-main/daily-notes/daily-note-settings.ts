import type { SettingsStore } from '../settings/settings-store';
import { createSettingsSection } from '../settings/settings-section';
import {
  DEFAULT_DAILY_NOTE_SETTINGS,
  dailyNoteSettingsSchema,
  type DailyNoteSettings,
} from '../../src-shared/api/daily-notes-api';
import { normalizeDailyFolder } from '../../src-shared/daily-notes/daily-note-format';

const KEY = 'dailyNotes';

/** The daily-note format, folder and template; kept in the host's settings file. */
export interface DailyNoteSettingsStore {
  get(): DailyNoteSettings;
  set(patch: { [K in keyof DailyNoteSettings]?: DailyNoteSettings[K] | undefined }): DailyNoteSettings;
}

export function createDailyNoteSettings(deps: { settings: SettingsStore }): DailyNoteSettingsStore {
  return createSettingsSection({
    settings: deps.settings,
    key: KEY,
    schema: dailyNoteSettingsSchema,
    defaults: DEFAULT_DAILY_NOTE_SETTINGS,
    // Stored as notes keep folders, so the settings show what the host will use.
    normalize: (value) => ({ ...value, folder: normalizeDailyFolder(value.folder) }),
  });
}
