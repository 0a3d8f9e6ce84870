import { test as base, type Browser } from '@playwright/test';
import fs from 'node:fs';
import { createTestDatabase } from '../../support/postgres';
import { AppPage } from '../pages/app-page';
import { connectToHost, type HostClient } from './host-client';
import { startSyncServerProcess, type SyncServerProcess } from '../../support/sync-server-process';
import { makeDataDir, startWebHost, type RunningHost } from './web-host';

/** One device: its own data directory, host process and browser context. */
export interface Device {
  app: AppPage;
  host: RunningHost;
  client: HostClient;
}

async function runDevice(
  browser: Browser,
  name: string,
  use: (device: Device) => Promise<void>,
): Promise<void> {
  const dataDir = makeDataDir(name);
  // Two hosts on one machine must not share the OS keychain's entry for the session token.
  const host = await startWebHost(dataDir, ['--secrets', 'memory']);
  const context = await browser.newContext();
  const client = connectToHost(host);
  try {
    const app = new AppPage(await context.newPage());
    await app.open(host.url);
    await use({ app, host, client });
  } finally {
    await client.close();
    await context.close();
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A sync server (`npm run server`'s entry point, as its own process) on a fresh PostgreSQL
 * database, and two devices. The devices depend on the server, so they stop before it does.
 */
export const twoDeviceTest = base.extend<{ syncServer: SyncServerProcess; deviceA: Device; deviceB: Device }>(
  {
    syncServer: async ({}, use, testInfo) => {
      const database = await createTestDatabase();
      try {
        // REDIS_URL is never inherited (nor any server setting): one process, its in-database bus.
        const server = await startSyncServerProcess({
          database: { url: database.url },
          registration: 'open',
        });
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
    deviceA: async ({ browser, syncServer: _server }, use, testInfo) => {
      await runDevice(browser, `${testInfo.title}-a`, use);
    },
    deviceB: async ({ browser, syncServer: _server }, use, testInfo) => {
      await runDevice(browser, `${testInfo.title}-b`, use);
    },
  },
);
