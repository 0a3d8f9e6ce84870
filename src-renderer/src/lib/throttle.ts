export interface Throttled {
  (): void;
  cancel(): void;
}

/**
 * Runs `fn` at once, then at most once per `intervalMs` while calls keep coming, always ending
 * with one trailing run. Change events arrive in bursts (a sync, an import); the first refresh
 * should be instant, the rest coalesced.
 */
export function throttle(fn: () => void, intervalMs: number): Throttled {
  let lastRun = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    timer = undefined;
    lastRun = Date.now();
    fn();
  };
  const throttled = (): void => {
    if (timer !== undefined) return;
    const wait = lastRun + intervalMs - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  throttled.cancel = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };
  return throttled;
}
