// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toasts } from '../../src-renderer/src/ui/toast-store';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import {
  SIGNED_OUT,
  createFakeHost,
  hostError,
  makeNote,
  makeRevision,
  syncStatus,
} from './support/fake-host';
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

describe('Version history', () => {
  const note = { ...makeNote('a', '# Plan\ncurrent text', 'Plan'), updatedAt: Date.now() };

  function hostWithHistory() {
    const host = createFakeHost([note]);
    host.sync.status = syncStatus();
    host.sync.revisions.set('a', [
      makeRevision(note, 'r2', Date.now() - 60 * 60_000, { body: '# Plan\nyesterday’s text' }),
      {
        ...makeRevision(note, 'r1', Date.now() - 3 * 24 * 60 * 60_000, { body: '# Plan\nthe first draft' }),
        replacedByDevice: null,
      },
    ]);
    return host;
  }

  async function openHistory(host = hostWithHistory()) {
    await renderApp(host);
    await openNote('Plan');
    fireEvent.click(screen.getByRole('button', { name: 'Version history' }));
    await settle();
    return host;
  }

  const historyDialog = () => screen.getByRole('dialog', { name: 'Version history' });

  it('lists the kept versions with time, device, first line and size, and previews the selected one', async () => {
    const host = await openHistory();
    expect(host.sync.history).toHaveBeenCalledWith({ id: 'a' });
    const list = within(historyDialog()).getByRole('listbox', { name: 'Versions' });
    const options = within(list).getAllByRole('option');
    expect(options).toHaveLength(3);
    expect(options[0]?.textContent).toMatch(/^Current version/);
    expect(options[1]?.textContent).toMatch(
      /^(Today|Yesterday), .*Replaced by Phone · 25 Byesterday’s text$/,
    );
    expect(options[2]?.textContent).toContain('Replaced by a removed device');
    expect(options[2]?.textContent).toContain('the first draft');
    // The newest earlier version is selected and shown.
    expect(options[1]?.getAttribute('aria-selected')).toBe('true');
    const preview = within(historyDialog()).getByRole('region', { name: 'Preview of the selected version' });
    expect(within(preview).getByLabelText('Text of the selected version').textContent).toBe(
      '# Plan\nyesterday’s text',
    );

    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(options[2]?.getAttribute('aria-selected')).toBe('true');
    expect(within(preview).getByLabelText('Text of the selected version').textContent).toBe(
      '# Plan\nthe first draft',
    );
    fireEvent.keyDown(list, { key: 'Home' });
    expect(within(historyDialog()).getByRole('button', { name: 'Restore this version' })).toHaveProperty(
      'disabled',
      true,
    );
  });

  it('restores the selected version into the editor', async () => {
    const host = await openHistory();
    fireEvent.click(within(historyDialog()).getAllByRole('option')[2]!);
    fireEvent.click(within(historyDialog()).getByRole('button', { name: 'Restore this version' }));
    await settle();
    // E1: the restore names the version on screen as its base.
    expect(host.sync.restoreRevision).toHaveBeenCalledExactlyOnceWith({
      id: 'a',
      revisionId: 'r1',
      base: expect.objectContaining({ id: 'a' }),
    });
    expect(screen.queryByRole('dialog', { name: 'Version history' })).toBeNull();
    // The editor's text, not its DOM: Live Preview hides the heading's `# ` mark off the cursor line.
    expect(editorView().state.sliceDoc()).toBe('# Plan\nthe first draft');
    expect(screen.getByText(/^Restored the version from /)).toBeTruthy();
  });

  it('keeps the dialog open and says why when a restore fails', async () => {
    const host = hostWithHistory();
    host.sync.restoreRevision.mockRejectedValueOnce(hostError('NETWORK'));
    await openHistory(host);
    fireEvent.click(within(historyDialog()).getByRole('button', { name: 'Restore this version' }));
    await settle();
    expect(within(historyDialog()).getByRole('alert').textContent).toBe(
      `Couldn’t restore this version. ${REASON_WORDS.NETWORK.words}`,
    );
  });

  it('when signed out, explains that history comes with sync and offers to sign in', async () => {
    const host = hostWithHistory();
    host.sync.status = SIGNED_OUT;
    await openHistory(host);
    expect(host.sync.history).not.toHaveBeenCalled();
    expect(within(historyDialog()).getByText('Version history comes with sync')).toBeTruthy();
    fireEvent.click(within(historyDialog()).getByRole('button', { name: 'Sign in…' }));
    await settle();
    expect(screen.queryByRole('dialog', { name: 'Version history' })).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Sync your notes' })).toBeTruthy();
  });

  it('says why the history cannot be loaded, in the words of the reason, with Try again', async () => {
    const host = hostWithHistory();
    host.sync.history.mockRejectedValueOnce(hostError('NETWORK'));
    await openHistory(host);
    expect(within(historyDialog()).getByRole('alert').textContent).toBe(
      `${REASON_WORDS.NETWORK.words} Try again`,
    );
    fireEvent.click(within(historyDialog()).getByRole('button', { name: 'Try again' }));
    await settle();
    expect(within(historyDialog()).getAllByRole('option')).toHaveLength(3);
  });
});
