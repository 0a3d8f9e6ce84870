import { expect, type Locator, type Page } from '@playwright/test';
import { SignInDialog, type SyncAccount } from './sign-in-dialog';

/** The Quire window as a user sees it; selectors are roles and labels, not CSS. */
export class AppPage {
  readonly newNoteButton: Locator;
  readonly noteList: Locator;
  readonly titleInput: Locator;
  readonly editor: Locator;
  readonly preview: Locator;
  readonly saveStatus: Locator;
  readonly searchInput: Locator;
  readonly templateMenuButton: Locator;
  readonly templateMenu: Locator;
  /** The sidebar's sync status; `data-state` is the SyncState. */
  readonly syncStatus: Locator;
  readonly signInDialog: SignInDialog;

  constructor(readonly page: Page) {
    this.newNoteButton = page.getByRole('button', { name: 'New note' }).first();
    this.noteList = page.getByRole('listbox', { name: 'Notes' });
    this.titleInput = page.getByLabel('Note title');
    this.editor = page.getByTestId('editor').locator('.cm-content');
    this.preview = page.getByTestId('preview');
    this.saveStatus = page.getByTestId('save-status');
    this.searchInput = page.getByLabel('Search notes');
    this.templateMenuButton = page.getByRole('button', { name: 'New from template' });
    this.templateMenu = page.getByRole('menu', { name: 'New from template' });
    this.syncStatus = page.getByTestId('sync-status');
    this.signInDialog = new SignInDialog(page);
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
    // The new note opens as "Untitled" with the cursor in its title. Filling the field before then
    // would rename the note still open (a user cannot type there in that moment; a test can).
    await expect(this.titleInput).toBeFocused();
    await expect(this.titleInput).toHaveValue('Untitled');
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

  /** Sidebar chevron → template menu → the template; the new note opens, named after the template. */
  async createNoteFromTemplate(templateName: string): Promise<void> {
    await this.templateMenuButton.click();
    await this.templateMenu.getByRole('menuitem', { name: templateName }).click();
    await expect(this.templateMenu).toBeHidden();
    await expect(this.noteRow(templateName)).toBeVisible();
    await expect(this.titleInput).toBeFocused();
  }

  /** The value cell of a frontmatter property in the preview's properties table. */
  property(key: string): Locator {
    return this.preview
      .getByRole('table', { name: 'Properties' })
      .getByRole('row', { name: new RegExp(`^${escapeRegExp(key)}\\b`) })
      .getByRole('cell');
  }

  /** A `[[wikilink]]` in the preview, by the text it shows (the first, if the note links there twice). */
  wikilink(label: string): Locator {
    return this.preview.getByRole('link', { name: label, exact: true }).first();
  }

  /** Sidebar "Sync is off" → Create account on the server; this device then syncs as that account. */
  async signUpForSync(account: SyncAccount): Promise<void> {
    await this.syncStatus.getByRole('button', { name: 'Sync is off' }).click();
    await this.signInDialog.createAccount(account);
  }

  /** Settings → "Sync…" → Sign in. */
  async signInForSync(account: SyncAccount): Promise<void> {
    await this.page.getByRole('button', { name: 'Settings' }).click();
    await this.page.getByRole('button', { name: /^Sync…/ }).click();
    await this.signInDialog.signIn(account);
  }

  /** Waits until the sidebar says everything is synced (the first sync can take a moment). */
  async waitUntilSynced(): Promise<void> {
    await expect(this.syncStatus).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  }

  async openNote(title: string): Promise<void> {
    await this.noteRow(title).click();
    await expect(this.titleInput).toHaveValue(title);
  }

  async openPreview(): Promise<void> {
    if (!(await this.preview.isVisible()))
      await this.page.getByRole('button', { name: 'Toggle preview' }).click();
    await expect(this.preview).toBeVisible();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
