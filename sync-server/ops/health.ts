import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { formatByteSize } from '../../src-shared/format/byte-size';
import type { ServerHealth } from '../../src-shared/sync/admin';
import { SYNC_PROTOCOL_VERSION } from '../../src-shared/sync/protocol';
import type { BlobStore } from '../blobs/blob-store';
import type { ChangeBus } from '../bus/change-bus';
import type { SyncServerConfig } from '../config';
import { currentVersion } from '../db/migrator';
import type { SqlClient } from '../db/sql-client';
import { LATEST_MIGRATION, withTimeout } from './readiness';

const CHECK_TIMEOUT_MS = 3_000;
/** Less free than this on the data dir's disk shows as a problem on the health page. */
export const DISK_LOW_BYTES = 1024 ** 3;

export interface HealthDeps {
  sql: SqlClient;
  bus: ChangeBus;
  config: SyncServerConfig;
  blobStore: BlobStore;
  serverVersion: string;
  /** performance.now() when the server started. */
  startedAt: number;
}

/** What kind of bus `openBus` in server.ts picked, from the same settings. */
export function busKindOf(config: SyncServerConfig, sql: SqlClient): ServerHealth['bus']['kind'] {
  if (config.redisUrl) return 'redis';
  return sql.kind === 'pglite' ? 'local' : 'pg-notify';
}

function reason(error: unknown): string {
  return error instanceof Error && error.message
    ? error.message.replace(/\s+/g, ' ').slice(0, 160)
    : 'unreachable';
}

async function timed<T>(run: () => Promise<T>, what: string): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await withTimeout(run(), CHECK_TIMEOUT_MS, what);
  return { value, ms: Math.round(performance.now() - started) };
}

async function databaseCheck(sql: SqlClient): Promise<ServerHealth['database']> {
  const name = sql.kind === 'pglite' ? 'Embedded PostgreSQL (PGlite)' : 'PostgreSQL';
  try {
    const { value, ms } = await timed(
      () => sql.query<{ v: string }>(`SELECT current_setting('server_version') AS v`),
      'the database',
    );
    const version = value.rows[0]?.v?.split(' ')[0] ?? '';
    return { kind: sql.kind, ok: true, detail: `${name}${version ? ` ${version}` : ''}, ${ms} ms` };
  } catch (error) {
    return { kind: sql.kind, ok: false, detail: `${name}: ${reason(error)}` };
  }
}

async function busCheck(deps: HealthDeps): Promise<ServerHealth['bus']> {
  const kind = busKindOf(deps.config, deps.sql);
  const name = { redis: 'Redis', 'pg-notify': 'PostgreSQL NOTIFY', local: 'In-process' }[kind];
  try {
    const { ms } = await timed(() => deps.bus.ping(), 'the change bus');
    return { kind, ok: true, detail: `${name}, ${ms} ms` };
  } catch (error) {
    return { kind, ok: false, detail: `${name}: ${reason(error)}` };
  }
}

async function blobCheck(deps: HealthDeps): Promise<ServerHealth['blobStore']> {
  const blobs = deps.config.blobs;
  const name = blobs.kind === 'fs' ? `Files in ${blobs.root}` : `S3 bucket ${blobs.bucket}`;
  try {
    const { ms } = await timed(() => deps.blobStore.check(), 'the blob store');
    return { kind: blobs.kind, ok: true, detail: `${name}, ${ms} ms` };
  } catch (error) {
    return { kind: blobs.kind, ok: false, detail: `${name}: ${reason(error)}` };
  }
}

/** The data dir's disk; its nearest existing parent when a PostgreSQL server never made it. */
async function diskCheck(dataDir: string): Promise<ServerHealth['disk']> {
  let dir = dataDir;
  for (let hops = 0; hops < 64; hops++) {
    try {
      const stats = await statfs(dir);
      const free = stats.bavail * stats.bsize;
      const total = stats.blocks * stats.bsize;
      return {
        ok: free >= DISK_LOW_BYTES,
        detail: `${formatByteSize(free)} free of ${formatByteSize(total)} (${dir})`,
        freeBytes: free,
        totalBytes: total,
      };
    } catch (error) {
      const parent = path.dirname(dir);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === dir) {
        return {
          ok: false,
          detail: `Could not read the disk of ${dataDir}: ${reason(error)}`,
          freeBytes: null,
          totalBytes: null,
        };
      }
      dir = parent;
    }
  }
  return { ok: false, detail: `Could not read the disk of ${dataDir}`, freeBytes: null, totalBytes: null };
}

/** O7: the health page, every check at once; a failing check is a row, never an error. */
export async function serverHealth(deps: HealthDeps): Promise<ServerHealth> {
  const [database, bus, blobStore, disk, current] = await Promise.all([
    databaseCheck(deps.sql),
    busCheck(deps),
    blobCheck(deps),
    diskCheck(deps.config.dataDir),
    withTimeout(currentVersion(deps.sql), CHECK_TIMEOUT_MS, 'the database').catch(() => -1),
  ]);
  return {
    database,
    bus,
    blobStore,
    disk,
    version: { server: deps.serverVersion, protocol: SYNC_PROTOCOL_VERSION, node: process.versions.node },
    migrations: { current, latest: LATEST_MIGRATION, ok: current === LATEST_MIGRATION },
    uptimeMs: Math.round(performance.now() - deps.startedAt),
  };
}
