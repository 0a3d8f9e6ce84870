// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../src-renderer/src/api/create-services';
import type { QuireApi, SyncStatus } from '../../src-renderer/src/api/quire-api';
import { ServicesContext, type ConnectionStore } from '../../src-renderer/src/api/services-context';
import { SyncStatusIndicator } from '../../src-renderer/src/features/sync/SyncStatusIndicator';
import { SyncStatusFeed } from '../../src-renderer/src/features/sync/sync-status-feed';
import { toasts } from '../../src-renderer/src/ui/toast-store';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import { SIGNED_OUT, createFakeHost, hostError, syncStatus, type FakeHost } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(() => {
  cleanup();
  for (const toast of toasts.getSnapshot()) toasts.dismiss(toast.id);
});
giveListboxesAHeight();

const indicator = () => screen.getByTestId('sync-status');
const announcement = () => within(indicator()).getByRole('status').textContent;

function hostWith(status: SyncStatus): FakeHost {
  const host = createFakeHost();
  host.sync.status = status;
  return host;
}

describe('Sync status in the sidebar', () => {
  it('says "Sync is off" when signed out, and opens the sign-in dialog from there', async () => {
    await renderApp(hostWith(SIGNED_OUT));
    expect(indicator().dataset.state).toBe('signed-out');
    const button = within(indicator()).getByRole('button', { name: 'Sync is off' });
    expect(button.getAttribute('title')).toMatch(/only on this device/);
    fireEvent.click(button);
    await settle();
    expect(screen.getByRole('dialog', { name: 'Sync your notes' })).toBeTruthy();
  });

  it('shows synced with the last sync time in the tooltip, and opens the account from there', async () => {
    await renderApp(hostWith(syncStatus({ state: 'synced', lastSyncedAt: Date.now() - 5.5 * 60_000 })));
    expect(indicator().dataset.state).toBe('synced');
    const button = within(indicator()).getByRole('button', { name: 'Synced' });
    expect(button.getAttribute('title')).toMatch(/^Last synced 5m ago/);
    expect(button.getAttribute('title')).toContain('ada@example.com on sync.example.com');
    fireEvent.click(button);
    await settle();
    expect(screen.getByRole('dialog', { name: 'Sync' })).toBeTruthy();
  });

  it('counts the changes being sent while syncing', async () => {
    await renderApp(hostWith(syncStatus({ state: 'syncing', pendingPush: 3 })));
    expect(within(indicator()).getByRole('button', { name: 'Syncing 3 changes' })).toBeTruthy();
    expect(indicator().querySelector('.is-spinning')).toBeTruthy();
    expect(announcement()).toBe('Syncing.');
  });

  it('follows the live status stream and announces changes politely', async () => {
    const host = hostWith(syncStatus({ state: 'synced' }));
    await renderApp(host);
    const live = within(indicator()).getByRole('status');
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent).toBe('All changes synced.');

    act(() => host.sync.setStatus(syncStatus({ state: 'syncing', pendingPush: 1 })));
    expect(within(indicator()).getByRole('button', { name: 'Syncing 1 change' })).toBeTruthy();
    act(() => host.sync.setStatus(syncStatus({ state: 'connecting' })));
    expect(within(indicator()).getByRole('button', { name: 'Connecting…' })).toBeTruthy();
  });

  it('when offline: counts down to the next attempt and offers Retry now', async () => {
    const host = hostWith(syncStatus({ state: 'offline', pendingPush: 2, retryAt: Date.now() + 12_000 }));
    await renderApp(host);
    expect(indicator().dataset.state).toBe('offline');
    expect(indicator().textContent).toMatch(/Retrying in 1[12] s/);
    // The countdown ticks on screen, never in the live region.
    expect(announcement()).toBe(
      'Sync is offline. 2 changes are kept on this device and sent when it’s back.',
    );

    fireEvent.click(within(indicator()).getByRole('button', { name: 'Retry now' }));
    await settle();
    expect(host.sync.syncNow).toHaveBeenCalledTimes(1);
    expect(indicator().dataset.state).toBe('connecting');
  });

  it('says in a toast when Retry now itself fails', async () => {
    const host = hostWith(syncStatus({ state: 'offline', retryAt: Date.now() + 30_000 }));
    host.sync.syncNow.mockRejectedValueOnce(hostError('NETWORK'));
    await renderApp(host);
    fireEvent.click(within(indicator()).getByRole('button', { name: 'Retry now' }));
    await settle();
    expect(screen.getByText(`Couldn’t sync now. ${REASON_WORDS.NETWORK.words}`)).toBeTruthy();
  });

  it('explains an error in plain words with the action that fixes it: signed out → Sign in again', async () => {
    const message = REASON_WORDS.UNAUTHENTICATED.words;
    await renderApp(hostWith(syncStatus({ state: 'error', error: { reason: 'UNAUTHENTICATED' } })));
    expect(indicator().dataset.state).toBe('error');
    expect(within(indicator()).getByRole('button', { name: 'Signed out' })).toBeTruthy();
    expect(indicator().textContent).toContain(message);

    fireEvent.click(within(indicator()).getByRole('button', { name: 'Sign in again' }));
    await settle();
    const dialog = screen.getByRole('dialog', { name: 'Sync your notes' });
    // The dialog says why, and has the account filled in.
    expect(within(dialog).getByRole('note').textContent).toBe(message);
    expect(within(dialog).getByRole<HTMLInputElement>('textbox', { name: 'Server address' }).value).toBe(
      'https://sync.example.com',
    );
    expect(within(dialog).getByRole<HTMLInputElement>('textbox', { name: 'Email' }).value).toBe(
      'ada@example.com',
    );
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Password'));
  });

  it('offers Try again for errors a retry can fix, in the words of the reason', async () => {
    const host = hostWith(syncStatus({ state: 'error', error: { reason: 'DOCUMENT_TOO_LARGE' } }));
    await renderApp(host);
    expect(within(indicator()).getByRole('button', { name: 'A note is too large' })).toBeTruthy();
    expect(indicator().textContent).toContain(REASON_WORDS.DOCUMENT_TOO_LARGE.words);
    expect(indicator().textContent).toContain('Split it into smaller notes');
    fireEvent.click(within(indicator()).getByRole('button', { name: 'Try again' }));
    await settle();
    expect(host.sync.syncNow).toHaveBeenCalledTimes(1);
  });

  it('opens sign-in or the account from the settings menu ("Sync…")', async () => {
    const host = hostWith(SIGNED_OUT);
    await renderApp(host);
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    fireEvent.click(screen.getByRole('button', { name: /^Sync…/ }));
    await settle();
    expect(screen.getByRole('dialog', { name: 'Sync your notes' })).toBeTruthy();
    expect(screen.queryByRole('dialog', { name: 'Settings' })).toBeNull();
  });
});

