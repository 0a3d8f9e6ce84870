import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../../sync-server/auth/passwords';
import { DEFAULT_RATE_LIMIT_POLICY, type RateLimitPolicy } from '../../sync-server/security/rate-limits';
import { PASSWORD, uniqueEmail } from '../support/sync-server';
import {
  countingHasher,
  postTrpc,
  slowBackoffPolicy,
  startSecurityServer,
  testIp,
  type SecurityServer,
} from './security-server';

/**
 * S12–S19 through the real HTTP stack: what an attacker sees, and that refused guesses cost no
 * argon2 time (the hasher counts its calls). TRUST_PROXY lets each test speak from its own address.
 */

const account = DEFAULT_RATE_LIMIT_POLICY.signIn.account;

function signInBody(email: string, password: string) {
  return { email, password, deviceName: 'attacker' };
}

describe('S12–S17: sign-in limits', () => {
  let server: SecurityServer;
  const hasher = countingHasher();
  beforeAll(async () => {
    server = await startSecurityServer({
      env: { TRUST_PROXY: 'true' },
      passwords: hasher,
      rateLimitPolicy: slowBackoffPolicy(),
      // L1 caps a batch at 20 calls; lifted here so S13 is what stops the 400 guesses.
      abuseLimits: { batchCallsMax: 500, authBodyBytes: 1024 * 1024 },
    });
  });
  afterAll(() => server?.close());

  async function newAccount(): Promise<string> {
    const email = uniqueEmail('victim');
    const { results } = await postTrpc(
      server.url,
      'auth.signUp',
      [{ email, password: PASSWORD, deviceName: 'laptop' }],
      { 'x-forwarded-for': testIp() },
    );
    expect(results[0]?.result).toBeDefined();
    return email;
  }

  it('S13: 500 wrong passwords in a row: past the threshold every one is RATE_LIMITED (429, Retry-After) and runs no argon2', async () => {
    const email = await newAccount();
    const ip = testIp();
    const before = hasher.verifies;
    const reasons: string[] = [];
    let sawRetryHeader = false;
    for (let i = 0; i < 500; i++) {
      const { status, headers, results } = await postTrpc(
        server.url,
        'auth.signIn',
        [signInBody(email, `wrong guess ${i}`)],
        { 'x-forwarded-for': ip },
      );
      const error = results[0]?.error;
      reasons.push(error?.data.reason ?? 'signed in');
      if (error?.data.reason === 'RATE_LIMITED') {
        expect(status).toBe(429);
        expect(error.data.retryAfterSeconds).toBeGreaterThan(0);
        sawRetryHeader ||= Number(headers.get('retry-after')) === error.data.retryAfterSeconds;
      }
    }
    expect(reasons.slice(0, account.free)).toEqual(Array(account.free).fill('BAD_CREDENTIALS'));
    expect(reasons).not.toContain('signed in');
    const limited = reasons.filter((reason) => reason === 'RATE_LIMITED').length;
    // One guess past the free ones opens the backoff; never more than lockAfter are checked.
    expect(limited).toBeGreaterThanOrEqual(500 - account.lockAfter);
    expect(hasher.verifies - before).toBe(500 - limited);
    expect(hasher.verifies - before).toBeLessThanOrEqual(account.lockAfter);
    expect(sawRetryHeader).toBe(true);
  });

  it('S13: one batched request with 400 guesses is cut off at the threshold; the right password in guess 300 does not sign in', async () => {
    const email = await newAccount();
    const before = hasher.verifies;
    const guesses = Array.from({ length: 400 }, (_, i) =>
      signInBody(email, i === 299 ? PASSWORD : `wrong guess ${i}`),
    );
    const { results } = await postTrpc(server.url, 'auth.signIn', guesses, { 'x-forwarded-for': testIp() });
    expect(results).toHaveLength(400);
    expect(results.some((result) => result.result !== undefined)).toBe(false);
    expect(results[299]?.error?.data.reason).toBe('RATE_LIMITED');
    const checked = results.filter((result) => result.error?.data.reason === 'BAD_CREDENTIALS').length;
    expect(checked).toBeLessThanOrEqual(account.free + 1);
    expect(hasher.verifies - before).toBe(checked);
  });

  it('S17: the refusals of one key leave one rate_limited audit entry, with the IP', async () => {
    const email = await newAccount();
    const ip = testIp();
    for (let i = 0; i < account.free + 5; i++) {
      await postTrpc(server.url, 'auth.signIn', [signInBody(email, 'wrong wrong')], {
        'x-forwarded-for': ip,
      });
    }
    const { rows } = await server.sql.query<{ ip: string; details: { limit: string; scope: string } }>(
      `SELECT ip, details FROM audit_log WHERE action = 'rate_limited' AND target_email = $1`,
      [email],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ip, details: { limit: 'signIn', scope: 'account' } });
  });

  it('S14: the per-IP limit catches one address trying many accounts', async () => {
    const ip = testIp();
    const ipPolicy = DEFAULT_RATE_LIMIT_POLICY.signIn.ip;
    const reasons: string[] = [];
    for (let i = 0; i < ipPolicy.free + 3; i++) {
      const { results } = await postTrpc(
        server.url,
        'auth.signIn',
        [signInBody(uniqueEmail('nobody'), 'wrong wrong')],
        { 'x-forwarded-for': ip },
      );
      reasons.push(results[0]?.error?.data.reason ?? 'signed in');
    }
    expect(reasons.slice(0, ipPolicy.free + 1).every((reason) => reason === 'BAD_CREDENTIALS')).toBe(true);
    expect(reasons.at(-1)).toBe('RATE_LIMITED');
  });
});

