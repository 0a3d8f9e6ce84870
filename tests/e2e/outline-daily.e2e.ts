import { test, expect } from './support/fixtures';
import { connectToHost } from './support/host-client';
import { CodeMirrorEditor } from './pages/code-mirror';

/** The host names daily notes by its local date; it runs on this machine, in this time zone. */
function localDay(offsetDays = 0): string {
  const date = new Date();
  date.setDate(date.getDate() + offsetDays);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const paragraphs = (label: string, count: number): string =>
  Array.from({ length: count }, (_, i) => `${label} paragraph ${i + 1} with a few words to read.`).join(
    '\n\n',
  );

const BODY = [
  '# Morning',
  paragraphs('Morning', 25),
  '## Tasks',
  '- [ ] write the outline',
  paragraphs('Task', 25),
  'Evening\n=======',
  paragraphs('Evening', 25),
].join('\n\n');

test('today’s note from the shortcut, its outline jumps and follows, and the day bar steps between days', async ({
  app,
  host,
  page,
}) => {
  const today = localDay();
  await page.keyboard.press('Escape');
  await app.openTodaysNote(today);
  await expect(app.dailyNav).toBeVisible();
  await expect(app.noteRow(today)).toBeVisible();

  await app.editor.click();
  await page.keyboard.insertText(BODY);
  await app.waitForSave();
  await expect(app.wordCount).toHaveText(/^\d[\d,]* words · \d[\d,]* characters$/);

  await app.toggleOutline();
  await expect(app.outline).toBeVisible();
  await expect(app.outlineHeadings).toHaveText(['Morning', 'Tasks', 'Evening']);
  // The cursor is at the end of the note: the last section is the current one.
  await expect(app.outlineItem('Evening')).toHaveAttribute('aria-current', 'location');

  // A jump: the cursor goes to the heading's line, which scrolls into view.
  await app.outlineItem('Tasks').click();
  const editor = new CodeMirrorEditor(page);
  const state = await editor.state();
  expect(state.text.slice(state.head, state.head + '## Tasks'.length)).toBe('## Tasks');
  expect(state.focused).toBe(true);
  await expect(app.outlineItem('Tasks')).toHaveAttribute('aria-current', 'location');
  // Live preview may hide the `##`: the line is found by its words.
  await expect(page.getByTestId('editor').locator('.cm-line', { hasText: /^(## )?Tasks$/ })).toBeInViewport();

  // Scrolling away from the cursor: the outline follows the top of the view.
  await page
    .getByTestId('editor')
    .locator('.cm-scroller')
    .evaluate((scroller) => {
      scroller.scrollTop = 0;
    });
  await expect(app.outlineItem('Morning')).toHaveAttribute('aria-current', 'location');

  // Two other days exist (the day before yesterday and a week ahead); the bar steps between them.
  const client = connectToHost(host);
  try {
    await client.api.dailyNotes.open.mutate({ date: localDay(-2) });
    await client.api.dailyNotes.open.mutate({ date: localDay(7) });
  } finally {
    await client.close();
  }
  await app.dailyNav.getByRole('button', { name: 'Previous daily note' }).click();
  await expect(app.titleInput).toHaveValue(localDay(-2));
  await expect(app.dailyNav.getByRole('button', { name: 'Previous daily note' })).toBeDisabled();
  await expect(app.outline.getByText('No headings in this note')).toBeVisible();
  await app.dailyNav.getByRole('button', { name: 'Next daily note' }).click();
  await expect(app.titleInput).toHaveValue(today);
  await app.dailyNav.getByRole('button', { name: 'Next daily note' }).click();
  await expect(app.titleInput).toHaveValue(localDay(7));

  // The shortcut again: back to today, the same note (no second one).
  await app.openTodaysNote(today);
  await expect.poll(async () => (await editor.state()).text).toContain('Evening paragraph 25');
  await expect(app.noteList.getByRole('option')).toHaveCount(3);
});
