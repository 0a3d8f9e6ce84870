import { test as base, type Page } from '@playwright/test';
import fs from 'node:fs';
import { createTestDatabase } from '../../support/postgres';
import { startSyncServerProcess, type SyncServerProcess } from '../../support/sync-server-process';
import { AppPage } from '../pages/app-page';
import { makeDataDir, startWebHost } from './web-host';

/**
 * A sync server process on a fresh PostgreSQL database, a browser page for its admin console
 * (out/console, built by `npm run build:console`, which `npm run test:e2e` runs first), and one
 * desktop web host as the user's device.
 */
export const adminConsoleTest = base.extend<{
  syncServer: SyncServerProcess;
  consolePage: Page;
  device: AppPage;
}>({
  syncServer: async ({}, use, testInfo) => {
    const database = await createTestDatabase();
    try {
      const server = await startSyncServerProcess({ database: { url: database.url }, registration: 'open' });
      try {
        await use(server);
      } finally {
        await server.stop();
        if (testInfo.status !== testInfo.expectedStatus) {
          await testInfo.attach('sync-server.log', { body: server.log(), contentType: 'text/plain' });
        }
      }
    } finally {
      await database.drop();
    }
  },
  consolePage: async ({ browser, syncServer: _server }, use) => {
    const context = await browser.newContext();
    try {
      await use(await context.newPage());
    } finally {
      await context.close();
    }
  },
  device: async ({ browser, syncServer: _server }, use, testInfo) => {
    const dataDir = makeDataDir(`${testInfo.title}-device`);
    const host = await startWebHost(dataDir, ['--secrets', 'memory']);
    const context = await browser.newContext();
    try {
      const app = new AppPage(await context.newPage());
      await app.open(host.url);
      await use(app);
    } finally {
      await context.close();
      await host.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

/** The first account on a fresh server is its admin (A1): made the way a first sign-up makes it. */
export async function signUpFirstAdmin(serverUrl: string, email: string, password: string): Promise<void> {
  const response = await fetch(`${serverUrl}/trpc/auth.signUp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, deviceName: 'Admin laptop' }),
  });
  const body = (await response.json()) as { result?: { data?: { account?: { role?: string } } } };
  if (body.result?.data?.account?.role !== 'admin')
    throw new Error(`the first sign-up was not an admin: ${JSON.stringify(body)}`);
}
