// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isApple } from '../../src-renderer/src/lib/keyboard';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import { HeadingTracker, renamedHeading } from '../../src-renderer/src/features/refactor/heading-changes';
import { resultMessage } from '../../src-renderer/src/features/refactor';
import { createFakeHost, makeNote, type FakeHost } from './support/fake-host';
import { editorView, giveListboxesAHeight, renderApp, settle } from './support/render-app';

// The graph view's renderer (sigma) reads WebGL2's constants when imported; happy-dom has none.
vi.hoisted(() => {
  const scope = globalThis as { WebGL2RenderingContext?: unknown };
  scope.WebGL2RenderingContext ??= class {};
});

afterEach(cleanup);
giveListboxesAHeight();

async function openNote(title: string): Promise<void> {
  fireEvent.click(screen.getByRole('option', { name: new RegExp(`^${title}`) }));
  await settle();
}
const titleBox = () => screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' });
const toastNamed = (text: RegExp) =>
  screen.getAllByRole('status').find((toast) => text.test(toast.textContent ?? ''));

/** A vault where A and B link to Plan. */
function linkedVault(): FakeHost {
  return createFakeHost([
    { ...makeNote('plan', '# Goals\nThe plan.', 'Plan'), updatedAt: 30 },
    { ...makeNote('a', 'See [[Plan]] and [[Plan#Goals|goals]].', 'A'), updatedAt: 20 },
    { ...makeNote('b', 'Also [[Plan]].', 'B'), updatedAt: 10 },
    { ...makeNote('taken', 'x', 'Roadmap old'), updatedAt: 5 },
  ]);
}

async function renameTitle(to: string): Promise<void> {
  act(() => titleBox().focus());
  await settle();
  fireEvent.change(titleBox(), { target: { value: to } });
  fireEvent.keyDown(titleBox(), { key: 'Enter' });
  await settle();
}

describe('the title rename flow (E10)', () => {
  it('E10: renames a linked note once, on Enter, rewriting the links, with a toast that undoes it', async () => {
    const host = linkedVault();
    await renderApp(host);
    await openNote('Plan');
    act(() => titleBox().focus());
    await settle();
    for (const title of ['R', 'Ro', 'Roadmap']) fireEvent.change(titleBox(), { target: { value: title } });
    await act(() => new Promise((resolve) => setTimeout(resolve, 600)));
    // Held while typing: no half-typed title is saved over the links.
    expect(host.update).not.toHaveBeenCalledWith(expect.objectContaining({ title: expect.any(String) }));
    expect(host.refactor.renameNote).not.toHaveBeenCalled();
    fireEvent.keyDown(titleBox(), { key: 'Enter' });
    await settle();
    expect(host.refactor.renameNote).toHaveBeenCalledExactlyOnceWith({ id: 'plan', title: 'Roadmap' });
    expect(host.notes.get('a')?.body).toBe('See [[Roadmap]] and [[Roadmap#Goals|goals]].');
    expect(host.notes.get('b')?.body).toBe('Also [[Roadmap]].');
    expect(titleBox().value).toBe('Roadmap');
    const toast = toastNamed(/Renamed/);
    expect(toast?.textContent).toContain('Renamed · updated 3 links in 2 notes');

    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await settle();
    expect(host.refactor.undo).toHaveBeenCalledWith({ operationId: expect.any(String) });
    expect(host.notes.get('a')?.body).toBe('See [[Plan]] and [[Plan#Goals|goals]].');
    expect(host.notes.get('plan')?.title).toBe('Plan');
    expect(titleBox().value).toBe('Plan');
  });

  it('keeps saving an unlinked note’s title as you type, without a refactor', async () => {
    const host = linkedVault();
    await renderApp(host);
    await openNote('B');
    act(() => titleBox().focus());
    await settle();
    fireEvent.change(titleBox(), { target: { value: 'Bee' } });
    await act(() => new Promise((resolve) => setTimeout(resolve, 600)));
    expect(host.notes.get('b')?.title).toBe('Bee');
    fireEvent.blur(titleBox());
    await settle();
    expect(host.refactor.renameNote).not.toHaveBeenCalled();
  });

  it('says why a name is refused, in the reason’s words, and puts the saved title back', async () => {
    const host = linkedVault();
    await renderApp(host);
    await openNote('Plan');
    await renameTitle('roadmap OLD');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(REASON_WORDS.NOTE_NAME_TAKEN.words);
    expect(titleBox().value).toBe('Plan');
    expect(host.notes.get('a')?.body).toBe('See [[Plan]] and [[Plan#Goals|goals]].');
  });

  it('undoes the last rename from the keyboard (Mod+Alt+Z), and only once', async () => {
    const host = linkedVault();
    await renderApp(host);
    await openNote('Plan');
    await renameTitle('Roadmap');
    expect(host.notes.get('b')?.body).toBe('Also [[Roadmap]].');
    fireEvent.keyDown(document.body, {
      key: 'z',
      code: 'KeyZ',
      altKey: true,
      ctrlKey: !isApple,
      metaKey: isApple,
    });
    await settle();
    expect(host.notes.get('b')?.body).toBe('Also [[Plan]].');
    fireEvent.keyDown(document.body, {
      key: 'z',
      code: 'KeyZ',
      altKey: true,
      ctrlKey: !isApple,
      metaKey: isApple,
    });
    await settle();
    expect(host.refactor.undo).toHaveBeenCalledTimes(1);
    expect(toastNamed(/No rename to undo/)).toBeTruthy();
  });
});

