// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { isApple, shortcutLabel } from '../../src-renderer/src/lib/keyboard';
import { SHORTCUT_NAMES, shortcutScope, SHORTCUTS } from '../../src-renderer/src/app/shortcuts';
import type { Note } from '../../src-renderer/src/api/quire-api';
import { createFakeHost, makeNote } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(() => {
  cleanup();
  localStorage.clear();
});
giveListboxesAHeight();

const mod = (key: string, shiftKey = false) =>
  fireEvent.keyDown(document.body, { key, shiftKey, ctrlKey: !isApple, metaKey: isApple });
const field = () => screen.getByRole<HTMLInputElement>('combobox');
const type = (text: string) => fireEvent.change(field(), { target: { value: text } });
const press = (key: string, shiftKey = false) => fireEvent.keyDown(field(), { key, shiftKey });
/** The rows of the open switcher or palette (the note list behind it has options too). */
const options = () =>
  within(screen.getByRole('listbox', { name: /Quick switcher|Command palette/ })).getAllByRole('option');
const titleBox = () => screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' });
const nextFrame = () => act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
const note = (id: string, title: string, patch: Partial<Note> = {}): Note => ({
  ...makeNote(id, `Text of ${title}`, title),
  ...patch,
});

/** Every command id the palette offers, read from its rows. */
async function paletteIds(): Promise<string[]> {
  mod('P', true);
  await settle();
  const ids = options().map((option) => option.dataset.key ?? '');
  fireEvent(screen.getByRole('dialog'), new Event('close'));
  await settle();
  return ids;
}

describe('the command registry', () => {
  it('lists every registered command in the palette and in the shortcuts sheet, and every shortcut has a handler or is the editor’s or the list’s own', async () => {
    const host = createFakeHost([note('a', 'Alpha')]);
    await renderApp(host);
    const ids = await paletteIds();
    expect(ids.length).toBeGreaterThan(20);
    expect(new Set(ids).size).toBe(ids.length);

    fireEvent.keyDown(document.body, { key: '?' });
    await settle();
    const sheet = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const rows = [...sheet.querySelectorAll<HTMLElement>('.shortcut')];
    const sheetIds = rows.map((row) => row.dataset.id);
    for (const id of ids) expect(sheetIds).toContain(id);

    for (const name of SHORTCUT_NAMES) {
      const row = rows.find((r) => r.dataset.shortcut === name);
      expect(row, `${name} is in the sheet`).toBeTruthy();
      // A global key is run by a command; only the editor's and the list's keys stand alone.
      if (shortcutScope(name) === 'global') expect(row!.dataset.id, `${name} has a command`).not.toBe(name);
      for (const combo of SHORTCUTS[name].keys)
        expect(within(row!).getAllByText(shortcutLabel(combo)).length).toBeGreaterThan(0);
    }
  });

  it('groups the sheet as General, Navigation, Note, View, Vault, Editor, Notes list', async () => {
    const host = createFakeHost();
    await renderApp(host);
    fireEvent.click(screen.getByRole('button', { name: 'Keyboard shortcuts' }));
    await settle();
    const sheet = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const groups = within(sheet)
      .getAllByRole('heading', { level: 3 })
      .map((h) => h.textContent);
    const known = ['General', 'Navigation', 'Note', 'View', 'Vault', 'Editor', 'Notes list'];
    expect(groups.filter((g) => known.includes(g ?? ''))).toEqual(known);
  });
});

describe('the quick switcher in the app', () => {
  it('Mod+O opens it; typing and Enter open the note with the cursor in it; it is then recent', async () => {
    const host = createFakeHost([
      note('p', 'Project plan', { updatedAt: 3 }),
      note('r', 'Recipes', { updatedAt: 2 }),
      note('m', 'Meeting notes', { folder: 'Work', updatedAt: 1 }),
    ]);
    await renderApp(host);
    mod('o');
    await settle();
    type('meet');
    await settle();
    expect(options()[0]?.textContent).toBe('Work/Meeting notes');
    press('Enter');
    await settle();
    await nextFrame();
    expect(titleBox().value).toBe('Meeting notes');
    expect(screen.getByTestId('editor').contains(document.activeElement)).toBe(true);
    await waitFor(() => expect(host.recent.noteOpened).toHaveBeenCalledWith({ id: 'm' }));

    mod('o');
    await settle();
    expect(options()[0]?.textContent).toBe('Work/Meeting notes');
  });

  it('Shift+Enter creates the typed note in the typed folder and opens it', async () => {
    const host = createFakeHost([note('p', 'Project plan')]);
    await renderApp(host);
    mod('o');
    await settle();
    type('Ideas/Garden shed');
    await settle();
    press('Enter', true);
    await settle();
    const made = [...host.notes.values()].find((n) => n.title === 'Garden shed');
    expect(made?.folder).toBe('Ideas');
    expect(titleBox().value).toBe('Garden shed');
  });

  it('Mod+Shift+O is still Import folder', async () => {
    const host = createFakeHost();
    await renderApp(host);
    mod('O', true);
    await settle();
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.getByRole('dialog', { name: /Import/ })).toBeTruthy();
  });
});

describe('the command palette in the app', () => {
  it('Mod+Shift+P runs a command, which then comes first', async () => {
    const host = createFakeHost([note('a', 'Alpha')]);
    await renderApp(host);
    mod('P', true);
    await settle();
    type('attachments');
    const first = options()[0]!;
    expect(first.textContent).toContain('Attachments…');
    expect(within(first).getByText(shortcutLabel('Mod+Shift+A'))).toBeTruthy();
    press('Enter');
    await settle();
    await nextFrame();
    expect(screen.getByRole('dialog', { name: 'Attachments' })).toBeTruthy();
    expect(host.recent.commandUsed).toHaveBeenCalledWith({ id: 'vault.attachments' });

    fireEvent(screen.getByRole('dialog', { name: 'Attachments' }), new Event('close'));
    await settle();
    mod('P', true);
    await settle();
    expect(options()[0]?.dataset.key).toBe('vault.attachments');
  });

  it('dims what cannot run now: Back with nowhere to go back to', async () => {
    const host = createFakeHost();
    await renderApp(host);
    mod('P', true);
    await settle();
    type('back');
    const back = options().find((o) => o.dataset.key === 'nav.back');
    expect(back?.getAttribute('aria-disabled')).toBe('true');
  });
});
