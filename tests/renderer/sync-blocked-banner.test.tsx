// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src-renderer/src/api/create-services';
import { ServicesContext, type ConnectionStore } from '../../src-renderer/src/api/services-context';
import { SyncBlockedBanner } from '../../src-renderer/src/features/sync/SyncBlockedBanner';
import { REASON_WORDS, setAsideWords } from '../../src-shared/errors/reason-words';
import { createFakeHost, makeNote, syncStatus, type FakeHost } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(cleanup);
giveListboxesAHeight();

const connected: ConnectionStore = { getSnapshot: () => 'connected', subscribe: () => () => undefined };

const INVALID_WORDS = `This note could not be synced: ${REASON_WORDS.INVALID_DOCUMENT.noteWords}`;

async function renderBanner(host: FakeHost, noteId: string): Promise<void> {
  render(
    <ServicesContext value={createServices(host.api, connected)}>
      <SyncBlockedBanner noteId={noteId} />
    </ServicesContext>,
  );
  await settle();
}

describe('A note sync set aside (R10, R16)', () => {
  it('R16: shows the words for INVALID_DOCUMENT on that note, and nothing on the others', async () => {
    const host = createFakeHost();
    host.sync.status = syncStatus({
      setAside: [{ id: 'poisoned', reason: 'INVALID_DOCUMENT' }],
      setAsideCount: 1,
    });
    await renderBanner(host, 'poisoned');
    const banner = screen.getByTestId('sync-blocked-banner');
    expect(banner.getAttribute('role')).toBe('note');
    expect(banner.textContent).toBe(INVALID_WORDS);
    expect(banner.textContent).toBe(`This note could not be synced: ${setAsideWords('INVALID_DOCUMENT')}`);

    // It goes away once the note syncs (the host's status no longer lists it).
    act(() => host.sync.setStatus(syncStatus()));
    expect(screen.queryByTestId('sync-blocked-banner')).toBeNull();
  });

  it('R10: names a note too large, and falls back to the general words for another reason', () => {
    expect(setAsideWords('DOCUMENT_TOO_LARGE')).toMatch(/^it is too large for the sync server/);
    // BATCH_TOO_LARGE has no words of its own for one note: its general words, as a clause.
    expect(setAsideWords('BATCH_TOO_LARGE')).toBe(
      'the sync server refused a batch of changes as too large. Quire will try again.',
    );
    expect(REASON_WORDS.BATCH_TOO_LARGE.noteWords).toBeUndefined();
  });

  it('R16: appears over the open note in the editor', async () => {
    const host = createFakeHost([makeNote('poisoned', 'text', 'Old note'), makeNote('fine', 'ok', 'Fine')]);
    host.sync.status = syncStatus({
      setAside: [{ id: 'poisoned', reason: 'INVALID_DOCUMENT' }],
      setAsideCount: 1,
    });
    await renderApp(host);
    fireEvent.click(screen.getByRole('option', { name: /^Fine/ }));
    await settle();
    expect(screen.queryByTestId('sync-blocked-banner')).toBeNull();
    fireEvent.click(screen.getByRole('option', { name: /^Old note/ }));
    await settle();
    expect(screen.getByTestId('sync-blocked-banner').textContent).toBe(INVALID_WORDS);
  });
});
