import { test, expect } from './support/fixtures';
import type { AppPage } from './pages/app-page';

async function note(app: AppPage, title: string, body: string): Promise<void> {
  await app.createNote(title, 'x');
  await app.replaceBody(body);
}

test('inline and frontmatter tags: a chip in the list, the preview or the editor filters the list', async ({
  app,
  page,
}) => {
  await note(app, 'Shopping', 'Milk and eggs #home');
  await note(app, 'Ideas', '---\ntags: [Project]\n---\nSome ideas, not `#code`');
  await note(app, 'Plan', 'Ship it #project/quire today, then #home');
  const rows = app.noteList.getByRole('option');
  await expect(rows).toHaveCount(3);
  await expect(app.rowTag('Plan', 'project/quire')).toBeVisible();
  await expect(app.rowTag('Ideas', 'Project')).toBeVisible();
  await expect(app.noteRow('Ideas').getByText('#code')).toHaveCount(0);

  // The frontmatter's #Project takes the nested inline #project/quire too, in any case.
  await app.rowTag('Ideas', 'Project').click();
  await expect(app.tagFilter).toContainText('#Project');
  await expect(app.tagFilter).toContainText('2');
  await expect(rows).toHaveCount(2);
  await expect(app.noteRow('Shopping')).toHaveCount(0);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: '/tmp/tags-filter-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: '/tmp/tags-filter-dark.png' });
  await page.setViewportSize({ width: 700, height: 720 });
  await page.screenshot({ path: '/tmp/tags-filter-narrow.png' });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'light' });

  await app.clearTagFilter('Project');
  await expect(rows).toHaveCount(3);

  // The preview's chip.
  await app.openNote('Shopping');
  await app.openPreview();
  const chip = app.preview.getByRole('link', { name: '#home' });
  await expect(chip).toBeVisible();
  await chip.click();
  await expect(app.tagFilter).toContainText('#home');
  await expect(rows).toHaveCount(2);
  await page.screenshot({ path: '/tmp/tags-preview-light.png' });

  // Esc in the list clears it.
  await app.noteRow('Plan').click();
  await page.keyboard.press('Escape');
  await expect(app.tagFilter).toHaveCount(0);
  await expect(rows).toHaveCount(3);

  // Mod-click on the tag in the editor.
  await app.openNote('Plan');
  const mark = page.getByTestId('editor').locator('.cm-tag', { hasText: '#project/quire' });
  await expect(mark).toBeVisible();
  await mark.click({ modifiers: ['ControlOrMeta'] });
  await expect(app.tagFilter).toContainText('#project/quire');
  await expect(rows).toHaveCount(1);
  await expect(app.editor).toHaveText('Ship it #project/quire today, then #home');
  await page.screenshot({ path: '/tmp/tags-editor-light.png' });
  await app.clearTagFilter('project/quire');
  await expect(rows).toHaveCount(3);

  // A tag in the properties panel.
  await app.openNote('Ideas');
  await app.properties.getByRole('button', { name: 'Project', exact: true }).click();
  await expect(app.tagFilter).toContainText('#Project');
  await expect(rows).toHaveCount(2);
  await app.clearTagFilter('Project');
});
