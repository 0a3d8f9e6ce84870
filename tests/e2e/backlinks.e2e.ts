import { test, expect } from './support/fixtures';
import { connectToHost } from './support/host-client';
import { CodeMirrorEditor } from './pages/code-mirror';

test('backlinks and unlinked mentions: Link turns a mention into a link and the linked count goes up', async ({
  app,
  page,
  host,
}) => {
  const client = connectToHost(host);
  try {
    await client.api.notes.create.mutate({
      title: 'Quire Roadmap',
      body: '# Quire Roadmap\n\nGoals: [[Alpha]], [[Launch plan]].',
    });
    await client.api.notes.create.mutate({
      title: 'Alpha',
      folder: 'Projects',
      body: 'Intro line.\nSee [[Quire Roadmap]] for the goals.',
    });
    await client.api.notes.create.mutate({
      title: 'Beta',
      body: 'Notes from Monday.\nThe quire roadmap is long this year.',
    });
  } finally {
    await client.close();
  }

  // All three rows first: a row arriving after the click target was found would shift the list
  // under the click.
  for (const title of ['Quire Roadmap', 'Alpha', 'Beta']) await expect(app.noteRow(title)).toBeVisible();
  await app.noteRow('Quire Roadmap').click();
  await expect(app.titleInput).toHaveValue('Quire Roadmap');
  await page.keyboard.press('ControlOrMeta+Shift+B');
  const pane = page.getByRole('complementary', { name: 'Links' });
  const linked = pane.getByRole('button', { name: /^Linked mentions/ });
  await expect(linked).toContainText('1');
  await expect(pane.getByRole('button', { name: /^Alpha, line 2/ }).locator('mark')).toHaveText(
    '[[Quire Roadmap]]',
  );
  await expect(pane.getByTitle('No note named “Launch plan”')).toBeVisible();

  const unlinked = pane.getByRole('button', { name: /^Unlinked mentions/ });
  await expect(unlinked).toHaveAttribute('aria-expanded', 'false');
  await unlinked.click();
  await expect(unlinked).toContainText('1');
  await expect(pane.getByRole('button', { name: /^Beta, line 2/ }).locator('mark')).toHaveText(
    'quire roadmap',
  );
  await page.screenshot({ path: '/tmp/linkindex-shot.png' });

  await pane.getByRole('button', { name: 'Link “quire roadmap” in Beta' }).click();
  await expect(linked).toContainText('2');
  await expect(unlinked).toContainText('0');

  // The new link is in Beta's text, as one edit of the words that were there.
  await pane.getByRole('button', { name: /^Beta, line 2/ }).click();
  await expect(app.titleInput).toHaveValue('Beta');
  const editor = new CodeMirrorEditor(page);
  await expect
    .poll(() => editor.text())
    .toBe('Notes from Monday.\nThe [[Quire Roadmap|quire roadmap]] is long this year.');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: '/tmp/linkindex-shot-beta.png' });
});
