import { z } from 'zod';
import type { SettingsStore } from '../settings/settings-store';
import type { SecretStore } from '../secrets/secret-store';

/**
 * Which sync account this vault uses. The record lives in the vault's settings file; the session
 * token never does: it is kept only in the SecretStore (OS keychain, rule A3).
 */
export const syncAccountRecordSchema = z.object({
  serverUrl: z.string().min(1),
  email: z.string(),
  userId: z.string(),
  role: z.string().optional(),
  deviceId: z.string().min(1),
  deviceName: z.string(),
  vaultId: z.string().min(1),
  lastSyncedAt: z.number().int().nullable().optional(),
  /** S25: when the stored token was issued or last rotated (absent in older records). */
  secretIssuedAt: z.number().int().optional(),
});
export type SyncAccountRecord = z.infer<typeof syncAccountRecordSchema>;

const SETTINGS_KEY = 'syncAccount';

export interface SyncAccountStore {
  get(): SyncAccountRecord | null;
  set(account: SyncAccountRecord): void;
  clear(): void;
  readToken(account: SyncAccountRecord): Promise<string | null>;
  writeToken(account: SyncAccountRecord, token: string): Promise<void>;
  deleteToken(account: SyncAccountRecord): Promise<void>;
}

export function createSyncAccountStore(deps: {
  settings: SettingsStore;
  secrets: SecretStore;
}): SyncAccountStore {
  // One keychain entry per device session: two vaults on one machine never share a token.
  const tokenKey = (account: SyncAccountRecord): string =>
    `sync-token ${account.deviceId} ${account.serverUrl}`;
  return {
    get() {
      // A hand-edited or foreign file reads as "no account" rather than crashing the host.
      const parsed = syncAccountRecordSchema.safeParse(deps.settings.get(SETTINGS_KEY));
      return parsed.success ? parsed.data : null;
    },
    set: (account) => deps.settings.set(SETTINGS_KEY, account),
    clear: () => deps.settings.delete(SETTINGS_KEY),
    readToken: (account) => deps.secrets.get(tokenKey(account)),
    writeToken: (account, token) => deps.secrets.set(tokenKey(account), token),
    async deleteToken(account) {
      await deps.secrets.delete(tokenKey(account));
    },
  };
}
