// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import { createFakeApi, makeUser, NOW, refuse } from './support/fake-api';
import { renderConsole, settle } from './support/render-console';

afterEach(cleanup);

function row(email: string): HTMLElement {
  const cell = screen.getByRole('link', { name: email });
  const tr = cell.closest('tr');
  if (!tr) throw new Error(`no row for ${email}`);
  return tr;
}

async function openMenuItem(email: string, item: string): Promise<void> {
  fireEvent.click(within(row(email)).getByRole('button', { name: /Manage/ }));
  fireEvent.click(await screen.findByRole('menuitem', { name: item }));
}

describe('Users page', () => {
  it('lists users with notes, storage against the quota, devices and last activity', async () => {
    renderConsole('/admin/users');
    await screen.findByRole('link', { name: 'grace@example.com' });
    const grace = row('grace@example.com');
    expect(within(grace).getByText('640')).toBeTruthy();
    expect(within(grace).getByText('4.7 GB of 5.0 GB')).toBeTruthy();
    const meter = within(grace).getByRole('meter', { name: 'Storage used by grace@example.com' });
    expect(meter.getAttribute('aria-valuenow')).toBe(String(4.7e9));
    expect(within(grace).getByText('3 h ago')).toBeTruthy();
    expect(within(row('ada@example.com')).getByText('Admin')).toBeTruthy();
  });

  it('searches by email after a pause, and pages', async () => {
    const api = createFakeApi();
    api.users.list.mockResolvedValue({ users: [makeUser()], total: 120 });
    renderConsole('/admin/users', api);
    await screen.findByText('1–50 of 120 users');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search users by email' }), {
      target: { value: 'grace' },
    });
    await waitFor(() =>
      expect(api.users.list).toHaveBeenLastCalledWith({ query: 'grace', offset: 0, limit: 50 }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() =>
      expect(api.users.list).toHaveBeenLastCalledWith({ query: 'grace', offset: 50, limit: 50 }),
    );
  });

  it('shows a user scheduled for deletion as such, with a cancel button that calls cancelDeletion', async () => {
    const { api } = renderConsole('/admin/users');
    await screen.findByRole('link', { name: 'margaret@example.com' });
    const margaret = row('margaret@example.com');
    expect(within(margaret).getByText(/Deletion scheduled · in 20 h/)).toBeTruthy();
    fireEvent.click(within(margaret).getByRole('button', { name: 'Cancel deletion' }));
    await waitFor(() => expect(api.users.cancelDeletion).toHaveBeenCalledWith('u2'));
  });

  it('creates a user from the dialog', async () => {
    const { api } = renderConsole('/admin/users');
    await screen.findByRole('link', { name: 'grace@example.com' });
    fireEvent.click(screen.getByRole('button', { name: 'New user…' }));
    const dialog = await screen.findByRole('dialog', { name: 'New user' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create user' }));
    // Nothing sent while the form is incomplete.
    expect(await within(dialog).findByText('Enter an email address.')).toBeTruthy();
    expect(api.users.create).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText('Email'), { target: { value: 'new@example.com' } });
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'a long passphrase' } });
    fireEvent.change(within(dialog).getByLabelText('Role'), { target: { value: 'admin' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create user' }));
    await waitFor(() =>
      expect(api.users.create).toHaveBeenCalledWith({
        email: 'new@example.com',
        password: 'a long passphrase',
        role: 'admin',
      }),
    );
    expect(await screen.findByText('new@example.com can now sign in.')).toBeTruthy();
  });

  it('K6: shows a refused creation in the words of its reason, never the server’s message', async () => {
    const api = createFakeApi();
    api.users.create.mockRejectedValue(refuse('WEAK_PASSWORD'));
    renderConsole('/admin/users', api);
    await screen.findByRole('link', { name: 'grace@example.com' });
    fireEvent.click(screen.getByRole('button', { name: 'New user…' }));
    const dialog = await screen.findByRole('dialog', { name: 'New user' });
    fireEvent.change(within(dialog).getByLabelText('Email'), { target: { value: 'new@example.com' } });
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'password1' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      REASON_WORDS.WEAK_PASSWORD.words,
    );
  });

  it('creates an invite and shows its code once with its expiry', async () => {
    const { api } = renderConsole('/admin/users');
    await screen.findByRole('link', { name: 'grace@example.com' });
    fireEvent.click(screen.getByRole('button', { name: 'Invite…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite someone' });
    fireEvent.change(within(dialog).getByLabelText('Email (optional)'), {
      target: { value: 'kim@example.com' },
    });
    fireEvent.change(within(dialog).getByLabelText('Valid for'), { target: { value: '24' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create invite' }));
    await waitFor(() =>
      expect(api.invites.create).toHaveBeenCalledWith({ email: 'kim@example.com', expiresInHours: 24 }),
    );
    const created = await screen.findByRole('dialog', { name: 'Invite created' });
    expect(within(created).getByTestId('invite-code').textContent).toBe('QX7F-92KD-M4TA');
    expect(
      within(created).getByText(
        new Date(NOW + 24 * 3_600_000).toLocaleString('en', {
          year: 'numeric',
          month: 'short',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
        }),
      ),
    ).toBeTruthy();
  });

  it('lists invites without their codes and revokes an open one', async () => {
    const api = createFakeApi();
    api.invites.list.mockResolvedValue([
      {
        code: null,
        inviteId: '0123456789ab',
        email: 'kim@example.com',
        createdAt: NOW - 3_600_000,
        expiresAt: NOW + 48 * 3_600_000,
        usedAt: null,
        usedByEmail: null,
      },
      {
        code: null,
        inviteId: 'ba9876543210',
        email: null,
        createdAt: NOW - 50 * 3_600_000,
        expiresAt: NOW + 3_600_000,
        usedAt: NOW - 49 * 3_600_000,
        usedByEmail: 'lee@example.com',
      },
    ]);
    renderConsole('/admin/users', api);
    const table = await screen.findByRole('table', { name: 'Invites' });
    const open = within(table).getByText('kim@example.com').closest('tr');
    if (!open) throw new Error('no invite row');
    expect(within(open).getByText('Open')).toBeTruthy();
    expect(within(table).getByText('Used by lee@example.com')).toBeTruthy();
    // A used invite has nothing left to revoke.
    expect(within(table).getAllByRole('button', { name: 'Revoke' })).toHaveLength(1);
    fireEvent.click(within(open).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(api.invites.revoke).toHaveBeenCalledWith('0123456789ab'));
  });

  it('resets a password, saying it ends every session of the user', async () => {
    const { api } = renderConsole('/admin/users');
    await screen.findByRole('link', { name: 'grace@example.com' });
    await openMenuItem('grace@example.com', 'Reset password…');
    const dialog = await screen.findByRole('dialog', { name: 'Reset the password of grace@example.com' });
    expect(dialog.textContent).toContain('ends all of their sessions');
    fireEvent.change(within(dialog).getByLabelText('New password'), { target: { value: 'short' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reset password' }));
    expect(await within(dialog).findByText('Use at least 8 characters.')).toBeTruthy();
    expect(api.users.resetPassword).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText('New password'), { target: { value: 'a new long one' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reset password' }));
    await waitFor(() => expect(api.users.resetPassword).toHaveBeenCalledWith('u1', 'a new long one'));
  });

  it('disables, changes the role and schedules deletion through their procedures', async () => {
    const { api } = renderConsole('/admin/users');
    await screen.findByRole('link', { name: 'grace@example.com' });
    await openMenuItem('grace@example.com', 'Disable…');
    let dialog = await screen.findByRole('dialog', { name: 'Disable grace@example.com?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(api.users.setDisabled).toHaveBeenCalledWith('u1', true));

    await openMenuItem('grace@example.com', 'Change role…');
    dialog = await screen.findByRole('dialog', { name: 'Role of grace@example.com' });
    fireEvent.change(within(dialog).getByLabelText('Role'), { target: { value: 'admin' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save role' }));
    await waitFor(() => expect(api.users.setRole).toHaveBeenCalledWith('u1', 'admin'));

    await openMenuItem('grace@example.com', 'Delete…');
    dialog = await screen.findByRole('dialog', { name: 'Delete grace@example.com?' });
    expect(dialog.textContent).toContain('24 hours');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Schedule deletion' }));
    await waitFor(() => expect(api.users.scheduleDeletion).toHaveBeenCalledWith('u1'));
  });

  it('sets a quota typed as "5 GB", refuses text that is not a size, and leaves blanks to the default', async () => {
    const { api } = renderConsole('/admin/users');
    await screen.findByRole('link', { name: 'grace@example.com' });
    await openMenuItem('grace@example.com', 'Set quota…');
    const dialog = await screen.findByRole('dialog', { name: 'Quota of grace@example.com' });
    fireEvent.change(within(dialog).getByLabelText('Storage quota'), { target: { value: 'lots' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save quota' }));
    expect(await within(dialog).findByText('Write a size like 5 GB, 500 MB or 1.5 TB.')).toBeTruthy();
    expect(api.quotas.setUser).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText('Storage quota'), { target: { value: '5 GB' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save quota' }));
    await waitFor(() =>
      expect(api.quotas.setUser).toHaveBeenCalledWith({
        userId: 'u1',
        quotaBytes: 5_000_000_000,
        maxFileBytes: null,
      }),
    );
  });

  it('K6: shows a failed list in words by reason, with a retry', async () => {
    const api = createFakeApi();
    api.users.list.mockRejectedValueOnce(refuse('SERVER_ERROR'));
    renderConsole('/admin/users', api);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(REASON_WORDS.SERVER_ERROR.words);
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'grace@example.com' })).toBeTruthy();
  });

  it('says so when nobody matches', async () => {
    const api = createFakeApi();
    api.users.list.mockResolvedValue({ users: [], total: 0 });
    renderConsole('/admin/users', api);
    expect(await screen.findByText('No users yet')).toBeTruthy();
    await settle();
  });
});
