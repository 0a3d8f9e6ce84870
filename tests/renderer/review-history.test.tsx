// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toasts } from '../../src-renderer/src/ui/toast-store';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import { createFakeHost, hostError, makeNote } from './support/fake-host';
import { editorView, giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(() => {
  cleanup();
  for (const toast of toasts.getSnapshot()) toasts.dismiss(toast.id);
});
giveListboxesAHeight();

const MERGED = [
  '# Plan',
  'shared line',
  '<<<<<<< this device',
  'ours one',
  'ours two',
  '=======',
  'theirs',
  '>>>>>>> other device',
  'after',
].join('\n');

async function openNote(title: string): Promise<void> {
  fireEvent.click(screen.getByRole('option', { name: new RegExp(`^${title}`) }));
  await settle();
}

describe('Notes a sync merge flagged for review', () => {
  it('carry a badge in the list and a banner in the editor that marks them resolved', async () => {
    const host = createFakeHost([
      { ...makeNote('a', MERGED, 'Plan'), needsReview: true },
      makeNote('b', 'fine', 'Other'),
    ]);
    await renderApp(host);
    const row = screen.getByRole('option', { name: /^Plan/ });
    expect(within(row).getByText('Needs review')).toBeTruthy();
    expect(within(screen.getByRole('option', { name: /^Other/ })).queryByText('Needs review')).toBeNull();

    await openNote('Plan');
    const banner = screen.getByTestId('review-banner');
    expect(banner.getAttribute('role')).toBe('note');
    expect(banner.querySelector('.review-banner-text')?.textContent).toBe(
      'Sync kept two versions of some lines — choose with the Keep buttons above each conflict, or edit ' +
        'between the <<<<<<< markers, then Mark as resolved',
    );

    // Resolved first (Mark as resolved is refused while a block remains: conflict-actions.test.tsx).
    vi.spyOn(editorView(), 'focus').mockImplementation(() => undefined);
    fireEvent.click(screen.getByRole('button', { name: 'Keep this device' }));
    fireEvent.click(within(banner).getByRole('button', { name: 'Mark as resolved' }));
    await settle();
    expect(host.sync.markReviewed).toHaveBeenCalledExactlyOnceWith({ id: 'a' });
    expect(screen.queryByTestId('review-banner')).toBeNull();
    expect(within(screen.getByRole('option', { name: /^Plan/ })).queryByText('Needs review')).toBeNull();
    expect(screen.getByText('Marked as resolved')).toBeTruthy();
  });

  it('saves pending edits before marking resolved, and reports a failure', async () => {
    const host = createFakeHost([{ ...makeNote('a', MERGED, 'Plan'), needsReview: true }]);
    host.sync.markReviewed.mockRejectedValueOnce(hostError('NOTE_NOT_FOUND'));
    await renderApp(host);
    await openNote('Plan');
    const view = editorView();
    act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: 'resolved text' } }));
    fireEvent.click(screen.getByRole('button', { name: 'Mark as resolved' }));
    await settle();
    expect(host.update).toHaveBeenCalledWith(expect.objectContaining({ id: 'a', body: 'resolved text' }));
    expect(host.update.mock.invocationCallOrder[0]).toBeLessThan(
      host.sync.markReviewed.mock.invocationCallOrder[0]!,
    );
    expect(
      screen.getByText(`Couldn’t mark the note as resolved. ${REASON_WORDS.NOTE_NOT_FOUND.words}`),
    ).toBeTruthy();
    expect(screen.getByTestId('review-banner')).toBeTruthy();
  });

  it('highlights the conflict in the editor and jumps to the next marker', async () => {
    await renderApp(createFakeHost([{ ...makeNote('a', MERGED, 'Plan'), needsReview: true }]));
    await openNote('Plan');
    const editor = screen.getByTestId('editor');
    const text = (selector: string) => [...editor.querySelectorAll(selector)].map((l) => l.textContent);
    expect(text('.cm-conflict-marker')).toEqual(['<<<<<<< this device', '=======', '>>>>>>> other device']);
    expect(text('.cm-conflict-ours')).toEqual(['ours one', 'ours two']);
    expect(text('.cm-conflict-theirs')).toEqual(['theirs']);

    // happy-dom fires selectionchange synchronously, inside CodeMirror's own update; browsers do
    // not. Focus is checked as asked for, not performed.
    const focus = vi.spyOn(editorView(), 'focus').mockImplementation(() => undefined);
    fireEvent.click(screen.getByRole('button', { name: 'Next marker' }));
    expect(focus).toHaveBeenCalled();
    const { from, to } = editorView().state.selection.main;
    expect(editorView().state.sliceDoc(from, to)).toBe('<<<<<<< this device');

    // Once the markers are edited away, there is no next one to go to.
    const view = editorView();
    act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: 'clean' } }));
    expect(screen.queryByRole('button', { name: 'Next marker' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Mark as resolved' })).toBeTruthy();
  });
});
