import PgBoss from 'pg-boss';
import type { Job, JobName } from '../../src-shared/sync/admin';
import { executeJob, listJobs, type JobRunner, type JobRunnerOptions } from './job-runner';
import { JOB_RUN_LOST_AFTER_MS } from './job-runs';

/** pg-boss keeps its tables in a schema of its own, beside Quire's (O15). */
export const PG_BOSS_SCHEMA = 'pgboss';
/** Any constant, the same in every server process (as the migrator's). */
const QUEUE_SETUP_LOCK_KEY = 7_305_112_002;

export interface PgBossRunnerOptions extends JobRunnerOptions {
  connectionString: string;
  /** How often an idle worker asks for work; pg-boss's default is 2 s. */
  pollingIntervalSeconds?: number;
  /** How often pg-boss checks the cron schedules (1–45 s; default 30). */
  cronMonitorIntervalSeconds?: number;
}

interface JobData {
  trigger?: unknown;
}

/**
 * O15: on PostgreSQL, pg-boss schedules and runs the jobs. Each job is a queue with the `stately`
 * policy (at most one waiting and one active job, across every server process on the database),
 * so two processes never run a job at once; its cron is `boss.schedule`d, which pg-boss fires once
 * per slot whatever the number of processes; each process works every queue with one worker.
 */
export function createPgBossRunner(options: PgBossRunnerOptions): JobRunner {
  const { definitions, logger } = options;
  const running = new Set<JobName>();
  let boss: PgBoss | null = null;
  const workers = new Map<JobName, string>();

  return {
    kind: 'pg-boss',
    async start() {
      if (boss) return;
      const instance = new PgBoss({
        connectionString: options.connectionString,
        schema: PG_BOSS_SCHEMA,
        max: 3,
        application_name: 'quire-jobs',
        ...(options.cronMonitorIntervalSeconds
          ? {
              cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds,
              cronWorkerIntervalSeconds: options.cronMonitorIntervalSeconds,
            }
          : {}),
      });
      instance.on('error', (error: Error) => logger.warn({ err: error }, 'pg-boss error'));
      await instance.start();
      boss = instance;
      // Two processes creating a queue at once deadlock inside pg-boss (each creates its
      // partition table): one at a time, under a lock every server process takes.
      await options.deps.sql.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [QUEUE_SETUP_LOCK_KEY]);
        for (const definition of definitions) {
          if (await instance.getQueue(definition.name)) continue;
          await instance.createQueue(definition.name, {
            name: definition.name,
            policy: 'stately',
            // The next scheduled run is the retry; a failure is recorded, not repeated at once.
            retryLimit: 0,
            expireInSeconds: JOB_RUN_LOST_AFTER_MS / 1000,
          });
        }
      });
      for (const definition of definitions) {
        await instance.schedule(definition.name, definition.schedule, { trigger: 'schedule' }, { tz: 'UTC' });
        const workerId = await instance.work<JobData>(
          definition.name,
          { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
          async (jobs) => {
            for (const job of jobs) {
              running.add(definition.name);
              try {
                await executeJob(options, definition, job.data?.trigger === 'manual' ? 'manual' : 'schedule');
              } finally {
                running.delete(definition.name);
              }
            }
          },
        );
        workers.set(definition.name, workerId);
      }
    },
    async stop() {
      const instance = boss;
      boss = null;
      workers.clear();
      // Graceful: a job under way finishes and is recorded before the pool closes.
      await instance?.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
    list: (): Promise<Job[]> => listJobs(options, 'pg-boss', running),
    async runNow(name) {
      if (!boss || !definitions.some((job) => job.name === name)) return false;
      const id = await boss.send(name, { trigger: 'manual' });
      const workerId = workers.get(name);
      // This process's worker looks at once instead of at its next poll (any process may take it).
      if (id !== null && workerId) boss.notifyWorker(workerId);
      return id !== null;
    },
  };
}
