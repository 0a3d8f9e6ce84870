import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function tick(): void {
  now = Date.now();
  for (const listener of [...listeners]) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Fresh at once: React reads the snapshot again right after subscribing.
  now = Date.now();
  timer ??= setInterval(tick, 1_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const noSubscription = (): (() => void) => () => undefined;
const getNow = (): number => now;

/**
 * Whole seconds left until `target` (a time in ms), counting down once a second and stopping at
 * 0; null when there is no target. The one-second timer runs only while a countdown is shown.
 */
export function useSecondsUntil(target: number | null): number | null {
  const current = useSyncExternalStore(target === null ? noSubscription : subscribe, getNow);
  if (target === null) return null;
  return Math.max(0, Math.ceil((target - current) / 1_000));
}
