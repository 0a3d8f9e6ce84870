import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditLog, AuditRecord } from '../../sync-server/admin/audit-log';
import { rejection } from '../../sync-server/errors';
import { RateLimitedError } from '../../sync-server/security/rate-limit-error';
import {
  createMemoryLimiterStore,
  installationPrefix,
  openLimiterStore,
} from '../../sync-server/security/rate-limit-store';
import {
  backoffSeconds,
  createRateLimits,
  DEFAULT_RATE_LIMIT_POLICY,
  type RateLimits,
} from '../../sync-server/security/rate-limits';

/**
 * The policy itself (S14–S17) on the in-memory store. The library reads Date.now() and sets
 * timers, so the clock here is vitest's fake one, moved by hand: nothing waits in real time.
 */

function recordingAudit(): AuditLog & { entries: AuditRecord[] } {
  const entries: AuditRecord[] = [];
  return {
    entries,
    record(entry) {
      entries.push(entry);
      return Promise.resolve();
    },
  };
}

const account = DEFAULT_RATE_LIMIT_POLICY.signIn.account;
const who = { ip: '203.0.113.7', account: 'ada@example.com' };

/** A wrong password: the call the guard wraps fails the way auth.signIn does. */
const wrong = () => Promise.reject(rejection('BAD_CREDENTIALS'));
const right = () => Promise.resolve('signed in');

async function waitOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (error) {
    if (error instanceof RateLimitedError) return error.retryAfterSeconds;
    if (error instanceof Error && 'reason' in error) return 0;
    throw error;
  }
  return -1;
}

