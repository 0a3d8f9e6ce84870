// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttachmentSummary } from '../../src-renderer/src/api/quire-api';
import { describeFailure } from '../../src-renderer/src/api/failures';
import { toasts } from '../../src-renderer/src/ui/toast-store';
import { describeReason } from '../../src-shared/errors/reason-words';
import { createFakeHost, hostError, makeNote, type FakeHost } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  for (const toast of toasts.getSnapshot()) toasts.dismiss(toast.id);
});
giveListboxesAHeight();

function summary(id: string, path: string, patch: Partial<AttachmentSummary> = {}): AttachmentSummary {
  return {
    id,
    path,
    hash: 'a'.repeat(64),
    size: 2048,
    mediaType: 'image/png',
    createdAt: 1,
    updatedAt: 1,
    deletedAt: 0,
    usedBy: [],
    local: true,
    ...patch,
  };
}

async function openView(summaries: AttachmentSummary[]): Promise<FakeHost> {
  const host = createFakeHost([
    makeNote('n1', 'See ![[beach.png]]', 'Holiday'),
    makeNote('n2', '', 'Budget'),
  ]);
  host.vault.state.summaries = summaries;
  await renderApp(host);
  fireEvent.click(screen.getByRole('button', { name: 'Attachments' }));
  await settle();
  return host;
}

const dialog = () => screen.getByRole('dialog', { name: 'Attachments' });
const row = (name: string) => within(dialog()).getByRole('row', { name: new RegExp(`^${name}`) });

