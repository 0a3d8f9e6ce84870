import { test as base, expect } from '@playwright/test';
import fs from 'node:fs';
import { AppPage } from './pages/app-page';
import { makeDataDir, startWebHost, type RunningHost } from './support/web-host';

// Each test gets its own data directory and its own host process.
const test = base.extend<{ dataDir: string; host: RunningHost; app: AppPage }>({
  dataDir: async ({}, use, testInfo) => {
    const dir = makeDataDir(testInfo.title);
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  host: async ({ dataDir }, use) => {
    const host = await startWebHost(dataDir);
    await use(host);
    await host.stop();
  },
  app: async ({ page, host }, use) => {
    const app = new AppPage(page);
    await app.open(host.url);
    await use(app);
  },
});

/** The host fills `YYYY-MM-DD` with its local date; it runs on this machine, in this time zone. */
function localDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

test('a note from the System Architecture template is dated today and its [[Data Model]] link resolves once that note exists', async ({
  app,
}) => {
  const before = localDate(new Date());
  await app.createNoteFromTemplate('System Architecture');
  const after = localDate(new Date());
  await expect(app.titleInput).toHaveValue('System Architecture');

  await app.openPreview();
  await expect(app.preview.getByRole('heading', { name: 'System Architecture', level: 1 })).toBeVisible();
  // Either date, should the test straddle midnight.
  await expect(app.property('updated')).toHaveText(new RegExp(`^(${before}|${after})$`));

  const link = app.wikilink('Data Model');
  await expect(link).toHaveClass(/\bis-unresolved\b/);
  await expect(link).toHaveAttribute('title', /No note titled “Data Model” yet/);

  await app.createNote('Data Model', 'Tables, keys and relations');
  await app.noteRow('System Architecture').click();
  await expect(app.titleInput).toHaveValue('System Architecture');
  await expect(link).not.toHaveClass(/\bis-unresolved\b/);
  await expect(link).toHaveAttribute('data-note-id', /\S/);

  await link.click();
  await expect(app.titleInput).toHaveValue('Data Model');
  await expect(app.editor).toContainText('Tables, keys and relations');
  await expect(app.noteRow('Data Model')).toHaveAttribute('aria-selected', 'true');
});
