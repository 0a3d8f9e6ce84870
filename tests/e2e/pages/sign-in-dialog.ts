import { expect, type Locator, type Page } from '@playwright/test';

export interface SyncAccount {
  serverUrl: string;
  email: string;
  password: string;
}

/** The "Sync your notes" dialog: Sign in and Create account tabs over one form. */
export class SignInDialog {
  readonly root: Locator;

  constructor(page: Page) {
    this.root = page.getByRole('dialog', { name: 'Sync your notes' });
  }

  field(label: string | RegExp): Locator {
    return this.root.getByLabel(label, { exact: typeof label === 'string' });
  }

  async fill(account: SyncAccount): Promise<void> {
    await this.field('Server address').fill(account.serverUrl);
    await this.field('Email').fill(account.email);
    await this.field('Password').fill(account.password);
  }

  async createAccount(account: SyncAccount): Promise<void> {
    await expect(this.root).toBeVisible();
    await this.root.getByRole('tab', { name: 'Create account' }).click();
    await this.fill(account);
    await this.root.getByRole('button', { name: 'Create account', exact: true }).click();
    await expect(this.root).toBeHidden({ timeout: 20_000 });
  }

  /** Fills the form and presses Enter in the password field, as people do. */
  async signIn(account: SyncAccount): Promise<void> {
    await expect(this.root).toBeVisible();
    await this.fill(account);
    await this.field('Password').press('Enter');
    await expect(this.root).toBeHidden({ timeout: 20_000 });
  }
}
