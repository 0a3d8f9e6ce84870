import fs from 'node:fs';
import path from 'node:path';
import type { SecretStore } from '../../../src-main/secrets/secret-store';

/**
 * A keychain stand-in that survives the process: a JSON file, replaced atomically (write, then
 * rename) so a SIGKILL leaves the old or the new version, never half of one. Tests only — the
 * product keeps tokens in the OS keychain (A3).
 */
export function createFileSecretStore(file: string): SecretStore {
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  };
  const write = (secrets: Record<string, string>): void => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(secrets));
    fs.renameSync(temp, file);
  };
  return {
    get: (account) => Promise.resolve(read()[account] ?? null),
    set(account, secret) {
      write({ ...read(), [account]: secret });
      return Promise.resolve();
    },
    delete(account) {
      const secrets = read();
      const had = account in secrets;
      delete secrets[account];
      write(secrets);
      return Promise.resolve(had);
    },
  };
}