describe('the heading rename offer', () => {
  it('offers to update the links when a saved edit renames a linked heading, and updates them', async () => {
    const host = linkedVault();
    await renderApp(host);
    await openNote('Plan');
    const view = editorView();
    act(() => view.dispatch({ changes: { from: 2, to: 7, insert: 'Aims' } }));
    await act(() => new Promise((resolve) => setTimeout(resolve, 700)));
    expect(host.refactor.headingLinkCount).toHaveBeenCalledWith({ id: 'plan', heading: 'Goals' });
    const offer = toastNamed(/Update 1 link to “Goals”\?/);
    expect(offer).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Update' }));
    await settle();
    expect(host.refactor.renameHeading).toHaveBeenCalledWith({ id: 'plan', from: 'Goals', to: 'Aims' });
    expect(host.notes.get('a')?.body).toBe('See [[Plan]] and [[Plan#Aims|goals]].');
  });

  it('follows a heading retyped over several saves back to the name links use', () => {
    const tracker = new HeadingTracker();
    expect(tracker.next('# Goals\n## Other')).toBeNull();
    expect(tracker.next('# Goal\n## Other')).toEqual({ from: 'Goals', to: 'Goal' });
    expect(tracker.next('# Aims\n## Other')).toEqual({ from: 'Goals', to: 'Aims' });
    expect(tracker.next('# Goals\n## Other')).toBeNull();
    expect(renamedHeading(['a', 'b'], ['x', 'y'])).toBeNull();
    expect(renamedHeading(['a'], ['a', 'b'])).toBeNull();
  });

  it('words results by what changed', () => {
    const result = { operationId: 'op', notesChanged: 3, linksRewritten: 1, linkedNotes: 1, skipped: 0 };
    expect(resultMessage('Renamed', { ...result, kind: 'rename-note' })).toBe(
      'Renamed · updated 1 link in 1 note',
    );
    expect(resultMessage('Tag renamed', { ...result, kind: 'rename-tag', linksRewritten: 4 })).toBe(
      'Tag renamed · updated 4 tags in 1 note',
    );
    expect(resultMessage('Moved', { ...result, kind: 'rename-note', linksRewritten: 0 })).toBe('Moved');
  });
});
