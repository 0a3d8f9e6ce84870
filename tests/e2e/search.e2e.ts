import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import type { Note } from '../../src-shared/schema/note';
import { AppPage } from './pages/app-page';
import { makeDataDir, startWebHost } from './support/web-host';
import { seedVault } from './support/seed-vault';

let time = 1_700_000_000_000;
const note = (id: string, title: string, body: string, fields: Partial<Note> = {}): Note => ({
  id,
  title,
  body,
  tags: [],
  folder: '',
  createdAt: time,
  updatedAt: (time += 60_000),
  trashedAt: 0,
  needsReview: false,
  ...fields,
});

const VAULT: Note[] = [
  note('launch', 'Launch checklist', 'Before the launch 🚀 we test everything twice.', {
    tags: ['project/quire'],
  }),
  note('cafe', 'Café meeting', 'Met Zoë at the café about the roadmap.', { folder: 'work' }),
  note('ja', '日本語メモ', '日本語のテキストを書きました。'),
  note('plan', 'Planning', 'Plan the launch window and the budget.', { tags: ['project'] }),
  ...Array.from({ length: 60 }, (_, i) =>
    note(`filler-${i}`, `Journal ${i}`, `A quiet day of reading, ${i}.`),
  ),
];

test('search: syntax as you type, the real count, Enter opens the highlighted row, emoji and CJK', async ({
  page,
}, testInfo) => {
  const dataDir = makeDataDir(testInfo.title);
  await seedVault(dataDir, VAULT);
  const host = await startWebHost(dataDir);
  try {
    const app = new AppPage(page);
    await app.open(host.url);
    const summary = page.locator('#search-summary');
    const rows = app.noteList.getByRole('option');

    // Open a note first: its row must not pass for the one Enter opens.
    await app.noteRow('Journal 59').click();
    await expect(app.titleInput).toHaveValue('Journal 59');

    await app.searchInput.click();
    await app.searchInput.pressSequentially('laun');
    await expect(summary).toHaveText('2 results');
    // Title matches first.
    await expect(rows.first()).toHaveAccessibleName(/^Launch checklist/);
    await expect(rows.first()).toHaveAttribute('aria-selected', 'true');
    await expect(rows.first().locator('mark').first()).toHaveText('Launch');

    await app.searchInput.pressSequentially(' -tag:project');
    await expect(summary).toHaveText('0 results');
    await app.searchInput.fill('launch -tag:project/quire');
    await expect(summary).toHaveText('1 result');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAccessibleName(/^Planning/);

    await app.searchInput.fill('reading');
    await expect(summary).toHaveText('60 results');
    await app.searchInput.fill('"quiet day" OR roadmap');
    await expect(summary).toHaveText('61 results');

    await app.searchInput.fill('🚀');
    await expect(summary).toHaveText('1 result');
    await expect(rows.first()).toHaveAccessibleName(/^Launch checklist/);
    await app.searchInput.fill('cafe zoe');
    await expect(rows.first()).toHaveAccessibleName(/^Café meeting/);
    await expect(rows.first().locator('.note-row-snippet mark')).toHaveText(['Zoë', 'café']);
    await app.searchInput.fill('テキスト');
    await expect(rows.first()).toHaveAccessibleName(/^日本語メモ/);

    await app.searchInput.fill('path:work');
    await expect(summary).toHaveText('1 result');
    await page.setViewportSize({ width: 1280, height: 720 });
    await app.searchInput.fill('launch');
    await expect(summary).toHaveText('2 results');
    await page.screenshot({ path: '/tmp/search-shot-results.png' });
    await page.getByRole('button', { name: 'Search syntax' }).click();
    await expect(page.getByRole('dialog', { name: 'Search syntax' })).toBeVisible();
    await page.screenshot({ path: '/tmp/search-shot-light.png' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: '/tmp/search-shot-dark.png' });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Search syntax' })).toHaveCount(0);

    // Enter opens the row shown selected: the top hit, not the note open before.
    await app.searchInput.press('Enter');
    await expect(app.titleInput).toHaveValue('Launch checklist');

    // Inside the note: the find bar counts its matches.
    await app.editor.click();
    await page.keyboard.press('ControlOrMeta+f');
    await page.keyboard.type('t');
    const count = page.locator('.cm-search-count');
    await expect(count).toHaveText(/^(\d+ of \d+|\d+ matches)$/);
    await page.keyboard.press('Enter');
    await expect(count).toHaveText(/^\d+ of \d+$/);
    await page.screenshot({ path: '/tmp/search-shot-findbar.png' });
  } finally {
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
