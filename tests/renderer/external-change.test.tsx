// @vitest-environment happy-dom
import { EditorView } from '@codemirror/view';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../src-renderer/src/api/create-services';
import type { Note } from '../../src-renderer/src/api/quire-api';
import { ServicesContext, type ConnectionStore } from '../../src-renderer/src/api/services-context';
import { EditorPane } from '../../src-renderer/src/components/EditorPane';
import { useAutosave } from '../../src-renderer/src/hooks/useAutosave';
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

/** What a keystroke does: a user transaction at the end of the document. */
function type(text: string): void {
  const view = editorView();
  view.dispatch({
    changes: { from: view.state.doc.length, insert: text },
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
  it('keeps a keystroke typed after the external version arrived but before it was applied', async () => {
    const host = createFakeHost([makeNote('a', 'mine')]);
    await renderPane(host, 'a');
    expect(editorView().state.doc.toString()).toBe('mine');

    // Another window rewrites the note; this window fetches it, and the answer comes later.
    host.notes.set('a', { ...makeNote('a', 'theirs'), updatedAt: 5 });
    const fetched = deferred<Note>();
    host.get.mockImplementationOnce(() => fetched.promise);
    await act(async () => {
      host.emitChange(['a']);
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(host.get).toHaveBeenLastCalledWith({ id: 'a' });

    // Inside one act scope React holds its renders back: the fetched version arrives and is
    // accepted by the hook (nothing was typed yet), then a keystroke lands before React applies it.
    await act(async () => {
      fetched.resolve({ ...makeNote('a', 'theirs'), updatedAt: 5 });
      await vi.advanceTimersByTimeAsync(0);
      type('!');
    });
    expect(editorView().state.doc.toString()).toBe('mine!');

    // The user's version is saved and wins, as with any unsaved edit.
    await act(() => vi.advanceTimersByTimeAsync(DELAY));
    expect(host.update).toHaveBeenLastCalledWith({ id: 'a', body: 'mine!' });
    expect(host.notes.get('a')?.body).toBe('mine!');
    expect(editorView().state.doc.toString()).toBe('mine!');
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