describe('the attachments view', () => {
  it('lists each attachment with its folder, size, type and the notes that use it', async () => {
    await openView([
      summary('a1', 'assets/beach.png', { usedBy: ['n1', 'n2'], size: 1_536_000 }),
      summary('a2', 'paper.pdf', { mediaType: 'application/pdf', size: 900 }),
    ]);
    const beach = within(row('beach.png'));
    expect(beach.getByText('assets')).toBeTruthy();
    expect(beach.getByText('PNG image')).toBeTruthy();
    expect(beach.getByRole('button', { name: 'Holiday' })).toBeTruthy();
    expect(beach.getByRole('button', { name: 'Budget' })).toBeTruthy();
    const paper = within(row('paper.pdf'));
    expect(paper.getByText('Vault root')).toBeTruthy();
    expect(paper.getByText('PDF')).toBeTruthy();
    expect(paper.getByText('Unused')).toBeTruthy();
    expect(within(dialog()).getByText('2 attachments')).toBeTruthy();
  });

  it('says “Downloading…” for an attachment whose bytes are not on this device yet', async () => {
    await openView([summary('a1', 'synced.png', { local: false }), summary('a2', 'here.png')]);
    expect(within(row('synced.png')).getByText('Downloading…')).toBeTruthy();
    expect(within(row('here.png')).queryByText('Downloading…')).toBeNull();
  });

  it("B10: marks the file another device's different bytes moved aside, with the path it had", async () => {
    await openView([
      summary('a1', 'photo.png'),
      summary('a2', 'photo 1.png', { renamedFrom: 'photo.png', hash: 'b'.repeat(64) }),
    ]);
    expect(within(row('photo 1.png')).getByText('Kept both · was photo.png')).toBeTruthy();
    expect(within(row('photo.png')).queryByText(/Kept both/)).toBeNull();
  });

  it("B8: says an attachment sync holds back is not synced, with the reason's words", async () => {
    await openView([summary('a1', 'huge.mov', { notSynced: 'BLOB_TOO_LARGE' }), summary('a2', 'ok.png')]);
    const badge = within(row('huge.mov')).getByText('Not synced');
    expect(badge.getAttribute('title')).toBe(describeReason('BLOB_TOO_LARGE'));
    expect(within(row('ok.png')).queryByText('Not synced')).toBeNull();
  });

  it('“Unused” lists only what no note links to', async () => {
    await openView([summary('a1', 'used.png', { usedBy: ['n1'] }), summary('a2', 'orphan.png')]);
    fireEvent.click(within(dialog()).getByRole('tab', { name: 'Unused' }));
    await settle();
    expect(within(dialog()).queryByRole('row', { name: /^used\.png/ })).toBeNull();
    expect(row('orphan.png')).toBeTruthy();
    expect(within(dialog()).getByText(/Nothing is ever deleted on its own/)).toBeTruthy();
  });

  it('a note that uses an attachment opens on click, and the view closes', async () => {
    await openView([summary('a1', 'beach.png', { usedBy: ['n1'] })]);
    fireEvent.click(within(row('beach.png')).getByRole('button', { name: 'Holiday' }));
    await settle();
    expect(screen.queryByRole('dialog', { name: 'Attachments' })).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>('Note title').value).toBe('Holiday');
  });

  it('deletes only after the user confirms, and says so', async () => {
    const host = await openView([summary('a1', 'beach.png', { usedBy: ['n1'] })]);
    fireEvent.click(within(row('beach.png')).getByRole('button', { name: 'Delete beach.png' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete “beach.png”?' });
    expect(within(confirm).getByText(/A note links to it/)).toBeTruthy();
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(host.vault.deleteAttachment).not.toHaveBeenCalled();

    fireEvent.click(within(row('beach.png')).getByRole('button', { name: 'Delete beach.png' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    await settle();
    expect(host.vault.deleteAttachment).toHaveBeenCalledWith({ id: 'a1' });
    expect(within(dialog()).getByText('No attachments yet')).toBeTruthy();
    expect(toasts.getSnapshot().map((t) => t.message)).toContain('Deleted beach.png');
  });

  it('a refused delete shows the reason’s words and keeps the row', async () => {
    const host = await openView([summary('a1', 'beach.png')]);
    host.vault.deleteAttachment.mockRejectedValueOnce(hostError('ATTACHMENT_NOT_FOUND'));
    fireEvent.click(within(row('beach.png')).getByRole('button', { name: 'Delete beach.png' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    await settle();
    expect(toasts.getSnapshot().map((t) => t.message)).toEqual([
      `Couldn’t delete beach.png: ${describeReason('ATTACHMENT_NOT_FOUND')}`,
    ]);
    expect(row('beach.png')).toBeTruthy();
  });

  it('has an empty state, for the vault and for the unused filter', async () => {
    await openView([summary('a1', 'used.png', { usedBy: ['n1'] })]);
    fireEvent.click(within(dialog()).getByRole('tab', { name: 'Unused' }));
    await settle();
    expect(within(dialog()).getByText('Every attachment is in use')).toBeTruthy();
    cleanup();
    await openView([]);
    expect(within(dialog()).getByText('No attachments yet')).toBeTruthy();
  });

  it('pages through a long list', async () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      summary(`a${i}`, `img-${String(i).padStart(2, '0')}.png`),
    );
    const host = await openView(many);
    expect(within(dialog()).getByText('1–50 of 60')).toBeTruthy();
    expect(within(dialog()).getAllByRole('row')).toHaveLength(51);
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Next' }));
    await settle();
    expect(within(dialog()).getByText('51–60 of 60')).toBeTruthy();
    expect(row('img-59.png')).toBeTruthy();
    expect(within(dialog()).getByRole<HTMLButtonElement>('button', { name: 'Next' }).disabled).toBe(true);
    // What changes meanwhile arrives on the page shown.
    act(() => {
      host.vault.state.summaries = [...many, summary('b', 'zz-new.png')];
      host.vault.emitAttachments(['b']);
    });
    await settle();
    expect(within(dialog()).getByText('51–61 of 61')).toBeTruthy();
  });

  it('opens with Mod+Shift+A', async () => {
    const host = createFakeHost();
    await renderApp(host);
    fireEvent.keyDown(window, { key: 'A', shiftKey: true, ctrlKey: true });
    await settle();
    expect(screen.getByRole('dialog', { name: 'Attachments' })).toBeTruthy();
  });

  it("opens from the shell's File menu, as do Import folder and Export vault", async () => {
    const host = createFakeHost();
    await renderApp(host);
    act(() => host.menu('openAttachments'));
    await settle();
    expect(screen.getByRole('dialog', { name: 'Attachments' })).toBeTruthy();
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Close' }));
    await settle();
    act(() => host.menu('importFolder'));
    await settle();
    expect(screen.getByRole('dialog', { name: 'Import folder' })).toBeTruthy();
  });
});

describe('attachment settings', () => {
  async function openSettings(): Promise<FakeHost> {
    const host = createFakeHost();
    await renderApp(host);
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await settle();
    return host;
  }

  it('show the host’s folder and link style, and save a new folder on Enter', async () => {
    const host = await openSettings();
    const folder = screen.getByLabelText<HTMLInputElement>('Attachments folder');
    expect(folder.value).toBe('attachments');
    fireEvent.change(folder, { target: { value: './media' } });
    fireEvent.submit(folder);
    await settle();
    expect(host.vault.setAttachmentSettings).toHaveBeenCalledWith({ folder: './media' });
    expect(host.vault.state.attachmentSettings.folder).toBe('./media');
  });

  it('switch pasted files to markdown links', async () => {
    const host = await openSettings();
    fireEvent.change(screen.getByLabelText('Link pasted files as'), { target: { value: 'markdown' } });
    await settle();
    expect(host.vault.setAttachmentSettings).toHaveBeenCalledWith({ linkStyle: 'markdown' });
  });

  it('a refused folder shows why', async () => {
    const host = await openSettings();
    host.vault.setAttachmentSettings.mockRejectedValueOnce(hostError('INVALID_INPUT'));
    const folder = screen.getByLabelText('Attachments folder');
    fireEvent.change(folder, { target: { value: 'x'.repeat(20) } });
    fireEvent.blur(folder);
    await settle();
    const menu = screen.getByRole('dialog', { name: 'Settings' });
    expect(within(menu).getByRole('alert').textContent).toBe(describeFailure(hostError('INVALID_INPUT')));
  });
});