describe('S14–S17: backoff and lockout on the memory store', () => {
  let limits: RateLimits;
  let audit: ReturnType<typeof recordingAudit>;

  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    audit = recordingAudit();
    limits = createRateLimits({ store: createMemoryLimiterStore(), audit });
  });
  afterEach(() => vi.useRealTimers());

  it('S15: the free failures are answered, then each wait doubles (1 s, 2 s, 4 s …) up to the cap', async () => {
    for (let i = 0; i < account.free; i++) expect(await waitOf(limits.guard('signIn', who, wrong))).toBe(0);
    // The first one past the free ones is checked, and opens a 1 s wait.
    expect(await waitOf(limits.guard('signIn', who, wrong))).toBe(0);
    const waits: number[] = [];
    for (let step = 0; step < 4; step++) {
      const wait = await waitOf(limits.guard('signIn', who, wrong));
      expect(wait).toBeGreaterThan(0);
      waits.push(wait);
      vi.advanceTimersByTime(wait * 1000);
      // After waiting, the next guess is checked again (and fails).
      expect(await waitOf(limits.guard('signIn', who, wrong))).toBe(0);
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    expect(backoffSeconds(account, 1_000)).toBe(account.backoffMaxSeconds);
  });

  it('S16: after lockAfter failures the account is locked, even for the right password, until it ends', async () => {
    let checked = 0;
    // Keep guessing, waiting out each backoff, until the lock comes.
    for (let i = 0; i < 100; i++) {
      const wait = await waitOf(limits.guard('signIn', who, () => ((checked += 1), wrong())));
      if (wait === account.lockSeconds) break;
      if (wait > 0) vi.advanceTimersByTime(wait * 1000);
    }
    expect(checked).toBe(account.lockAfter);
    let ran = false;
    const locked = await waitOf(limits.guard('signIn', who, () => ((ran = true), right())));
    expect(locked).toBeGreaterThan(account.backoffMaxSeconds);
    expect(ran).toBe(false);
    vi.advanceTimersByTime(account.lockSeconds * 1000);
    await expect(limits.guard('signIn', who, right)).resolves.toBe('signed in');
  });

  it('S15: a success resets the account: the next failures are free again', async () => {
    for (let i = 0; i <= account.free; i++) await waitOf(limits.guard('signIn', who, wrong));
    expect(await waitOf(limits.guard('signIn', who, wrong))).toBeGreaterThan(0);
    vi.advanceTimersByTime(1_000);
    await expect(limits.guard('signIn', who, right)).resolves.toBe('signed in');
    for (let i = 0; i <= account.free; i++) expect(await waitOf(limits.guard('signIn', who, wrong))).toBe(0);
  });

  it('S14: the per-IP limit holds across accounts, and a success does not wipe it', async () => {
    const ip = DEFAULT_RATE_LIMIT_POLICY.signIn.ip;
    for (let i = 0; i < ip.free; i++) {
      expect(await waitOf(limits.guard('signIn', { ip: who.ip, account: `u${i}@example.com` }, wrong))).toBe(
        0,
      );
    }
    // Past the free ones, a right password passes the backoff like any attempt, and is forgiven…
    await limits.guard('signIn', { ip: who.ip, account: 'mine@example.com' }, right);
    vi.advanceTimersByTime(1_000);
    // …but the IP's failures stand: one more is checked, then the IP waits.
    expect(await waitOf(limits.guard('signIn', { ip: who.ip, account: 'x@example.com' }, wrong))).toBe(0);
    expect(await waitOf(limits.guard('signIn', { ip: who.ip, account: 'y@example.com' }, wrong))).toBe(1);
    // Another address is not affected.
    expect(await waitOf(limits.guard('signIn', { ip: '203.0.113.8', account: 'y@example.com' }, wrong))).toBe(
      0,
    );
  });

  it('S14: an address in RATE_LIMIT_EXEMPT_IPS skips the per-IP limit, never the per-account one', async () => {
    const exempt = createRateLimits({ store: createMemoryLimiterStore(), audit, exemptIps: [who.ip] });
    const ip = DEFAULT_RATE_LIMIT_POLICY.signIn.ip;
    // Many accounts from the exempt address: each is answered, however many there are.
    for (let i = 0; i < ip.free + 5; i++) {
      expect(await waitOf(exempt.guard('signIn', { ip: who.ip, account: `u${i}@example.com` }, wrong))).toBe(
        0,
      );
    }
    // One account from it still backs off once its own free failures (and the one past them) are used.
    for (let i = 0; i <= account.free; i++) expect(await waitOf(exempt.guard('signIn', who, wrong))).toBe(0);
    expect(await waitOf(exempt.guard('signIn', who, wrong))).toBeGreaterThan(0);
  });

  it('refusals that are not guesses (no password checked) give their attempt back', async () => {
    const closed = () => Promise.reject(rejection('REGISTRATION_CLOSED'));
    for (let i = 0; i < 50; i++) expect(await waitOf(limits.guard('signUp', who, closed))).toBe(0);
  });

  it('S13: attempts racing in one go are each counted before any runs', async () => {
    let checked = 0;
    const guesses = Array.from({ length: 400 }, () =>
      waitOf(limits.guard('signIn', who, () => ((checked += 1), wrong()))),
    );
    const waits = await Promise.all(guesses);
    expect(checked).toBeLessThanOrEqual(account.free + 1);
    expect(waits.filter((w) => w > 0).length).toBeGreaterThanOrEqual(400 - account.free - 1);
  });

  it('S17: a refused key is audited once per window, not once per refusal', async () => {
    for (let i = 0; i < 30; i++) await waitOf(limits.guard('signIn', who, wrong));
    const limited = audit.entries.filter((entry) => entry.action === 'rate_limited');
    expect(limited).toHaveLength(1);
    expect(limited[0]).toMatchObject({
      targetEmail: who.account,
      ip: who.ip,
      details: { limit: 'signIn', scope: 'account' },
    });
    vi.advanceTimersByTime(account.windowSeconds * 1000 + 1);
    for (let i = 0; i < 30; i++) await waitOf(limits.guard('signIn', who, wrong));
    expect(audit.entries.filter((entry) => entry.action === 'rate_limited').length).toBe(2);
  });
});

describe('S12: the store follows the config', () => {
  it('memory with the embedded database (one process); Redis keys prefixed per database', async () => {
    const memory = await openLimiterStore({ redisUrl: null, databaseUrl: null, dataDir: '/tmp/quire-x' });
    expect(memory.kind).toBe('memory');
    await memory.close();
    // The prefix names the database (host, port, name), never its credentials.
    const prefix = installationPrefix({ databaseUrl: 'postgres://u:secret@db:5432/quire', dataDir: '' });
    expect(prefix).not.toContain('secret');
    expect(prefix).toBe(
      installationPrefix({ databaseUrl: 'postgres://other:pw@db:5432/quire', dataDir: '' }),
    );
    expect(prefix).not.toBe(
      installationPrefix({ databaseUrl: 'postgres://u:secret@db:5432/other', dataDir: '' }),
    );
  });
});
