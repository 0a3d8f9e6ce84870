import { useSyncExternalStore } from 'react';

const TICK_MS = 30_000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // One shared timer for every relative time on screen, running only while one is shown.
  timer ??= setInterval(() => {
    now = Date.now();
    for (const l of [...listeners]) l();
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function getSnapshot(): number {
  return now;
}

/** The current time, refreshed every 30 s: enough for "5m ago" labels. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getSnapshot);
}
