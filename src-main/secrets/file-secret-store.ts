import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SecretStore } from './secret-store';

const fileSchema = z.record(z.string().max(512), z.string().max(8192));

/**
 * Secrets in one JSON file readable by its owner only (0600), for machines without a keychain
 * (the CLI on a headless box). Weaker than a keychain: anyone who can read the user's files can
 * read the token. Written to a temp file and renamed, so a crash never leaves half a file.
 */
export function createFileSecretStore(file: string): SecretStore {
  const read = (): Record<string, string> => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const parsed = fileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  };
  const write = (secrets: Record<string, string>): void => {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(secrets), { mode: 0o600 });
    fs.chmodSync(temp, 0o600);
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
      if (!(account in secrets)) return Promise.resolve(false);
      delete secrets[account];
      write(secrets);
      return Promise.resolve(true);
    },
  };
}
