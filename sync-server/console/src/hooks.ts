import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import type { FailureReason } from '../../../src-shared/errors/reasons';
import { failureReason } from './api';

export type Loaded<T> =
  | { status: 'loading'; data: T | null }
  | { status: 'ready'; data: T }
  | { status: 'error'; reason: FailureReason; data: T | null };

interface Settled<T> {
  key: string;
  reason: FailureReason | null;
  /** The newest data that arrived, for this key or an earlier one. */
  data: T | null;
}

/**
 * Loads with `load` whenever `key` changes, and on `reload()`. Only the newest request's answer
 * counts: an older one arriving late is dropped. While reloading, the last data stays on screen.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> & { reload: () => void } {
  const [tick, setTick] = useState(0);
  const request = `${key}#${tick}`;
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const start = useEffectEvent(() => load());

  useEffect(() => {
    let live = true;
    start().then(
      (data) => {
        if (live) setSettled({ key: request, reason: null, data });
      },
      (error: unknown) => {
        if (live)
          setSettled((previous) => ({
            key: request,
            reason: failureReason(error),
            data: previous?.data ?? null,
          }));
      },
    );
    return () => {
      live = false;
    };
  }, [request]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const data = settled?.data ?? null;
  if (settled?.key !== request) return { status: 'loading', data, reload };
  if (settled.reason) return { status: 'error', reason: settled.reason, data, reload };
  return { status: 'ready', data: data as T, reload };
}

/**
 * Runs an action, showing it busy meanwhile; resolves true when it worked. Failures are handed to
 * `onFailure` by reason (the caller shows the words).
 */
export function useAction(onFailure: (reason: FailureReason) => void) {
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (action: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true);
      try {
        await action();
        return true;
      } catch (error) {
        onFailure(failureReason(error));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [onFailure],
  );
  return { busy, run };
}
