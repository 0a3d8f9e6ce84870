// @vitest-environment happy-dom
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../src-renderer/src/api/create-services';
import { ServicesContext, type ConnectionStore } from '../../src-renderer/src/api/services-context';
import { useAutosave } from '../../src-renderer/src/features/editor/useAutosave';
import { useNoteSession } from '../../src-renderer/src/features/editor/useNoteSession';
import type { NoteSession } from '../../src-renderer/src/features/editor/note-session';
import type { NoteVersion } from '../../src-renderer/src/api/quire-api';
import { AutosaveController, type NotePatch } from '../../src-renderer/src/features/editor/autosave';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import { createFakeHost, hostError, makeNote, type FakeHost } from './support/fake-host';

const DELAY = 400;

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function controllerWith(save: (id: string, patch: NotePatch) => Promise<unknown>, isPermanent = () => false) {
  return new AutosaveController({
    save,
    delayMs: DELAY,
    describeError: () => 'failed',
    isPermanent,
    retryDelayMs: 1_000,
  });
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('AutosaveController', () => {
  it('debounces a burst of keystrokes into one save of the last text', async () => {
    const save = vi.fn((_id: string, _patch: NotePatch) => Promise.resolve());
    const autosave = controllerWith(save);
    autosave.edit('a', { body: 'H' });
    await vi.advanceTimersByTimeAsync(DELAY - 1);
    autosave.edit('a', { body: 'He' });
    await vi.advanceTimersByTimeAsync(DELAY - 1);
    autosave.edit('a', { body: 'Hey' });
    expect(save).not.toHaveBeenCalled();
    expect(autosave.getSnapshot().status).toBe('pending');

    await vi.advanceTimersByTimeAsync(DELAY);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith('a', { body: 'Hey' });
    expect(autosave.getSnapshot().status).toBe('saved');
    expect(autosave.hasUnsavedChanges('a')).toBe(false);
  });

  it('flush() saves at once and resolves only when the host has answered', async () => {
    const answer = deferred();
    const save = vi.fn(() => answer.promise);
    const autosave = controllerWith(save);
    autosave.edit('a', { body: 'draft' });

    let flushed = false;
    const flushing = autosave.flush().then(() => (flushed = true));
    expect(save).toHaveBeenCalledWith('a', { body: 'draft' });
    expect(autosave.getSnapshot().status).toBe('saving');
    await vi.advanceTimersByTimeAsync(0);
    expect(flushed).toBe(false);

    answer.resolve();
    await flushing;
    expect(autosave.getSnapshot().status).toBe('saved');
    // The debounce timer was cancelled: nothing is saved twice.
    await vi.advanceTimersByTimeAsync(DELAY * 2);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('never loses the last keystroke typed while a save is in flight', async () => {
    const first = deferred();
    const saved: string[] = [];
    const save = vi.fn((_id: string, patch: NotePatch) => {
      saved.push(patch.body ?? '');
      return saved.length === 1 ? first.promise : Promise.resolve();
    });
    const autosave = controllerWith(save);
    autosave.edit('a', { body: 'one' });
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(saved).toEqual(['one']);

    autosave.edit('a', { body: 'one two' });
    await vi.advanceTimersByTimeAsync(DELAY);
    // Saves are serialised: the second waits for the first, so an old text can't land last.
    expect(saved).toEqual(['one']);
    expect(autosave.hasUnsavedChanges('a')).toBe(true);

    first.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual(['one', 'one two']);
    expect(autosave.hasUnsavedChanges('a')).toBe(false);
  });

  it('keeps a failed save and retries it, with newer edits winning', async () => {
    let fail = true;
    const save = vi.fn((_id: string, _patch: NotePatch) =>
      fail ? Promise.reject(new Error('offline')) : Promise.resolve(),
    );
    const autosave = controllerWith(save);
    autosave.edit('a', { title: 'T', body: 'v1' });
    await autosave.flush();
    expect(autosave.getSnapshot()).toEqual({ status: 'error', error: 'failed', retrying: true });
    expect(autosave.hasUnsavedChanges('a')).toBe(true);

    autosave.edit('a', { body: 'v2' });
    fail = false;
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(save).toHaveBeenLastCalledWith('a', { title: 'T', body: 'v2' });
    expect(autosave.getSnapshot()).toEqual({ status: 'saved', error: null, retrying: false });
  });

  it('retries on its own with back-off when nothing else happens', async () => {
    let calls = 0;
    const save = vi.fn(() => (++calls < 3 ? Promise.reject(new Error('offline')) : Promise.resolve()));
    const autosave = controllerWith(save);
    autosave.edit('a', { body: 'x' });
    await vi.advanceTimersByTimeAsync(DELAY);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(save).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(save).toHaveBeenCalledTimes(3);
    expect(autosave.getSnapshot().status).toBe('saved');
  });

  it('drops a patch the host can never accept, and says so', async () => {
    const save = vi.fn(() => Promise.reject(hostError('NOTE_NOT_FOUND')));
    const autosave = controllerWith(save, () => true);
    autosave.edit('a', { body: 'x' });
    await autosave.flush();
    expect(autosave.hasUnsavedChanges('a')).toBe(false);
    expect(autosave.getSnapshot()).toEqual({ status: 'error', error: 'failed', retrying: false });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('commits a title together with pending text, immediately', async () => {
    const save = vi.fn((_id: string, _patch: NotePatch) => Promise.resolve());
    const autosave = controllerWith(save);
    autosave.edit('a', { body: 'text' });
    await autosave.commit('a', { title: 'Renamed' });
    expect(save).toHaveBeenCalledExactlyOnceWith('a', { body: 'text', title: 'Renamed' });
    expect(autosave.editCount('a')).toBe(2);
  });

  it('takes in drafts held elsewhere on flush(), but not on the debounce', async () => {
    const save = vi.fn((_id: string, _patch: NotePatch) => Promise.resolve());
    const autosave = controllerWith(save);
    let draft: { noteId: string; patch: NotePatch } | null = { noteId: 'a', patch: { title: 'Half-typed' } };
    const remove = autosave.addDraftSource(() => draft);
    autosave.edit('a', { body: 'text' });
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(save).toHaveBeenCalledExactlyOnceWith('a', { body: 'text' });

    await autosave.flush();
    expect(save).toHaveBeenLastCalledWith('a', { title: 'Half-typed' });
    draft = null;
    await autosave.flush();
    expect(save).toHaveBeenCalledTimes(2);

    draft = { noteId: 'a', patch: { title: 'Gone' } };
    remove();
    await autosave.flush();
    expect(save).toHaveBeenCalledTimes(2);
  });
});

const connected: ConnectionStore = { getSnapshot: () => 'connected', subscribe: () => () => undefined };

function wrapperFor(host: FakeHost) {
  const services = createServices(host.api, connected);
  return ({ children }: { children: ReactNode }) => (
    <ServicesContext value={services}>{children}</ServicesContext>
  );
}

describe('useAutosave', () => {
  it.each([
    ['pagehide', () => window.dispatchEvent(new Event('pagehide'))],
    ['beforeunload', () => window.dispatchEvent(new Event('beforeunload'))],
    [
      'visibilitychange to hidden',
      () => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
        document.dispatchEvent(new Event('visibilitychange'));
      },
    ],
  ])('saves pending edits at once on %s', (_name, leave) => {
    const host = createFakeHost([makeNote('a')]);
    const { result } = renderHook(() => useAutosave(DELAY), { wrapper: wrapperFor(host) });
    // As the editor does it: the open note's session holds the text, the queue saves it.
    const session = result.current.sessions.open({ ...makeNote('a'), revision: 1, writtenBy: 'local' });
    act(() => {
      session.edit({ body: 'last words' });
      result.current.controller.edit('a', { body: 'last words' });
    });
    expect(host.update).not.toHaveBeenCalled();

    leave();
    expect(host.update).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'a', body: 'last words', base: expect.objectContaining({ id: 'a' }) }),
    );
    Reflect.deleteProperty(document, 'visibilityState');
  });

  it('in a browser tab, asks before leaving while a save is still out', async () => {
    const host = createFakeHost([makeNote('a')]);
    const { result } = renderHook(() => useAutosave(DELAY), { wrapper: wrapperFor(host) });
    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    act(() => result.current.controller.edit('a', { body: 'unsent' }));
    expect(leave()).toBe(true);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(leave()).toBe(false);
  });

  it('exposes window.__quireFlushPendingSaves for the shell, and flushes on unmount', async () => {
    const host = createFakeHost([makeNote('a'), makeNote('b')]);
    const { result, unmount } = renderHook(() => useAutosave(DELAY), { wrapper: wrapperFor(host) });
    act(() => result.current.controller.edit('a', { body: 'before quit' }));

    await act(() => window.__quireFlushPendingSaves?.());
    expect(host.notes.get('a')?.body).toBe('before quit');
    expect(result.current.snapshot.status).toBe('saved');

    const session = result.current.sessions.open({ ...makeNote('b'), revision: 1, writtenBy: 'local' });
    act(() => {
      session.edit({ body: 'closing' });
      result.current.controller.edit('b', { body: 'closing' });
    });
    unmount();
    expect(host.update).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'b', body: 'closing' }));
    expect(window.__quireFlushPendingSaves).toBeUndefined();
  });

  it('shows the save status through the hook', async () => {
    const host = createFakeHost([makeNote('a')]);
    const { result } = renderHook(() => useAutosave(DELAY), { wrapper: wrapperFor(host) });
    expect(result.current.snapshot.status).toBe('saved');
    act(() => result.current.controller.edit('a', { body: 'x' }));
    expect(result.current.snapshot.status).toBe('pending');
    await act(() => vi.advanceTimersByTimeAsync(DELAY));
    expect(result.current.snapshot.status).toBe('saved');
  });
});

