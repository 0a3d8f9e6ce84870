import { test, expect } from './support/fixtures';
import { connectToHost } from './support/host-client';
import { PickerPage } from './pages/picker-page';

const SHOTS = process.env.QUIRE_E2E_SHOTS_DIR;

test('Ctrl/⌘+O finds a note by name and opens it; Shift+Enter creates the typed note in its folder', async ({
  app,
  host,
  page,
}) => {
  const client = connectToHost(host);
  try {
    await client.api.notes.create.mutate({ title: 'Project plan', folder: 'Work', body: 'Milestones.' });
    await client.api.notes.create.mutate({ title: 'Recipes', body: 'Soup.' });
    await client.api.notes.create.mutate({
      title: 'Meeting notes',
      folder: 'Work/2025',
      body: '---\naliases: [Standup]\n---\nAgenda.',
    });
    await expect(app.noteRow('Meeting notes')).toBeVisible();

    const switcher = new PickerPage(page, 'Quick switcher');
    await switcher.open();
    await switcher.search('plan');
    await expect(switcher.options.first()).toHaveText('Work/Project plan');
    await switcher.search('stand');
    await expect(switcher.options.first()).toHaveText('Standup → Meeting notesWork/2025');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/switcher-light.png` });
    await page.keyboard.press('Enter');
    await expect(switcher.dialog).toBeHidden();
    await expect(app.titleInput).toHaveValue('Meeting notes');
    await expect(page.getByTestId('editor').locator('.cm-content')).toBeFocused();

    // Opened notes come first the next time, newest first.
    await switcher.open();
    await expect(switcher.options.first()).toHaveText('Work/2025/Meeting notes');

    await switcher.search('Ideas/Garden shed');
    await page.keyboard.press('Shift+Enter');
    await expect(switcher.dialog).toBeHidden();
    await expect(app.titleInput).toHaveValue('Garden shed');
    const { items } = await client.api.notes.list.query({ limit: 100 });
    expect(items.find((item) => item.title === 'Garden shed')?.folder).toBe('Ideas');
  } finally {
    await client.close();
  }
});

test('Ctrl/⌘+Shift+P lists the commands with their shortcuts and runs one; Esc closes and gives the focus back', async ({
  app,
  page,
}) => {
  await app.createNote('Palette note', '# Heading one\n\nText.');
  const palette = new PickerPage(page, 'Command palette');
  await palette.open();
  await expect(palette.options.filter({ hasText: 'Toggle outline' })).toContainText('Ctrl+Shift+H');
  await palette.search('tog outl');
  await expect(palette.active).toContainText('Toggle outline');
  await page.keyboard.press('Enter');
  await expect(palette.dialog).toBeHidden();
  await expect(app.outline).toBeVisible();

  // A theme through the palette, and the palette itself in the dark theme.
  await palette.open();
  await palette.search('theme dark');
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await palette.open();
  await expect(palette.active).toContainText('Theme: Dark');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/palette-dark.png` });
  await page.keyboard.press('Escape');
  await expect(palette.dialog).toBeHidden();

  await app.titleInput.focus();
  await palette.open();
  await page.keyboard.press('Escape');
  await expect(palette.dialog).toBeHidden();
  await expect(app.titleInput).toBeFocused();

  // The shortcuts sheet lists the same commands, grouped.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet.getByRole('region', { name: 'Navigation' })).toContainText('Quick switcher');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/sheet-dark.png` });
});
