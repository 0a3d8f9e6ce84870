import type { Logger } from 'pino';
import type { JobName } from '../../src-shared/sync/admin';
import type { ConsoleSessions } from '../admin/console-sessions';
import type { AuditLog } from '../admin/audit-log';
import type { BlobStore } from '../blobs/blob-store';
import type { SyncServerConfig } from '../config';
import type { SqlClient } from '../db/sql-client';
import type { ServerMetrics } from '../ops/metrics';

/** Deletes the data of users whose `purge_at` has passed; returns how many were purged (O10). */
export type PurgeDueUsers = (now: number) => Promise<number>;

/** What a job may touch; built once per server. */
export interface JobDeps {
  sql: SqlClient;
  config: SyncServerConfig;
  blobStore: BlobStore;
  metrics: ServerMetrics;
  consoleSessions: ConsoleSessions;
  audit: AuditLog;
  logger: Logger;
  purgeDueUsers: PurgeDueUsers;
}

/**
 * A background job (O6): a plain function of its dependencies and the time it runs at, answering
 * one line for the jobs page. Safe to run again at any time: each is a sweep, not a step.
 */
export interface JobDefinition {
  name: JobName;
  description: string;
  /** Five-field cron, UTC. */
  schedule: string;
  run(deps: JobDeps, now: number): Promise<string>;
}

export const DAY_MS = 86_400_000;
/** How long a used/expired invite or an ended device session is kept, for the admin's view. */
export const ENDED_KEEP_MS = 30 * DAY_MS;

/** Timestamps go to SQL as epoch milliseconds. */
export const TS = (param: string): string => `to_timestamp(${param}::float8 / 1000)`;

/** Deletes in batches of `batch` until a batch comes back short (or `maxBatches`): no lock held for long. */
export async function deleteInBatches(
  sql: SqlClient,
  statement: string,
  params: readonly unknown[],
  batch = 5_000,
  maxBatches = 10_000,
): Promise<number> {
  let total = 0;
  for (let round = 0; round < maxBatches; round++) {
    const { rowCount } = await sql.query(statement, [...params, batch]);
    total += rowCount;
    if (rowCount < batch) break;
  }
  return total;
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** The usage-snapshot cadence as cron: every N minutes below an hour, every N hours above. */
export function everyMinutesCron(minutes: number): string {
  const whole = Math.max(1, Math.round(minutes));
  if (whole < 60) return whole === 1 ? '* * * * *' : `*/${whole} * * * *`;
  const hours = Math.max(1, Math.round(whole / 60));
  if (hours < 24) return `0 */${hours} * * *`;
  return '0 0 * * *';
}
