import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './support/fixtures';

/** The smallest valid PNG (1×1, transparent): an attachment as a real vault holds one. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const NOTES = 300;
const IMAGES = 3;

/** A vault folder as another app leaves it: notes in folders, images, and a hidden settings folder. */
function makeVaultFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-e2e-import-src-'));
  for (let i = 1; i <= NOTES; i++) {
    const folder = path.join(dir, `Area ${i % 5}`);
    fs.mkdirSync(folder, { recursive: true });
    const name = `Note ${String(i).padStart(3, '0')}`;
    fs.writeFileSync(path.join(folder, `${name}.md`), `# ${name}\n\nBody of note ${i}, see [[Note 001]].\n`);
  }
  fs.mkdirSync(path.join(dir, 'assets'));
  for (let i = 1; i <= IMAGES; i++) fs.writeFileSync(path.join(dir, 'assets', `image ${i}.png`), PNG);
  fs.mkdirSync(path.join(dir, '.obsidian'));
  fs.writeFileSync(path.join(dir, '.obsidian', 'app.json'), '{}');
  return dir;
}

test('Import folder…: a typed path, progress and counts, the report, and the notes in the list', async ({
  app,
  page,
}) => {
  const source = makeVaultFolder();
  try {
    await page
      .getByRole('navigation', { name: 'Sidebar' })
      .getByRole('button', { name: 'Import folder…' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Import folder' });
    // Web mode has no OS folder dialog: the path is typed.
    await expect(dialog.getByRole('button', { name: 'Choose…' })).toHaveCount(0);
    await dialog.getByLabel('Folder on this computer').fill(source);
    await dialog.getByRole('button', { name: 'Import' }).click();

    await expect(dialog.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
    await expect(dialog.getByRole('status')).toHaveText(
      `Import finished: ${NOTES} notes and ${IMAGES} attachments.`,
      { timeout: 30_000 },
    );
    await expect(dialog.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    await expect(dialog.getByTestId('vault-notes')).toHaveText(String(NOTES));
    await expect(dialog.getByTestId('vault-attachments')).toHaveText(String(IMAGES));
    // The hidden folder was not imported, and the report says so.
    const report = dialog.getByRole('region', { name: 'Report' });
    await expect(report.getByText('.obsidian')).toBeVisible();
    await expect(report.getByText('Hidden folder, skipped')).toBeVisible();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toBeHidden();

    await expect(app.noteList.getByRole('option').first()).toBeVisible();
    await app.searchInput.fill('"Body of note 150"');
    await expect(app.noteRow('Note 150')).toBeVisible();
    await app.noteRow('Note 150').click();
    await expect(app.titleInput).toHaveValue('Note 150');
    await expect(app.editor).toContainText('Body of note 150');
  } finally {
    fs.rmSync(source, { recursive: true, force: true });
  }
});
