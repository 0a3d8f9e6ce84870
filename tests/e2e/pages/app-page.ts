import { expect, type Locator, type Page } from '@playwright/test';

/** The Quire window as a user sees it; selectors are roles and labels, not CSS. */
export class AppPage {
  readonly newNoteButton: Locator;
  readonly noteList: Locator;
  readonly titleInput: Locator;
  readonly editor: Locator;
  readonly preview: Locator;
  readonly saveStatus: Locator;
  readonly searchInput: Locator;

  constructor(readonly page: Page) {
    this.newNoteButton = page.getByRole('button', { name: 'New note' }).first();
    this.noteList = page.getByRole('listbox', { name: 'Notes' });
    this.titleInput = page.getByLabel('Note title');
    this.editor = page.getByTestId('editor').locator('.cm-content');
    this.preview = page.getByTestId('preview');
    this.saveStatus = page.getByTestId('save-status');
    this.searchInput = page.getByLabel('Search notes');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.newNoteButton).toBeVisible();
  }

  noteRow(title: string): Locator {
    return this.noteList.getByRole('option', { name: new RegExp(`^${escapeRegExp(title)}`) });
  }

  async createNote(title: string, body: string): Promise<void> {
    await this.newNoteButton.click();
    await this.titleInput.fill(title);
    await this.titleInput.press('Enter');
    await this.editor.click();
    await this.typeAndWaitForSave(body);
    await expect(this.noteRow(title)).toBeVisible();
  }

  /** Types into the editor and waits until autosave has written it (not just until the status says so). */
  async typeAndWaitForSave(text: string): Promise<void> {
    await this.page.keyboard.type(text);
    await this.waitForSave();
  }

  /** "Saving…" shows for at least the autosave delay after a keystroke, then "Saved" once the host acknowledged. */
  async waitForSave(): Promise<void> {
    await expect(this.saveStatus).toHaveText('Saving…');
    await expect(this.saveStatus).toHaveText('Saved');
  }

  async replaceBody(text: string): Promise<void> {
    await this.editor.click();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.press('Delete');
    // insertText sends the text in one go, as a paste would; CodeMirror does not auto-indent it.
    await this.page.keyboard.insertText(text);
    await this.waitForSave();
  }

  async openPreview(): Promise<void> {
    if (!(await this.preview.isVisible())) await this.page.getByRole('button', { name: 'Toggle preview' }).click();
    await expect(this.preview).toBeVisible();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
