import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { systemScheduler } from '../clock';
import { createHost, DataDirLockedError } from '../host';
import { startWebServer } from '../web/web-server';
import { defaultDataDir } from '../vault/default-data-dir';
import {
  createKeytarSecretStore,
  createMemorySecretStore,
  secretStoreAnswers,
  type SecretStore,
} from '../secrets/secret-store';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const argsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535),
  dataDir: z.string().min(1),
  rendererDir: z.string().min(1),
  /** Where the sync sign-in is kept: the OS keychain when one answers ('auto'), or memory only. */
  secrets: z.enum(['auto', 'keychain', 'memory']),
});

/**
 * The sync token belongs in the OS keychain (rule A3). A headless box often has no Secret
 * Service; web mode then still runs, keeping the token in memory, and says what that costs.
 */
async function chooseSecretStore(mode: 'auto' | 'keychain' | 'memory'): Promise<SecretStore> {
  if (mode === 'memory') return createMemorySecretStore();
  const keychain = createKeytarSecretStore();
  if (mode === 'keychain' || (await secretStoreAnswers(keychain, { scheduler: systemScheduler })))
    return keychain;
  console.warn(
    'quire web: no system keychain (Secret Service) answered, so a sync sign-in is kept in memory only and will not be remembered after Quire restarts.',
  );
  return createMemorySecretStore();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'renderer-dir': { type: 'string' },
      secrets: { type: 'string' },
    },
  });
  const parsed = argsSchema.safeParse({
    port: values.port ?? process.env.QUIRE_PORT ?? '5177',
    dataDir: values['data-dir'] ?? defaultDataDir(),
    rendererDir: values['renderer-dir'] ?? path.join(repoRoot, 'out', 'web'),
    secrets: values.secrets ?? process.env.QUIRE_SECRETS ?? 'auto',
  });
  if (!parsed.success) {
    console.error(
      `quire web: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
    process.exit(2);
  }
  const { port, dataDir, rendererDir, secrets } = parsed.data;
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    console.error(
      `quire web: no built renderer at ${rendererDir}; run \`npm run build:web\` (or \`npm run web\`, which builds it).`,
    );
    process.exit(1);
  }

  const host = await createHost({
    dataDir,
    runtime: 'web',
    secrets: await chooseSecretStore(secrets),
    deviceName: `${os.hostname()} (web)`,
  });
  const server = await startWebServer({ host, rendererDir, port });
  // Tests and scripts read this exact line to find the link. It carries this launch's key (W1):
  // only a browser that opened it gets the cookie the app's page and socket need.
  console.log(`Quire is running at ${server.launchUrl} (vault: ${host.dataDir})`);
  console.log('Open that link in your browser; it works until Quire stops, and only on this computer.');

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      try {
        await server.close();
        await host.flush();
      } finally {
        // The database is durable without the flush; closing still releases the vault lock.
        await host.close().catch((error: unknown) => host.logger.error({ err: error }, 'close failed'));
      }
      process.exit(0);
    })().catch((error: unknown) => {
      host.logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(3);
  }
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error('quire web: that port is already in use; pick another with --port or QUIRE_PORT.');
    process.exit(4);
  }
  console.error('quire web: could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
