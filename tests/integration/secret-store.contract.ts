import { describe, expect, it } from 'vitest';
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

/**
 * The suite for one store. `observe` runs exerciseSecretStore on it, here or in the process the
 * store needs (the keychain runs in a child with its own D-Bus session, so it cannot be handed
 * over as an object). `skip` reports a store this machine cannot run as skipped, never as passed.
 */
export function describeSecretStoreContract(
  name: string,
  observe: () => Promise<unknown[]>,
  { skip = false }: { skip?: boolean } = {},
): void {
  describe(`SecretStore contract: ${name}`, () => {
    it.skipIf(skip)('reads, replaces and deletes one secret per account', async () => {
      expect(await observe()).toEqual(EXPECTED_OBSERVATIONS);
    });
  });
}