/** Small numbers, so lockout and reset need no waiting: one free guess, the lock at the third. */
const TIGHT: RateLimitPolicy = {
  ...DEFAULT_RATE_LIMIT_POLICY,
  signIn: {
    account: {
      free: 1,
      lockAfter: 2,
      lockSeconds: 600,
      windowSeconds: 3_600,
      backoffMaxSeconds: 1,
      onSuccess: 'reset',
    },
    ip: DEFAULT_RATE_LIMIT_POLICY.signIn.ip,
  },
};

describe('S15, S16: lockout and reset', () => {
  let server: SecurityServer;
  const hasher = countingHasher();
  beforeAll(async () => {
    server = await startSecurityServer({
      env: { TRUST_PROXY: 'true' },
      passwords: hasher,
      rateLimitPolicy: TIGHT,
    });
  });
  afterAll(() => server?.close());

  const signIn = (email: string, password: string, ip: string) =>
    postTrpc(server.url, 'auth.signIn', [signInBody(email, password)], { 'x-forwarded-for': ip });

  it('S16: a locked account refuses even the right password, without checking it', async () => {
    const email = uniqueEmail('locked');
    const ip = testIp();
    await postTrpc(server.url, 'auth.signUp', [{ email, password: PASSWORD, deviceName: 'laptop' }], {
      'x-forwarded-for': ip,
    });
    expect((await signIn(email, 'wrong one!', ip)).results[0]?.error?.data.reason).toBe('BAD_CREDENTIALS');
    expect((await signIn(email, 'wrong two!', ip)).results[0]?.error?.data.reason).toBe('BAD_CREDENTIALS');
    const third = await signIn(email, 'wrong three', ip);
    expect(third.results[0]?.error?.data).toMatchObject({ reason: 'RATE_LIMITED', retryAfterSeconds: 600 });
    const before = hasher.verifies;
    const right = await signIn(email, PASSWORD, testIp());
    expect(right.results[0]?.error?.data.reason).toBe('RATE_LIMITED');
    expect(hasher.verifies).toBe(before);
  });

  it('S15: a right password resets the account: the next wrong one is answered again', async () => {
    const email = uniqueEmail('reset');
    const ip = testIp();
    await postTrpc(server.url, 'auth.signUp', [{ email, password: PASSWORD, deviceName: 'laptop' }], {
      'x-forwarded-for': ip,
    });
    expect((await signIn(email, 'wrong one!', ip)).results[0]?.error?.data.reason).toBe('BAD_CREDENTIALS');
    expect((await signIn(email, PASSWORD, ip)).results[0]?.result).toBeDefined();
    expect((await signIn(email, 'wrong two!', ip)).results[0]?.error?.data.reason).toBe('BAD_CREDENTIALS');
    // Without the reset this would be the third failure in the window, and locked.
    expect((await signIn(email, 'wrong three', ip)).results[0]?.error?.data.reason).toBe('BAD_CREDENTIALS');
  });
});

describe('S18, S19: sign-up limits and password rules', () => {
  let server: SecurityServer;
  const hasher = countingHasher();
  beforeAll(async () => {
    server = await startSecurityServer({
      env: { TRUST_PROXY: 'true' },
      passwords: hasher,
      rateLimitPolicy: slowBackoffPolicy(),
    });
  });
  afterAll(() => server?.close());

  const signUp = (email: string, password: string, ip = testIp()) =>
    postTrpc(server.url, 'auth.signUp', [{ email, password, deviceName: 'laptop' }], {
      'x-forwarded-for': ip,
    });

  it('S19: a common password, or the email itself, is refused as WEAK_PASSWORD before any hashing', async () => {
    const before = hasher.hashes;
    const email = uniqueEmail('weak');
    for (const password of ['iloveyou', 'Password1', 'QWERTYUIOP', email, email.split('@')[0] ?? '']) {
      const { status, results } = await signUp(email, password);
      expect(results[0]?.error?.data.reason, password).toBe('WEAK_PASSWORD');
      expect(status).toBe(400);
    }
    expect(hasher.hashes).toBe(before);
    const { results } = await signUp(email, PASSWORD);
    expect(results[0]?.result).toBeDefined();
  });

  it('S19: sign-in never applies the rules: a password set under older rules still signs in', async () => {
    const email = uniqueEmail('old-rules');
    await signUp(email, PASSWORD);
    // As if set before S19 existed: a common password, straight into the table.
    const oldHash = await createPasswordHasher().hash('password');
    await server.sql.query('UPDATE users SET password_hash = $2 WHERE email = $1', [email, oldHash]);
    const { results } = await postTrpc(server.url, 'auth.signIn', [signInBody(email, 'password')], {
      'x-forwarded-for': testIp(),
    });
    expect(results[0]?.result).toBeDefined();
  });

  it('S18: probing for taken emails is limited per account', async () => {
    const email = uniqueEmail('taken');
    await signUp(email, PASSWORD);
    const reasons: string[] = [];
    for (let i = 0; i < DEFAULT_RATE_LIMIT_POLICY.signUp.account.free + 3; i++) {
      reasons.push((await signUp(email, PASSWORD)).results[0]?.error?.data.reason ?? 'created');
    }
    expect(reasons.slice(0, 3)).toEqual(['EMAIL_TAKEN', 'EMAIL_TAKEN', 'EMAIL_TAKEN']);
    expect(reasons.at(-1)).toBe('RATE_LIMITED');
  });
});

