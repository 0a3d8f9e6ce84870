import { expect, type Locator, type Page } from '@playwright/test';

/** The quick switcher or the command palette: a dialog with a combobox over a listbox. */
export class PickerPage {
  readonly dialog: Locator;
  readonly input: Locator;
  readonly options: Locator;

  constructor(
    readonly page: Page,
    readonly name: 'Quick switcher' | 'Command palette',
  ) {
    this.dialog = page.getByRole('dialog', { name });
    this.input = this.dialog.getByRole('combobox', { name });
    this.options = this.dialog.getByRole('listbox', { name }).getByRole('option');
  }

  /** Opens it with its shortcut (Ctrl/⌘+O, Ctrl/⌘+Shift+P) and waits for the field to have focus. */
  async open(): Promise<void> {
    await this.page.keyboard.press(
      this.name === 'Quick switcher' ? 'ControlOrMeta+o' : 'ControlOrMeta+Shift+p',
    );
    await expect(this.input).toBeFocused();
  }

  async search(text: string): Promise<void> {
    await this.input.fill(text);
  }

  /** The active row (the one Enter picks). */
  get active(): Locator {
    return this.dialog.locator('[role="option"][aria-selected="true"]');
  }
}
