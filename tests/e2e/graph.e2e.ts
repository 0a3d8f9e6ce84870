import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import type { Note } from '../../src-shared/schema/note';
import { AppPage } from './pages/app-page';
import { GraphPage } from './pages/graph-page';
import { makeDataDir, startWebHost, type RunningHost } from './support/web-host';
import { seedVault } from './support/seed-vault';

const FOLDERS = ['Projects', 'Areas', 'Journal', 'Reading', ''];

function note(i: number, title: string, folder: string, body: string): Note {
  return {
    id: `graph-note-${i}`,
    title,
    body,
    tags: [],
    folder,
    createdAt: 1_700_000_000_000 + i,
    updatedAt: 1_700_000_000_000 + i,
    trashedAt: 0,
    needsReview: false,
  };
}

/** A small linked vault: hubs in each folder, notes linking to their hub and a neighbour, an orphan. */
function vault(): Note[] {
  const notes: Note[] = [];
  FOLDERS.forEach((folder) => {
    const hub = `${folder || 'Inbox'} hub`;
    notes.push(note(notes.length, hub, folder, `Index of ${hub}. See [[Quire roadmap]].`));
    for (let k = 0; k < 7; k++) {
      const next = `${folder || 'Inbox'} note ${(k + 1) % 7}`;
      notes.push(
        note(notes.length, `${folder || 'Inbox'} note ${k}`, folder, `Part of [[${hub}]], next [[${next}]].`),
      );
    }
  });
  notes.push(note(notes.length, 'Quire roadmap', 'Projects', 'The plan. #project'));
  notes.push(note(notes.length, 'Lonely thought', 'Journal', 'Links to nothing.'));
  return notes;
}

let dataDir: string;
let host: RunningHost;

test.beforeEach(async ({}, testInfo) => {
  dataDir = makeDataDir(testInfo.title);
  await seedVault(dataDir, vault());
  host = await startWebHost(dataDir);
});

test.afterEach(async () => {
  await host.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the graph view opens from the sidebar; clicking a node opens its note; Esc returns', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open(host.url);
  await app.openNote('Inbox note 3');
  const graph = new GraphPage(page);
  await graph.openFromSidebar();
  await expect(graph.legend).toContainText('Projects');
  await expect(page.getByText(/42 of 42 notes/)).toBeVisible();
  // The layout ran in its Web Worker (built by Vite, allowed by the CSP), not on the UI thread.
  expect(page.workers().some((worker) => worker.url().includes('layout.worker'))).toBe(true);
  await page.screenshot({ path: '/tmp/graph-light.png' });

  // Esc goes back to the note that was open.
  await page.keyboard.press('Escape');
  await expect(graph.view).toBeHidden();
  await expect(app.titleInput).toHaveValue('Inbox note 3');

  // The find box brings a note to the middle of the canvas; the mouse clicks it there.
  await graph.openFromSidebar();
  await graph.find.fill('Quire roadmap');
  await expect(
    page.getByRole('listbox', { name: 'Matching notes' }).getByRole('option', { name: /Quire roadmap/ }),
  ).toHaveAttribute('aria-selected', 'true');
  // The camera glides to the note: hover the middle until the note under the pointer is it.
  const centre = await graph.centre();
  await expect(async () => {
    await page.mouse.move(centre.x + 40, centre.y + 40);
    await page.mouse.move(centre.x, centre.y);
    await expect(graph.hoverCard).toContainText('Quire roadmap', { timeout: 500 });
  }).toPass();
  await expect(graph.hoverCard).toContainText('Projects · 5 links');
  await page.screenshot({ path: '/tmp/graph-hover.png' });
  await page.mouse.click(centre.x, centre.y);
  await expect(graph.view).toBeHidden();
  await expect(app.titleInput).toHaveValue('Quire roadmap');
});

test('keyboard: Mod+G opens the graph, the find box and Enter open a note; the local graph and dark theme', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open(host.url);
  await app.openNote('Lonely thought');
  await page.keyboard.press('ControlOrMeta+g');
  const graph = new GraphPage(page);
  await graph.waitUntilSettled();
  await expect(graph.find).toBeFocused();
  await page.keyboard.type('inbox note 4');
  await page.keyboard.press('Enter');
  await expect(graph.view).toBeHidden();
  await expect(app.titleInput).toHaveValue('Inbox note 4');

  // Its local graph: itself, its hub and its two neighbours at depth 1.
  await page.keyboard.press('ControlOrMeta+g');
  await graph.waitUntilSettled();
  await page.getByRole('radio', { name: 'Local' }).click();
  await graph.waitUntilSettled();
  await expect(page.getByText(/4 of 4 notes/)).toBeVisible();
  await page.getByRole('radio', { name: 'Depth 2' }).click();
  await graph.waitUntilSettled();
  await expect(page.getByText(/of 4 notes/)).toBeHidden();
  await page.screenshot({ path: '/tmp/graph-local.png' });

  await page.evaluate(() => {
    document.documentElement.dataset.theme = 'dark';
  });
  await page.getByRole('radio', { name: 'Vault' }).click();
  await graph.waitUntilSettled();
  await page.screenshot({ path: '/tmp/graph-dark.png' });
  await page.keyboard.press('ControlOrMeta+g');
  await expect(graph.view).toBeHidden();
});
