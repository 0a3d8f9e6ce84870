import { randomBytes } from 'node:crypto';
import { argon2id, hash, verify } from 'argon2';

/**
 * OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): tens of milliseconds per hash here,
 * which is slow for an attacker with a stolen table and fine for a sign-in.
 */
export const PASSWORD_HASH_PARAMS = {
  type: argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

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
  const hashPassword = (password: string): Promise<string> => hash(password, PASSWORD_HASH_PARAMS);
  const verifyPassword = async (passwordHash: string, password: string): Promise<boolean> => {
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
