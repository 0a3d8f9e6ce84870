// @vitest-environment happy-dom
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { undo } from '@codemirror/commands';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../src-renderer/src/api/create-services';
import { ServicesContext, type ConnectionStore } from '../../src-renderer/src/api/services-context';
import { EditorPane } from '../../src-renderer/src/features/editor/EditorPane';
import { useAutosave } from '../../src-renderer/src/features/editor/useAutosave';
import { toasts } from '../../src-renderer/src/ui/toast-store';
import { frontmatterOfState } from '../../src-renderer/src/features/properties';
import { frontmatterSource } from '../../src-shared/markdown/frontmatter-edit';
import { createFakeHost, makeNote, type FakeHost } from './support/fake-host';

const DELAY = 400;
const connected: ConnectionStore = { getSnapshot: () => 'connected', subscribe: () => () => undefined };
const noop = () => undefined;

interface Callbacks {
  onOpenLink: (title: string, id: string | null) => void;
  onTagClick: (tag: string) => void;
}

function Pane({ noteId, callbacks }: { noteId: string; callbacks: Callbacks }) {
  const autosave = useAutosave(DELAY);
  return (
    <EditorPane
      noteId={noteId}
      autosave={autosave}
      previewOpen={false}
      onTogglePreview={noop}
      onOpenLink={callbacks.onOpenLink}
      onTagClick={callbacks.onTagClick}
      onTrash={noop}
      onRestore={noop}
      onDeleteForever={noop}
      focusTitleOf={null}
      onTitleFocused={noop}
      onSignIn={noop}
    />
  );
}

async function flush(ms = 0): Promise<void> {
  await act(() => vi.advanceTimersByTimeAsync(ms));
}

async function renderPane(host: FakeHost, noteId: string): Promise<Callbacks> {
  const callbacks = { onOpenLink: vi.fn(), onTagClick: vi.fn() };
  render(
    <ServicesContext value={createServices(host.api, connected)}>
      <Pane noteId={noteId} callbacks={callbacks} />
    </ServicesContext>,
  );
  await flush();
  return callbacks;
}

function editorView(): EditorView {
  const dom = screen.getByTestId('editor').querySelector<HTMLElement>('.cm-editor');
  const view = dom ? EditorView.findFromDOM(dom) : null;
  if (!view) throw new Error('no editor');
  return view;
}

const editorText = (): string => editorView().state.sliceDoc();
const panel = (): HTMLElement => screen.getByRole('region', { name: 'Properties' });

/** Types into a field and leaves it, which commits the draft. */
async function commit(field: HTMLElement, value: string): Promise<void> {
  fireEvent.focus(field);
  fireEvent.change(field, { target: { value } });
  fireEvent.blur(field);
  await flush();
}

const NOTE = [
  '---',
  '# kept as written',
  "status: 'draft' # why",
  'rating: 3',
  'done: false',
  'due: 2024-05-01',
  'meeting: 2024-05-01T10:30',
  'related: "[[Other Note]]"',
  'aliases: [One, "Two, too"]',
  'tags:',
  '  - alpha',
  '  - beta # second',
  '---',
  '',
  'Body text.',
].join('\n');

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  for (const toast of toasts.getSnapshot()) toasts.dismiss(toast.id);
});

