import { test, expect } from './support/fixtures';
import { CodeMirrorEditor } from './pages/code-mirror';
import { connectToHost, noteIdByTitle } from './support/host-client';

test('Live Preview draws Markdown in place once the cursor leaves a line, and its checkboxes tick the note', async ({
  app,
  host,
  page,
}) => {
  const editor = new CodeMirrorEditor(page);
  await app.newNoteButton.click();
  await expect(app.titleInput).toBeFocused();
  await app.titleInput.fill('Live');
  await app.titleInput.press('Enter');
  await app.editor.click();
  const keyboard = page.keyboard;

  await keyboard.type('# Title');
  // On its own line the heading is source: the # shows.
  const heading = app.editor.locator('.cm-line.cm-lp-h1');
  await expect(heading).toHaveText('# Title');
  await keyboard.press('Enter');
  await expect(heading).toHaveText('Title');
  const fontSize = (element: Element) => parseFloat(getComputedStyle(element).fontSize);
  const headingSize = await heading.getByText('Title', { exact: true }).evaluate(fontSize);
  const bodySize = await app.editor.evaluate(fontSize);
  expect(headingSize).toBeGreaterThan(bodySize * 1.3);

  await keyboard.type('Some **bold** words');
  await keyboard.press('Enter');
  const bold = app.editor.locator('.cm-lp-strong');
  await expect(bold).toHaveText('bold');
  await expect(app.editor.locator('.cm-line', { hasText: 'words' })).toHaveText('Some bold words');
  expect(await bold.evaluate((span) => getComputedStyle(span).fontWeight)).toBe('700');

  await keyboard.press('Enter');
  await keyboard.type('| Fruit | Qty |');
  await keyboard.press('Enter');
  await keyboard.type('|---|--:|');
  await keyboard.press('Enter');
  await keyboard.type('| apple | 3 |');
  // While the cursor is in it, the table is its source.
  await expect(app.editor.locator('.cm-lp-table')).toHaveCount(0);
  await keyboard.press('Enter');
  await keyboard.press('Enter');
  const table = app.editor.locator('.cm-lp-table table');
  await expect(table).toBeVisible();
  await expect(table.locator('th')).toHaveText(['Fruit', 'Qty']);
  await expect(table.locator('td')).toHaveText(['apple', '3']);

  await keyboard.type('- [ ] buy milk');
  await keyboard.press('ArrowUp');
  const checkbox = app.editor.getByRole('checkbox', { name: 'Task' });
  await expect(checkbox).toBeVisible();
  await expect(checkbox).not.toBeChecked();
  await app.waitForSave();
  expect(await editor.text()).toBe(
    '# Title\nSome **bold** words\n\n| Fruit | Qty |\n|---|--:|\n| apple | 3 |\n\n- [ ] buy milk',
  );

  const cursorBefore = (await editor.state()).head;
  await checkbox.click();
  await expect(app.editor.getByRole('checkbox', { name: 'Completed task' })).toBeChecked();
  await app.waitForSave();
  expect((await editor.state()).head, 'the click did not move the cursor').toBe(cursorBefore);

  const client = connectToHost(host);
  try {
    const id = await noteIdByTitle(client, 'Live');
    const saved = await client.api.notes.get.query({ id });
    expect(saved.body).toContain('- [x] buy milk');
    expect(saved.body).not.toContain('[ ]');
  } finally {
    await client.close();
  }

  // Undo takes the tick back.
  await app.editor.click({ position: { x: 5, y: 5 } });
  await keyboard.press('ControlOrMeta+z');
  await expect.poll(() => editor.text()).toContain('- [ ] buy milk');
});

