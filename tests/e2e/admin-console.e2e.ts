import { expect, type Page } from '@playwright/test';
import { adminConsoleTest, signUpFirstAdmin } from './support/admin-console';

const test = adminConsoleTest;
test.describe.configure({ timeout: 180_000 });

const PASSWORD = 'correct horse battery';

function unique(name: string): string {
  return `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

async function openPage(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: link }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('an admin creates a user and sets a quota; the device syncs, hits the quota, is revoked; audit and jobs show it', async ({
  syncServer,
  consolePage: page,
  device,
}) => {
  const admin = unique('admin');
  const member = unique('bob');
  await signUpFirstAdmin(syncServer.url, admin, PASSWORD);

  // The admin signs in to the console (K1).
  await page.goto(`${syncServer.url}/admin`);
  await page.getByLabel('Email').fill(admin);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();

  // Creates a user…
  await page.getByRole('button', { name: 'New user…' }).click();
  const create = page.getByRole('dialog', { name: 'New user' });
  await create.getByLabel('Email').fill(member);
  await create.getByLabel('Password').fill(PASSWORD);
  await create.getByRole('button', { name: 'Create user' }).click();
  const row = page.getByRole('row', { name: new RegExp(member.replace(/[.+]/g, '\\$&')) });
  await expect(row).toBeVisible();

  // …and gives them a small quota.
  await row.getByRole('button', { name: /Manage/ }).click();
  await page.getByRole('menuitem', { name: 'Set quota…' }).click();
  const quota = page.getByRole('dialog', { name: `Quota of ${member}` });
  await quota.getByLabel('Storage quota').fill('4 KB');
  await quota.getByRole('button', { name: 'Save quota' }).click();
  await expect(row.getByText(/ of 4\.0 KB$/)).toBeVisible();

  // The user signs in from a desktop web host and syncs.
  await device.signInForSync({ serverUrl: syncServer.url, email: member, password: PASSWORD });
  await device.waitUntilSynced();
  await device.createNote('Groceries', 'milk');
  await device.waitUntilSynced();

  // A push past the quota is refused whole, and the app says so in plain words (Q8).
  await device.createNote('Long essay', 'x');
  await device.replaceBody('All work and no play makes Jack a dull boy. '.repeat(150));
  await expect(device.syncStatus).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
  await expect(device.syncStatus).toContainText(/Your sync storage is full: [\d.]+ KB of 4\.0 KB/);

  // The admin revokes the device; its sync stops with "Signed out".
  await page.getByRole('link', { name: member }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: new RegExp(member.replace(/[.+]/g, '\\$&')) }),
  ).toBeVisible();
  const deviceRow = page.getByRole('table', { name: 'Devices' }).getByRole('row').nth(1);
  await deviceRow.getByRole('button', { name: 'Revoke…' }).click();
  await page
    .getByRole('dialog', { name: /^Revoke/ })
    .getByRole('button', { name: 'Revoke device' })
    .click();
  await expect(deviceRow.getByText('Revoked')).toBeVisible();
  await expect(device.syncStatus).toContainText('Signed out', { timeout: 30_000 });

  // The audit log shows each step.
  await openPage(page, 'Audit log', 'Audit log');
  const audit = page.getByRole('table', { name: 'Audit log' });
  for (const [action, who] of [
    ['Console sign-in', admin],
    ['User created', member],
    ['Quota changed', member],
    ['Signed in', member],
    ['Push refused: quota', member],
    ['Device revoked', member],
  ] as const) {
    await expect(
      audit.getByRole('row').filter({ hasText: action }).filter({ hasText: who }).first(),
    ).toBeVisible();
  }

  // The jobs page shows a run after "Run now".
  await openPage(page, 'Jobs', 'Jobs');
  const job = page.getByRole('row', { name: /usage-snapshot/ });
  await job.getByRole('button', { name: 'Run now' }).click();
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(job).toContainText('by hand', { timeout: 1_000 });
    await expect(job.getByText('OK', { exact: true })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  // And the run was audited.
  await openPage(page, 'Audit log', 'Audit log');
  await expect(audit.getByRole('row').filter({ hasText: 'Job run requested' }).first()).toBeVisible();
});

test('K5: the console page runs under its CSP with no violation, and a member cannot sign in to it', async ({
  syncServer,
  consolePage: page,
}) => {
  const admin = unique('admin');
  await signUpFirstAdmin(syncServer.url, admin, PASSWORD);
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto(`${syncServer.url}/admin/usage`);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  const member = unique('member');
  await fetch(`${syncServer.url}/trpc/auth.signUp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: member, password: PASSWORD, deviceName: 'phone' }),
  });
  await page.getByLabel('Email').fill(member);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'Only an administrator of this sync server can do that.',
  );
  await page.getByLabel('Email').fill(admin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The deep link survives sign-in, and the charts draw (uPlot's CSS is a file, its sizes CSSOM).
  await expect(page.getByRole('heading', { level: 1, name: 'Usage' })).toBeVisible();
  await expect(page.locator('.chart canvas').first()).toBeVisible();
  expect(violations).toEqual([]);
});
