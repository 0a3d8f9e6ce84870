// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Note } from '../../src-shared/schema/note';
import { isInFolder } from '../../src-shared/api/folders-api';
import { createFakeHost, makeNote, type FakeHost } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(cleanup);
giveListboxesAHeight();

const inFolder = (id: string, folder: string, updatedAt: number, tags: string[] = []): Note => ({
  ...makeNote(id, tags.map((t) => `#${t}`).join(' '), id),
  folder,
  updatedAt,
  tags,
});

const NOTES = [
  inFolder('Plan', 'Projects/Quire', 50, ['project/quire']),
  inFolder('Spec', 'Projects/Quire', 40, ['project/quire', 'project']),
  inFolder('Roadmap', 'Projects', 30, ['project']),
  inFolder('Recipe', 'Home', 20),
  inFolder('Loose', '', 10, ['reading']),
];

const tree = () => screen.getByRole('tree', { name: 'Folders' });
const folder = (name: string) => within(tree()).getByRole('treeitem', { name: new RegExp(`^${name},`) });
const rowTitles = () =>
  within(screen.getByRole('listbox', { name: 'Notes' }))
    .getAllByRole('option')
    .map((option) => option.querySelector('.note-row-title')?.textContent);

/** happy-dom has no DataTransfer: a stand-in that keeps what is set. */
function dataTransfer(): DataTransfer {
  const data = new Map<string, string>();
  return {
    setData: (type: string, value: string) => void data.set(type, value),
    getData: (type: string) => data.get(type) ?? '',
    effectAllowed: 'all',
    dropEffect: 'none',
  } as unknown as DataTransfer;
}

async function start(notes: Note[] = NOTES): Promise<FakeHost> {
  const host = createFakeHost(notes.map((n) => ({ ...n })));
  await renderApp(host);
  return host;
}