test('source mode shows the raw Markdown; the choice is remembered', async ({ app, page }) => {
  await app.createNote('Modes', '# Heading');
  await page.keyboard.press('Enter');
  await expect(app.editor.locator('.cm-line.cm-lp-h1')).toHaveText('Heading');
  const toggle = page.getByRole('button', { name: 'Source mode' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(app.editor.locator('.cm-line').first()).toHaveText('# Heading');
  await page.reload();
  await app.openNote('Modes');
  await expect(app.editor.locator('.cm-line').first()).toHaveText('# Heading');
  await app.editor.click();
  await page.keyboard.press('ControlOrMeta+Shift+E');
  await page.keyboard.press('ControlOrMeta+End');
  await expect(page.getByRole('button', { name: 'Source mode' })).toHaveAttribute('aria-pressed', 'false');
  await expect(app.editor.locator('.cm-line.cm-lp-h1')).toHaveText('Heading');
});

const SHOWCASE = [
  '# Live Preview',
  '',
  'Text with **bold**, *italic*, ~~struck~~, `inline code`, a [link](https://example.com) and [[Another note|a wikilink]].',
  '',
  '- [ ] an open task',
  '- [x] a finished task',
  '- a bullet',
  '  - nested',
  '',
  '> A quote, quietly.',
  '',
  '> [!tip] Callouts work',
  '> With a body line.',
  '',
  '> [!warning]- Folded warning',
  '> hidden',
  '',
  '| Column | Value |',
  '|:--|--:|',
  '| alpha | 1 |',
  '| beta | 22 |',
  '',
  '```ts',
  'const diagram = "+-----+    +-----+    +-----+    +-----+    +-----+    +-----+    +-----+";',
  '```',
  '',
  '![[missing.png|200]]',
  '',
  '---',
  '',
  'שלום, זו שורה בעברית.',
  '',
  'end',
].join('\n');

test('screenshots: light, dark and narrow', async ({ app, page }) => {
  await page.setViewportSize({ width: 1280, height: 1100 });
  await app.createNote('Showcase', 'x');
  await app.replaceBody(SHOWCASE);
  await page.keyboard.press('ControlOrMeta+End');
  await expect(app.editor.locator('.cm-lp-table')).toBeVisible();
  await page.screenshot({ path: '/tmp/lp-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: '/tmp/lp-dark.png' });
  await page.setViewportSize({ width: 700, height: 1000 });
  await page.screenshot({ path: '/tmp/lp-narrow.png' });
  // A code line never wraps (it scrolls) and is monospace, tagged fence or not; prose still wraps.
  const codeLine = app.editor.locator('.cm-line.cm-codeblock', { hasText: 'diagram' });
  const lineHeight = (await app.editor.locator('.cm-line', { hasText: /^end$/ }).boundingBox())!.height;
  expect((await codeLine.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
  expect(await codeLine.getByText('diagram').evaluate((span) => getComputedStyle(span).fontFamily)).toMatch(
    /mono/i,
  );
  const prose = app.editor.locator('.cm-line', { hasText: 'Text with' });
  expect((await prose.boundingBox())!.height).toBeGreaterThan(lineHeight * 1.5);
  const scroller = page.getByTestId('editor').locator('.cm-scroller');
  expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
  // Editing a table and a callout: a click puts the cursor there and the block shows its source.
  await app.editor.locator('.cm-lp-table td', { hasText: 'alpha' }).click();
  await expect(app.editor.locator('.cm-lp-table')).toHaveCount(0);
  await expect(app.editor.locator('.cm-line', { hasText: '| alpha | 1 |' })).toBeVisible();
  await page.screenshot({ path: '/tmp/lp-table-raw.png' });
  await app.editor.getByText('With a body line.').click();
  await expect(app.editor.locator('.cm-line', { hasText: '> [!tip] Callouts work' })).toBeVisible();
  await expect(app.editor.locator('.cm-lp-table')).toBeVisible();
  await page.screenshot({ path: '/tmp/lp-callout-raw.png' });
  await page.keyboard.press('ControlOrMeta+f');
  await page.screenshot({ path: '/tmp/lp-find.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: '/tmp/lp-find-dark.png' });
});
