import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createMemorySecretStore } from '../../src-main/secrets/secret-store';
import { makeTempDir } from '../support/temp-dir';
import { describeSecretStoreContract, exerciseSecretStore } from './secret-store.contract';

const run = promisify(execFile);
const hasSecretService = ['/usr/bin/dbus-run-session', '/usr/bin/gnome-keyring-daemon'].every((file) =>
  fs.existsSync(file),
);

describeSecretStoreContract('memory store', () => exerciseSecretStore(createMemorySecretStore(), 'acct'));

// The OS keychain needs a Secret Service: CI installs gnome-keyring (.ci/run), so there this
// always runs; on a laptop without one it is reported as skipped, never silently passed.
describeSecretStoreContract(
  'OS keychain store (keytar, gnome-keyring in a private D-Bus session)',
  async () => {
    const home = makeTempDir('quire-keyring-');
    try {
      const probe = path.resolve(import.meta.dirname, 'fixtures/keytar-probe.ts');
      const script = `printf x | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "${process.execPath}" --import tsx "${probe}"`;
      const { stdout } = await run('dbus-run-session', ['--', 'sh', '-c', script], {
        env: { ...process.env, HOME: home.dir, XDG_DATA_HOME: path.join(home.dir, 'data') },
        cwd: path.resolve(import.meta.dirname, '../..'),
        timeout: 30_000,
      });
      return JSON.parse(stdout.trim().split('\n').pop()!) as unknown[];
    } finally {
      home.cleanup();
    }
  },
  { skip: !(hasSecretService || process.env.CI) },
);
