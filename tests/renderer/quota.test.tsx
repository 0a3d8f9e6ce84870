// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { toasts } from '../../src-renderer/src/ui/toast-store';
import { describeQuota, failureWords } from '../../src-shared/errors/failure-details';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import { createFakeHost, syncStatus, type FakeHost } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';

/** docs/sync-protocol.md Q7, Q8: a full quota in plain words, and usage in the account dialog. */

afterEach(() => {
  cleanup();
  for (const toast of toasts.getSnapshot()) toasts.dismiss(toast.id);
});
giveListboxesAHeight();

const indicator = () => screen.getByTestId('sync-status');
const account = () => screen.getByRole('dialog', { name: 'Sync' });
const storage = () => within(account()).getByTestId('storage-usage');

const FULL = { usedBytes: 1e9, quotaBytes: 1e9 };

async function openAccount(host: FakeHost, button: string): Promise<void> {
  await renderApp(host);
  fireEvent.click(screen.getByRole('button', { name: button }));
  await settle();
}

describe('Q8: a push refused for a full quota', () => {
  it('words the reason with its bytes, and keeps the advice of REASON_WORDS', () => {
    const words = failureWords({ reason: 'QUOTA_EXCEEDED', details: FULL }).words;
    expect(words).toBe(
      'Your sync storage is full: 1.0 GB of 1.0 GB. Delete notes or attachments you no longer need, or ask the server’s administrator for more space; everything on this device is kept.',
    );
    expect(words).toBe(describeQuota(FULL));
    // The advice is the same as the reason's own words, which follow "Your sync storage is full.".
    expect(REASON_WORDS.QUOTA_EXCEEDED.words).toBe(words.replace(/: \S+ \S+ of \S+ \S+\./, '.'));
    // Without (or with malformed) details, the reason's own words.
    expect(failureWords({ reason: 'QUOTA_EXCEEDED' })).toEqual(REASON_WORDS.QUOTA_EXCEEDED);
    expect(failureWords({ reason: 'QUOTA_EXCEEDED', details: { usedBytes: 'lots' } })).toEqual(
      REASON_WORDS.QUOTA_EXCEEDED,
    );
    // Details never change another reason's words.
    expect(failureWords({ reason: 'NETWORK', details: FULL })).toEqual(REASON_WORDS.NETWORK);
  });

  it('the sidebar says "Your sync storage is full: 1.0 GB of 1.0 GB" and offers Try again', async () => {
    const host = createFakeHost();
    host.sync.status = syncStatus({
      state: 'error',
      pendingPush: 3,
      error: { reason: 'QUOTA_EXCEEDED', details: FULL },
    });
    await renderApp(host);
    expect(indicator().dataset.state).toBe('error');
    expect(within(indicator()).getByRole('button', { name: 'Sync storage full' })).toBeTruthy();
    expect(indicator().textContent).toContain('Your sync storage is full: 1.0 GB of 1.0 GB.');
    expect(indicator().textContent).toContain('ask the server’s administrator for more space');
    fireEvent.click(within(indicator()).getByRole('button', { name: 'Try again' }));
    await settle();
    expect(host.sync.syncNow).toHaveBeenCalledTimes(1);
  });

  it('the account dialog says it too, beside the usage bar at 100 %', async () => {
    const host = createFakeHost();
    host.sync.status = syncStatus({ state: 'error', error: { reason: 'QUOTA_EXCEEDED', details: FULL } });
    host.sync.storageUsage = { bytesUsed: 1e9, quotaBytes: 1e9, maxFileBytes: null };
    await openAccount(host, 'Sync storage full');
    expect(account().textContent).toContain('Your sync storage is full: 1.0 GB of 1.0 GB.');
    const bar = within(storage()).getByRole('progressbar', { name: 'Sync storage used' });
    expect(bar.getAttribute('aria-valuenow')).toBe('100');
    expect(storage().textContent).toContain('1.0 GB of 1.0 GB used');
    expect(storage().querySelector('.storage-usage.is-full')).toBeTruthy();
  });
});

describe('Q7: storage in the account dialog', () => {
  it('shows "312 MB of 1.0 GB used" with a bar', async () => {
    const host = createFakeHost();
    host.sync.status = syncStatus();
    host.sync.storageUsage = { bytesUsed: 312e6, quotaBytes: 1e9, maxFileBytes: 100e6 };
    await openAccount(host, 'Synced');
    expect(host.sync.storage).toHaveBeenCalled();
    expect(storage().textContent).toContain('312 MB of 1.0 GB used');
    const bar = within(storage()).getByRole('progressbar', { name: 'Sync storage used' });
    expect(bar.getAttribute('aria-valuenow')).toBe('31');
    expect(bar.getAttribute('aria-valuetext')).toBe('312 MB of 1.0 GB used');
    expect(storage().querySelector('.is-full, .is-nearly-full')).toBeNull();
  });

  it('shows "312 MB used" and no bar when the account has no quota', async () => {
    const host = createFakeHost();
    host.sync.status = syncStatus();
    host.sync.storageUsage = { bytesUsed: 312e6, quotaBytes: null, maxFileBytes: null };
    await openAccount(host, 'Synced');
    expect(storage().textContent).toContain('312 MB used');
    expect(storage().textContent).not.toContain(' of ');
    expect(within(storage()).queryByRole('progressbar')).toBeNull();
  });

  it('says why when the host cannot fetch the usage', async () => {
    const host = createFakeHost();
    host.sync.status = syncStatus();
    host.sync.storage.mockRejectedValue(new Error('boom'));
    await openAccount(host, 'Synced');
    expect(within(storage()).getByRole('status').textContent).not.toBe('Loading storage…');
    expect(within(storage()).queryByRole('progressbar')).toBeNull();
  });
});
