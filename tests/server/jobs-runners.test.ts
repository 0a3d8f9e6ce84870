import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../sync-server/admin/audit-log';
import { createConsoleSessions } from '../../sync-server/admin/console-sessions';
import { createFsBlobStore } from '../../sync-server/blobs/fs-blob-store';
import { parseConfig, type SyncServerConfig } from '../../sync-server/config';
import { migrateUp } from '../../sync-server/db/migrator';
import { createPgClient } from '../../sync-server/db/pg-client';
import { createPgliteClient } from '../../sync-server/db/pglite-client';
import type { SqlClient } from '../../sync-server/db/sql-client';
import { createInProcessRunner, type JobTimers } from '../../sync-server/jobs/in-process-runner';
import { everyMinutesCron, type JobDefinition, type JobDeps } from '../../sync-server/jobs/job-definition';
import {
  jobDefinitionsFor,
  nextCronRun,
  type JobRunner,
  type JobRunnerOptions,
} from '../../sync-server/jobs/job-runner';
import { createJobRunsStore } from '../../sync-server/jobs/job-runs';
import { createPgBossRunner } from '../../sync-server/jobs/pg-boss-runner';
import { createServerLogger } from '../../sync-server/ops/logger';
import { createServerMetrics, type ServerMetrics } from '../../sync-server/ops/metrics';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const NOW = Date.UTC(2026, 5, 15, 12, 0, 30);

interface RunRow {
  job: string;
  trigger: string;
  ok: boolean | null;
  result: string | null;
  started: number;
  finished: number | null;
}

async function runRows(sql: SqlClient): Promise<RunRow[]> {
  const { rows } = await sql.query<RunRow>(
    `SELECT job, trigger, ok, result, floor(extract(epoch from started_at) * 1000)::float8 AS started,
            floor(extract(epoch from finished_at) * 1000)::float8 AS finished
       FROM job_runs ORDER BY started_at, id`,
  );
  return rows.map((row) => ({
    ...row,
    started: Number(row.started),
    finished: row.finished === null ? null : Number(row.finished),
  }));
}

