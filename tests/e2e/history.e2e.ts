import { test, expect } from './support/fixtures';
import { connectToHost, noteIdByTitle } from './support/host-client';
import { CodeMirrorEditor } from './pages/code-mirror';

test('local version history: edits are kept on the device, shown as a diff and restored as an edit', async ({
  app,
  host,
  page,
}) => {
  const client = connectToHost(host);
  try {
    // One snapshot per burst of writes instead of one per 5 minutes, so the test needs no waiting.
    await client.api.snapshots.setSettings.mutate({ editIntervalSeconds: 0 });
    await app.createNote('Plan', 'First draft of the plan');
    await app.replaceBody('# Plan\n\nThe second version of the plan\nwith a list:\n\n- one\n- two');
    await app.replaceBody('# Plan\n\nThe third version of the plan\nwith a list:\n\n- one\n- two\n- three');
    const id = await noteIdByTitle(client, 'Plan');
    await expect
      .poll(async () => (await client.api.snapshots.list.query({ id })).snapshots.length)
      .toBeGreaterThanOrEqual(2);

    await page.getByRole('button', { name: 'Version history' }).click();
    const dialog = page.getByRole('dialog', { name: 'Version history' });
    await expect(dialog).toBeVisible();
    const options = dialog.getByRole('listbox', { name: 'Versions' }).getByRole('option');
    await expect(options.first()).toContainText('Current version');
    await expect(options.nth(1)).toContainText('On this device · while editing');
    await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');

    // The newest earlier version against the current text: one line changed, one added.
    const diff = dialog.getByRole('table', { name: 'Changes from this version to the current text' });
    await expect(diff.locator('.diff-del .diff-text')).toHaveText([
      'Removed: The second version of the plan',
    ]);
    await expect(diff.locator('.diff-add .diff-text')).toHaveText([
      'Added: The third version of the plan',
      'Added: - three',
    ]);
    await expect(diff.locator('mark')).toHaveText(['second', 'third']);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: '/tmp/history-inline-light.png' });

    await dialog.getByRole('button', { name: 'Side by side' }).click();
    await expect(
      dialog
        .getByRole('table', { name: /^Changes from/ })
        .locator('.diff-split-row')
        .first(),
    ).toBeVisible();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: '/tmp/history-split-dark.png' });
    await page.emulateMedia({ colorScheme: 'light' });

    // Enter restores the selected version, after a confirmation.
    await dialog.getByRole('listbox', { name: 'Versions' }).focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('alertdialog', { name: 'Restore this version?' });
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: 'Restore' }).click();
    await expect(dialog).toBeHidden();
    const restored = '# Plan\n\nThe second version of the plan\nwith a list:\n\n- one\n- two';
    await expect.poll(() => new CodeMirrorEditor(page).text()).toBe(restored);
    await expect.poll(async () => (await client.api.notes.get.query({ id })).body).toBe(restored);

    // The text the restore replaced is kept, so restoring can itself be undone.
    const { snapshots } = await client.api.snapshots.list.query({ id });
    expect(snapshots[0]?.reason).toBe('restore');
    const kept = await client.api.snapshots.get.query({ id, snapshotId: snapshots[0]!.snapshotId });
    expect(kept.body).toBe('# Plan\n\nThe third version of the plan\nwith a list:\n\n- one\n- two\n- three');

    // And the history shows it as such.
    await page.getByRole('button', { name: 'Version history' }).click();
    await expect(options.nth(1)).toContainText('On this device · before a restore');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  } finally {
    await client.close();
  }
});