describe('folder tree', () => {
  it('shows nested folders with counts that include subfolders, and filters the list by one', async () => {
    await start();
    expect(
      within(tree())
        .getAllByRole('treeitem')
        .map((item) => item.getAttribute('aria-label')),
    ).toEqual(['Home, 1 note', 'Projects, 3 notes', 'Quire, 2 notes']);
    expect(folder('Quire').getAttribute('aria-level')).toBe('2');
    fireEvent.click(folder('Projects'));
    await settle();
    expect(rowTitles()).toEqual(['Roadmap']);
    expect(folder('Projects').getAttribute('aria-selected')).toBe('true');
    const chip = document.querySelector('.list-header .folder-filter') as HTMLElement;
    expect(chip.textContent).toContain('Projects');
    fireEvent.click(within(chip).getByRole('button', { name: 'Include subfolders' }));
    await settle();
    expect(rowTitles()).toEqual(['Plan', 'Spec', 'Roadmap']);
    fireEvent.click(within(chip).getByRole('button', { name: 'Clear the Projects folder filter' }));
    await settle();
    expect(rowTitles()).toEqual(['Plan', 'Spec', 'Roadmap', 'Recipe', 'Loose']);
  });

  it('moves with the arrow keys, collapses with ←, and remembers it across restarts', async () => {
    const host = await start();
    folder('Home').focus();
    fireEvent.keyDown(folder('Home'), { key: 'ArrowDown' });
    await settle();
    expect(document.activeElement).toBe(folder('Projects'));
    fireEvent.keyDown(folder('Projects'), { key: 'ArrowLeft' });
    await settle();
    expect(folder('Projects').getAttribute('aria-expanded')).toBe('false');
    expect(within(tree()).queryByRole('treeitem', { name: /^Quire,/ })).toBeNull();
    expect(host.folders.settings.collapsed).toEqual(['Projects']);
    cleanup();
    await renderApp(host);
    expect(folder('Projects').getAttribute('aria-expanded')).toBe('false');
    fireEvent.keyDown(folder('Projects'), { key: 'ArrowRight' });
    await settle();
    expect(folder('Quire')).toBeTruthy();
    expect(host.folders.settings.collapsed).toEqual([]);
  });

  it('F2 renames a folder through the rename refactor, and the device’s folder state follows', async () => {
    const host = await start();
    const moveFolder = vi.fn(({ from, to }: { from: string; to: string }) => {
      for (const note of host.notes.values())
        if (isInFolder(note.folder, from))
          host.notes.set(note.id, { ...note, folder: `${to}${note.folder.slice(from.length)}` });
      host.emitChange([...host.notes.keys()]);
      return Promise.resolve({
        operationId: 'op',
        kind: 'move-folder' as const,
        notesChanged: 2,
        linksRewritten: 0,
        linkedNotes: 0,
        skipped: 0,
      });
    });
    host.api.refactor.moveFolder.mutate = moveFolder;
    folder('Quire').focus();
    fireEvent.keyDown(folder('Quire'), { key: 'F2' });
    await settle();
    const input = screen.getByRole('textbox', { name: 'Folder name' });
    fireEvent.change(input, { target: { value: 'Quire app' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await settle();
    expect(moveFolder).toHaveBeenCalledWith({ from: 'Projects/Quire', to: 'Projects/Quire app' });
    expect(host.folders.moved).toHaveBeenCalledWith({ from: 'Projects/Quire', to: 'Projects/Quire app' });
    expect(folder('Quire app').getAttribute('aria-label')).toBe('Quire app, 2 notes');
  });

  it('Delete asks once with the count, then trashes every note in the folder and below', async () => {
    const host = await start();
    folder('Projects').focus();
    fireEvent.keyDown(folder('Projects'), { key: 'Delete' });
    await settle();
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('3 notes in it and its subfolders will move to the trash');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move 3 notes to trash' }));
    await settle();
    expect(host.folders.remove).toHaveBeenCalledWith({ path: 'Projects' });
    expect(
      [...host.notes.values()]
        .filter((n) => n.trashedAt > 0)
        .map((n) => n.id)
        .sort(),
    ).toEqual(['Plan', 'Roadmap', 'Spec']);
    expect(
      within(tree())
        .getAllByRole('treeitem')
        .map((item) => item.getAttribute('aria-label')),
    ).toEqual(['Home, 1 note']);
  });

  it('a note row dropped on a folder moves the note there; a folder never drops into its own child', async () => {
    const host = await start();
    const row = screen.getByRole('option', { name: /^Loose/ });
    let transfer = dataTransfer();
    fireEvent.dragStart(row, { dataTransfer: transfer });
    fireEvent.dragOver(folder('Home'), { dataTransfer: transfer });
    expect(folder('Home').classList.contains('is-drop-target')).toBe(true);
    fireEvent.drop(folder('Home'), { dataTransfer: transfer });
    await settle();
    expect(host.refactor.renameNote).toHaveBeenCalledWith({ id: 'Loose', folder: 'Home' });
    expect(host.notes.get('Loose')?.folder).toBe('Home');

    const moveFolder = vi.fn(() => Promise.reject(new Error('must not be called')));
    host.api.refactor.moveFolder.mutate = moveFolder;
    transfer = dataTransfer();
    fireEvent.dragStart(folder('Projects'), { dataTransfer: transfer });
    fireEvent.dragOver(folder('Quire'), { dataTransfer: transfer });
    expect(folder('Quire').classList.contains('is-drop-refused')).toBe(true);
    fireEvent.drop(folder('Quire'), { dataTransfer: transfer });
    await settle();
    expect(moveFolder).not.toHaveBeenCalled();
  });

  it('New folder from the header makes an empty folder, shown with no count', async () => {
    const host = await start();
    fireEvent.click(screen.getByRole('button', { name: 'New folder' }));
    await settle();
    const input = screen.getByRole('textbox', { name: 'Folder name' });
    fireEvent.change(input, { target: { value: 'Ideas' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await settle();
    expect(host.folders.create).toHaveBeenCalledWith({ path: 'Ideas' });
    expect(folder('Ideas').getAttribute('aria-label')).toBe('Ideas, 0 notes');
  });
});

describe('tag pane', () => {
  it('lists tags as a tree whose counts include nested tags, and a click filters the list', async () => {
    await start();
    const tags = screen.getByRole('tree', { name: 'Tags' });
    const items = () =>
      within(tags)
        .getAllByRole('treeitem')
        .map((item) => item.getAttribute('aria-label'));
    expect(items()).toEqual(['#project, 3 notes', '#reading, 1 note']);
    const project = within(tags).getByRole('treeitem', { name: /^#project,/ });
    fireEvent.keyDown(project, { key: 'ArrowRight' });
    await settle();
    expect(items()).toEqual(['#project, 3 notes', '#project/quire, 2 notes', '#reading, 1 note']);
    fireEvent.click(within(tags).getByRole('treeitem', { name: /^#project\/quire,/ }));
    await settle();
    expect(rowTitles()).toEqual(['Plan', 'Spec']);
    expect(
      within(tags)
        .getByRole('treeitem', { name: /^#project\/quire,/ })
        .getAttribute('aria-selected'),
    ).toBe('true');
  });
});

describe('tag pane rename', () => {
  it('renames a tag across the vault through the rename refactor, from the row’s menu', async () => {
    const host = await start();
    const tags = screen.getByRole('tree', { name: 'Tags' });
    fireEvent.contextMenu(within(tags).getByRole('treeitem', { name: /^#reading,/ }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Rename tag…' }));
    await settle();
    const input = screen.getByRole('textbox', { name: 'New tag name' });
    fireEvent.change(input, { target: { value: 'books' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await settle();
    expect(host.refactor.renameTag).toHaveBeenCalledWith({ from: 'reading', to: 'books' });
    expect(host.notes.get('Loose')?.body).toBe('#books');
    expect(within(tags).getByRole('treeitem', { name: /^#books,/ })).toBeTruthy();
  });
});

describe('bookmarks', () => {
  it('runs a pinned search, opens a pinned note, and reorders with Alt+↓', async () => {
    const host = createFakeHost(NOTES.map((n) => ({ ...n })));
    host.folders.bookmarks = [
      { kind: 'search', query: 'soup' },
      { kind: 'note', id: 'Spec' },
    ];
    await renderApp(host);
    const list = screen.getByRole('list', { name: 'Bookmarks' });
    fireEvent.click(within(list).getByText('soup'));
    await settle();
    expect(screen.getByLabelText<HTMLInputElement>('Search notes').value).toBe('soup');
    fireEvent.click(within(list).getByText('Spec'));
    await settle();
    expect(screen.getByLabelText<HTMLInputElement>('Note title').value).toBe('Spec');
    fireEvent.keyDown(within(list).getByText('soup').closest('li')!, { key: 'ArrowDown', altKey: true });
    await settle();
    expect(host.folders.bookmarks).toEqual([
      { kind: 'note', id: 'Spec' },
      { kind: 'search', query: 'soup' },
    ]);
  });

  it('the toolbar’s toggle pins the open note above the tree; a trashed one shows greyed', async () => {
    const host = await start();
    fireEvent.click(screen.getByRole('option', { name: /^Recipe/ }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Bookmark' }));
    await settle();
    const list = screen.getByRole('list', { name: 'Bookmarks' });
    expect(within(list).getByText('Recipe')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Bookmark' }).getAttribute('aria-pressed')).toBe('true');
    host.notes.set('Recipe', { ...host.notes.get('Recipe')!, trashedAt: 9 });
    host.emitChange(['Recipe']);
    await settle();
    await settle();
    const item = within(screen.getByRole('list', { name: 'Bookmarks' }))
      .getByText('Recipe')
      .closest('li')!;
    expect(item.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(within(item).getByRole('button', { name: 'Remove bookmark Recipe' }));
    await settle();
    expect(host.folders.bookmarks).toEqual([]);
  });
});
