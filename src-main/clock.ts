/** Time and ids are injected so tests and benchmarks are deterministic. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type IdGenerator = () => string;

export const randomId: IdGenerator = () => crypto.randomUUID();

/** A uniform draw in [0, 1), as `Math.random`; injected where jitter must be reproducible. */
export type Random = () => number;

export const systemRandom: Random = () => Math.random();

/** A scheduled task; `cancel` is safe to call after it ran. */
export interface ScheduledTask {
  cancel(): void;
}

/**
 * Timers, injected like the clock so services never call `setTimeout` themselves: tests drive
 * time with a fake, and a service's pending work is always something it can cancel on close.
 */
export interface Scheduler {
  /** Runs `task` once after `ms`. The timer never keeps the process alive on its own. */
  after(ms: number, task: () => void): ScheduledTask;
}

export const systemScheduler: Scheduler = {
  after(ms, task) {
    const timer = setTimeout(task, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/** Resolves after `ms` on the given scheduler (a timeout to race against). */
export function delay(scheduler: Scheduler, ms: number): Promise<void> {
  return new Promise((resolve) => {
    scheduler.after(ms, resolve);
  });
}
