import type { Session } from '../auth/auth-service';

/**
 * L11: the periodic session re-check (A4) of a device's idle streams is shared: all streams of
 * one token reuse an answer younger than the re-check period, so idle streams cost at most one
 * query per device per period, however many streams it holds (5,000 streams on one socket cost
 * 1,007 transactions/s before; L3 now caps them too). Event-driven re-checks (a revoke's
 * announcement, a bus reconnect) always ask the database, and their answer refreshes the share.
 */
export type SharedSessionCheck = (token: string, periodic: boolean) => Promise<string | null>;

export function createSharedSessionCheck(options: {
  authenticate(token: string): Promise<Session | null>;
  maxAgeMs: number;
  now?: () => number;
}): SharedSessionCheck {
  const now = options.now ?? (() => performance.now());
  const answers = new Map<string, { at: number; deviceId: Promise<string | null> }>();
  let sweptAt = now();
  return (token, periodic) => {
    const at = now();
    const cached = answers.get(token);
    if (periodic && cached && at - cached.at < options.maxAgeMs) return cached.deviceId;
    if (at - sweptAt > options.maxAgeMs) {
      // Tokens whose streams ended leave nothing behind for longer than a period.
      sweptAt = at;
      for (const [key, entry] of answers) if (at - entry.at >= options.maxAgeMs) answers.delete(key);
    }
    const deviceId = options.authenticate(token).then((session) => session?.deviceId ?? null);
    const entry = { at, deviceId };
    answers.set(token, entry);
    deviceId.catch(() => {
      if (answers.get(token) === entry) answers.delete(token);
    });
    return deviceId;
  };
}

const perAuthService = new WeakMap<object, SharedSessionCheck>();

/** One share per server (keyed by its auth service), so servers in one process never mix. */
export function sharedSessionCheckFor(
  auth: { authenticate(token: string): Promise<Session | null> },
  maxAgeMs: number,
): SharedSessionCheck {
  let check = perAuthService.get(auth);
  if (!check) {
    check = createSharedSessionCheck({ authenticate: (token) => auth.authenticate(token), maxAgeMs });
    perAuthService.set(auth, check);
  }
  return check;
}
