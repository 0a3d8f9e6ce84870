import { ACCOUNT_LIMITS } from '../../src-shared/sync/account';
import { rejection } from '../errors';

/**
 * S19: the rules a new password must meet, wherever one is set (sign-up, an admin's createUser and
 * resetPassword, the CLI's `admin create`). Sign-in never applies them: a password set under older
 * rules still signs in.
 */

// Loaded at the first check and kept: the list is 49k words, so it costs nothing to a server
// that never sets a password, and one Set lookup afterwards.
let commonPasswords: Promise<ReadonlySet<string>> | null = null;

function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  commonPasswords ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set(dictionary['passwords-common'].map((word) => word.toLowerCase())),
  );
  return commonPasswords;
}

/** Why `password` may not be set for `email`, in words for the person choosing it, or null. */
export async function passwordProblem(password: string, email?: string | null): Promise<string | null> {
  if (password.length < ACCOUNT_LIMITS.passwordMinLength)
    return `Use at least ${ACCOUNT_LIMITS.passwordMinLength} characters.`;
  if (password.length > ACCOUNT_LIMITS.passwordMaxLength)
    return `Use at most ${ACCOUNT_LIMITS.passwordMaxLength} characters.`;
  const folded = password.toLowerCase();
  if (email) {
    const address = email.trim().toLowerCase();
    const local = address.split('@')[0] ?? '';
    if (folded === address || (local.length > 0 && folded === local))
      return 'Choose a password that is not your email address.';
  }
  if ((await loadCommonPasswords()).has(folded))
    return 'This password is on a list of commonly used passwords: choose another.';
  return null;
}

/** Throws WEAK_PASSWORD, with the reason in words, when `password` breaks a rule. */
export async function assertPasswordAllowed(password: string, email?: string | null): Promise<void> {
  const problem = await passwordProblem(password, email);
  if (problem) throw rejection('WEAK_PASSWORD', problem);
}
