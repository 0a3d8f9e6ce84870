import { test, expect } from './support/fixtures';

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
  await expect(link).toHaveAttribute('title', /No note named “Data Model” yet/);

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
