import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSettingsSection } from '../../src-main/settings/settings-section';
import { createMemorySettingsStore } from '../../src-main/settings/settings-store';

const schema = z.object({ folder: z.string().max(10), count: z.number().int().min(0) });
const defaults = { folder: 'Inbox', count: 1 };

describe('a settings section', () => {
  it('keeps the valid fields of a hand-edited file and falls back to defaults for the rest', () => {
    const settings = createMemorySettingsStore({ things: { folder: 'Mine', count: -3, stray: true } });
    const section = createSettingsSection({ settings, key: 'things', schema, defaults });
    expect(section.get()).toEqual({ folder: 'Mine', count: 1 });
    expect(
      createSettingsSection({
        settings: createMemorySettingsStore({ things: 'junk' }),
        key: 'things',
        schema,
        defaults,
      }).get(),
    ).toEqual(defaults);
  });

  it('stores a patch over what is there, normalised, and refuses an invalid one without writing', () => {
    const settings = createMemorySettingsStore();
    const section = createSettingsSection({
      settings,
      key: 'things',
      schema,
      defaults,
      normalize: (value) => ({ ...value, folder: value.folder.trim() }),
    });
    expect(section.set({ folder: ' Daily ', count: undefined })).toEqual({ folder: 'Daily', count: 1 });
    expect(settings.get('things')).toEqual({ folder: 'Daily', count: 1 });
    expect(() => section.set({ folder: 'far too long a name' })).toThrow();
    expect(section.get()).toEqual({ folder: 'Daily', count: 1 });
  });
});
