import { randomBytes } from 'node:crypto';
import type * as Argon2 from 'argon2';

/**
 * OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): tens of milliseconds per hash here,
 * which is slow for an attacker with a stolen table and fine for a sign-in. `type` is argon2's
 * `argon2id` (2), spelled out so this module does not load the native addon.
 */
export const PASSWORD_HASH_PARAMS = {
  type: 2 satisfies typeof Argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

// Loaded at the first sign-up or sign-in: a server that only syncs never needs the addon in memory.
let argon2: Promise<typeof Argon2> | null = null;
const loadArgon2 = (): Promise<typeof Argon2> => (argon2 ??= import('argon2'));

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a hash it cannot read; never throws for either. */
  verify(passwordHash: string, password: string): Promise<boolean>;
  /**
   * A2: the work of one verify against a hash nobody's password matches, so "no such email"
   * takes as long as "wrong password" and the two cannot be told apart by timing.
   */
  verifyDummy(password: string): Promise<void>;
}

export function createPasswordHasher(): PasswordHasher {
  // Made once, with the same parameters as real hashes, so a dummy verify costs the same.
  let dummyHash: Promise<string> | null = null;
  const hashPassword = async (password: string): Promise<string> =>
    (await loadArgon2()).hash(password, PASSWORD_HASH_PARAMS);
  const verifyPassword = async (passwordHash: string, password: string): Promise<boolean> => {
    const { verify } = await loadArgon2();
    try {
      return await verify(passwordHash, password);
    } catch {
      // A malformed stored hash is a wrong password, not a crash.
      return false;
    }
  };
  return {
    hash: hashPassword,
    verify: verifyPassword,
    async verifyDummy(password) {
      dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
      await verifyPassword(await dummyHash, password);
    },
  };
}
