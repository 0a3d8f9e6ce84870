import fs from 'node:fs';
import type { Locator } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { CodeMirrorEditor } from './pages/code-mirror';

/** The smallest valid PNG (1×1, transparent), as base64. */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

interface SyntheticFile {
  name: string;
  type: string;
  base64: string;
}

/**
 * A paste or drop as the browser makes one: real `File`s in a real `DataTransfer`, dispatched
 * on CodeMirror's content element. (Playwright cannot reach the OS clipboard or a drag from the
 * desktop; the event is what the editor sees either way.)
 */
async function sendFiles(editor: Locator, kind: 'paste' | 'drop', files: SyntheticFile[]): Promise<void> {
  await editor.evaluate(
    (element, { kind, files }) => {
      const data = new DataTransfer();
      for (const file of files) {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        data.items.add(new File([bytes], file.name, { type: file.type }));
      }
      const box = element.getBoundingClientRect();
      const event =
        kind === 'paste'
          ? new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
          : new DragEvent('drop', {
              dataTransfer: data,
              bubbles: true,
              cancelable: true,
              clientX: box.left + 4,
              clientY: box.top + 4,
            });
      element.dispatchEvent(event);
    },
    { kind, files },
  );
}

test('a pasted image is uploaded, linked in the note, and listed in the attachments view', async ({
  app,
  page,
}, testInfo) => {
  await app.createNote('Trip', 'Day one');
  await sendFiles(app.editor, 'paste', [{ name: 'beach.png', type: 'image/png', base64: PNG_BASE64 }]);
  await expect(app.editor).toContainText('Day one![[beach.png]]');
  await app.waitForSave();

  // The same name again is made unique by the host.
  await sendFiles(app.editor, 'paste', [{ name: 'beach.png', type: 'image/png', base64: PNG_BASE64 }]);
  await expect(app.editor).toContainText('![[beach.png]]![[beach 1.png]]');
  await app.waitForSave();

  // Undo takes the link out (one step), and never the stored file: it is now unused.
  await sendFiles(app.editor, 'paste', [{ name: 'scratch.txt', type: 'text/plain', base64: btoa('draft') }]);
  await expect(app.editor).toContainText('![[scratch.txt]]');
  await page.keyboard.press('ControlOrMeta+z');
  await expect(app.editor).not.toContainText('scratch.txt');
  await expect(app.editor).toContainText('![[beach 1.png]]');
  await app.waitForSave();

  await page.getByRole('button', { name: 'Attachments' }).click();
  const view = page.getByRole('dialog', { name: 'Attachments' });
  const row = view.getByRole('row', { name: /^beach\.png/ });
  await expect(row).toBeVisible();
  await expect(row.getByText('attachments', { exact: true })).toBeVisible();
  await expect(row.getByText('PNG image')).toBeVisible();
  await expect(row.getByRole('button', { name: 'Trip' })).toBeVisible();
  await expect(view.getByRole('row', { name: /^beach 1\.png/ })).toBeVisible();

  await expect(view.getByRole('row', { name: /^scratch\.txt/ }).getByText('Unused')).toBeVisible();
  await row.hover();
  const shot = testInfo.outputPath('attachments-view.png');
  await page.screenshot({ path: shot, animations: 'disabled' });
  if (process.env.QUIRE_E2E_SHOTS)
    fs.copyFileSync(shot, `${process.env.QUIRE_E2E_SHOTS}/attachments-view.png`);

  await view.getByRole('tab', { name: 'Unused' }).click();
  await expect(view.getByRole('row', { name: /^scratch\.txt/ })).toBeVisible();
  await expect(view.getByRole('row', { name: /^beach/ })).toHaveCount(0);
  await view.getByRole('tab', { name: 'All' }).click();

  // Clicking the note that uses it opens that note.
  await row.getByRole('button', { name: 'Trip' }).click();
  await expect(view).toBeHidden();
  await expect(app.titleInput).toHaveValue('Trip');
});

test('several files dropped at once are all linked, in one edit', async ({ app }) => {
  await app.createNote('Drop zone', 'x');
  await sendFiles(app.editor, 'drop', [
    { name: 'one.png', type: 'image/png', base64: PNG_BASE64 },
    { name: 'notes.txt', type: 'text/plain', base64: btoa('plain words') },
  ]);
  // The note's text, not the DOM: Live Preview draws an embed off the cursor line as the file.
  const editor = new CodeMirrorEditor(app.page);
  await expect.poll(() => editor.text()).toContain('![[one.png]]');
  await expect.poll(() => editor.text()).toContain('![[notes.txt]]');
  // The text file became an attachment, not pasted text.
  expect(await editor.text()).not.toContain('plain words');
  // The edit is already made, so "Saving…" may have come and gone while the text was polled.
  await expect(app.saveStatus).toHaveText('Saved');
});

test('the attachments settings decide the folder and the link style of the next paste', async ({
  app,
  page,
}, testInfo) => {
  await app.createNote('Styled', 'x');
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByLabel('Attachments folder').fill('media/pasted');
  await settings.getByLabel('Attachments folder').press('Enter');
  await settings.getByLabel('Link pasted files as').selectOption('markdown');
  const shot = testInfo.outputPath('settings-menu.png');
  await page.screenshot({ path: shot, animations: 'disabled' });
  if (process.env.QUIRE_E2E_SHOTS) fs.copyFileSync(shot, `${process.env.QUIRE_E2E_SHOTS}/settings-menu.png`);
  await page.keyboard.press('Escape');
  await expect(settings).toBeHidden();

  await app.editor.click();
  await page.keyboard.press('End');
  await sendFiles(app.editor, 'paste', [{ name: 'My chart.png', type: 'image/png', base64: PNG_BASE64 }]);
  await expect(app.editor).toContainText('x![](media/pasted/My%20chart.png)');
  await app.waitForSave();
});
