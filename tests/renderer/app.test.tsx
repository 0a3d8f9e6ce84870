// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { isApple } from '../../src-renderer/src/lib/keyboard';
import { createFakeHost, makeNote } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(cleanup);
giveListboxesAHeight();

/** Clicks the note's row in the list and lets it load. */
async function openNote(title: string): Promise<void> {
  fireEvent.click(screen.getByRole('option', { name: new RegExp(`^${title}`) }));
  await settle();
}

const titleBox = () => screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' });
/** A platform shortcut (Ctrl on Linux/Windows, ⌘ on Apple) pressed on `target`. */
const pressMod = (target: Element, key: string) =>
  fireEvent.keyDown(target, { key, ctrlKey: !isApple, metaKey: isApple });

describe('App (test hooks the e2e suite relies on)', () => {
  it('guides a first run: empty states and the New note button', async () => {
    await renderApp(createFakeHost());
    expect(screen.getByRole('button', { name: 'New note' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Create your first note' })).toBeTruthy();
    expect(screen.getByText('No note selected')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Notes' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Trash' })).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: 'Search notes' })).toBeTruthy();
  });

  it('lists notes newest first as options named by title, and opens one in the editor', async () => {
    const older = { ...makeNote('a', 'Alpha body', 'Alpha'), updatedAt: 10 };
    const newer = { ...makeNote('b', 'Beta body', 'Beta'), updatedAt: 20, tags: ['work'] };
    await renderApp(createFakeHost([older, newer]));

    const listbox = screen.getByRole('listbox', { name: 'Notes' });
    const options = within(listbox).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      expect.stringMatching(/^Beta/),
      expect.stringMatching(/^Alpha/),
    ]);

    fireEvent.click(options[1]!);
    await settle();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' }).value).toBe('Alpha');
    expect(screen.getByTestId('editor').querySelector('.cm-content')?.textContent).toBe('Alpha body');
    expect(screen.getByTestId('save-status').textContent).toBe('Saved');
    expect(options[1]?.getAttribute('aria-selected')).toBe('true');

    // Arrow keys move the selection, which opens the note.
    fireEvent.keyDown(listbox, { key: 'ArrowUp' });
    await settle();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' }).value).toBe('Beta');
  });

  it('moves a note to the trash with an undo toast', async () => {
    const host = createFakeHost([makeNote('a', 'x', 'Alpha')]);
    await renderApp(host);
    await openNote('Alpha');
    fireEvent.click(screen.getByRole('button', { name: 'Move to trash' }));
    await settle();
    expect(host.notes.get('a')?.trashedAt).toBeGreaterThan(0);
    expect(screen.getByText('Moved to trash')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await settle();
    expect(host.notes.get('a')?.trashedAt).toBe(0);
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' }).value).toBe('Alpha');
  });

  // happy-dom cannot run DOMPurify, so here the sanitiser fails closed (plain text, one stderr
  // line); what it renders is covered in render-markdown.test.tsx under jsdom.
  it('toggles the preview region', async () => {
    await renderApp(createFakeHost([makeNote('a', '# Hello', 'Alpha')]));
    await openNote('Alpha');
    expect(screen.queryByRole('region', { name: 'Preview' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Toggle preview' }));
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    const preview = screen.getByTestId('preview');
    expect(preview.getAttribute('role')).toBe('region');
  });

  it('says so when the connection drops', async () => {
    await renderApp(createFakeHost(), 'reconnecting');
    expect(screen.getByText(/Disconnected — reconnecting…/)).toBeTruthy();
  });
});

describe('App: a title being typed', () => {
  it('is saved when a new note is made from the keyboard before Enter or blur', async () => {
    const host = createFakeHost([makeNote('a', 'x', 'Alpha')]);
    await renderApp(host);
    await openNote('Alpha');
    titleBox().focus();
    fireEvent.change(titleBox(), { target: { value: 'Alpha, renamed' } });
    pressMod(titleBox(), 'n');
    await settle();
    expect(host.update).toHaveBeenCalledWith(expect.objectContaining({ id: 'a', title: 'Alpha, renamed' }));
    expect(host.notes.get('a')?.title).toBe('Alpha, renamed');
  });

  it('is saved once by Mod+S, and Escape afterwards does not write again', async () => {
    const host = createFakeHost([makeNote('a', 'x', 'Alpha')]);
    await renderApp(host);
    await openNote('Alpha');
    fireEvent.change(titleBox(), { target: { value: '  ' } });
    pressMod(titleBox(), 's');
    pressMod(titleBox(), 's');
    await settle();
    expect(host.update).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({
        id: 'a',
        title: 'Untitled',
        base: expect.objectContaining({ title: 'Alpha' }),
      }),
    );
    fireEvent.keyDown(titleBox(), { key: 'Escape' });
    await settle();
    expect(host.update).toHaveBeenCalledTimes(1);
  });

  it('saves as you type, keystroke after keystroke, with the text’s debounce', async () => {
    const host = createFakeHost([makeNote('a', 'x', 'Alpha')]);
    await renderApp(host);
    await openNote('Alpha');
    titleBox().focus();
    for (const title of ['B', 'Be', 'Bet', 'Beta']) {
      fireEvent.change(titleBox(), { target: { value: title } });
      expect(titleBox().value).toBe(title);
    }
    await act(() => new Promise((resolve) => setTimeout(resolve, 600)));
    expect(titleBox().value).toBe('Beta');
    expect(host.notes.get('a')?.title).toBe('Beta');
    expect(host.update).toHaveBeenCalledTimes(1);
  });

  it('refuses a title over the limit with a message, never cutting it', async () => {
    const host = createFakeHost([makeNote('a', 'x', 'Alpha')]);
    await renderApp(host);
    await openNote('Alpha');
    const long = 'x'.repeat(301);
    fireEvent.change(titleBox(), { target: { value: long } });
    expect(titleBox().value).toBe(long);
    expect(screen.getByRole('alert').textContent).toContain('at most 300 characters; this one has 301');
    await act(() => new Promise((resolve) => setTimeout(resolve, 600)));
    expect(host.update).not.toHaveBeenCalled();
    expect(host.notes.get('a')?.title).toBe('Alpha');
  });

  it('leaves Enter to an input method that is composing', async () => {
    const host = createFakeHost([makeNote('a', 'x', 'Alpha')]);
    await renderApp(host);
    await openNote('Alpha');
    titleBox().focus();
    fireEvent.change(titleBox(), { target: { value: 'にほん' } });
    fireEvent.keyDown(titleBox(), { key: 'Enter', isComposing: true });
    await settle();
    expect(host.update).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(titleBox());
  });
});

describe('App: switching notes and dialogs', () => {
  it('shows the newly opened note in the preview at once, not the previous one', async () => {
    await renderApp(
      createFakeHost([makeNote('a', 'Alpha text', 'Alpha'), makeNote('b', 'Beta text', 'Beta')]),
    );
    await openNote('Alpha');
    fireEvent.click(screen.getByRole('button', { name: 'Toggle preview' }));
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(screen.getByTestId('preview').textContent).toContain('Alpha text');

    fireEvent.click(screen.getByRole('option', { name: /^Beta/ }));
    await settle();
    expect(screen.getByTestId('preview').textContent).toContain('Beta text');
  });

  it('keeps app shortcuts away from a confirmation dialog', async () => {
    const host = createFakeHost([{ ...makeNote('a', 'x', 'Alpha'), trashedAt: 5 }]);
    await renderApp(host);
    fireEvent.click(screen.getByRole('button', { name: 'Trash' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Empty trash' }));
    const dialog = screen.getByRole('alertdialog');
    pressMod(within(dialog).getByRole('button', { name: 'Cancel' }), 'n');
    await settle();
    expect(host.notes.size).toBe(1);
    expect(screen.getByRole('heading', { name: 'Trash' })).toBeTruthy();
  });
});
