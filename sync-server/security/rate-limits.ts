import { createHash } from 'node:crypto';
import type { SyncRejectionReason } from '../../src-shared/sync/protocol';
import type { AuditLog } from '../admin/audit-log';
import { SyncServerError } from '../errors';
import type { LimiterStore } from './rate-limit-store';
import { RateLimitedError } from './rate-limit-error';

/**
 * Rate limits on the calls that check or set a secret (docs/sync-protocol.md S12–S17): sign-in
 * (device and console), sign-up, invite redemption and password resets, each per IP and per
 * account. An attempt is counted when it starts, before any password is hashed, so neither a
 * flood nor one batched request with hundreds of guesses costs argon2 time once refused.
 */

export type LimitedAction = 'signIn' | 'signUp' | 'invite' | 'passwordReset';
export type LimitScope = 'account' | 'ip';

export interface BucketPolicy {
  /** Attempts counted in the window before backoff starts. */
  free: number;
  /** More attempts than this in the window lock the key for `lockSeconds`. */
  lockAfter: number;
  lockSeconds: number;
  /** Counts older than this are forgotten (a fixed window from the first attempt). */
  windowSeconds: number;
  /** Past `free`, each attempt must wait base, 2·base, 4·base … after the one before, at most max. */
  backoffBaseSeconds?: number;
  backoffMaxSeconds: number;
  /** A success: forgets the count (`reset`), takes back its own attempt (`forgive`), or counts (`keep`). */
  onSuccess: 'reset' | 'forgive' | 'keep';
}

export type RateLimitPolicy = Record<LimitedAction, Record<LimitScope, BucketPolicy>>;

const MINUTE = 60;
const HOUR = 3_600;

/** S14: the defaults. Per-IP limits are looser: behind a proxy without TRUST_PROXY, everyone shares one. */
export const DEFAULT_RATE_LIMIT_POLICY: RateLimitPolicy = {
  signIn: {
    account: {
      free: 5,
      lockAfter: 10,
      lockSeconds: 15 * MINUTE,
      windowSeconds: HOUR,
      backoffMaxSeconds: MINUTE,
      onSuccess: 'reset',
    },
    // A success must not wipe an IP's record: an attacker with an account of their own could.
    ip: {
      free: 30,
      lockAfter: 200,
      lockSeconds: HOUR,
      windowSeconds: HOUR,
      backoffMaxSeconds: MINUTE,
      onSuccess: 'forgive',
    },
  },
  signUp: {
    account: {
      free: 3,
      lockAfter: 10,
      lockSeconds: 15 * MINUTE,
      windowSeconds: HOUR,
      backoffMaxSeconds: MINUTE,
      onSuccess: 'reset',
    },
    // Every sign-up counts here, made or not: new accounts from one address are bounded too.
    ip: {
      free: 50,
      lockAfter: 200,
      lockSeconds: HOUR,
      windowSeconds: HOUR,
      backoffMaxSeconds: MINUTE,
      onSuccess: 'keep',
    },
  },
  invite: {
    account: {
      free: 5,
      lockAfter: 10,
      lockSeconds: 15 * MINUTE,
      windowSeconds: HOUR,
      backoffMaxSeconds: MINUTE,
      onSuccess: 'reset',
    },
    ip: {
      free: 10,
      lockAfter: 30,
      lockSeconds: HOUR,
      windowSeconds: HOUR,
      backoffMaxSeconds: MINUTE,
      onSuccess: 'forgive',
    },
  },
  passwordReset: {
    // Per target account: resets are admin actions, so every one counts.
    account: {
      free: 5,
      lockAfter: 20,
      lockSeconds: HOUR,
      windowSeconds: HOUR,
      backoffMaxSeconds: 5 * MINUTE,
      onSuccess: 'keep',
    },
    ip: {
      free: 30,
      lockAfter: 100,
      lockSeconds: HOUR,
      windowSeconds: HOUR,
      backoffMaxSeconds: MINUTE,
      onSuccess: 'keep',
    },
  },
};

/** The refusals that count as a wrong guess; any other refusal gives its attempt back. */
const FAILURES: Record<LimitedAction, ReadonlySet<SyncRejectionReason>> = {
  signIn: new Set(['BAD_CREDENTIALS']),
  signUp: new Set(['EMAIL_TAKEN']),
  invite: new Set(['INVITE_INVALID', 'EMAIL_TAKEN']),
  passwordReset: new Set(),
};

export interface AttemptSubject {
  /** The caller's address, or null (then only the account is limited). */
  ip: string | null;
  /** The normalised email (sign-in, sign-up), or the target user's id (password reset). */
  account: string | null;
}

export interface Attempt {
  /** The secret was right, or the action done. */
  succeeded(): Promise<void>;
  /** A wrong guess: it stays counted. */
  failed(): Promise<void>;
  /** Refused for another reason, no secret checked: the attempt is given back. */
  abandoned(): Promise<void>;
}

