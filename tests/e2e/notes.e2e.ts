import { test, expect } from './support/fixtures';
import { AppPage } from './pages/app-page';
import { startWebHost } from './support/web-host';

test('a note typed in the editor survives a restart of the host', async ({ app, dataDir, host, page }) => {
  await app.createNote('Groceries', 'Milk, eggs and bread');
  await host.stop();
  const restarted = await startWebHost(dataDir);
  try {
    await app.open(restarted.url);
    await app.noteRow('Groceries').click();
    await expect(app.editor).toContainText('Milk, eggs and bread');
    await expect(page.getByLabel('Note title')).toHaveValue('Groceries');
  } finally {
    await restarted.stop();
  }
});

test('a saved edit survives the host being killed (SIGKILL)', async ({ app, dataDir, host }) => {
  await app.createNote('Crash test', 'first line');
  await app.typeAndWaitForSave(' and the last keystroke');
  await host.kill();
  const restarted = await startWebHost(dataDir);
  try {
    await app.open(restarted.url);
    await app.noteRow('Crash test').click();
    await expect(app.editor).toContainText('first line and the last keystroke');
  } finally {
    await restarted.stop();
  }
});

test('deleting a note moves it to the trash, from where it can be restored or deleted forever', async ({
  app,
  page,
}) => {
  await app.createNote('Temporary', 'soon gone');
  await page.getByRole('button', { name: 'Move to trash' }).click();
  await expect(app.noteRow('Temporary')).toHaveCount(0);
  await page.getByRole('button', { name: 'Trash', exact: true }).click();
  await app.noteRow('Temporary').click();
  await page.getByRole('button', { name: 'Restore' }).click();
  await page.getByRole('button', { name: 'Notes', exact: true }).click();
  await expect(app.noteRow('Temporary')).toBeVisible();

  await app.noteRow('Temporary').click();
  await page.getByRole('button', { name: 'Move to trash' }).click();
  await page.getByRole('button', { name: 'Trash', exact: true }).click();
  await app.noteRow('Temporary').click();
  await page.getByRole('button', { name: 'Delete forever' }).click();
  // Irreversible, so Quire asks first.
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('Temporary');
  await confirm.getByRole('button', { name: /delete/i }).click();
  await expect(app.noteRow('Temporary')).toHaveCount(0);
});

test('the preview never runs a script from a note', async ({ app, page }) => {
  const alerts: string[] = [];
  page.on('dialog', (dialog) => {
    alerts.push(dialog.message());
    void dialog.dismiss();
  });
  await page.evaluate('window.__pwned = 0');
  await app.createNote('Hostile', 'start');
  await app.replaceBody(
    [
      '# Hello',
      '<script>window.__pwned = 1; alert("script")</script>',
      '<img src="x" onerror="window.__pwned = 2; alert(\'img\')">',
      '[click](javascript:window.__pwned=3)',
      '<iframe src="javascript:alert(1)"></iframe>',
    ].join('\n'),
  );
  await app.openPreview();
  await expect(app.preview.getByRole('heading', { name: 'Hello' })).toBeVisible();
  await expect(app.preview.locator('script, iframe, [onerror]')).toHaveCount(0);
  const link = app.preview.getByRole('link', { name: 'click' });
  if ((await link.count()) > 0) expect(await link.getAttribute('href')).not.toMatch(/^javascript:/i);
  await page.waitForTimeout(300);
  expect(await page.evaluate('window.__pwned')).toBe(0);
  expect(alerts).toEqual([]);
});

test('the list updates live and search finds a note by a word in its body', async ({ app, page }) => {
  await app.createNote('Alpha', 'the zeppelin has landed');
  await app.createNote('Beta', 'nothing to see');
  await expect(app.noteList.getByRole('option').first()).toHaveAccessibleName(/^Beta/);
  await app.searchInput.fill('zeppelin');
  await expect(app.noteList.getByRole('option')).toHaveCount(1);
  await expect(app.noteRow('Alpha')).toBeVisible();
  await app.searchInput.press('Escape');
  await expect(app.noteList.getByRole('option')).toHaveCount(2);
  await expect(page.getByLabel('Search notes')).toHaveValue('');
});

test('closing the window right after typing keeps the last keystroke', async ({
  app,
  context,
  host,
  page,
}) => {
  await app.createNote('Last words', 'typed');
  // No wait for the autosave delay: the page is closed while the save is still pending.
  await page.keyboard.type(' and gone');
  await page.close({ runBeforeUnload: true });
  const again = new AppPage(await context.newPage());
  await again.open(host.url);
  await again.noteRow('Last words').click();
  await expect(again.editor).toContainText('typed and gone');
});

test('a title typed without Enter survives closing the window', async ({ app, context, host, page }) => {
  await app.createNote('First draft', 'some text');
  await app.titleInput.fill('Renamed in a hurry');
  await page.close({ runBeforeUnload: true });
  const again = new AppPage(await context.newPage());
  await again.open(host.url);
  await expect(again.noteRow('Renamed in a hurry')).toBeVisible();
  await expect(again.noteRow('First draft')).toHaveCount(0);
});
