// @vitest-environment happy-dom
import { useMemo, useState } from 'react';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../src-renderer/src/api/create-services';
import { ServicesContext } from '../../src-renderer/src/api/services-context';
import type { LinkSuggestion, Note } from '../../src-renderer/src/api/quire-api';
import {
  CommandPalette,
  CommandsProvider,
  createCommandRegistry,
  fuzzyMatch,
  paletteRows,
  useRegisterCommands,
  type AppCommand,
} from '../../src-renderer/src/features/commands';
import { newNotePlace, QuickSwitcher, switcherRows } from '../../src-renderer/src/features/switcher';
import { shortcutLabel } from '../../src-renderer/src/lib/keyboard';
import { createFakeHost, makeNote, type FakeHost } from './support/fake-host';
import { settle } from './support/render-app';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const connection = { getSnapshot: () => 'connected' as const, subscribe: () => () => undefined };
const note = (id: string, title: string, patch: Partial<Note> = {}): Note => ({
  ...makeNote(id, '', title),
  ...patch,
});

const suggestion = (id: string, title: string, patch: Partial<LinkSuggestion> = {}): LinkSuggestion => ({
  id,
  title,
  folder: '',
  target: title,
  matched: 'title',
  ranges: [],
  ...patch,
});

describe('switcher rows', () => {
  it('without a query: the recently opened notes first, newest first, then the host’s own', () => {
    const rows = switcherRows(
      '',
      [suggestion('c', 'Gamma'), suggestion('a', 'Alpha'), suggestion('d', 'Delta')],
      [
        { id: 'a', title: 'Alpha', folder: '' },
        { id: 'b', title: 'Beta', folder: 'Work' },
      ],
    );
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(rows.map((r) => r.recent)).toEqual([true, true, false, false]);
  });

  it('with a query: a recent note goes ahead of those that match as well, never of better matches', () => {
    const rows = switcherRows(
      'plan',
      [
        suggestion('exact', 'Plan', { ranges: [[0, 4]] }),
        suggestion('prefix1', 'Planning', { ranges: [[0, 4]] }),
        suggestion('prefix2', 'Plans 2025', { ranges: [[0, 4]] }),
        suggestion('inner', 'Master plan', { ranges: [[7, 11]] }),
      ],
      [
        { id: 'inner', title: 'Master plan', folder: '' },
        { id: 'prefix2', title: 'Plans 2025', folder: '' },
      ],
    );
    expect(rows.map((r) => r.id)).toEqual(['exact', 'prefix2', 'prefix1', 'inner']);
  });

  it('moves a title’s matched letters past the folder it is shown after', () => {
    const [row] = switcherRows('pl', [suggestion('p', 'Plan', { folder: 'Work', ranges: [[0, 2]] })], []);
    expect(row?.ranges).toEqual([[5, 7]]);
  });

  it('reads folder/Title as the folder and title of a new note', () => {
    expect(newNotePlace('  Projects / 2025 /Plan ')).toEqual({ folder: 'Projects/2025', title: 'Plan' });
    expect(newNotePlace('Plan')).toEqual({ folder: '', title: 'Plan' });
    expect(newNotePlace(' / ')).toBeNull();
  });
});

describe('command registry', () => {
  const command = (id: string, label = id): AppCommand => ({
    id,
    label,
    group: 'General',
    run: () => undefined,
  });

  it('lists what each source registered, replaces a source’s list in place, and forgets it on unregister', () => {
    const registry = createCommandRegistry();
    const seen: number[] = [];
    registry.subscribe(() => seen.push(registry.list().length));
    const offA = registry.register('a', [command('one'), command('two')]);
    registry.register('b', [command('three')]);
    expect(registry.list().map((c) => c.id)).toEqual(['one', 'two', 'three']);
    registry.register('b', [command('three', 'Three again'), command('four')]);
    expect(registry.list().map((c) => c.label)).toEqual(['one', 'two', 'Three again', 'four']);
    // A replaced list stays where its source was.
    registry.register('a', [command('one'), command('two', 'Two again')]);
    expect(registry.list().map((c) => c.label)).toEqual(['one', 'Two again', 'Three again', 'four']);
    offA();
    expect(registry.list().map((c) => c.label)).toEqual(['one', 'Two again', 'Three again', 'four']);
    registry.unregister('a');
    expect(registry.list().map((c) => c.id)).toEqual(['three', 'four']);
    expect(seen).toEqual([2, 3, 4, 4, 2]);
  });

  it('keeps one command per id: the later source wins', () => {
    const registry = createCommandRegistry();
    registry.register('a', [command('same', 'From a')]);
    registry.register('b', [command('same', 'From b')]);
    expect(registry.list().map((c) => c.label)).toEqual(['From b']);
  });

  it('does not let a stale unregister remove a newer list of the same source', () => {
    const registry = createCommandRegistry();
    const offOld = registry.register('a', [command('old')]);
    registry.register('a', [command('new')]);
    offOld();
    expect(registry.list().map((c) => c.id)).toEqual(['new']);
  });
});