export interface RateLimits {
  readonly kind: LimiterStore['kind'];
  /** Counts an attempt, or throws RateLimitedError (RATE_LIMITED) while backoff or lockout holds. */
  begin(action: LimitedAction, subject: AttemptSubject): Promise<Attempt>;
  /**
   * `begin`, then `run`, then settles the attempt by its outcome: the refusals FAILURES names for
   * the action stay counted, other refusals are given back. The hook for every limited procedure.
   */
  guard<T>(action: LimitedAction, subject: AttemptSubject, run: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Keys are hashed: a counter's name says nothing about whose it is, and fits any store's key size. */
function keyOf(action: LimitedAction, scope: LimitScope, value: string): string {
  const digest = createHash('sha256').update(`${action}\0${scope}\0${value}`).digest('base64url');
  return digest.slice(0, 32);
}

/** S15: the wait after the n-th attempt of a window, once past the free ones. */
export function backoffSeconds(policy: BucketPolicy, n: number): number {
  const exponent = Math.max(0, n - policy.free - 1);
  const base = policy.backoffBaseSeconds ?? 1;
  return Math.min(policy.backoffMaxSeconds, base * 2 ** Math.min(exponent, 30));
}

interface Reservation {
  scope: LimitScope;
  value: string;
  key: string;
  policy: BucketPolicy;
}

export function createRateLimits(options: {
  store: LimiterStore;
  audit: AuditLog;
  policy?: RateLimitPolicy;
  /** RATE_LIMIT_EXEMPT_IPS: these addresses skip the per-IP buckets, never the per-account ones. */
  exemptIps?: readonly string[];
}): RateLimits {
  const { store, audit } = options;
  const exemptIps = new Set(options.exemptIps ?? []);
  const policy = options.policy ?? DEFAULT_RATE_LIMIT_POLICY;
  const rl = store.limiter;
  const counter = (key: string) => `c:${key}`;
  const gate = (key: string) => `g:${key}`;
  const lock = (key: string) => `l:${key}`;

  const waitOf = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

  /** S17: one audit entry per key per window, however many attempts are refused. */
  async function auditRefusal(
    action: LimitedAction,
    subject: AttemptSubject,
    bucket: Reservation,
    wait: number,
  ) {
    const first = await rl.penalty(`a:${bucket.key}`, 1, { customDuration: bucket.policy.windowSeconds });
    if (first.consumedPoints !== 1) return;
    const account = bucket.scope === 'account' ? subject.account : null;
    await audit.record({
      action: 'rate_limited',
      ...(action === 'passwordReset' ? { targetId: account } : { targetEmail: account }),
      ip: subject.ip,
      details: { limit: action, scope: bucket.scope, retryAfterSeconds: wait },
    });
  }

  /** Counts one attempt on one bucket; returns the wait if it is refused, else null. */
  async function reserve(bucket: Reservation): Promise<number | null> {
    const { key, policy: p } = bucket;
    const locked = await rl.get(lock(key));
    if (locked && locked.msBeforeNext > 0) return waitOf(locked.msBeforeNext);
    // Atomic in every store: attempts racing in one batch each get their own number.
    const { consumedPoints: n } = await rl.penalty(counter(key), 1, { customDuration: p.windowSeconds });
    if (n > p.lockAfter) {
      // S16: locked; afterwards the count resumes at the backoff's start, not at zero.
      await rl.block(lock(key), p.lockSeconds);
      await rl.set(counter(key), p.free, p.windowSeconds);
      return p.lockSeconds;
    }
    if (n <= p.free) return null;
    const opened = await rl.penalty(gate(key), 1, { customDuration: backoffSeconds(p, n) });
    if (opened.consumedPoints === 1) return null;
    // Refused by the backoff: not a guess, so it does not count towards the lockout.
    await rl.reward(counter(key), 1, { customDuration: p.windowSeconds });
    return waitOf(opened.msBeforeNext);
  }

  async function giveBack(bucket: Reservation): Promise<void> {
    await rl.reward(counter(bucket.key), 1, { customDuration: bucket.policy.windowSeconds });
  }

  async function succeed(bucket: Reservation): Promise<void> {
    if (bucket.policy.onSuccess === 'reset') {
      await Promise.all([
        rl.delete(counter(bucket.key)),
        rl.delete(gate(bucket.key)),
        rl.delete(lock(bucket.key)),
      ]);
    } else if (bucket.policy.onSuccess === 'forgive') {
      await giveBack(bucket);
    }
  }

  async function begin(action: LimitedAction, subject: AttemptSubject): Promise<Attempt> {
    const buckets: Reservation[] = [];
    for (const scope of ['account', 'ip'] as const) {
      const value = subject[scope];
      if (scope === 'ip' && value && exemptIps.has(value)) continue;
      if (value)
        buckets.push({ scope, value, key: keyOf(action, scope, value), policy: policy[action][scope] });
    }
    const reserved: Reservation[] = [];
    for (const bucket of buckets) {
      const wait = await reserve(bucket);
      if (wait !== null) {
        await Promise.all(reserved.map(giveBack));
        await auditRefusal(action, subject, bucket, wait);
        throw new RateLimitedError(wait);
      }
      reserved.push(bucket);
    }
    let settled = false;
    const settle = (step: (bucket: Reservation) => Promise<void>) => async () => {
      if (settled) return;
      settled = true;
      await Promise.all(reserved.map(step));
    };
    return {
      succeeded: settle(succeed),
      failed: settle(() => Promise.resolve()),
      abandoned: settle(giveBack),
    };
  }

  return {
    kind: store.kind,
    begin,
    async guard(action, subject, run) {
      const attempt = await begin(action, subject);
      let result;
      try {
        result = await run();
      } catch (error) {
        const counted = error instanceof SyncServerError && FAILURES[action].has(error.reason);
        await (counted ? attempt.failed() : attempt.abandoned());
        throw error;
      }
      await attempt.succeeded();
      return result;
    },
    close: () => store.close(),
  };
}
