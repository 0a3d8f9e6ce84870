// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
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
  type FakeHost,
} from './support/fake-host';
import { editorView, giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(() => {
  cleanup();
  localStorage.clear();
  for (const toast of toasts.getSnapshot()) toasts.dismiss(toast.id);
});
giveListboxesAHeight();

const HOUR = 60 * 60_000;
const CURRENT = '# Plan\nshared\ncurrent text of the plan\n';

function hostWithHistory(signedIn = true): FakeHost {
  const now = Date.now();
  const note = { ...makeNote('a', CURRENT, 'Plan'), updatedAt: now };
  const host = createFakeHost([note]);
  host.sync.status = signedIn ? syncStatus() : SIGNED_OUT;
  host.sync.revisions.set('a', [
    makeRevision(note, 'r1', now - 3 * 24 * HOUR, { body: '# Plan\nthe first draft\n' }),
  ]);
  host.snapshots.keep({ ...note, body: '# Plan\nshared\nan older text\n' }, 'edit', now - 2 * HOUR);
  host.snapshots.keep(
    { ...note, body: '# Plan\nshared\nyesterday’s text of the plan\nmore\n' },
    'merge',
    now - HOUR,
  );
  return host;
}

async function openHistory(host: FakeHost): Promise<HTMLElement> {
  await renderApp(host);
  fireEvent.click(screen.getByRole('option', { name: /^Plan/ }));
  await settle();
  fireEvent.click(screen.getByRole('button', { name: 'Version history' }));
  await settle();
  return screen.getByRole('dialog', { name: 'Version history' });
}

/** The diff's rows as text, `+`/`−` first, as a reader of the inline view sees them. */
function diffRows(dialog: HTMLElement): string[] {
  const table = within(dialog).getByRole('table');
  return within(table)
    .getAllByRole('row')
    .map((row) => row.textContent?.replace(/\u200b/g, '') ?? '');
}

describe('Version history', () => {
  it('mixes local snapshots and server revisions newest first, each with its origin and change size', async () => {
    const host = hostWithHistory();
    const dialog = await openHistory(host);
    expect(host.snapshots.list).toHaveBeenCalledWith({ id: 'a' });
    const options = within(within(dialog).getByRole('listbox', { name: 'Versions' })).getAllByRole('option');
    expect(options.map((o) => o.querySelector('.history-item-meta')?.textContent)).toEqual([
      expect.any(String),
      'On this device · before a merge',
      'On this device · while editing',
      'Sync server · replaced by Phone',
    ]);
    expect(options[0]?.textContent).toMatch(/^Current version/);
    // The merge snapshot replaced one line and added one against the snapshot before it.
    expect(within(options[1]!).getByLabelText('2 lines added, 1 removed').textContent).toBe('+2 −1');
    expect(options[1]?.getAttribute('aria-selected')).toBe('true');
  });

  it('shows the selected version against the current text, inline with +/− rows', async () => {
    const dialog = await openHistory(hostWithHistory());
    expect(diffRows(dialog)).toEqual([
      '11 # Plan',
      '22 shared',
      '3−Removed: yesterday’s text of the plan',
      '4−Removed: more',
      '3+Added: current text of the plan',
    ]);
    // Word highlights: the changed word is marked inside the paired line.
    const marks = within(dialog).getByRole('table').querySelectorAll('mark');
    expect([...marks].map((m) => m.textContent)).toEqual(['yesterday’s', 'current']);
  });

  it('compares with the previous version, side by side, and remembers the layout', async () => {
    const host = hostWithHistory();
    const dialog = await openHistory(host);
    fireEvent.click(within(dialog).getByRole('button', { name: 'With previous' }));
    await settle();
    // Against the 'while editing' snapshot, whose text is loaded when it is needed.
    expect(host.snapshots.get).toHaveBeenCalledWith({ id: 'a', snapshotId: 1 });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Side by side' }));
    const table = within(dialog).getByRole('table', {
      name: 'Changes from the previous version to this version',
    });
    const cells = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.children].map((cell) => cell.textContent?.replace(/\u200b/g, '') ?? ''));
    expect(cells).toEqual([
      ['1 # Plan', '1 # Plan'],
      ['2 shared', '2 shared'],
      ['3−Removed: an older text', '3+Added: yesterday’s text of the plan'],
      ['', '4+Added: more'],
    ]);
    expect(within(dialog).getByRole('button', { name: 'Side by side' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    // Closed and opened again: still side by side.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Version history' }));
    await settle();
    const again = screen.getByRole('dialog', { name: 'Version history' });
    expect(within(again).getByRole('button', { name: 'Side by side' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
  });

  it('E11: Enter asks to confirm, then restores the snapshot over the version on screen', async () => {
    const host = hostWithHistory();
    const dialog = await openHistory(host);
    const list = within(dialog).getByRole('listbox', { name: 'Versions' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'Enter' });
    const confirm = screen.getByRole('alertdialog', { name: 'Restore this version?' });
    expect(host.snapshots.restore).not.toHaveBeenCalled();
    fireEvent.click(within(confirm).getByRole('button', { name: 'Restore' }));
    await settle();
    // E1: the restore names the version on screen as its base.
    expect(host.snapshots.restore).toHaveBeenCalledExactlyOnceWith({
      id: 'a',
      base: expect.objectContaining({ id: 'a', body: CURRENT }),
      from: { kind: 'snapshot', snapshotId: 1 },
    });
    expect(screen.queryByRole('dialog', { name: 'Version history' })).toBeNull();
    expect(editorView().state.sliceDoc()).toBe('# Plan\nshared\nan older text\n');
    expect(screen.getByText(/^Restored the version from /)).toBeTruthy();
    // The text it replaced is kept, so the restore can be undone by restoring again.
    expect(host.snapshots.byNote.get('a')?.[0]).toMatchObject({ reason: 'restore', body: CURRENT });
  });

  it('restores a server revision through the same call, and says why when it fails', async () => {
    const host = hostWithHistory();
    const dialog = await openHistory(host);
    fireEvent.click(within(dialog).getAllByRole('option')[3]!);
    host.snapshots.restore.mockRejectedValueOnce(hostError('NETWORK'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Restore this version' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Restore' }));
    await settle();
    expect(host.snapshots.restore).toHaveBeenCalledWith(
      expect.objectContaining({ from: { kind: 'revision', revisionId: 'r1' } }),
    );
    expect(within(dialog).getByRole('alert').textContent).toBe(
      `Couldn’t restore this version. ${REASON_WORDS.NETWORK.words}`,
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Restore this version' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Restore' }));
    await settle();
    expect(host.sync.restoreRevision).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'a', revisionId: 'r1', base: expect.objectContaining({ id: 'a' }) }),
    );
    expect(editorView().state.sliceDoc()).toBe('# Plan\nthe first draft\n');
  });

  it('copies the selected version’s text', async () => {
    const writeText = vi.fn((_text: string) => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    const dialog = await openHistory(hostWithHistory());
    fireEvent.click(within(dialog).getAllByRole('option')[2]!);
    await settle();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy text' }));
    await settle();
    expect(writeText).toHaveBeenCalledExactlyOnceWith('# Plan\nshared\nan older text\n');
    expect(screen.getByText('Copied the text of this version.')).toBeTruthy();
  });

  it('signed out, shows this device’s snapshots and offers sign-in for the server’s', async () => {
    const host = hostWithHistory(false);
    const dialog = await openHistory(host);
    expect(host.sync.history).not.toHaveBeenCalled();
    expect(within(dialog).getAllByRole('option')).toHaveLength(3);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    await settle();
    expect(screen.getByRole('dialog', { name: 'Sync your notes' })).toBeTruthy();
  });

  it('with nothing kept yet, explains when versions are kept', async () => {
    const host = createFakeHost([{ ...makeNote('a', 'text', 'Plan'), updatedAt: Date.now() }]);
    const dialog = await openHistory(host);
    expect(within(dialog).getByText('No earlier versions yet')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Sign in…' })).toBeTruthy();
  });

  it('says why the server’s history cannot be loaded, with Try again', async () => {
    const host = hostWithHistory();
    host.sync.history.mockRejectedValueOnce(hostError('NETWORK'));
    const dialog = await openHistory(host);
    expect(within(dialog).getByRole('alert').textContent).toBe(`${REASON_WORDS.NETWORK.words} Try again`);
    expect(within(dialog).getAllByRole('option')).toHaveLength(3);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Try again' }));
    await settle();
    expect(within(dialog).getAllByRole('option')).toHaveLength(4);
  });

  it('folds long unchanged runs and unfolds them on request', async () => {
    const long = Array.from({ length: 60 }, (_, i) => `line ${i + 1}`).join('\n');
    const note = { ...makeNote('a', `${long}\nend`, 'Plan'), updatedAt: Date.now() };
    const host = createFakeHost([note]);
    host.snapshots.keep({ ...note, body: `${long}\nthe old end` }, 'refactor', Date.now() - HOUR);
    const dialog = await openHistory(host);
    expect(within(dialog).getAllByRole('option')[1]?.textContent).toContain('before a rename');
    const fold = within(dialog).getByRole('button', { name: '⋯ 57 unchanged lines' });
    expect(diffRows(dialog)).toHaveLength(1 + 3 + 2);
    fireEvent.click(fold);
    expect(diffRows(dialog)).toHaveLength(60 + 2);
  });
});
