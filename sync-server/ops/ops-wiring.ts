import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { WebSocketServer } from 'ws';
import type { JobName } from '../../src-shared/sync/admin';
import { purgeDueUsers } from '../admin/admin-purge';
import type { AuditLog } from '../admin/audit-log';
import type { ConsoleSessions } from '../admin/console-sessions';
import type { BlobStore } from '../blobs/blob-store';
import type { ChangeBus } from '../bus/change-bus';
import type { Clock } from '../clock';
import type { SyncServerConfig } from '../config';
import type { SqlClient } from '../db/sql-client';
import { createInProcessRunner, type JobTimers } from '../jobs/in-process-runner';
import type { PurgeDueUsers } from '../jobs/job-definition';
import { jobDefinitionsFor, type JobRunner, type JobRunnerOptions } from '../jobs/job-runner';
import { createJobRunsStore } from '../jobs/job-runs';
import { createPgBossRunner } from '../jobs/pg-boss-runner';
import { tagWebSocketMessage } from './logger';
import type { ServerMetrics } from './metrics';
import { createOpsRoutes, startMetricsListener } from './ops-http';
import type { OpsServices } from './ops-services';

/** What tests (and nothing else) may change about the jobs. */
export interface JobOverrides {
  schedules?: Partial<Record<JobName, string>>;
  /** In-process runner only. */
  timers?: JobTimers;
  /** pg-boss only: poll and cron-check faster than the production defaults. */
  pgBoss?: { pollingIntervalSeconds?: number; cronMonitorIntervalSeconds?: number };
  /** false: no runner is started (jobs run only on "run now"). */
  autoStart?: boolean;
}

export interface Ops {
  services: OpsServices;
  /** `/metrics` and `/readyz` on the main port; true when it answered. */
  routes(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
  /** Counts connections and tags each message for its request id (O2); call before tRPC's handler. */
  watchWebSockets(wss: WebSocketServer): void;
  /** Starts the job runner and the metrics port; returns the port's URL, if any. */
  start(): Promise<{ metricsPort: number | null }>;
  close(): Promise<void>;
}

/** Everything of O1–O15 the server wires in, in one place, so server.ts only hooks it up. */
export function createOps(options: {
  config: SyncServerConfig;
  sql: SqlClient;
  bus: ChangeBus;
  clock: Clock;
  logger: Logger;
  blobStore: BlobStore;
  consoleSessions: ConsoleSessions;
  audit: AuditLog;
  metrics: ServerMetrics;
  purgeDueUsers?: PurgeDueUsers;
  jobs?: JobOverrides;
}): Ops {
  const { config, sql, metrics, logger, clock } = options;
  if (sql.poolStats) metrics.watchPool(sql.poolStats.bind(sql));
  const runnerOptions: JobRunnerOptions = {
    definitions: jobDefinitionsFor(config, options.jobs?.schedules),
    deps: {
      sql,
      config,
      blobStore: options.blobStore,
      metrics,
      consoleSessions: options.consoleSessions,
      audit: options.audit,
      logger,
      purgeDueUsers:
        options.purgeDueUsers ??
        ((now) => purgeDueUsers({ sql, blobStore: options.blobStore, audit: options.audit, now })),
    },
    runs: createJobRunsStore(sql),
    metrics,
    logger: logger.child({ component: 'jobs' }),
    clock,
  };
  const usePgBoss = sql.kind === 'postgres' && config.databaseUrl !== null;
  const jobs: JobRunner = usePgBoss
    ? createPgBossRunner({
        ...runnerOptions,
        connectionString: config.databaseUrl ?? '',
        ...(options.jobs?.pgBoss ?? {}),
      })
    : createInProcessRunner({
        ...runnerOptions,
        ...(options.jobs?.timers ? { timers: options.jobs.timers } : {}),
      });
  let metricsListener: { port: number; close(): Promise<void> } | null = null;
  let seq = 0;

  return {
    services: {
      jobs,
      blobStore: options.blobStore,
      startedAt: performance.now(),
      startedAtWall: clock.now(),
    },
    routes: createOpsRoutes({ metrics, metricsToken: config.metrics.token, sql, bus: options.bus, logger }),
    watchWebSockets(wss) {
      wss.on('connection', (ws) => {
        metrics.connectionOpened();
        ws.once('close', () => metrics.connectionClosed());
        ws.on('message', (data) => tagWebSocketMessage((seq += 1), data));
      });
    },
    async start() {
      if (options.jobs?.autoStart !== false) await jobs.start();
      if (config.metrics.port !== null) {
        metricsListener = await startMetricsListener({
          host: config.host,
          port: config.metrics.port,
          metrics,
          logger,
        });
      }
      return { metricsPort: metricsListener?.port ?? null };
    },
    async close() {
      await metricsListener?.close();
      metricsListener = null;
      await jobs.stop();
    },
  };
}
