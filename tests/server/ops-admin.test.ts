import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_NAMES } from '../../src-shared/sync/admin';
import { parseConfig } from '../../sync-server/config';
import { createServerLogger } from '../../sync-server/ops/logger';
import { LATEST_MIGRATION } from '../../sync-server/ops/readiness';
import { startSyncServer } from '../../sync-server/server';
import {
  httpClient,
  note,
  reasonOf,
  refusal,
  signUp,
  startTestSyncServer,
  syncFields,
  type TestSyncServer,
} from '../support/sync-server';

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('admin.jobs, admin.usage, admin.health', () => {
  let server: TestSyncServer;
  let admin: ReturnType<typeof httpClient>;
  let member: ReturnType<typeof httpClient>;
  let memberVault: string;

  beforeAll(async () => {
    // Schedules that never fall due during the test: every run here is a "run now".
    const schedules = Object.fromEntries(JOB_NAMES.map((name) => [name, '0 0 1 1 *']));
    server = await startTestSyncServer({ jobs: { schedules, pgBoss: { pollingIntervalSeconds: 0.5 } } });
    // The first account on a fresh server is its admin.
    admin = httpClient(server.url, (await signUp(server.url)).token);
    const grant = await signUp(server.url);
    member = httpClient(server.url, grant.token);
    memberVault = grant.account.vaultId;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('O6: lists every job with its schedule and an honest next run before any has run', async () => {
    const jobs = await admin.admin.jobs.list.query();
    expect(jobs.map((job) => job.name)).toEqual([...JOB_NAMES]);
    const now = Date.now();
    for (const job of jobs) {
      expect(job).toMatchObject({ lastRun: null, running: false, runner: 'pg-boss' });
      expect(job.schedule).toBe('0 0 1 1 *');
      expect(job.nextRunAt).toBe(Date.UTC(new Date(now).getUTCFullYear() + 1, 0, 1));
      expect(job.description.length).toBeGreaterThan(10);
    }
  });

  it('O6: "run now" runs the job at once, records it, and audits the request', async () => {
    expect(await admin.admin.jobs.runNow.mutate({ name: 'usage-snapshot' })).toEqual({ queued: true });
    await until(async () => {
      const job = (await admin.admin.jobs.list.query()).find((each) => each.name === 'usage-snapshot');
      return job?.lastRun?.finishedAt !== null && job?.lastRun !== null;
    }, 'the run to finish');
    const job = (await admin.admin.jobs.list.query()).find((each) => each.name === 'usage-snapshot')!;
    expect(job.lastRun).toMatchObject({ trigger: 'manual', ok: true });
    expect(job.lastRun?.durationMs).toBeGreaterThanOrEqual(0);
    expect(job.lastRun?.result).toMatch(/^2 users, 0 documents, 2 active devices/);
    const { rows } = await server.sql.query<{ action: string; details: unknown }>(
      `SELECT action, details FROM audit_log WHERE action = 'job_run_requested'`,
    );
    expect(rows).toEqual([{ action: 'job_run_requested', details: { job: 'usage-snapshot', queued: true } }]);
  });

  it('O9: the usage series has the snapshots and a live current point', async () => {
    await member.sync.push.mutate({
      ...syncFields(memberVault),
      rows: [{ assumedMasterState: null, newDocumentState: note('n1') }],
    });
    const series = await admin.admin.usage.series.query({ range: '24h' });
    expect(series.range).toBe('24h');
    expect(series.points).toHaveLength(1);
    expect(series.points[0]).toMatchObject({ users: 2, documents: 0, activeDevices: 2 });
    expect(series.current).toMatchObject({ users: 2, documents: 1, conflictsMerged: 0 });
    expect(series.current.pushesPerMinute).toBeGreaterThan(0);
    expect(series.current.pushP95Ms).toBeGreaterThanOrEqual(0);
    expect(series.current.bytes).toBeGreaterThan(series.points[0]!.bytes);
  });

  it('O7: health names the database, bus, blob store, disk, versions and migrations', async () => {
    const health = await admin.admin.health.get.query();
    expect(health.database).toMatchObject({ kind: 'postgres', ok: true });
    expect(health.database.detail).toMatch(/^PostgreSQL \d+(\.\d+)?, \d+ ms$/);
    expect(health.bus).toMatchObject({ kind: 'pg-notify', ok: true });
    expect(health.blobStore).toMatchObject({ kind: 'fs', ok: true });
    expect(health.disk.freeBytes).toBeGreaterThan(0);
    expect(health.disk.totalBytes).toBeGreaterThanOrEqual(health.disk.freeBytes!);
    expect(health.disk.detail).toMatch(/ free of /);
    expect(health.version.node).toBe(process.versions.node);
    expect(health.migrations).toEqual({ current: LATEST_MIGRATION, latest: LATEST_MIGRATION, ok: true });
    expect(health.uptimeMs).toBeGreaterThan(0);
  });

  it('O6–O9: members and anonymous callers are refused before anything runs', async () => {
    for (const call of [
      () => member.admin.jobs.list.query(),
      () => member.admin.jobs.runNow.mutate({ name: 'user-purge' }),
      () => member.admin.usage.series.query({ range: '7d' }),
      () => member.admin.health.get.query(),
    ]) {
      expect(reasonOf(await refusal(call()))).toBe('NOT_ADMIN');
    }
    expect(reasonOf(await refusal(httpClient(server.url).admin.health.get.query()))).toBe('UNAUTHENTICATED');
    const invalid = await refusal(
      admin.admin.jobs.runNow.mutate({ name: 'drop-everything' as unknown as 'user-purge' }),
    );
    expect(reasonOf(invalid)).toBe('INVALID_REQUEST');
  });
});

describe('on the embedded database (PGlite)', () => {
  it('O14: the jobs run in-process, and health names PGlite and the in-process bus', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'quire-ops-pglite-'));
    const parsed = parseConfig({ QUIRE_SERVER_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' });
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const server = await startSyncServer({ config: parsed.config, logger: createServerLogger('silent') });
    try {
      const admin = httpClient(server.url, (await signUp(server.url)).token);
      const jobs = await admin.admin.jobs.list.query();
      expect(
        jobs.every((job) => job.runner === 'in-process' && job.lastRun === null && job.nextRunAt !== null),
      ).toBe(true);
      expect(await admin.admin.jobs.runNow.mutate({ name: 'session-cleanup' })).toEqual({ queued: true });
      await until(async () => {
        const job = (await admin.admin.jobs.list.query()).find((each) => each.name === 'session-cleanup');
        return job?.lastRun?.ok === true;
      }, 'the in-process run');
      const health = await admin.admin.health.get.query();
      expect(health.database).toMatchObject({ kind: 'pglite', ok: true });
      expect(health.bus).toMatchObject({ kind: 'local', ok: true });
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
