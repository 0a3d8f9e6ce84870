import { test, expect } from './support/fixtures';

const RECIPE =
  '# Ingredients\n\n- flour\n- eggs ^list\n\n# Steps\n\nMix **well**, then bake. ^mix\n\n# Notes\n\nServe warm.\n';
const COOKBOOK = [
  'Our favourite bread.',
  '',
  '![[Recipe#Steps]]',
  '',
  '![[Recipe#^list]]',
  '',
  '![[Missing note]]',
  '',
  '![[Cookbook]]',
  '',
].join('\n');

test('the preview shows embedded sections and blocks under a header that opens them; missing notes and cycles say so', async ({
  app,
  page,
}) => {
  await app.createNote('Recipe', 'x');
  await app.replaceBody(RECIPE);
  await app.createNote('Cookbook', 'x');
  await app.replaceBody(COOKBOOK);
  await app.openPreview();

  const embeds = app.preview.locator('.markdown .note-embed');
  const steps = app.preview.getByRole('group', { name: 'Embedded: Recipe › Steps' });
  await expect(steps).toContainText('Mix well, then bake.');
  await expect(steps).not.toContainText('Serve warm');
  await expect(steps.locator('strong')).toHaveText('well');
  const list = app.preview.getByRole('group', { name: 'Embedded: Recipe › ^list' });
  await expect(list.locator('li')).toHaveText(['eggs']);
  await expect(embeds.filter({ hasText: 'No note named “Missing note”.' })).toHaveCount(1);
  await expect(embeds.filter({ hasText: 'This note is already embedded above.' })).toHaveCount(1);

  await page.screenshot({ path: '/tmp/linkscore-embeds-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: '/tmp/linkscore-embeds-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });

  // The header is a link to the embedded note.
  await steps.getByRole('link', { name: 'Recipe › Steps' }).click();
  await expect(app.titleInput).toHaveValue('Recipe');
});

test('an embed follows the embedded note as it changes', async ({ app }) => {
  await app.createNote('Quote', 'x');
  await app.replaceBody('Stay hungry. ^q\n');
  await app.createNote('Reader', 'x');
  await app.replaceBody('![[Quote#^q]]\n');
  await app.openPreview();
  const quote = app.preview.getByRole('group', { name: 'Embedded: Quote › ^q' });
  await expect(quote).toContainText('Stay hungry.');

  await app.openNote('Quote');
  await app.replaceBody('Stay foolish. ^q\n');
  await app.openNote('Reader');
  await expect(app.preview.getByRole('group', { name: 'Embedded: Quote › ^q' })).toContainText(
    'Stay foolish.',
  );
});