describe('S18: invite redemption is limited per IP', () => {
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer({
      env: { TRUST_PROXY: 'true', REGISTRATION: 'invite' },
      rateLimitPolicy: slowBackoffPolicy(),
    });
  });
  afterAll(() => server?.close());

  it('guessing invite codes from one address is cut off', async () => {
    const ip = testIp();
    const reasons: string[] = [];
    for (let i = 0; i < DEFAULT_RATE_LIMIT_POLICY.invite.ip.free + 3; i++) {
      const { results } = await postTrpc(
        server.url,
        'auth.signUp',
        [{ email: uniqueEmail('guest'), password: PASSWORD, deviceName: 'laptop', inviteCode: `guess-${i}` }],
        { 'x-forwarded-for': ip },
      );
      reasons.push(results[0]?.error?.data.reason ?? 'created');
    }
    expect(reasons[0]).toBe('INVITE_INVALID');
    expect(reasons).not.toContain('created');
    expect(reasons.at(-1)).toBe('RATE_LIMITED');
  });
});

describe('S12, S18: the console sign-in and password resets are limited too', () => {
  let server: SecurityServer;
  let adminToken = '';
  const hasher = countingHasher();
  beforeAll(async () => {
    server = await startSecurityServer({
      env: { TRUST_PROXY: 'true' },
      passwords: hasher,
      rateLimitPolicy: slowBackoffPolicy(),
    });
    // The first account of a server is its admin.
    const admin = await postTrpc(server.url, 'auth.signUp', [
      { email: uniqueEmail('boss'), password: PASSWORD, deviceName: 'laptop' },
    ]);
    const grant = admin.results[0]?.result?.data as { token: string; account: { role: string } };
    expect(grant.account.role).toBe('admin');
    adminToken = grant.token;
  });
  afterAll(() => server?.close());

  it('console.signIn shares the account limit with auth.signIn, and refuses before checking', async () => {
    const email = uniqueEmail('admin');
    await postTrpc(server.url, 'auth.signUp', [{ email, password: PASSWORD, deviceName: 'laptop' }]);
    const console = (password: string) =>
      postTrpc(server.url, 'console.signIn', [{ email, password }], {
        'x-forwarded-for': testIp(),
        'x-quire-console': '1',
      });
    const reasons: string[] = [];
    for (let i = 0; i < account.free; i++) {
      const device = await postTrpc(server.url, 'auth.signIn', [signInBody(email, `wrong ${i} guess`)], {
        'x-forwarded-for': testIp(),
      });
      reasons.push(device.results[0]?.error?.data.reason ?? 'signed in');
    }
    reasons.push((await console('wrong console 1')).results[0]?.error?.data.reason ?? 'signed in');
    const before = hasher.verifies;
    const locked = await console(PASSWORD);
    expect(reasons).toEqual([...Array<string>(account.free + 1).fill('BAD_CREDENTIALS')]);
    expect(locked.results[0]?.error?.data.reason).toBe('RATE_LIMITED');
    expect(locked.status).toBe(429);
    expect(hasher.verifies).toBe(before);
  });

  it('admin.users.resetPassword is limited per target account', async () => {
    const member = await postTrpc(server.url, 'auth.signUp', [
      { email: uniqueEmail('member'), password: PASSWORD, deviceName: 'laptop' },
    ]);
    const userId = (member.results[0]?.result?.data as { account: { userId: string } }).account.userId;
    const reasons: string[] = [];
    for (let i = 0; i < DEFAULT_RATE_LIMIT_POLICY.passwordReset.account.free + 2; i++) {
      const { results } = await postTrpc(
        server.url,
        'admin.users.resetPassword',
        [{ userId, password: `a fresh passphrase ${i}` }],
        { authorization: `Bearer ${adminToken}`, 'x-forwarded-for': testIp() },
      );
      reasons.push(results[0]?.error?.data.reason ?? 'reset');
    }
    expect(reasons.slice(0, DEFAULT_RATE_LIMIT_POLICY.passwordReset.account.free)).toEqual(
      Array<string>(DEFAULT_RATE_LIMIT_POLICY.passwordReset.account.free).fill('reset'),
    );
    expect(reasons.at(-1)).toBe('RATE_LIMITED');
  });
});
