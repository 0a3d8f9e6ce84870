import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { AppPage } from './pages/app-page';
import { makeDataDir, startWebHost } from './support/web-host';
import { seedVault } from './support/seed-vault';
import { generateNotes } from '../../bench/generate-notes';

const COUNT = 20_000;

test('a vault of 20,000 notes lists newest first, renders only the visible rows and scrolls to the oldest', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const dataDir = makeDataDir(testInfo.title);
  const notes = generateNotes(COUNT);
  await seedVault(dataDir, notes);
  const host = await startWebHost(dataDir);
  try {
    const app = new AppPage(page);
    await app.open(host.url);
    const newest = notes[COUNT - 1]!;
    const oldest = notes[0]!;
    await expect(app.noteList.getByRole('option').first()).toHaveAccessibleName(
      new RegExp(`^${newest.title}`),
    );
    await expect(page.getByRole('button', { name: /Notes/ }).first()).toContainText('20,000');
    // Virtualised: the DOM holds a screenful of rows, not 20,000.
    expect(await app.noteList.getByRole('option').count()).toBeLessThan(80);

    await app.noteList.evaluate((list) => list.scrollTo({ top: list.scrollHeight }));
    await expect(app.noteRow(oldest.title)).toBeVisible();
    await app.noteRow(oldest.title).click();
    await expect(app.titleInput).toHaveValue(oldest.title);
    expect(await app.noteList.getByRole('option').count()).toBeLessThan(80);
  } finally {
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
