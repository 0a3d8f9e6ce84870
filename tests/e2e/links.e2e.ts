import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';

/** Where `text` (the first time it appears in the editor's text) is on screen: its middle. */
async function pointAt(page: Page, text: string): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('editor').evaluate((editor, wanted) => {
    const content = editor.querySelector('.cm-content');
    if (!content) return null;
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(wanted) ?? -1;
      if (at === -1) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }
    return null;
  }, text);
  if (!box) throw new Error(`"${text}" is not in the editor`);
  return box;
}

const shot = (name: string) => `/tmp/links-${name}.png`;

test('Ctrl/⌘+click follows a wikilink; the toolbar and Alt+← / Alt+→ go back and forward', async ({
  app,
  page,
}) => {
  await app.createNote('Beta', 'Beta body with some words.');
  await app.createNote('Alpha', 'Go to [[Beta]] now.');
  const back = page.getByRole('button', { name: 'Back', exact: true });
  const forward = page.getByRole('button', { name: 'Forward', exact: true });
  await expect(back).toHaveAttribute('title', /^Back \((Alt\+←|⌥←)\)$/);

  const link = await pointAt(page, 'Beta');
  await page.keyboard.down('ControlOrMeta');
  await page.mouse.click(link.x, link.y);
  await page.keyboard.up('ControlOrMeta');
  await expect(app.titleInput).toHaveValue('Beta');
  await expect(app.editor).toContainText('Beta body');
  await expect(app.noteRow('Beta')).toHaveAttribute('aria-selected', 'true');
  await expect(forward).toBeDisabled();

  await back.click();
  await expect(app.titleInput).toHaveValue('Alpha');
  await expect(forward).toBeEnabled();
  await forward.click();
  await expect(app.titleInput).toHaveValue('Beta');

  // From inside the editor, where Alt+← would otherwise move the cursor.
  await app.editor.click();
  await page.keyboard.press(process.platform === 'darwin' ? 'Meta+Alt+ArrowLeft' : 'Alt+ArrowLeft');
  await expect(app.titleInput).toHaveValue('Alpha');
  await page.keyboard.press(process.platform === 'darwin' ? 'Meta+Alt+ArrowRight' : 'Alt+ArrowRight');
  await expect(app.titleInput).toHaveValue('Beta');
});

test('an unresolved link creates its note; Enter inside a link follows it', async ({ app, page }) => {
  await app.createNote('Hub', 'Plans: [[Roadmap 2025]]');
  const link = await pointAt(page, 'Roadmap');
  await page.mouse.click(link.x, link.y);
  await page.keyboard.press('Enter');
  await expect(app.titleInput).toHaveValue('Roadmap 2025');
  await expect(app.noteRow('Roadmap 2025')).toBeVisible();
});

test('typing [[ and part of a title suggests notes; picking one writes [[Full Title]]', async ({
  app,
  page,
}) => {
  await app.createNote('Quarterly planning meeting', 'Agenda and decisions.');
  await app.createNote('Project Alpha', '---\naliases: [PA]\n---\nAbout Alpha.');
  await app.createNote('Journal', 'Today ');

  await page.keyboard.type('see [[quart');
  await expect(app.slashMenu).toBeVisible();
  const first = app.slashMenu.getByRole('option').first();
  await expect(first).toContainText('Quarterly planning meeting');
  // The host's answer to the whole of "quart" (each keystroke asks again), not an earlier one.
  await expect(first.locator('.cm-completionMatchedText')).toHaveText('Quart');
  await page.screenshot({ path: shot('autocomplete-light') });
  // CodeMirror ignores Enter for 75 ms after a list (re)opens, so a stray Enter never picks.
  await page.waitForTimeout(100);
  await page.keyboard.press('Enter');
  await expect(app.slashMenu).toBeHidden();
  await page.keyboard.type(' and ');
  await app.waitForSave();
  await app.showSource();
  await expect(app.editor).toContainText('Today see [[Quarterly planning meeting]] and');
  await expect(app.editor).not.toContainText(']]]]');

  // An alias is written as [[Title|Alias]].
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('[[pa');
  const alias = app.slashMenu.getByRole('option').first();
  await expect(alias).toContainText('PA');
  await expect(alias).toContainText('→ Project Alpha');
  await alias.click();
  await expect(app.editor).toContainText('[[Project Alpha|PA]]');
});

test('holding Ctrl/⌘ over a link shows the note it leads to (light, dark, narrow)', async ({ app, page }) => {
  await app.createNote('Garden', 'x');
  // Inserted in one go: typed, the list would continue itself ("- - thyme").
  await app.replaceBody(
    '# Garden\n\nTomatoes need **sun** and water.\n\n- basil\n- thyme\n\nMore in [[Compost]].',
  );
  await app.createNote('Index', 'See [[Garden]] and [[Orchard]].');

  const hover = async (text: string): Promise<void> => {
    const at = await pointAt(page, text);
    await page.mouse.move(at.x, at.y);
    await page.keyboard.down('ControlOrMeta');
  };
  const card = page.locator('.cm-link-preview');

  await hover('Garden');
  await expect(card).toContainText('Tomatoes need sun and water.');
  await expect(card.getByRole('listitem')).toHaveCount(2);
  await page.screenshot({ path: shot('hover-light') });
  await page.keyboard.up('ControlOrMeta');
  await expect(card).toBeHidden();

  await hover('Orchard');
  await expect(card).toContainText('No note named “Orchard” yet');
  await page.keyboard.up('ControlOrMeta');

  await page.emulateMedia({ colorScheme: 'dark' });
  await hover('Garden');
  await expect(card).toContainText('Tomatoes');
  await page.screenshot({ path: shot('hover-dark') });
  await page.keyboard.up('ControlOrMeta');

  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(' [[g');
  await expect(app.slashMenu).toBeVisible();
  await page.screenshot({ path: shot('autocomplete-dark') });
  await page.keyboard.press('Escape');

  await page.setViewportSize({ width: 700, height: 700 });
  await hover('Garden');
  await expect(card).toContainText('Tomatoes');
  await page.screenshot({ path: shot('hover-narrow') });
  await page.keyboard.up('ControlOrMeta');
});
