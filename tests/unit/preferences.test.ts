import { describe, expect, it } from 'vitest';
import { createPreferencesService } from '../../src-main/settings/preferences-service';
import { createConfSettingsStore, createMemorySettingsStore } from '../../src-main/settings/settings-store';
import { DEFAULT_PREFERENCES } from '../../src-shared/api/settings-api';
import { makeTempDir } from '../support/temp-dir';

describe('preferences', () => {
  it('starts from defaults and persists updates in the conf file', () => {
    const temp = makeTempDir();
    try {
      const first = createPreferencesService({ settings: createConfSettingsStore({ cwd: temp.dir }) });
      expect(first.get()).toEqual(DEFAULT_PREFERENCES);
      first.update({ theme: 'dark' });
      const reopened = createPreferencesService({ settings: createConfSettingsStore({ cwd: temp.dir }) });
      expect(reopened.get().theme).toBe('dark');
    } finally {
      temp.cleanup();
    }
  });

  it('keeps valid fields of a hand-edited file and defaults the rest', () => {
    const settings = createMemorySettingsStore({
      preferences: { theme: 'neon', previewOpen: true, autosaveDelayMs: -5 },
    });
    expect(createPreferencesService({ settings }).get()).toEqual({
      ...DEFAULT_PREFERENCES,
      previewOpen: true,
    });
  });

  it('starts in Live Preview and remembers Source mode; an unknown mode falls back to Live Preview', () => {
    const temp = makeTempDir();
    try {
      const first = createPreferencesService({ settings: createConfSettingsStore({ cwd: temp.dir }) });
      expect(first.get().editorMode).toBe('live');
      first.update({ editorMode: 'source' });
      const reopened = createPreferencesService({ settings: createConfSettingsStore({ cwd: temp.dir }) });
      expect(reopened.get().editorMode).toBe('source');
    } finally {
      temp.cleanup();
    }
    const handEdited = createMemorySettingsStore({ preferences: { editorMode: 'wysiwyg' } });
    expect(createPreferencesService({ settings: handEdited }).get().editorMode).toBe('live');
    expect(() =>
      createPreferencesService({ settings: createMemorySettingsStore() }).update({
        editorMode: 'reading' as 'live',
      }),
    ).toThrow();
  });

  it('rejects an invalid update and writes nothing', () => {
    const settings = createMemorySettingsStore();
    const prefs = createPreferencesService({ settings });
    expect(() => prefs.update({ autosaveDelayMs: 1 })).toThrow();
    expect(settings.get('preferences')).toBeUndefined();
  });
});
