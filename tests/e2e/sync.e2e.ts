import { expect } from '@playwright/test';
import type { SyncAccount } from './pages/sign-in-dialog';
import type { SyncServerProcess } from '../support/sync-server-process';
import { twoDeviceTest } from './support/two-devices';

const test = twoDeviceTest;

function accountOn(server: SyncServerProcess): SyncAccount {
  return {
    serverUrl: server.url,
    email: `ada-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`,
    password: 'correct horse battery',
  };
}

test.describe.configure({ timeout: 120_000 });

test('sign up on one device, sign in on another, and edits travel both ways', async ({
  syncServer,
  deviceA,
  deviceB,
}) => {
  const a = deviceA.app;
  const b = deviceB.app;
  const account = accountOn(syncServer);

  await expect(a.syncStatus).toHaveAttribute('data-state', 'signed-out');
  await a.signUpForSync(account);
  await a.waitUntilSynced();
  await b.signInForSync(account);
  await b.waitUntilSynced();

  await a.createNote('Shared plan', 'written on A');
  await expect(b.noteRow('Shared plan')).toBeVisible({ timeout: 20_000 });
  await b.openNote('Shared plan');
  await expect(b.editor).toContainText('written on A');

  await b.editor.click();
  await b.page.keyboard.press('ControlOrMeta+End');
  await b.typeAndWaitForSave(', edited on B');
  // A still has the note open: the edit shows up in its editor, not only in its list.
  await expect(a.editor).toContainText('written on A, edited on B', { timeout: 20_000 });
  await a.waitUntilSynced();
});

test('one device signs the other out; that one says so and offers to sign in again', async ({
  syncServer,
  deviceA,
  deviceB,
}) => {
  const a = deviceA.app;
  const b = deviceB.app;
  const account = accountOn(syncServer);
  await a.signUpForSync(account);
  await a.waitUntilSynced();
  await b.signInForSync(account);
  await b.waitUntilSynced();

  await a.syncStatus.getByRole('button', { name: 'Synced' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'Sync' });
  await expect(dialog.getByRole('listitem')).toHaveCount(2);
  await dialog.getByRole('button', { name: /^Sign out device/ }).click();
  await a.page.getByRole('alertdialog').getByRole('button', { name: 'Sign out device' }).click();
  await expect(dialog.getByRole('listitem')).toHaveCount(1);

  await expect(b.syncStatus).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
  await b.syncStatus.getByRole('button', { name: 'Sign in again' }).click();
  await expect(b.signInDialog.field('Email')).toHaveValue(account.email);
  await b.signInDialog.field('Password').fill(account.password);
  await b.signInDialog.field('Password').press('Enter');
  await expect(b.signInDialog.root).toBeHidden({ timeout: 20_000 });
  await b.waitUntilSynced();
});
