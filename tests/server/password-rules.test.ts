import { describe, expect, it } from 'vitest';
import { ACCOUNT_LIMITS } from '../../src-shared/sync/account';
import { assertPasswordAllowed, passwordProblem } from '../../sync-server/auth/password-rules';
import { SyncServerError } from '../../sync-server/errors';

/** S19: the rules for a new password. */

describe('S19: password rules', () => {
  it('refuses passwords shorter than the minimum', async () => {
    expect(await passwordProblem('a'.repeat(ACCOUNT_LIMITS.passwordMinLength - 1))).toMatch(/at least/);
    expect(await passwordProblem('kq8 vmz2 tw')).toBeNull();
  });

  it('refuses passwords on the common-password list, whatever their case', async () => {
    for (const common of ['password', '12345678', 'iloveyou', 'Sunshine1', 'QWERTYUIOP', 'baseball']) {
      expect(await passwordProblem(common), common).toMatch(/commonly used/);
    }
  });

  it('refuses the email address or its local part as the password', async () => {
    const email = 'Grace.Hopper@example.com';
    expect(await passwordProblem('grace.hopper@example.com', email)).toMatch(/email/);
    expect(await passwordProblem('GRACE.HOPPER', email)).toMatch(/email/);
    expect(await passwordProblem('grace.hopper!', email)).toBeNull();
  });

  it('accepts passphrases and random strings', async () => {
    for (const fine of ['correct horse battery', 'tr0ub4dor&3-xyz', 'h7$Kp2!vQz']) {
      expect(await passwordProblem(fine, 'someone@example.com'), fine).toBeNull();
    }
  });

  it('assertPasswordAllowed throws WEAK_PASSWORD with the words for the person', async () => {
    const error = await assertPasswordAllowed('password1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SyncServerError);
    expect((error as SyncServerError).reason).toBe('WEAK_PASSWORD');
    expect((error as SyncServerError).message).toMatch(/commonly used/);
    await expect(assertPasswordAllowed('correct horse battery', 'a@example.com')).resolves.toBeUndefined();
  });
});