describe('Sync progress during the first sync', () => {
  it('shows a progress bar with counts, in the sidebar and over the still-empty list', async () => {
    await renderApp(
      hostWith(
        syncStatus({ state: 'syncing', lastSyncedAt: null, progress: { done: 1_200, total: 10_000 } }),
      ),
    );
    const bars = screen.getAllByRole('progressbar', { name: 'Sync progress' });
    expect(bars).toHaveLength(2);
    for (const bar of bars) {
      expect(bar.getAttribute('aria-valuenow')).toBe('1200');
      expect(bar.getAttribute('aria-valuemax')).toBe('10000');
      expect(bar.getAttribute('aria-valuetext')).toBe('Syncing 1,200 of 10,000 notes');
    }
    expect(within(indicator()).getByText('1,200 of 10,000 notes')).toBeTruthy();
    expect(screen.getByText('Your notes are on their way')).toBeTruthy();
    expect(screen.getByText('Syncing 1,200 of 10,000 notes')).toBeTruthy();
    expect(screen.queryByText('No notes yet')).toBeNull();
  });

  it('goes away when the sync is done', async () => {
    const host = hostWith(syncStatus({ state: 'syncing', progress: { done: 9_999, total: 10_000 } }));
    await renderApp(host);
    expect(screen.getAllByRole('progressbar')).toHaveLength(2);
    act(() => host.sync.setStatus(syncStatus({ state: 'synced' })));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByText('No notes yet')).toBeTruthy();
  });
});

describe('Sync status: the countdown and the stream', () => {
  const connected: ConnectionStore = { getSnapshot: () => 'connected', subscribe: () => () => undefined };

  it('counts down once a second', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const host = hostWith(syncStatus({ state: 'offline', retryAt: 1_000_000 + 12_000 }));
      render(
        <ServicesContext value={createServices(host.api, connected)}>
          <SyncStatusIndicator onOpen={() => undefined} onSignIn={() => undefined} />
        </ServicesContext>,
      );
      expect(indicator().textContent).toContain('Retrying in 12 s');
      await act(() => vi.advanceTimersByTimeAsync(3_000));
      expect(indicator().textContent).toContain('Retrying in 9 s');
      await act(() => vi.advanceTimersByTimeAsync(10_000));
      expect(indicator().textContent).toContain('Retrying…');
    } finally {
      vi.useRealTimers();
    }
  });

  it('reopens a failed status subscription after a pause, and keeps the last status meanwhile', () => {
    vi.useFakeTimers();
    try {
      const onError: ((error: unknown) => void)[] = [];
      const subscribe = vi.fn(
        (_input: undefined, observer: { onData: (s: SyncStatus) => void; onError: (e: unknown) => void }) => {
          observer.onData(syncStatus({ state: subscribe.mock.calls.length === 1 ? 'synced' : 'offline' }));
          onError.push(observer.onError);
          return { unsubscribe: vi.fn() };
        },
      );
      const api = { sync: { onStatus: { subscribe } } } as unknown as QuireApi;
      const feed = new SyncStatusFeed(api, 2_000);
      const listener = vi.fn();
      const stop = feed.subscribe(listener);
      expect(feed.getSnapshot()?.state).toBe('synced');

      onError[0]?.(new Error('socket closed'));
      expect(feed.getSnapshot()?.state).toBe('synced');
      vi.advanceTimersByTime(1_999);
      expect(subscribe).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(1);
      expect(subscribe).toHaveBeenCalledTimes(2);
      expect(feed.getSnapshot()?.state).toBe('offline');
      expect(listener).toHaveBeenCalled();

      // Nobody listening: no reconnect.
      stop();
      onError[1]?.(new Error('socket closed'));
      vi.advanceTimersByTime(10_000);
      expect(subscribe).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
