import cronParser from 'cron-parser';
import type { Logger } from 'pino';
import { JOB_NAMES, type Job, type JobName } from '../../src-shared/sync/admin';
import type { Clock } from '../clock';
import type { SyncServerConfig } from '../config';
import type { ServerMetrics } from '../ops/metrics';
import { orphanBlobs, sessionCleanup, userPurge } from './cleanup-jobs';
import { everyMinutesCron, type JobDefinition, type JobDeps } from './job-definition';
import { JOB_RUN_LOST_AFTER_MS, oneLine, type JobRunsStore, type JobTrigger } from './job-runs';
import { auditRetention, revisionRetention } from './retention-jobs';
import { usageSnapshot } from './usage-snapshot';

/** Every job, in the order the jobs page lists them (JOB_NAMES). */
export function jobDefinitionsFor(
  config: SyncServerConfig,
  schedules: Partial<Record<JobName, string>> = {},
): JobDefinition[] {
  const all: JobDefinition[] = [
    revisionRetention,
    auditRetention,
    { ...usageSnapshot, schedule: everyMinutesCron(config.retention.usageSnapshotEveryMs / 60_000) },
    sessionCleanup,
    orphanBlobs,
    userPurge,
  ];
  return JOB_NAMES.map((name) => {
    const definition = all.find((job) => job.name === name);
    if (!definition) throw new Error(`No definition for job ${name}`);
    const schedule = schedules[name];
    return schedule ? { ...definition, schedule } : definition;
  });
}

/** The next time `cron` fires after `after` (UTC), or null when it cannot be read. */
export function nextCronRun(cron: string, after: number): number | null {
  try {
    return cronParser
      .parseExpression(cron, { currentDate: new Date(after), tz: 'UTC' })
      .next()
      .getTime();
  } catch {
    return null;
  }
}

/** What both runners offer the server and the admin API (O6). */
export interface JobRunner {
  readonly kind: Job['runner'];
  start(): Promise<void>;
  stop(): Promise<void>;
  list(): Promise<Job[]>;
  /**
   * Runs the job as soon as possible, outside its schedule. Answers false when a run is already
   * waiting or under way (the request is then that run).
   */
  runNow(name: JobName): Promise<boolean>;
}

export interface JobRunnerOptions {
  definitions: readonly JobDefinition[];
  deps: JobDeps;
  runs: JobRunsStore;
  metrics: ServerMetrics;
  logger: Logger;
  clock: Clock;
}

/**
 * One run, as both runners do it: recorded in job_runs before it starts and when it ends, counted
 * in metrics, logged. Never throws: a failing job is a failed run, with its message as the result.
 */
export async function executeJob(
  options: JobRunnerOptions,
  definition: JobDefinition,
  trigger: JobTrigger,
): Promise<{ ok: boolean; result: string }> {
  const { runs, metrics, logger, clock } = options;
  const log = logger.child({ job: definition.name, trigger });
  const startedAt = clock.now();
  let id: number;
  try {
    id = await runs.start(definition.name, trigger, startedAt);
  } catch (error) {
    log.error({ err: error }, 'could not record a job run; not running it');
    metrics.jobRun(definition.name, 'failed');
    return { ok: false, result: 'could not record the run' };
  }
  let ok: boolean;
  let result: string;
  try {
    result = oneLine(await definition.run(options.deps, startedAt));
    ok = true;
  } catch (error) {
    ok = false;
    result = oneLine(`failed: ${error instanceof Error ? error.message : String(error)}`);
    log.error({ err: error }, 'job failed');
  }
  const finishedAt = clock.now();
  await runs
    .finish(id, finishedAt, ok, result)
    .catch((error: unknown) => log.error({ err: error }, 'could not record the end of a job run'));
  metrics.jobRun(definition.name, ok ? 'ok' : 'failed');
  log.info({ ok, ms: finishedAt - startedAt, result }, 'job ran');
  return { ok, result };
}

/** The jobs page's rows, from job_runs and each schedule (shared by both runners). */
export async function listJobs(
  options: JobRunnerOptions,
  runner: Job['runner'],
  localRunning: ReadonlySet<string>,
): Promise<Job[]> {
  const now = options.clock.now();
  const [latest, running] = await Promise.all([options.runs.latest(), options.runs.running(now)]);
  return options.definitions.map((definition) => {
    const last = latest.get(definition.name) ?? null;
    // A run that never finished and is older than any run takes was lost with its process.
    const lost = last !== null && last.finishedAt === null && now - last.startedAt >= JOB_RUN_LOST_AFTER_MS;
    return {
      name: definition.name,
      description: definition.description,
      schedule: definition.schedule,
      lastRun: last && {
        startedAt: last.startedAt,
        finishedAt: last.finishedAt,
        durationMs: last.finishedAt === null ? null : last.finishedAt - last.startedAt,
        ok: lost ? false : last.ok,
        trigger: last.trigger,
        result: lost ? 'did not finish (the server stopped during the run)' : last.result,
      },
      nextRunAt: nextCronRun(definition.schedule, now),
      running: localRunning.has(definition.name) || running.has(definition.name),
      runner,
    };
  });
}