describe('opening notes with autosave', () => {
  function renderOpenNote(host: FakeHost) {
    const initialProps: { id: string | null } = { id: 'a' };
    const onMerged = vi.fn();
    const view = renderHook(
      ({ id }) => {
        const autosave = useAutosave(DELAY);
        return { autosave, open: useNoteSession(id, autosave, onMerged) };
      },
      { wrapper: wrapperFor(host), initialProps },
    );
    const session = (): NoteSession => {
      const state = view.result.current.open.state;
      if (state.status !== 'ready') throw new Error(`not ready: ${state.status}`);
      return state.session;
    };
    return { ...view, session, onMerged, autosave: () => view.result.current.autosave.controller };
  }

  it('flushes the previous note before loading the next one', async () => {
    const host = createFakeHost([makeNote('a', 'A'), makeNote('b', 'B')]);
    const { autosave, result, rerender, session } = renderOpenNote(host);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(result.current.open.state.status).toBe('ready');

    session().edit({ body: 'A, edited just before switching' });
    autosave().edit('a', { body: 'A, edited just before switching' });
    rerender({ id: 'b' });
    expect(result.current.open.state).toMatchObject({ status: 'loading', id: 'b', previous: { id: 'a' } });
    await act(() => vi.advanceTimersByTimeAsync(0));

    expect(host.notes.get('a')?.body).toBe('A, edited just before switching');
    const updateOrder = host.update.mock.invocationCallOrder[0] ?? Infinity;
    const getBOrder =
      host.get.mock.invocationCallOrder[host.get.mock.calls.findIndex(([i]) => i.id === 'b')] ?? -1;
    expect(updateOrder).toBeLessThan(getBOrder);
    expect(result.current.open.state).toMatchObject({ status: 'ready', id: 'b', note: { body: 'B' } });
  });

  it('E4: ignores the echo of its own save, so the text is not touched again', async () => {
    const host = createFakeHost([makeNote('a', 'start')]);
    const { autosave, result, session } = renderOpenNote(host);
    await act(() => vi.advanceTimersByTimeAsync(0));
    const before =
      result.current.open.state.status === 'ready' ? result.current.open.state.contentRevision : -1;

    session().edit({ body: 'start typing' });
    autosave().edit('a', { body: 'start typing' });
    await act(() => vi.advanceTimersByTimeAsync(DELAY));
    await act(async () => {
      host.emitChange(['a']);
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(result.current.open.state).toMatchObject({
      status: 'ready',
      contentRevision: before,
      note: { body: 'start typing' },
    });
    expect(session().hasUnsavedChanges()).toBe(false);
  });

  it('E9: takes an external change when there are no local edits, and merges one into unsaved edits', async () => {
    const host = createFakeHost([makeNote('a', 'mine')]);
    const { autosave, result, session, onMerged } = renderOpenNote(host);
    await act(() => vi.advanceTimersByTimeAsync(0));

    // Another window rewrites the note while this one is idle: the session takes it as it is.
    host.notes.set('a', { ...makeNote('a', 'theirs'), updatedAt: 5 });
    await act(async () => {
      host.emitChange(['a']);
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(session().text).toBe('theirs');
    expect(onMerged).not.toHaveBeenCalled();

    // Now with an unsaved local edit: the external change is merged into what is being typed.
    session().edit({ body: 'my typing: theirs' });
    autosave().edit('a', { body: 'my typing: theirs' });
    host.notes.set('a', { ...makeNote('a', 'theirs again'), updatedAt: 6 });
    await act(async () => {
      host.emitChange(['a']);
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(session().text).toBe('my typing: theirs again');
    expect(onMerged).toHaveBeenCalledWith('a', {
      from: 'another-window',
      conflicted: false,
      restored: false,
    });
    await act(() => vi.advanceTimersByTimeAsync(DELAY));
    expect(host.notes.get('a')?.body).toBe('my typing: theirs again');
    expect(result.current.open.state).toMatchObject({ note: { body: 'my typing: theirs again' } });
  });

  it('says why, instead of loading forever, when the open fails', async () => {
    const host = createFakeHost([makeNote('a', 'x')]);
    host.get.mockImplementationOnce(() => Promise.reject(hostError('INTERNAL_ERROR')));
    const { result } = renderOpenNote(host);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(result.current.open.state).toEqual({
      status: 'error',
      id: 'a',
      message: REASON_WORDS.INTERNAL_ERROR.words,
    });
  });

  it('says why when a refresh that overtook the open fails', async () => {
    const host = createFakeHost([makeNote('a', 'x')]);
    const opening = deferred<NoteVersion>();
    host.get
      .mockImplementationOnce(() => opening.promise)
      .mockImplementationOnce(() => Promise.reject(hostError('INTERNAL_ERROR')));
    const { result } = renderOpenNote(host);
    await act(() => vi.advanceTimersByTimeAsync(0));
    await act(async () => {
      host.emitChange(['a']);
      await vi.advanceTimersByTimeAsync(0);
    });
    opening.resolve({ ...makeNote('a', 'x'), revision: 1, writtenBy: 'local' });
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(result.current.open.state).toEqual({
      status: 'error',
      id: 'a',
      message: REASON_WORDS.INTERNAL_ERROR.words,
    });
  });

  it('reports a note deleted elsewhere as missing', async () => {
    const host = createFakeHost([makeNote('a', 'x')]);
    const { result } = renderOpenNote(host);
    await act(() => vi.advanceTimersByTimeAsync(0));
    host.notes.delete('a');
    await act(async () => {
      host.emitChange(['a']);
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(result.current.open.state).toEqual({ status: 'missing', id: 'a' });
  });
});