describe('properties panel', () => {
  it('shows one row per property with the editor of its type', async () => {
    const host = createFakeHost([makeNote('a', NOTE)]);
    await renderPane(host, 'a');
    const rows = within(panel()).getAllByRole('listitem');
    expect(rows.map((row) => row.getAttribute('data-property'))).toEqual([
      'status',
      'rating',
      'done',
      'due',
      'meeting',
      'related',
      'aliases',
      'tags',
    ]);
    expect(screen.getByLabelText('status')).toHaveProperty('value', 'draft');
    expect(screen.getByLabelText('rating')).toHaveProperty('type', 'number');
    expect(screen.getByLabelText('rating')).toHaveProperty('value', '3');
    expect(screen.getByLabelText('done')).toHaveProperty('checked', false);
    expect(screen.getByLabelText('due')).toHaveProperty('type', 'date');
    expect(screen.getByLabelText('due')).toHaveProperty('value', '2024-05-01');
    expect(screen.getByLabelText('meeting')).toHaveProperty('type', 'datetime-local');
    expect(screen.getByLabelText('meeting')).toHaveProperty('value', '2024-05-01T10:30');
    expect(screen.getByRole('button', { name: 'Other Note' })).toBeTruthy();
    const aliases = screen.getByRole('group', { name: 'aliases' });
    expect(within(aliases).getByText('Two, too')).toBeTruthy();
    const tags = screen.getByRole('group', { name: 'tags' });
    expect(within(tags).getAllByRole('button', { name: /^(alpha|beta)$/ })).toHaveLength(2);
    // The type icon is the row's menu button and says the type.
    expect(screen.getByRole('button', { name: 'due: Date. Property menu' })).toBeTruthy();
  });

  it('a text edit changes only that value, keeps its quoting, saves like typing, and undoes', async () => {
    const host = createFakeHost([makeNote('a', NOTE)]);
    await renderPane(host, 'a');
    await commit(screen.getByLabelText('status'), "it's done");
    const expected = NOTE.replace("'draft'", "'it''s done'");
    expect(editorText()).toBe(expected);
    await flush(DELAY);
    expect(host.notes.get('a')?.body).toBe(expected);
    // One undoable edit: Ctrl+Z in the editor takes it back, and the panel follows.
    act(() => void undo(editorView()));
    expect(editorText()).toBe(NOTE);
    await flush();
    expect(screen.getByLabelText('status')).toHaveProperty('value', 'draft');
  });

  it('number, checkbox, date and date-time edits are exact', async () => {
    const host = createFakeHost([makeNote('a', NOTE)]);
    await renderPane(host, 'a');
    await commit(screen.getByLabelText('rating'), '4.5');
    expect(editorText()).toBe(NOTE.replace('rating: 3', 'rating: 4.5'));
    fireEvent.click(screen.getByLabelText('done'));
    await flush();
    expect(editorText()).toBe(NOTE.replace('rating: 3', 'rating: 4.5').replace('done: false', 'done: true'));
    await commit(screen.getByLabelText('due'), '2025-01-31');
    expect(editorText()).toContain('\ndue: 2025-01-31\n');
    await commit(screen.getByLabelText('meeting'), '2025-01-31T09:15');
    expect(editorText()).toContain('\nmeeting: 2025-01-31T09:15\n');
    // Emptying a number leaves the key with no value.
    await commit(screen.getByLabelText('rating'), '');
    expect(editorText()).toContain('\nrating:\n');
  });

  it('list chips: Enter and comma add, Backspace and × remove, one item’s text at a time', async () => {
    const host = createFakeHost([makeNote('a', NOTE)]);
    await renderPane(host, 'a');
    const addAlias = screen.getByLabelText('Add to aliases');
    fireEvent.change(addAlias, { target: { value: 'Three' } });
    fireEvent.keyDown(addAlias, { key: 'Enter' });
    await flush();
    expect(editorText()).toBe(NOTE.replace('[One, "Two, too"]', '[One, "Two, too", Three]'));
    fireEvent.keyDown(screen.getByLabelText('Add to aliases'), { key: 'Backspace' });
    await flush();
    expect(editorText()).toBe(NOTE);
    fireEvent.click(screen.getByRole('button', { name: 'Remove One from aliases' }));
    await flush();
    expect(editorText()).toBe(NOTE.replace('[One, "Two, too"]', '["Two, too"]'));

    // Block lists stay block lists; a typed `#` is not part of a tag.
    const addTag = screen.getByLabelText('Add to tags');
    fireEvent.change(addTag, { target: { value: '#gamma,' } });
    await flush();
    expect(editorText()).toContain('  - beta # second\n  - gamma\n---');
  });

  it('tag chips call onTagClick, link values open their note', async () => {
    const host = createFakeHost([makeNote('a', NOTE), makeNote('b', '', 'Other Note')]);
    const callbacks = await renderPane(host, 'a');
    fireEvent.click(
      within(screen.getByRole('group', { name: 'tags' })).getByRole('button', { name: 'beta' }),
    );
    expect(callbacks.onTagClick).toHaveBeenCalledWith('beta');
    fireEvent.click(screen.getByRole('button', { name: 'Other Note' }));
    await flush();
    expect(callbacks.onOpenLink).toHaveBeenCalledWith('Other Note', 'b');
  });

  it('adds a property from the vault’s names, with their types, fuzzy filtered', async () => {
    const host = createFakeHost([
      makeNote('a', NOTE),
      makeNote('b', '---\npriority: 2\nproject: "[[Quire]]"\n---\n'),
      makeNote('c', '---\npriority: 1\n---\n'),
    ]);
    await renderPane(host, 'a');
    fireEvent.click(screen.getByRole('button', { name: 'Add property' }));
    await flush();
    const name = screen.getByRole('combobox', { name: 'Property name' });
    fireEvent.change(name, { target: { value: 'pr' } });
    const options = screen.getAllByRole('option');
    // Names this note already has are not offered; the typed name is offered as a new one.
    expect(options.map((o) => o.textContent)).toEqual([
      'priorityNumber · 2 notes',
      'projectLink · 1 note',
      'prNew property',
    ]);
    fireEvent.keyDown(name, { key: 'Enter' });
    await flush();
    expect(editorText()).toBe(NOTE.replace('  - beta # second\n', '  - beta # second\npriority:\n'));
    // The new row has the catalog's type and takes the focus.
    expect(document.activeElement).toBe(screen.getByLabelText('priority'));
    expect(screen.getByLabelText('priority')).toHaveProperty('type', 'number');
    await commit(screen.getByLabelText('priority'), '5');
    expect(editorText()).toContain('\npriority: 5\n---');
  });

  it('a note without frontmatter gets its block from "Add property"', async () => {
    const host = createFakeHost([makeNote('a', 'Just text\r\nand more')]);
    await renderPane(host, 'a');
    fireEvent.click(screen.getByRole('button', { name: 'Add property' }));
    await flush();
    const name = screen.getByRole('combobox', { name: 'Property name' });
    fireEvent.change(name, { target: { value: 'status' } });
    fireEvent.keyDown(name, { key: 'Enter' });
    await flush();
    // CRLF stays CRLF, in the new lines too.
    expect(editorText()).toBe('---\r\nstatus:\r\n---\r\nJust text\r\nand more');
    await commit(screen.getByLabelText('status'), 'new');
    expect(editorText()).toBe('---\r\nstatus: new\r\n---\r\nJust text\r\nand more');
  });

  it('rename, change type and remove from the row menu', async () => {
    const host = createFakeHost([makeNote('a', NOTE)]);
    await renderPane(host, 'a');
    fireEvent.click(screen.getByRole('button', { name: 'status: Text. Property menu' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Rename…' }));
    const rename = screen.getByLabelText('New name for status');
    fireEvent.change(rename, { target: { value: 'state' } });
    fireEvent.keyDown(rename, { key: 'Enter' });
    await flush();
    expect(editorText()).toBe(NOTE.replace("status: 'draft'", "state: 'draft'"));

    // A new type is the vault's for that name, and the value is converted to it.
    fireEvent.click(screen.getByRole('button', { name: 'state: Text. Property menu' }));
    fireEvent.click(screen.getByRole('menuitemradio', { name: 'List' }));
    await flush();
    expect(host.properties.setType).toHaveBeenCalledWith({ name: 'state', type: 'list' });
    expect(editorText()).toContain('state:\n  - draft # why\nrating');

    fireEvent.click(screen.getByRole('button', { name: 'rating: Number. Property menu' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Remove' }));
    await flush();
    expect(editorText()).not.toContain('rating');
    expect(editorText()).toContain('# kept as written\nstate:');
  });

  it('a value that is not of the vault’s type for its name is edited as what it is, with a warning', async () => {
    const host = createFakeHost([
      makeNote('a', '---\ndue: someday\n---\n'),
      makeNote('b', '---\ndue: 2024-01-01\n---\n'),
      makeNote('c', '---\ndue: 2024-02-01\n---\n'),
    ]);
    await renderPane(host, 'a');
    expect(screen.getByLabelText('due')).toHaveProperty('type', 'text');
    expect(screen.getByRole('img', { name: 'Not a date' })).toBeTruthy();
  });

  it('the row menu works from the keyboard', async () => {
    const host = createFakeHost([makeNote('a', NOTE)]);
    await renderPane(host, 'a');
    const trigger = screen.getByRole('button', { name: 'rating: Number. Property menu' });
    trigger.focus();
    fireEvent.keyDown(trigger, { key: 'ArrowDown' });
    await flush();
    const menu = screen.getByRole('menu', { name: 'rating property' });
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(within(menu).getByRole('menuitem', { name: 'Rename…' }));
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(within(menu).getByRole('menuitemradio', { name: 'Text' }));
    fireEvent.keyDown(menu, { key: 'End' });
    expect(document.activeElement).toBe(within(menu).getByRole('menuitem', { name: 'Remove' }));
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await flush();
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(trigger);
    expect(editorText()).toBe(NOTE);
  });

  it('malformed YAML: a warning, no editing, the text untouched; fixing it in the editor brings the rows back', async () => {
    const broken = '---\ntags: [a, b\n---\nBody';
    const host = createFakeHost([makeNote('a', broken)]);
    await renderPane(host, 'a');
    expect(screen.getByRole('alert').textContent).toMatch(
      /^These properties can’t be read: .+\. The text is kept as you typed it\.$/,
    );
    expect(within(panel()).queryByRole('listitem')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add property' })).toBeNull();
    expect(editorText()).toBe(broken);
    // The panel follows the YAML as it is typed in the editor.
    act(() => {
      editorView().dispatch({ changes: { from: 15, insert: ']' }, userEvent: 'input.type' });
    });
    await flush();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(within(screen.getByRole('group', { name: 'tags' })).getAllByRole('button')).toHaveLength(4);
  });

  it('a nested value is shown, not edited; an edit that cannot be made exactly is refused in words', async () => {
    const body = '---\nmeta:\n  owner: ada\nbase: &b 1\ncopy: *b\n---\n';
    const host = createFakeHost([makeNote('a', body)]);
    await renderPane(host, 'a');
    expect(screen.getByLabelText('meta').tagName).toBe('CODE');
    expect(screen.getByLabelText('meta').textContent).toBe('{"owner":"ada"}');
    // `copy` is an alias of `base`: changing one would change both, so nothing is written.
    await commit(screen.getByLabelText('base'), '2');
    expect(editorText()).toBe(body);
    expect(toasts.getSnapshot().map((t) => t.message)).toEqual([
      'These properties are written in a way Quire can’t change safely; edit them in the text.',
    ]);
  });

  it('a note in the trash shows its properties read-only', async () => {
    const host = createFakeHost([{ ...makeNote('a', NOTE), trashedAt: 5 }]);
    await renderPane(host, 'a');
    expect(screen.getByLabelText('status')).toHaveProperty('readOnly', true);
    expect(screen.getByLabelText('done')).toHaveProperty('disabled', true);
    expect(screen.queryByRole('button', { name: /Property menu/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add property' })).toBeNull();
    expect(screen.queryByLabelText('Add to tags')).toBeNull();
  });

  it('collapses and expands, saying how many properties it hides', async () => {
    const host = createFakeHost([makeNote('a', NOTE)]);
    await renderPane(host, 'a');
    const toggle = screen.getByRole('button', { name: /^Properties/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.textContent).toBe('Properties8');
    expect(screen.queryByRole('textbox', { name: 'status' })).toBeNull();
    fireEvent.click(toggle);
    expect(screen.getByRole('textbox', { name: 'status' })).toBeTruthy();
  });
});

describe('the frontmatter block read from the editor’s first lines', () => {
  it('is what frontmatterSource reads from the whole text, or undefined when the lines cannot tell', () => {
    const body = '\n# Body\n\ntext --- and ...\n---\nmore';
    const texts = [
      '---\ntitle: A\ntags: [x]\n---' + body,
      '---\ntitle: A\n...\n' + body,
      '---\n---\nno properties',
      '---  \ntitle: A\n---\t',
      '---\r\ntitle: A\r\n---\r\nCRLF',
      '--- x\ntitle: A\n---\n',
      '# No frontmatter\n---\n',
      '',
    ];
    for (const text of texts) {
      const crlf = text.includes('\r\n') ? [EditorState.lineSeparator.of('\r\n')] : [];
      const read = frontmatterOfState(EditorState.create({ doc: text, extensions: crlf }));
      expect(read === undefined ? frontmatterSource(text) : read, JSON.stringify(text)).toBe(
        frontmatterSource(text),
      );
      if (!text.startsWith('---\n---') && text.includes('\n---')) expect(read).not.toBeUndefined();
    }
    // Never closed: only the whole text can say.
    expect(frontmatterOfState(EditorState.create({ doc: '---\ntitle: A\nbody' }))).toBeUndefined();
  });
});