describe('palette order', () => {
  const command = (id: string, label: string, patch: Partial<AppCommand> = {}): AppCommand => ({
    id,
    label,
    group: 'General',
    run: () => undefined,
    ...patch,
  });

  it('matches exact, then prefix, then word starts, then letters, with their ranges', () => {
    expect(fuzzyMatch('toggle preview', 'Toggle preview')?.ranges).toEqual([[0, 14]]);
    expect(fuzzyMatch('tog', 'Toggle preview')?.ranges).toEqual([[0, 3]]);
    expect(fuzzyMatch('prev tog', 'Toggle preview')?.ranges).toEqual([
      [0, 3],
      [7, 11],
    ]);
    expect(fuzzyMatch('tp', 'Toggle preview')?.ranges).toEqual([
      [0, 1],
      [7, 8],
    ]);
    expect(fuzzyMatch('zz', 'Toggle preview')).toBeNull();
    const tiers = ['Save', 'Save now', 'Quick save', 'Autosave', 'Save all now', 'Show all versions'].map(
      (label) => fuzzyMatch(label === 'Save all now' ? 'now save' : 'save', label)?.tier,
    );
    expect(tiers).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('puts the recently used first, the ones that cannot run last', () => {
    const commands = [
      command('a', 'New note'),
      command('b', 'Back', { enabled: false }),
      command('c', 'Search notes'),
      command('d', 'Export vault…', { group: 'Vault' }),
    ];
    expect(paletteRows(commands, '', ['d', 'b']).map((r) => r.command.id)).toEqual(['d', 'a', 'c', 'b']);
    // Among prefix matches the recent one leads, then the shorter; a better kind of match still wins.
    const notes = [command('x', 'Note history'), command('y', 'Note info'), command('z', 'Notes')];
    expect(paletteRows(notes, 'note', ['y']).map((r) => r.command.id)).toEqual(['y', 'z', 'x']);
    expect(paletteRows(notes, 'notes', ['x']).map((r) => r.command.id)).toEqual(['z', 'x']);
  });
});

function renderWithServices(host: FakeHost, ui: React.ReactNode): void {
  render(
    <ServicesContext value={createServices(host.api, connection)}>
      <CommandsProvider>{ui}</CommandsProvider>
    </ServicesContext>,
  );
}

const field = () => screen.getByRole<HTMLInputElement>('combobox');
const options = () => screen.getAllByRole('option');
const optionTexts = () => screen.queryAllByRole('option').map((o) => o.textContent);
const type = (text: string) => fireEvent.change(field(), { target: { value: text } });
const press = (key: string, init: Partial<KeyboardEventInit> = {}) =>
  fireEvent.keyDown(field(), { key, ...init });

describe('QuickSwitcher', () => {
  const notes = [
    note('plan', 'Plan', { updatedAt: 5 }),
    note('planning', 'Planning notes', { folder: 'Work', updatedAt: 4 }),
    note('road', 'Roadmap', { body: '---\naliases: [Long-term plan]\n---\n', updatedAt: 3 }),
    note('recipes', 'Recipes', { updatedAt: 2 }),
  ];

  function Switcher({
    onOpenNote = vi.fn(),
    onCreate = vi.fn(),
  }: {
    onOpenNote?: (id: string) => void;
    onCreate?: (title: string, folder: string) => void;
  }) {
    const [open, setOpen] = useState(true);
    return (
      <>
        <QuickSwitcher
          open={open}
          onClose={() => setOpen(false)}
          onOpenNote={onOpenNote}
          onCreate={onCreate}
        />
      </>
    );
  }

  it('is a combobox over a listbox: recent notes first, then the host’s, the active one selected', async () => {
    const host = createFakeHost(notes);
    host.recent.state.notes = ['recipes', 'road'];
    renderWithServices(host, <Switcher />);
    await settle();
    expect(field().getAttribute('aria-controls')).toBe(screen.getByRole('listbox').id);
    expect(optionTexts()).toEqual(['Recipes', 'Roadmap', 'Plan', 'Work/Planning notes']);
    expect(options()[0]?.getAttribute('aria-selected')).toBe('true');
    expect(field().getAttribute('aria-activedescendant')).toBe(options()[0]?.id);
  });

  it('ranks as the host does, highlights the matched letters, shows the folder dimmed and aliases as alias → Title', async () => {
    const host = createFakeHost(notes);
    renderWithServices(host, <Switcher />);
    await settle();
    type('plan');
    await settle();
    expect(host.links.suggest).toHaveBeenLastCalledWith({ query: 'plan', limit: 50 });
    expect(optionTexts()).toEqual(['Plan', 'Work/Planning notes', 'Long-term plan → Roadmap']);
    const [exact, inFolder, alias] = options();
    expect([...exact!.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Plan']);
    expect(inFolder!.querySelector('.picker-option-folder')?.textContent).toBe('Work/');
    expect([...inFolder!.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Plan']);
    expect(alias!.querySelector('.picker-option-alias mark')?.textContent).toBe('plan');
  });

  it('puts a recently opened note ahead of others that match as well', async () => {
    const host = createFakeHost([
      note('a', 'Plan A', { updatedAt: 9 }),
      note('b', 'Plan B', { updatedAt: 1 }),
    ]);
    host.recent.state.notes = ['b'];
    renderWithServices(host, <Switcher />);
    await settle();
    type('plan');
    await settle();
    expect(optionTexts()).toEqual(['Plan B', 'Plan A']);
  });

  it('moves with ↑/↓/PageUp/PageDown/Home/End and opens the active note with Enter', async () => {
    const host = createFakeHost(notes);
    const onOpenNote = vi.fn();
    renderWithServices(host, <Switcher onOpenNote={onOpenNote} />);
    await settle();
    const active = () => options().findIndex((o) => o.getAttribute('aria-selected') === 'true');
    press('ArrowDown');
    press('ArrowDown');
    expect(active()).toBe(2);
    press('ArrowUp');
    expect(active()).toBe(1);
    press('End');
    expect(active()).toBe(3);
    press('ArrowDown');
    expect(active()).toBe(0);
    press('PageDown');
    expect(active()).toBe(3);
    press('PageUp');
    expect(active()).toBe(0);
    press('Home');
    press('ArrowDown');
    press('Enter');
    expect(onOpenNote).toHaveBeenCalledWith(optionIdOf(host, 1));
    expect(screen.queryByRole('combobox')).toBeNull();
  });

  it('Shift+Enter creates a note with the typed title, in the typed folder', async () => {
    const host = createFakeHost(notes);
    const onCreate = vi.fn();
    renderWithServices(host, <Switcher onCreate={onCreate} />);
    await settle();
    type('Projects/Launch plan');
    await settle();
    press('Enter', { shiftKey: true });
    expect(onCreate).toHaveBeenCalledWith('Launch plan', 'Projects');
    expect(screen.queryByRole('combobox')).toBeNull();
  });

  it('says what Shift+Enter would create when nothing matches', async () => {
    const host = createFakeHost(notes);
    renderWithServices(host, <Switcher />);
    await settle();
    type('Zebra ideas');
    await settle();
    expect(screen.queryAllByRole('option')).toHaveLength(0);
    expect(screen.getByText(/creates “Zebra ideas”/)).toBeTruthy();
  });

  it('asks one query at a time and drops the answer to a query typed past, keeping the rows until the newest answer', async () => {
    const host = createFakeHost(notes);
    renderWithServices(host, <Switcher />);
    await settle();
    const pending: ((rows: LinkSuggestion[]) => void)[] = [];
    host.links.suggest.mockImplementation(
      () => new Promise<LinkSuggestion[]>((resolve) => pending.push(resolve)),
    );
    type('p');
    type('pl');
    type('pla');
    await settle();
    expect(pending).toHaveLength(1);
    const before = optionTexts();
    expect(before).toHaveLength(4);
    act(() => pending[0]!([suggestion('recipes', 'Recipes')]));
    await settle();
    // The answer to "p" is not shown; only the newest query ("pla") went out after it.
    expect(optionTexts()).toEqual(before);
    expect(host.links.suggest.mock.calls.slice(-2).map(([input]) => input.query)).toEqual(['p', 'pla']);
    act(() => pending[1]!([suggestion('plan', 'Plan', { ranges: [[0, 3]] })]));
    await settle();
    expect(optionTexts()).toEqual(['Plan']);
  });

  it('closes when the dialog is cancelled (Escape) and gives the focus back', async () => {
    const host = createFakeHost(notes);
    renderWithServices(host, <FocusReturn />);
    await settle();
    const opener = screen.getByRole('button', { name: 'Open switcher' });
    opener.focus();
    fireEvent.click(opener);
    await settle();
    expect(document.activeElement).toBe(field());
    fireEvent(screen.getByRole('dialog'), new Event('close'));
    await settle();
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});

function FocusReturn() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open switcher
      </button>
      <QuickSwitcher open={open} onClose={() => setOpen(false)} onOpenNote={vi.fn()} onCreate={vi.fn()} />
    </>
  );
}

function optionIdOf(host: FakeHost, index: number): string {
  // The second row of the empty query: the host's recently edited order (no recent notes here).
  return [...host.notes.values()].sort((a, b) => b.updatedAt - a.updatedAt)[index]!.id;
}

describe('CommandPalette', () => {
  function Palette({ commands }: { commands: AppCommand[] }) {
    const [open, setOpen] = useState(true);
    useRegisterCommands(useMemo(() => commands, [commands]));
    return <CommandPalette open={open} onClose={() => setOpen(false)} />;
  }

  const ran: string[] = [];
  const commands: AppCommand[] = [
    {
      id: 'note.new',
      label: 'New note',
      group: 'Note',
      shortcut: 'newNote',
      run: () => ran.push('note.new'),
    },
    {
      id: 'view.preview',
      label: 'Toggle preview',
      group: 'View',
      shortcut: 'togglePreview',
      run: () => ran.push('preview'),
    },
    { id: 'vault.export', label: 'Export vault…', group: 'Vault', run: () => ran.push('export') },
    {
      id: 'nav.back',
      label: 'Back',
      group: 'Navigation',
      shortcut: 'back',
      enabled: false,
      run: () => ran.push('back'),
    },
  ];

  it('lists every registered command with its shortcut, the ones that cannot run dimmed', async () => {
    const host = createFakeHost();
    renderWithServices(host, <Palette commands={commands} />);
    await settle();
    const rows = options();
    expect(rows).toHaveLength(commands.length);
    const newNote = rows.find((r) => r.textContent?.includes('New note'))!;
    expect(within(newNote).getByText(shortcutLabel('Mod+N'))).toBeTruthy();
    const back = rows.find((r) => r.textContent?.includes('Back'))!;
    expect(back.getAttribute('aria-disabled')).toBe('true');
    expect(rows.at(-1)).toBe(back);
  });

  it('filters fuzzily with the letters highlighted, runs the command on Enter and remembers it', async () => {
    ran.length = 0;
    const host = createFakeHost();
    renderWithServices(host, <Palette commands={commands} />);
    await settle();
    type('tp');
    expect(optionTexts()[0]).toContain('Toggle preview');
    expect([...options()[0]!.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['T', 'p']);
    press('Enter');
    await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(ran).toEqual(['preview']);
    expect(host.recent.commandUsed).toHaveBeenCalledWith({ id: 'view.preview' });
    expect(screen.queryByRole('combobox')).toBeNull();
  });

  it('shows the recently used first', async () => {
    const host = createFakeHost();
    host.recent.state.commands = ['vault.export', 'view.preview'];
    renderWithServices(host, <Palette commands={commands} />);
    await settle();
    expect(
      optionTexts()
        .slice(0, 3)
        .map((t) => t?.split(/(Note|View|Vault)/)[0]),
    ).toEqual(['Export vault…', 'Toggle preview', 'New note']);
  });

  it('never runs a command that cannot run now', async () => {
    ran.length = 0;
    const host = createFakeHost();
    renderWithServices(host, <Palette commands={commands} />);
    await settle();
    type('back');
    press('Enter');
    await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(ran).toEqual([]);
    expect(host.recent.commandUsed).not.toHaveBeenCalled();
  });
});
