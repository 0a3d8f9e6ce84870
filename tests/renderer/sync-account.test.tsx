// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { toasts } from '../../src-renderer/src/ui/toast-store';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import { createFakeHost, hostError, syncStatus, type FakeHost } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(() => {
  cleanup();
  for (const toast of toasts.getSnapshot()) toasts.dismiss(toast.id);
});
giveListboxesAHeight();

const account = () => screen.getByRole('dialog', { name: 'Sync' });
const confirmDialog = () => screen.getByRole('alertdialog');

async function openAccount(host: FakeHost = createFakeHost()): Promise<FakeHost> {
  if (host.sync.status.state === 'signed-out') host.sync.status = syncStatus({ pendingPush: 0 });
  await renderApp(host);
  fireEvent.click(screen.getByRole('button', { name: 'Synced' }));
  await settle();
  return host;
}

describe('Sync account dialog', () => {
  it('shows the server, the account, this device and every signed-in device', async () => {
    await openAccount();
    expect(within(account()).getByText('ada@example.com')).toBeTruthy();
    expect(within(account()).getByText('https://sync.example.com')).toBeTruthy();
    expect(account().textContent).toContain('Signed in on this device as Work laptop');
    const rows = within(within(account()).getByRole('list', { name: 'Signed-in devices' })).getAllByRole(
      'listitem',
    );
    // This device first, marked; the others can be signed out from here.
    expect(rows.map((r) => r.querySelector('.device-name')?.textContent)).toEqual([
      'Work laptopThis device',
      'Phone',
    ]);
    expect(within(rows[0]!).queryByRole('button', { name: /Sign out device/ })).toBeNull();
    expect(within(rows[1]!).getByRole('button', { name: 'Sign out device Phone' })).toBeTruthy();
  });

  it('signs another device out only after confirming', async () => {
    const host = await openAccount();
    fireEvent.click(within(account()).getByRole('button', { name: 'Sign out device Phone' }));
    expect(within(confirmDialog()).getByRole('heading').textContent).toBe('Sign out “Phone”?');
    expect(confirmDialog().textContent).toContain('The notes already on it stay there.');
    fireEvent.click(within(confirmDialog()).getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(host.sync.revokeDevice).not.toHaveBeenCalled();
    expect(within(account()).getByText('Phone')).toBeTruthy();

    fireEvent.click(within(account()).getByRole('button', { name: 'Sign out device Phone' }));
    fireEvent.click(within(confirmDialog()).getByRole('button', { name: 'Sign out device' }));
    await settle();
    expect(host.sync.revokeDevice).toHaveBeenCalledExactlyOnceWith({ deviceId: 'dev-phone' });
    expect(within(account()).queryByText('Phone')).toBeNull();
    expect(screen.getByText('Phone is signed out.')).toBeTruthy();
  });

  it('says so when the server refuses to sign a device out', async () => {
    const host = createFakeHost();
    host.sync.revokeDevice.mockRejectedValueOnce(hostError('NETWORK'));
    await openAccount(host);
    fireEvent.click(within(account()).getByRole('button', { name: 'Sign out device Phone' }));
    fireEvent.click(within(confirmDialog()).getByRole('button', { name: 'Sign out device' }));
    await settle();
    expect(screen.getByText(`Couldn’t sign out Phone. ${REASON_WORDS.NETWORK.words}`)).toBeTruthy();
    expect(within(account()).getByText('Phone')).toBeTruthy();
  });

  it('signs this device out after a confirmation that the notes stay', async () => {
    const host = createFakeHost();
    host.sync.status = syncStatus({ pendingPush: 2 });
    await renderApp(host);
    fireEvent.click(screen.getByRole('button', { name: 'Synced' }));
    await settle();
    fireEvent.click(within(account()).getByRole('button', { name: 'Sign out' }));
    expect(within(confirmDialog()).getByRole('heading').textContent).toBe('Sign out of sync on this device?');
    expect(confirmDialog().textContent).toContain('Your notes stay on this device');
    expect(confirmDialog().textContent).toContain('2 changes made here haven’t reached the server yet');
    fireEvent.click(within(confirmDialog()).getByRole('button', { name: 'Sign out' }));
    await settle();
    expect(host.sync.signOut).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog', { name: 'Sync' })).toBeNull();
    expect(screen.getByTestId('sync-status').dataset.state).toBe('signed-out');
    expect(screen.getByText('Signed out. Your notes are still here.')).toBeTruthy();
  });

  it('syncs now on request and shows a device list failure with a way to retry', async () => {
    const host = createFakeHost();
    host.sync.listDevices.mockRejectedValueOnce(hostError('SERVER_ERROR'));
    await openAccount(host);
    expect(within(account()).getByRole('alert').textContent).toBe(
      `${REASON_WORDS.SERVER_ERROR.words} Try again`,
    );
    fireEvent.click(within(account()).getByRole('button', { name: 'Try again' }));
    await settle();
    expect(within(account()).getByText('Phone')).toBeTruthy();

    fireEvent.click(within(account()).getByRole('button', { name: 'Sync now' }));
    await settle();
    expect(host.sync.syncNow).toHaveBeenCalledTimes(1);
  });

  it('hands over to the sign-in dialog when the server signed this device out', async () => {
    const host = createFakeHost();
    host.sync.status = syncStatus({
      state: 'error',
      error: { reason: 'UNAUTHENTICATED' },
    });
    await renderApp(host);
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    fireEvent.click(screen.getByRole('button', { name: /^Sync…/ }));
    await settle();
    expect(within(account()).getByText(REASON_WORDS.UNAUTHENTICATED.words)).toBeTruthy();
    fireEvent.click(within(account()).getByRole('button', { name: 'Sign in again' }));
    await settle();
    // The account dialog's late "close" must not take the sign-in dialog with it.
    expect(screen.queryByRole('dialog', { name: 'Sync' })).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Sync your notes' })).toBeTruthy();
  });
});
