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

  /** The editor's completion menu (slash commands, link suggestions). */
  get slashMenu(): Locator {
    return this.page.getByTestId('editor').locator('.cm-tooltip-autocomplete').getByRole('listbox');
  }

  /** Switches the editor to source mode (the Markdown as written), if it is not there yet. */
  async showSource(): Promise<void> {
    const toggle = this.page.getByRole('button', { name: 'Source mode' });
    if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await this.editor.click();
  }

  async openPreview(): Promise<void> {
    if (!(await this.preview.isVisible()))
      await this.page.getByRole('button', { name: 'Toggle preview' }).click();
    await expect(this.preview).toBeVisible();
  }

  /** The outline column (its headings are buttons, the current section `aria-current`). */
  get outline(): Locator {
    return this.page.getByRole('complementary', { name: 'Outline' });
  }

  /** The outline's headings in order (its fold chevrons are buttons without text). */
  get outlineHeadings(): Locator {
    return this.outline
      .getByRole('navigation', { name: 'Headings' })
      .getByRole('button')
      .filter({ hasText: /\S/ });
  }

  outlineItem(text: string): Locator {
    return this.outline.getByRole('button', { name: text, exact: true });
  }

  async toggleOutline(): Promise<void> {
    await this.page.keyboard.press('ControlOrMeta+Shift+H');
  }

  /** The daily note's day bar under the title: previous / next existing day. */
  get dailyNav(): Locator {
    return this.page.getByRole('group', { name: 'Daily notes' });
  }

  get wordCount(): Locator {
    return this.page.getByTestId('word-count');
  }

  /** The shortcut for today's daily note; it opens (made if needed) with today's date as its title. */
  async openTodaysNote(today: string): Promise<void> {
    await this.page.keyboard.press('ControlOrMeta+Shift+D');
    await expect(this.titleInput).toHaveValue(today);
  }

  /** The properties panel above the editor (frontmatter as fields). */
  get properties(): Locator {
    return this.page.getByRole('region', { name: 'Properties' });
  }

  /** The field editing a property's value (a text, number or date input, a checkbox, a list's chips). */
  propertyField(name: string): Locator {
    return this.properties.getByLabel(name, { exact: true });
  }

  /** "Add property" → type part of a name → the suggestion with that name. */
  async addPropertyFromSuggestions(typed: string, name: string): Promise<void> {
    await this.properties.getByRole('button', { name: 'Add property' }).click();
    await this.properties.getByRole('combobox', { name: 'Property name' }).fill(typed);
    await this.properties.getByRole('option', { name: new RegExp(`^${escapeRegExp(name)}`) }).click();
  }

  /** A tag chip on a row of the list; a click filters the list by it. */
  rowTag(title: string, tag: string): Locator {
    return this.noteRow(title).getByText(`#${tag}`, { exact: true });
  }

  /** The list header's active tag filter: "#tag", its count, and × ("Clear the #tag filter"). */
  get tagFilter(): Locator {
    return this.page.locator('.list-header').getByRole('status');
  }

  async clearTagFilter(tag: string): Promise<void> {
    await this.page.getByRole('button', { name: `Clear the #${tag} filter` }).click();
    await expect(this.tagFilter).toHaveCount(0);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
