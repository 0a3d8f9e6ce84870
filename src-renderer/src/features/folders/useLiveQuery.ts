import { useCallback, useEffect, useRef, useState } from 'react';
import { useServices } from '../../api/useServices';
import { throttle } from '../../lib/throttle';

export interface LiveQuery<T> {
  data: T | null;
  error: unknown;
  refresh: () => void;
}

/**
 * A host query answered again whenever notes change (throttled: a sync or an import sends
 * bursts). The host keeps the catalogs these read in memory, so each answer is cheap.
 */
export function useLiveQuery<T>(fetch: () => Promise<T>, intervalMs = 250): LiveQuery<T> {
  const { changes } = useServices();
  const [state, setState] = useState<{ data: T | null; error: unknown }>({ data: null, error: null });
  const loadRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    let live = true;
    let asked = 0;
    const load = (): void => {
      const ticket = (asked += 1);
      fetch().then(
        (data) => live && ticket === asked && setState({ data, error: null }),
        (error: unknown) => live && ticket === asked && setState((s) => ({ data: s.data, error })),
      );
    };
    const throttled = throttle(load, intervalMs);
    load();
    loadRef.current = load;
    const unsubscribe = changes.subscribe(throttled);
    return () => {
      live = false;
      unsubscribe();
      throttled.cancel();
    };
  }, [fetch, changes, intervalMs]);
  const refresh = useCallback(() => loadRef.current(), []);
  return { ...state, refresh };
}
