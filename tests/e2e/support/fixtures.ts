import { test as base } from '@playwright/test';
import fs from 'node:fs';
import { AppPage } from '../pages/app-page';
import { makeDataDir, startWebHost, type RunningHost } from './web-host';

/** Each test gets its own data directory, its own host process, and the app open on it. */
export const test = base.extend<{ dataDir: string; host: RunningHost; app: AppPage }>({
  dataDir: async ({}, use, testInfo) => {
    const dir = makeDataDir(testInfo.title);
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  host: async ({ dataDir }, use) => {
    const host = await startWebHost(dataDir);
    await use(host);
    await host.stop();
  },
  app: async ({ page, host }, use) => {
    const app = new AppPage(page);
    await app.open(host.url);
    await use(app);
  },
});

export { expect } from '@playwright/test';
