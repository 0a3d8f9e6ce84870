import type { SecretStore } from '../../src-main/secrets/secret-store';

/**
 * What every SecretStore must do, as a list of observations; the memory store is checked
 * in-process and the keychain store in a child process with its own D-Bus session.
 */
export async function exerciseSecretStore(store: SecretStore, account: string): Promise<unknown[]> {
  const seen: unknown[] = [];
  seen.push(await store.get(account));
  await store.set(account, 'token-1 with spaces & ünïcode');
  seen.push(await store.get(account));
  await store.set(account, 'token-2');
  seen.push(await store.get(account));
  seen.push(await store.delete(account));
  seen.push(await store.get(account));
  seen.push(await store.delete(account));
  return seen;
}

export const EXPECTED_OBSERVATIONS: unknown[] = [
  null,
  'token-1 with spaces & ünïcode',
  'token-2',
  true,
  null,
  false,
];
