import { test, expect } from './support/fixtures';

/**
 * Editing commands as a user meets them: a shortcut on a selection, the slash menu, and a task
 * ticked in the preview. The editor is in source mode so the Markdown itself can be read back.
 */

test('Mod+B makes the selected word bold, and again makes it plain', async ({ app, page }) => {
  await app.createNote('Formatting', 'make this bold');
  await app.showSource();
  await page.keyboard.press('End');
  for (let i = 0; i < 'bold'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('ControlOrMeta+b');
  await expect(app.editor).toHaveText('make this **bold**');
  // Mod+K inside the editor links; it does not open the search.
  await page.keyboard.press('ControlOrMeta+k');
  await expect(app.editor).toHaveText('make this **[bold]()**');
  await expect(app.searchInput).not.toBeFocused();
  await page.keyboard.press('ControlOrMeta+z');
  await page.keyboard.press('ControlOrMeta+b');
  await expect(app.editor).toHaveText('make this bold');
  await app.waitForSave();
});

test('the slash menu inserts a table with the cursor in its first cell', async ({ app, page }) => {
  await app.createNote('Planning', 'Intro');
  await app.showSource();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('/tab');
  const menu = app.slashMenu;
  await expect(menu.getByRole('option', { name: /Table/ })).toBeVisible();
  await expect(menu.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  // CodeMirror ignores Enter for a moment after the menu appears (its interactionDelay, so a key
  // meant for the text is not taken by a menu that just popped up); a person is never that quick.
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  await page.keyboard.type('Name');
  await expect(app.editor).toContainText('| Name    |     |     || --- | --- | --- ||     |     |     |');
  await app.waitForSave();

  await app.openPreview();
  await expect(app.preview.getByRole('columnheader', { name: 'Name' })).toBeVisible();
});

test('Escape closes the slash menu and leaves the / as typed', async ({ app, page }) => {
  await app.createNote('Paths', 'x');
  await app.showSource();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('/');
  await expect(app.slashMenu).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(app.slashMenu).toBeHidden();
  await expect(app.editor).toHaveText('x/');
});

test('ticking a task in the preview ticks it in the note', async ({ app, page }) => {
  await app.createNote('Chores', 'placeholder');
  await app.showSource();
  await app.replaceBody('- [ ] water plants\n- [ ] water plants\n- [ ] post letters');
  await app.openPreview();
  const boxes = app.preview.getByRole('checkbox');
  await expect(boxes).toHaveCount(3);
  await boxes.nth(1).check();
  await expect(app.editor).toHaveText('- [ ] water plants- [x] water plants- [ ] post letters');
  await app.waitForSave();
  await expect(boxes.nth(1)).toBeChecked();
  await expect(boxes.nth(0)).not.toBeChecked();

  // The editor's undo takes the tick back, and the preview follows.
  await app.editor.click();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(app.editor).toHaveText('- [ ] water plants- [ ] water plants- [ ] post letters');
  await expect(boxes.nth(1)).not.toBeChecked();
});

test('editor and preview scroll together, each following the other', async ({ app, page }) => {
  const sections = Array.from(
    { length: 40 },
    (_, i) => `## Section ${i + 1}\n\n${'A paragraph of text that takes a line or two. '.repeat(3)}`,
  );
  await app.createNote('Long', 'x');
  await app.showSource();
  await app.replaceBody(sections.join('\n\n'));
  await app.openPreview();
  await expect(app.preview.getByRole('heading', { name: 'Section 40' })).toBeAttached();
  const scroller = page.getByTestId('editor').locator('.cm-scroller');

  /** How far below its pane's top edge an element with this text is (null: not rendered). */
  const offsetInPane = (pane: 'editor' | 'preview', text: string) =>
    page.evaluate(
      ([which, wanted]) => {
        const paneElement =
          which === 'editor'
            ? document.querySelector('[data-testid="editor"] .cm-scroller')!
            : document.querySelector('[data-testid="preview"]')!;
        const selector = which === 'editor' ? '.cm-line' : 'h2';
        const element = [...paneElement.querySelectorAll(selector)].find((e) => e.textContent === wanted);
        return element ? element.getBoundingClientRect().top - paneElement.getBoundingClientRect().top : null;
      },
      [pane, text] as const,
    );

  // The preview scrolled to a heading: the editor follows, that heading's line at its top.
  await app.preview
    .getByRole('heading', { name: 'Section 20', exact: true })
    .evaluate((h) => h.scrollIntoView());
  await expect.poll(() => offsetInPane('editor', '## Section 20')).toBeGreaterThanOrEqual(-10);
  expect(await offsetInPane('editor', '## Section 20')).toBeLessThan(30);

  // The editor scrolled to a line: the preview follows. (A moment later, as a person would: the
  // editor's own adjustments right after it was scrolled from the preview are not echoed.)
  await page.waitForTimeout(300);
  const lineTop = await offsetInPane('editor', '## Section 22');
  expect(lineTop).not.toBeNull();
  await scroller.evaluate((element, by) => {
    element.scrollTop += by;
  }, lineTop! - 8);
  await expect.poll(() => offsetInPane('preview', 'Section 22')).toBeLessThan(40);
  expect(await offsetInPane('preview', 'Section 22')).toBeGreaterThan(-30);

  // Back to the top, from the preview.
  await app.preview.evaluate((element) => {
    element.scrollTop = 0;
  });
  await expect.poll(() => scroller.evaluate((element) => element.scrollTop)).toBeLessThan(20);
});
