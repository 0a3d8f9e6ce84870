import { test, expect } from './support/fixtures';
import { CodeMirrorEditor } from './pages/code-mirror';

const LINKING = 'See [[Plan]] and [[Plan#Goals|the goals]].\nAlso ![[Plan]] here.';
const RENAMED = 'See [[Roadmap]] and [[Roadmap#Goals|the goals]].\nAlso ![[Roadmap]] here.';
const undoRename = process.platform === 'darwin' ? 'Meta+Alt+z' : 'Control+Alt+z';

test('E10: renaming a linked note rewrites the links in other notes; Undo puts them back', async ({
  app,
  page,
}) => {
  const editor = new CodeMirrorEditor(page);
  await app.createNote('Plan', '# Goals');
  await app.createNote('Linking', 'x');
  await app.replaceBody(LINKING);
  await app.createNote('Markdown link', 'x');
  await app.replaceBody('[the plan](Plan.md)');

  await app.openNote('Plan');
  await app.titleInput.click();
  await app.titleInput.fill('Roadmap');
  await app.titleInput.press('Enter');
  const toast = page.getByRole('status').filter({ hasText: 'Renamed' });
  await expect(toast).toContainText('Renamed · updated 4 links in 2 notes');
  await page.screenshot({ path: '/tmp/refactor-toast.png' });
  await expect(app.noteRow('Roadmap')).toBeVisible();

  await app.openNote('Linking');
  await expect.poll(() => editor.text()).toBe(RENAMED);
  await app.openNote('Markdown link');
  await expect.poll(() => editor.text()).toBe('[the plan](Roadmap.md)');

  // "Undo last rename" (Mod+Alt+Z): the editor's own Mod+Z stays the editor's.
  await page.keyboard.press(undoRename);
  await expect(page.getByRole('status').filter({ hasText: 'Undone' })).toBeVisible();
  await expect.poll(() => editor.text()).toBe('[the plan](Plan.md)');
  await app.openNote('Linking');
  await expect.poll(() => editor.text()).toBe(LINKING);
  await expect(app.noteRow('Plan')).toBeVisible();
});

test('E10: the toast’s Undo reverts a rename, and a taken name is refused in words', async ({
  app,
  page,
}) => {
  const editor = new CodeMirrorEditor(page);
  await app.createNote('Plan', 'p');
  await app.createNote('Roadmap', 'r');
  await app.createNote('Linking', 'x');
  await app.replaceBody('See [[Plan]].');

  await app.openNote('Plan');
  await app.titleInput.click();
  await app.titleInput.fill('roadmap');
  await app.titleInput.press('Enter');
  await expect(page.getByRole('alert')).toContainText('A note with this name already exists in that folder');
  await expect(app.titleInput).toHaveValue('Plan');

  await app.titleInput.click();
  await app.titleInput.fill('Strategy');
  await app.titleInput.press('Enter');
  const toast = page.getByRole('status').filter({ hasText: 'Renamed' });
  await expect(toast).toContainText('updated 1 link in 1 note');
  await app.openNote('Linking');
  await expect.poll(() => editor.text()).toBe('See [[Strategy]].');
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => editor.text()).toBe('See [[Plan]].');
  await expect(app.noteRow('Plan')).toBeVisible();
});
