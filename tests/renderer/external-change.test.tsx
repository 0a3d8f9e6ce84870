// @vitest-environment happy-dom
import { EditorView } from '@codemirror/view';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../src-renderer/src/api/create-services';
import type { NoteVersion } from '../../src-renderer/src/api/quire-api';
import { undo } from '@codemirror/commands';
import { ServicesContext, type ConnectionStore } from '../../src-renderer/src/api/services-context';
import { EditorPane } from '../../src-renderer/src/features/editor/EditorPane';
import { useAutosave } from '../../src-renderer/src/features/editor/useAutosave';
import { createFakeHost, makeNote, type FakeHost } from './support/fake-host';

const DELAY = 400;
const connected: ConnectionStore = { getSnapshot: () => 'connected', subscribe: () => () => undefined };
const noop = () => undefined;

function Pane({ noteId }: { noteId: string }) {
  const autosave = useAutosave(DELAY);
  return (
    <EditorPane
      noteId={noteId}
      autosave={autosave}
      previewOpen={false}
      onTogglePreview={noop}
      onOpenLink={noop}
      onTrash={noop}
      onRestore={noop}
      onDeleteForever={noop}
      focusTitleOf={null}
      onTitleFocused={noop}
      onSignIn={noop}
    />
  );
}

async function renderPane(host: FakeHost, noteId: string): Promise<void> {
  render(
    <ServicesContext value={createServices(host.api, connected)}>
      <Pane noteId={noteId} />
    </ServicesContext>,
  );
  await act(() => vi.advanceTimersByTimeAsync(0));
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}

function editorView(): EditorView {
  const dom = screen.getByTestId('editor').querySelector<HTMLElement>('.cm-editor');
  const view = dom ? EditorView.findFromDOM(dom) : null;
  if (!view) throw new Error('no editor');
  return view;
}

/** A keystroke somewhere in the text. */
function typeAt(from: number, text: string): void {
  editorView().dispatch({
    changes: { from, insert: text },
    selection: { anchor: from + text.length },
    userEvent: 'input.type',
  });
}

/** What a keystroke does: a user transaction at the end of the document. */
function type(text: string): void {
  const view = editorView();
  view.dispatch({
    changes: { from: view.state.doc.length, insert: text },
    selection: { anchor: view.state.doc.length + text.length },
    userEvent: 'input.type',
  });
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('EditorPane: an external change racing a keystroke', () => {
  it('E9: a keystroke typed after the external version arrived but before React showed it is merged, not lost', async () => {
    const host = createFakeHost([makeNote('a', 'mine')]);
    await renderPane(host, 'a');
    expect(editorView().state.doc.toString()).toBe('mine');

    // Another window rewrites the note; this window fetches it, and the answer comes later.
    host.notes.set('a', { ...makeNote('a', 'mine, and theirs'), updatedAt: 5 });
    const fetched = deferred<NoteVersion>();
    host.get.mockImplementationOnce(() => fetched.promise);
    await act(async () => {
      host.emitChange(['a']);
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(host.get).toHaveBeenLastCalledWith({ id: 'a' });

    // Inside one act scope React holds its renders back: the fetched version arrives and is
    // taken in by the session (nothing typed yet), then a keystroke lands at the start.
    await act(async () => {
      fetched.resolve({
        ...makeNote('a', 'mine, and theirs'),
        updatedAt: 5,
        revision: 99,
        writtenBy: 'local',
      });
      await vi.advanceTimersByTimeAsync(0);
      typeAt(0, '> ');
    });
    expect(editorView().state.doc.toString()).toBe('> mine, and theirs');

    // Saved over the version it was merged with: both edits stay, on screen and on the host.
    await act(() => vi.advanceTimersByTimeAsync(DELAY));
    expect(host.update).toHaveBeenLastCalledWith(
      expect.objectContaining({
        id: 'a',
        body: '> mine, and theirs',
        base: expect.objectContaining({ revision: 99 }),
      }),
    );
    expect(host.notes.get('a')?.body).toBe('> mine, and theirs');
    expect(editorView().state.doc.toString()).toBe('> mine, and theirs');
  });

  it('E9: unsaved typing and an external edit elsewhere in the text are both kept', async () => {
    const host = createFakeHost([makeNote('a', 'line one\nline two\nline three')]);
    await renderPane(host, 'a');
    type(' (mine)');
    host.notes.set('a', { ...makeNote('a', 'line one (theirs)\nline two\nline three'), updatedAt: 5 });
    await act(async () => {
      host.emitChange(['a']);
      await vi.advanceTimersByTimeAsync(0);
    });
    const merged = 'line one (theirs)\nline two\nline three (mine)';
    expect(editorView().state.doc.toString()).toBe(merged);
    // E8: the cursor stays right after what the user typed.
    expect(editorView().state.selection.main.head).toBe(merged.length);
    await act(() => vi.advanceTimersByTimeAsync(DELAY));
    expect(host.notes.get('a')?.body).toBe(merged);
  });

  it('E8: an external version is applied as changed ranges: the cursor between them and undo stay', async () => {
    const host = createFakeHost([makeNote('a', 'alpha\nbeta\ngamma')]);
    await renderPane(host, 'a');
    const view = editorView();
    // The user types in the middle line and saves.
    view.dispatch({ selection: { anchor: 'alpha\nbeta'.length } });
    view.dispatch({ changes: { from: 'alpha\nbeta'.length, insert: '!' }, userEvent: 'input.type' });
    await act(() => vi.advanceTimersByTimeAsync(DELAY));
    const cursor = view.state.selection.main.head;
    // Another device changes the first and the last line.
    host.notes.set('a', { ...makeNote('a', 'ALPHA\nbeta!\ngamma 2'), updatedAt: 9 });
    await act(async () => {
      host.emitChange(['a']);
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(view.state.doc.toString()).toBe('ALPHA\nbeta!\ngamma 2');
    expect(view.state.selection.main.head).toBe(cursor);
    // Undo takes back the user's own keystroke only, not the other device's edits.
    undo(view);
    expect(view.state.doc.toString()).toBe('ALPHA\nbeta\ngamma 2');
  });

  it('still applies an external version when nothing was typed meanwhile', async () => {
    const host = createFakeHost([makeNote('a', 'mine')]);
    await renderPane(host, 'a');
    host.notes.set('a', { ...makeNote('a', 'theirs'), updatedAt: 5 });
    await act(async () => {
      host.emitChange(['a']);
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(editorView().state.doc.toString()).toBe('theirs');
    await act(() => vi.advanceTimersByTimeAsync(DELAY));
    expect(host.update).not.toHaveBeenCalled();
  });
});