/** Polls `check` until it answers true; bounded in count (the test timeout bounds the time). */
async function until(
  check: () => Promise<boolean>,
  what: string,
  attempts = 300,
  everyMs = 100,
): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function configFor(databaseUrl: string | null, dataDir: string): SyncServerConfig {
  const parsed = parseConfig({
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    QUIRE_SERVER_DATA_DIR: dataDir,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.config;
}

function runnerOptions(
  sql: SqlClient,
  config: SyncServerConfig,
  definitions: JobDefinition[],
  clock: { now(): number },
  metrics: ServerMetrics,
): JobRunnerOptions {
  const audit = createAuditLog({ sql, clock, onError: () => undefined });
  const deps: JobDeps = {
    sql,
    config,
    blobStore: createFsBlobStore({ root: join(config.dataDir, 'blobs') }),
    metrics,
    consoleSessions: createConsoleSessions({ sql, clock, idleMs: 60_000, absoluteMs: 120_000 }),
    audit,
    logger: createServerLogger('silent'),
    purgeDueUsers: () => Promise.resolve(0),
  };
  return { definitions, deps, runs: createJobRunsStore(sql), metrics, logger: deps.logger, clock };
}

async function jobRunsCounter(metrics: ServerMetrics, job: string, result: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric('quire_job_runs_total')?.get();
  return (
    metric?.values.find((value) => value.labels.job === job && value.labels.result === result)?.value ?? 0
  );
}

describe('in-process runner (embedded database)', () => {
  let dataDir: string;
  let sql: SqlClient;
  let config: SyncServerConfig;
  let clockNow = NOW;
  const clock = { now: () => clockNow };
  const timers: { due: number; task: () => void }[] = [];
  const fakeTimers: JobTimers = {
    after(ms, task) {
      const entry = { due: clockNow + ms, task };
      timers.push(entry);
      return {
        cancel() {
          const at = timers.indexOf(entry);
          if (at >= 0) timers.splice(at, 1);
        },
      };
    },
  };
  /** Moves the clock to `at` and fires every timer due by then. */
  const advanceTo = (at: number): void => {
    clockNow = at;
    for (const entry of timers.filter((timer) => timer.due <= at)) {
      timers.splice(timers.indexOf(entry), 1);
      entry.task();
    }
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'quire-jobs-pglite-'));
    sql = await createPgliteClient({ dataDir: join(dataDir, 'db') });
    await migrateUp(sql);
    config = configFor(null, dataDir);
  });
  afterAll(async () => {
    await sql?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('O14: a job never run shows its next run honestly; its schedule runs it, "run now" too; job_runs and metrics record both', async () => {
    const metrics = createServerMetrics({ defaultMetrics: false });
    const definitions = jobDefinitionsFor(config, { 'audit-retention': '*/10 * * * *' });
    const runner = createInProcessRunner({
      ...runnerOptions(sql, config, definitions, clock, metrics),
      timers: fakeTimers,
    });
    await runner.start();
    try {
      const before = await runner.list();
      expect(before.map((job) => job.name)).toEqual([
        'revision-retention',
        'audit-retention',
        'usage-snapshot',
        'session-cleanup',
        'orphan-blobs',
        'user-purge',
      ]);
      for (const job of before) {
        expect(job).toMatchObject({ lastRun: null, running: false, runner: 'in-process' });
        expect(job.nextRunAt).toBe(nextCronRun(job.schedule, NOW));
        expect(job.nextRunAt).toBeGreaterThan(NOW);
      }
      const audit = before.find((job) => job.name === 'audit-retention')!;
      expect(audit.nextRunAt).toBe(Date.UTC(2026, 5, 15, 12, 10, 0));

      // The schedule's time comes: the run starts (usage-snapshot and user-purge, every 5 minutes, too).
      advanceTo(Date.UTC(2026, 5, 15, 12, 10, 0));
      await until(
        async () => (await runRows(sql)).filter((row) => row.finished !== null).length === 3,
        'scheduled runs',
      );
      clockNow += 1_000;
      expect(await runner.runNow('audit-retention')).toBe(true);
      await until(
        async () => (await runRows(sql)).filter((row) => row.finished !== null).length === 4,
        'manual run',
      );

      const rows = await runRows(sql);
      expect(rows.map(({ job, trigger, ok }) => ({ job, trigger, ok }))).toEqual(
        expect.arrayContaining([
          { job: 'audit-retention', trigger: 'schedule', ok: true },
          { job: 'user-purge', trigger: 'schedule', ok: true },
          { job: 'usage-snapshot', trigger: 'schedule', ok: true },
          { job: 'audit-retention', trigger: 'manual', ok: true },
        ]),
      );
      expect(rows.find((row) => row.trigger === 'manual')?.result).toBe(
        'deleted 0 audit entries, 0 job runs',
      );
      expect(await jobRunsCounter(metrics, 'audit-retention', 'ok')).toBe(2);

      const after = (await runner.list()).find((job) => job.name === 'audit-retention')!;
      expect(after.lastRun).toMatchObject({
        trigger: 'manual',
        ok: true,
        result: 'deleted 0 audit entries, 0 job runs',
      });
      expect(after.nextRunAt).toBe(Date.UTC(2026, 5, 15, 12, 20, 0));
      // Re-armed for the next slot.
      expect(timers.some((timer) => timer.due === Date.UTC(2026, 5, 15, 12, 20, 0))).toBe(true);
    } finally {
      await runner.stop();
    }
    expect(timers).toEqual([]);
  });

  it('O6: a failing job is a failed run with its reason, counted as failed', async () => {
    await sql.query('DELETE FROM job_runs');
    const metrics = createServerMetrics({ defaultMetrics: false });
    const failing: JobDefinition = {
      name: 'orphan-blobs',
      description: 'fails',
      schedule: '0 0 1 1 *',
      run: () => Promise.reject(new Error('the blob store is gone\nsecond line')),
    };
    const runner = createInProcessRunner({
      ...runnerOptions(sql, config, [failing], clock, metrics),
      timers: fakeTimers,
    });
    expect(await runner.runNow('orphan-blobs')).toBe(true);
    await until(async () => (await runRows(sql)).some((row) => row.finished !== null), 'the failed run');
    expect((await runRows(sql)).map(({ ok, result, trigger }) => ({ ok, result, trigger }))).toEqual([
      { ok: false, result: 'failed: the blob store is gone second line', trigger: 'manual' },
    ]);
    expect(await jobRunsCounter(metrics, 'orphan-blobs', 'failed')).toBe(1);
    await runner.stop();
  });
});

describe('pg-boss runner (PostgreSQL)', () => {
  let database: TestDatabase;
  let sql: SqlClient;
  let dataDir: string;
  let config: SyncServerConfig;
  const runners: JobRunner[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    sql = createPgClient({ connectionString: database.url });
    await migrateUp(sql);
    dataDir = await mkdtemp(join(tmpdir(), 'quire-jobs-pg-'));
    config = configFor(database.url, dataDir);
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    await sql.query('DELETE FROM job_runs');
  });
  afterAll(async () => {
    await sql?.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  function pgBoss(
    definitions: JobDefinition[],
    metrics = createServerMetrics({ defaultMetrics: false }),
  ): JobRunner {
    const runner = createPgBossRunner({
      ...runnerOptions(sql, config, definitions, { now: () => Date.now() }, metrics),
      connectionString: database.url,
      pollingIntervalSeconds: 0.5,
      cronMonitorIntervalSeconds: 1,
    });
    runners.push(runner);
    return runner;
  }

  it('O15: a scheduled job and a manual one run through pg-boss and are recorded; pg-boss keeps its own schema', async () => {
    const metrics = createServerMetrics({ defaultMetrics: false });
    const everyMinute = jobDefinitionsFor(config, { 'audit-retention': '* * * * *' }).filter(
      (job) => job.name === 'audit-retention' || job.name === 'revision-retention',
    );
    const runner = pgBoss(everyMinute, metrics);
    await runner.start();
    const listed = await runner.list();
    expect(listed.find((job) => job.name === 'revision-retention')).toMatchObject({
      lastRun: null,
      runner: 'pg-boss',
      schedule: '17 3 * * *',
    });
    expect(listed.find((job) => job.name === 'revision-retention')?.nextRunAt).toBe(
      nextCronRun('17 3 * * *', Date.now()),
    );
    // '* * * * *': pg-boss sends the current minute's run at once.
    await until(
      async () => (await runRows(sql)).some((row) => row.trigger === 'schedule' && row.finished !== null),
      'a scheduled run',
    );
    expect(await runner.runNow('revision-retention')).toBe(true);
    await until(
      async () => (await runRows(sql)).some((row) => row.trigger === 'manual' && row.finished !== null),
      'a manual run',
    );

    const rows = await runRows(sql);
    expect(rows.find((row) => row.trigger === 'schedule')).toMatchObject({
      job: 'audit-retention',
      ok: true,
    });
    expect(rows.find((row) => row.trigger === 'manual')).toMatchObject({
      job: 'revision-retention',
      ok: true,
      result: 'deleted 0 revisions past the daily window, 0 same-day revisions',
    });
    expect(await jobRunsCounter(metrics, 'revision-retention', 'ok')).toBe(1);
    const schemas = await sql.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace WHERE nspname = 'pgboss'`,
    );
    expect(schemas.rows).toEqual([{ name: 'pgboss' }]);
  });

  it('O15: two server processes on one database never run a job at the same time', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let release: () => void = () => undefined;
    const slow: JobDefinition = {
      name: 'session-cleanup',
      description: 'slow',
      schedule: '* * * * *',
      async run() {
        active += 1;
        runs += 1;
        maxActive = Math.max(maxActive, active);
        // Held until the test has looked at both processes' job lists.
        await new Promise<void>((resolve) => {
          release = resolve;
          setTimeout(resolve, 1_500);
        });
        active -= 1;
        return 'slow run';
      },
    };
    const first = pgBoss([slow]);
    const second = pgBoss([slow]);
    await Promise.all([first.start(), second.start()]);
    // Both ask, several times, while the scheduled run may be under way too.
    for (let i = 0; i < 4; i++)
      await Promise.all([first.runNow('session-cleanup'), second.runNow('session-cleanup')]);
    await until(() => Promise.resolve(active === 1), 'a run to start');
    // While it runs, both processes' job lists say so (one from its own worker, one from job_runs).
    const lists = await Promise.all([first.list(), second.list()]);
    expect(lists.map((list) => list[0]?.running)).toEqual([true, true]);
    release();
    await until(
      async () => (await runRows(sql)).filter((row) => row.finished !== null).length >= 2,
      'a second run',
    );
    // A graceful stop lets a run under way finish; nothing starts after it.
    await Promise.all([first.stop(), second.stop()]);

    expect(maxActive).toBe(1);
    const rows = await runRows(sql);
    expect(rows.length).toBe(runs);
    // Recorded runs never overlap.
    for (let i = 1; i < rows.length; i++)
      expect(rows[i]!.started).toBeGreaterThanOrEqual(rows[i - 1]!.finished!);
  });
});

describe('schedules', () => {
  it('O9: the usage snapshot follows USAGE_SNAPSHOT_MINUTES; the others keep their fixed times', () => {
    expect(everyMinutesCron(1)).toBe('* * * * *');
    expect(everyMinutesCron(5)).toBe('*/5 * * * *');
    expect(everyMinutesCron(120)).toBe('0 */2 * * *');
    expect(everyMinutesCron(24 * 60)).toBe('0 0 * * *');
    const parsed = parseConfig({ USAGE_SNAPSHOT_MINUTES: '15' });
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(
      Object.fromEntries(jobDefinitionsFor(parsed.config).map((job) => [job.name, job.schedule])),
    ).toEqual({
      'revision-retention': '17 3 * * *',
      'audit-retention': '27 3 * * *',
      'usage-snapshot': '*/15 * * * *',
      'session-cleanup': '37 * * * *',
      'orphan-blobs': '47 * * * *',
      'user-purge': '*/5 * * * *',
    });
  });
});
