import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHost, STORAGE_KINDS, type StorageKind } from '../support/test-host';
import { reasonOfCall } from '../support/reason-of-call';
import { createMemorySettingsStore, type SettingsStore } from '../../src-main/settings/settings-store';
import { RECENT_LIMITS } from '../../src-shared/api/recent-api';
import type { Host } from '../../src-main/host';

describe.each(STORAGE_KINDS)('recent notes and commands (%s storage)', (storage: StorageKind) => {
  let host: Host;
  let settings: SettingsStore;
  let dispose: () => Promise<void>;
  const caller = () => host.router.createCaller(host.createContext());

  beforeEach(async () => {
    settings = createMemorySettingsStore();
    ({ host, dispose } = await createTestHost(storage, { settings }));
  });
  afterEach(() => dispose());

  const create = (title: string, folder = '') => caller().notes.create({ title, folder });

  it('lists opened notes newest first, each once, with their current title and folder', async () => {
    const a = await create('Alpha');
    const b = await create('Beta', 'Projects');
    await caller().recent.noteOpened({ id: a.id });
    await caller().recent.noteOpened({ id: b.id });
    await caller().recent.noteOpened({ id: a.id });
    expect(await caller().recent.notes()).toEqual([
      { id: a.id, title: 'Alpha', folder: '' },
      { id: b.id, title: 'Beta', folder: 'Projects' },
    ]);
    await caller().notes.update({ id: b.id, base: b, title: 'Beta 2' });
    expect((await caller().recent.notes())[1]).toEqual({ id: b.id, title: 'Beta 2', folder: 'Projects' });
  });

  it('skips trashed and unknown notes, and shows a restored one again', async () => {
    const a = await create('Alpha');
    const b = await create('Beta');
    await caller().recent.noteOpened({ id: 'never-existed' });
    await caller().recent.noteOpened({ id: a.id });
    await caller().recent.noteOpened({ id: b.id });
    await caller().notes.trash({ id: a.id });
    expect((await caller().recent.notes()).map((n) => n.id)).toEqual([b.id]);
    await caller().notes.restore({ id: a.id });
    expect((await caller().recent.notes()).map((n) => n.id)).toEqual([b.id, a.id]);
  });

  it(`keeps at most ${RECENT_LIMITS.notes} notes and ${RECENT_LIMITS.commands} commands, dropping the oldest`, async () => {
    for (let i = 0; i < RECENT_LIMITS.notes + 5; i += 1) await caller().recent.noteOpened({ id: `id-${i}` });
    for (let i = 0; i < RECENT_LIMITS.commands + 5; i += 1)
      await caller().recent.commandUsed({ id: `cmd.${i}` });
    const stored = settings.get('recent') as { notes: string[]; commands: string[] };
    expect(stored.notes).toHaveLength(RECENT_LIMITS.notes);
    expect(stored.notes[0]).toBe(`id-${RECENT_LIMITS.notes + 4}`);
    expect(stored.notes).not.toContain('id-4');
    const commands = await caller().recent.commands();
    expect(commands).toHaveLength(RECENT_LIMITS.commands);
    expect(commands[0]).toBe(`cmd.${RECENT_LIMITS.commands + 4}`);
  });

  it('remembers used commands newest first, each once', async () => {
    await caller().recent.commandUsed({ id: 'note.new' });
    await caller().recent.commandUsed({ id: 'view.theme:dark' });
    await caller().recent.commandUsed({ id: 'note.new' });
    expect(await caller().recent.commands()).toEqual(['note.new', 'view.theme:dark']);
  });

  it('is kept in the vault’s settings, so a new host on the same vault still has it', async () => {
    const a = await create('Alpha');
    await caller().recent.noteOpened({ id: a.id });
    await caller().recent.commandUsed({ id: 'nav.switcher' });
    expect(settings.get('recent')).toEqual({ notes: [a.id], commands: ['nav.switcher'] });
  });

  it('falls back to an empty list when the stored value is not one it wrote', async () => {
    settings.set('recent', { notes: 'garbage', commands: [42] });
    expect(await caller().recent.notes()).toEqual([]);
    expect(await caller().recent.commands()).toEqual([]);
  });

  it('refuses ids it could never have written', async () => {
    expect(await reasonOfCall(caller().recent.noteOpened({ id: 'has space' }))).toBe('INVALID_INPUT');
    expect(await reasonOfCall(caller().recent.commandUsed({ id: '' }))).toBe('INVALID_INPUT');
    expect(
      await reasonOfCall(
        caller().recent.commandUsed({ id: 'x'.repeat(RECENT_LIMITS.commandIdMaxLength + 1) }),
      ),
    ).toBe('INVALID_INPUT');
  });
});
