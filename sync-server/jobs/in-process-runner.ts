import type { Job, JobName } from '../../src-shared/sync/admin';
import type { JobDefinition } from './job-definition';
import { executeJob, listJobs, nextCronRun, type JobRunner, type JobRunnerOptions } from './job-runner';
import type { JobTrigger } from './job-runs';

/** setTimeout takes at most 2^31-1 ms; a later run is reached in hops. */
const MAX_TIMER_MS = 2_147_483_647;

/** When to wake: injected by tests so schedules are run without waiting for them. */
export interface JobTimers {
  after(ms: number, task: () => void): { cancel(): void };
}

const realTimers: JobTimers = {
  after(ms, task) {
    const timer = setTimeout(task, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    // Jobs never keep a stopping process alive.
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/**
 * O14: with the embedded database (one process by construction), each job's next run is read from
 * its cron with cron-parser and waited for with a timer; one run of a job at a time.
 */
export function createInProcessRunner(options: JobRunnerOptions & { timers?: JobTimers }): JobRunner {
  const timers = options.timers ?? realTimers;
  const running = new Set<JobName>();
  const pending = new Map<JobName, { cancel(): void }>();
  const inFlight = new Set<Promise<unknown>>();
  let started = false;

  const run = (definition: JobDefinition, trigger: JobTrigger): boolean => {
    if (running.has(definition.name)) return false;
    running.add(definition.name);
    const done = executeJob(options, definition, trigger).finally(() => {
      running.delete(definition.name);
      inFlight.delete(done);
    });
    inFlight.add(done);
    return true;
  };

  const arm = (definition: JobDefinition): void => {
    if (!started) return;
    const now = options.clock.now();
    const next = nextCronRun(definition.schedule, now);
    if (next === null) {
      options.logger.error(
        { job: definition.name, schedule: definition.schedule },
        'unreadable job schedule',
      );
      return;
    }
    pending.set(
      definition.name,
      timers.after(next - now, () => {
        pending.delete(definition.name);
        if (!started) return;
        // A hop short of a far-away run (timer limit), or a clock that moved less than asked.
        if (options.clock.now() >= next) run(definition, 'schedule');
        arm(definition);
      }),
    );
  };

  return {
    kind: 'in-process',
    start() {
      if (started) return Promise.resolve();
      started = true;
      for (const definition of options.definitions) arm(definition);
      return Promise.resolve();
    },
    async stop() {
      started = false;
      for (const timer of pending.values()) timer.cancel();
      pending.clear();
      // A run under way finishes (and is recorded) before the database closes.
      await Promise.allSettled([...inFlight]);
    },
    list: (): Promise<Job[]> => listJobs(options, 'in-process', running),
    runNow(name) {
      const definition = options.definitions.find((job) => job.name === name);
      if (!definition) return Promise.resolve(false);
      return Promise.resolve(run(definition, 'manual'));
    },
  };
}
