import type { ScheduledTask, Scheduler } from '../../src-main/clock';

/**
 * A Scheduler whose time moves only when the test says so: `advance(ms)` runs, in due order,
 * every task that falls due, so a debounce or a timeout is tested without waiting for it.
 */
export interface FakeScheduler extends Scheduler {
  /** Milliseconds advanced so far. */
  now(): number;
  /** Moves time forward by `ms`, running each task that falls due (tasks they schedule too). */
  advance(ms: number): void;
  /** The due times of the tasks not yet run nor cancelled, soonest first. */
  pending(): number[];
}

export function createFakeScheduler(): FakeScheduler {
  let now = 0;
  let sequence = 0;
  const tasks: { due: number; order: number; run: () => void }[] = [];
  const byDue = (a: { due: number; order: number }, b: { due: number; order: number }): number =>
    a.due - b.due || a.order - b.order;

  return {
    after(ms, task): ScheduledTask {
      const entry = { due: now + Math.max(0, ms), order: (sequence += 1), run: task };
      tasks.push(entry);
      return {
        cancel() {
          const at = tasks.indexOf(entry);
          if (at >= 0) tasks.splice(at, 1);
        },
      };
    },
    now: () => now,
    advance(ms) {
      const until = now + ms;
      for (;;) {
        tasks.sort(byDue);
        const next = tasks[0];
        if (!next || next.due > until) break;
        tasks.shift();
        now = next.due;
        next.run();
      }
      now = until;
    },
    pending: () => tasks.sort(byDue).map((task) => task.due),
  };
}
