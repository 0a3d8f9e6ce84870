import { test, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import { AppPage } from './pages/app-page';
import { makeDataDir, startWebHost, type RunningHost } from './support/web-host';
import { seedVault } from './support/seed-vault';
import type { Note } from '../../src-shared/schema/note';
import { extractTags } from '../../src-shared/markdown/frontmatter';

const note = (id: string, title: string, folder: string, body: string, updatedAt: number): Note => ({
  id,
  title,
  body,
  tags: extractTags(body),
  folder,
  createdAt: updatedAt,
  updatedAt,
  trashedAt: 0,
  needsReview: false,
});

const NOTES = [
  note('plan', 'Plan', 'Projects/Quire', 'Ship it #project/quire', 1_700_000_005_000),
  note('spec', 'Spec', 'Projects/Quire', 'Details #project/quire #project', 1_700_000_004_000),
  note('roadmap', 'Roadmap', 'Projects', 'Later #project', 1_700_000_003_000),
  note('recipe', 'Recipe', 'Home', 'Soup', 1_700_000_002_000),
  note('loose', 'Loose', '', 'A note at the root #reading', 1_700_000_001_000),
];

async function withVault(
  page: Page,
  title: string,
  run: (app: AppPage, host: RunningHost) => Promise<void>,
): Promise<void> {
  const dataDir = makeDataDir(title);
  await seedVault(dataDir, NOTES);
  const host = await startWebHost(dataDir);
  try {
    const app = new AppPage(page);
    await page.setViewportSize({ width: 1280, height: 760 });
    await app.open(host.url);
    await run(app, host);
  } finally {
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

test('folder tree: drag a note and a folder, rename, delete to the trash, reveal the open note', async ({
  page,
}, testInfo) => {
  await withVault(page, testInfo.title, async (app) => {
    const tree = page.getByRole('tree', { name: 'Folders' });
    const folder = (name: string) => tree.getByRole('treeitem', { name: new RegExp(`^${name},`) });
    await expect(folder('Projects')).toHaveAccessibleName('Projects, 3 notes');
    await expect(folder('Quire')).toHaveAttribute('aria-level', '2');

    // Clicking a folder lists its notes, with the folder as a chip in the list's header.
    await folder('Home').click();
    await expect(app.noteList.getByRole('option')).toHaveCount(1);
    await expect(app.noteRow('Recipe')).toBeVisible();
    await page.getByRole('button', { name: 'Clear the Home folder filter' }).click();
    await expect(app.noteList.getByRole('option')).toHaveCount(5);

    // A note row dropped on a folder moves the note.
    await app.noteRow('Loose').dragTo(folder('Home'));
    await expect(folder('Home')).toHaveAccessibleName('Home, 2 notes');
    await page.screenshot({ path: '/tmp/folders-after-note-drop.png' });

    // A folder dropped on another moves inside it, with its notes.
    await folder('Home').dragTo(folder('Projects'));
    await expect(folder('Projects')).toHaveAccessibleName('Projects, 5 notes');
    await expect(folder('Home')).toHaveAttribute('aria-level', '2');

    // F2 renames.
    await folder('Quire').click();
    await page.keyboard.press('F2');
    const name = page.getByRole('textbox', { name: 'Folder name' });
    await name.fill('Quire app');
    await name.press('Enter');
    await expect(folder('Quire app')).toHaveAccessibleName('Quire app, 2 notes');

    // Delete from the context menu: one confirmation with the count, the notes go to the trash.
    await folder('Home').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('2 notes in it and its subfolders will move to the trash');
    await dialog.getByRole('button', { name: 'Move 2 notes to trash' }).click();
    await expect(folder('Home')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Trash' })).toContainText('2');

    // Reveal: the open note's folder is opened, selected and its notes listed.
    await folder('Projects').press('ArrowLeft');
    await expect(folder('Quire app')).toHaveCount(0);
    await app.noteRow('Spec').click();
    await page.getByRole('button', { name: 'Reveal open note in tree' }).click();
    await expect(folder('Quire app')).toHaveAttribute('aria-selected', 'true');
    await expect(app.noteList.getByRole('option')).toHaveCount(2);

    // A bookmark from the toolbar shows above the tree and opens the note.
    await page.getByRole('button', { name: 'Bookmark', exact: true }).click();
    const bookmarks = page.getByRole('list', { name: 'Bookmarks' });
    await expect(bookmarks.getByText('Spec')).toBeVisible();
    await app.noteRow('Plan').click();
    await bookmarks.getByText('Spec').click();
    await expect(app.titleInput).toHaveValue('Spec');

    await folder('Projects').click({ button: 'right' });
    await expect(page.getByRole('menu', { name: 'Folder Projects' })).toBeVisible();
    await page.screenshot({ path: '/tmp/folders-menu.png' });
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toHaveCount(0);
    await page.screenshot({ path: '/tmp/folders-light.png' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: '/tmp/folders-dark.png' });
    await page.emulateMedia({ colorScheme: 'light' });
  });
});

test('tag pane: nested counts include children, a click filters the list', async ({ page }, testInfo) => {
  await withVault(page, testInfo.title, async (app) => {
    const tags = page.getByRole('tree', { name: 'Tags' });
    const project = tags.getByRole('treeitem', { name: /^#project,/ });
    await expect(project).toHaveAccessibleName('#project, 3 notes');
    await project.locator('.tree-chevron').click();
    const nested = tags.getByRole('treeitem', { name: /^#project\/quire,/ });
    await expect(nested).toHaveAccessibleName('#project/quire, 2 notes');
    await nested.click();
    await expect(app.noteList.getByRole('option')).toHaveCount(2);
    await expect(page.locator('.list-header .tag-filter')).toContainText('#project/quire');
    await page.screenshot({ path: '/tmp/folders-tags.png' });
  });
});
