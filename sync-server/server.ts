import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import pino, { type Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { SYNC_LIMITS, SYNC_PROTOCOL_VERSION } from '../src-shared/sync/protocol';
import { createAuthService } from './auth/auth-service';
import { createAuditLog } from './admin/audit-log';
import { createConsoleSessions } from './admin/console-sessions';
import type { ChangeBus } from './bus/change-bus';
import { createLocalBus } from './bus/local-bus';
import { createPgNotifyBus } from './bus/pg-notify-bus';
import { systemClock, type Clock } from './clock';
import type { LogLevel, SyncServerConfig } from './config';
import { lockDataDir } from './db/data-dir-lock';
import { migrateUp } from './db/migrator';
import type { SqlClient } from './db/sql-client';
import { createSqlReplicationStore } from './replication/sql-replication-store';
import { syncServerRouter } from './router';
import { BLOBS_PATH, createBlobRoutes } from './blobs/blob-routes';
import type { BlobStore } from './blobs/blob-store';
import { collectOrphanBlobs } from './blobs/gc';
import { createContextFactory, type SyncServerDeps } from './trpc';

export const TRPC_PATH = '/trpc';
export const HEALTH_PATH = '/healthz';

/** A stream re-checks its session this often when nothing wakes it (A4). */
export const DEFAULT_SESSION_RECHECK_MS = 5_000;
const BLOB_GC_INTERVAL_MS = 60 * 60 * 1000;

async function openBlobStore(config: SyncServerConfig): Promise<BlobStore> {
  const blobs = config.blobs;
  if (blobs.kind === 'fs') {
    const { createFsBlobStore } = await import('./blobs/fs-blob-store');
    return createFsBlobStore({ root: blobs.root });
  }
  const { createS3BlobStore } = await import('./blobs/s3-blob-store');
  return createS3BlobStore({
    bucket: blobs.bucket,
    region: blobs.region,
    forcePathStyle: blobs.forcePathStyle,
    checksums: blobs.checksums,
    ...(blobs.endpoint ? { endpoint: blobs.endpoint } : {}),
    ...(blobs.credentials ? { credentials: blobs.credentials } : {}),
  });
}

/** How long startup waits for Redis before saying it cannot reach it. */
const REDIS_READY_TIMEOUT_MS = 10_000;

export interface SyncServer {
  /** http://host:port, with the port actually bound (PORT=0 picks one). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Secrets never reach a log line: tokens travel in the Authorization header and in
 * connectionParams, passwords and invite codes in inputs.
 */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'token',
  'password',
  'inviteCode',
  '*.token',
  '*.password',
  '*.inviteCode',
  '*.authorization',
  'connectionParams',
  '*.connectionParams',
  'input',
  '*.input',
  // PostgreSQL names the offending input there (a note's text, when jsonb refuses it, R16).
  'err.where',
  'err.detail',
  'err.cause.where',
  'err.cause.detail',
];

export function createServerLogger(
  level: LogLevel,
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  return pino({ level, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } }, destination);
}

export function readServerVersion(): string {
  // From sync-server/ under tsx; from out/server/ when bundled (scripts/build-server.mjs).
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const pkg: unknown = JSON.parse(fs.readFileSync(new URL(candidate, import.meta.url), 'utf8'));
      const { name, version } = pkg as { name?: unknown; version?: unknown };
      if (name === 'quire' && typeof version === 'string') return version;
    } catch {
      // Not there: try the next place.
    }
  }
  return 'unknown';
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Opens the database the config names: PostgreSQL, or PGlite in the data dir (one process). */
export async function openDatabase(
  config: SyncServerConfig,
  logger: Logger,
): Promise<{ sql: SqlClient; release: () => Promise<void> }> {
  if (config.databaseUrl) {
    const { createPgClient } = await import('./db/pg-client');
    const sql = createPgClient({ connectionString: config.databaseUrl, logger });
    return { sql, release: () => sql.close() };
  }
  const unlock = lockDataDir(config.dataDir);
  try {
    // Loaded only when used: the WebAssembly build is large and a PostgreSQL server never needs it.
    const { createPgliteClient } = await import('./db/pglite-client');
    const sql = await createPgliteClient({ dataDir: config.dataDir });
    const release = async (): Promise<void> => {
      try {
        await sql.close();
      } finally {
        unlock();
      }
    };
    return { sql, release };
  } catch (error) {
    unlock();
    throw error;
  }
}

async function openBus(config: SyncServerConfig, sql: SqlClient, logger: Logger): Promise<ChangeBus> {
  if (config.redisUrl) {
    const { createRedisBus } = await import('./bus/redis-bus');
    const bus = createRedisBus({ url: config.redisUrl, logger });
    try {
      await withTimeout(bus.ready, REDIS_READY_TIMEOUT_MS, 'Could not reach Redis at REDIS_URL.');
    } catch (error) {
      await bus.close();
      throw error;
    }
    return bus;
  }
  // PGlite has one process by construction: nothing to fan out across.
  if (sql.kind === 'pglite') return createLocalBus();
  const bus = createPgNotifyBus({ sql, logger });
  try {
    // A server that cannot LISTEN would serve streams that never move: fail at start instead.
    await bus.ready;
  } catch (error) {
    await bus.close();
    throw error;
  }
  return bus;
}

/**
 * The sync server: tRPC over HTTP and WebSocket at /trpc, and /healthz. Runs pending migrations
 * first. A `sql` passed in stays the caller's to close; one the server opens, it closes.
 */
export async function startSyncServer(options: {
  config: SyncServerConfig;
  logger: Logger;
  sql?: SqlClient;
  clock?: Clock;
  sessionRecheckMs?: number;
}): Promise<SyncServer> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const step of cleanups.splice(0).reverse()) {
      await step().catch((error: unknown) => logger.error({ err: error }, 'shutdown step failed'));
    }
  };

  try {
    let sql = options.sql;
    if (!sql) {
      const opened = await openDatabase(config, logger);
      sql = opened.sql;
      cleanups.push(opened.release);
    }
    await migrateUp(sql);
    const bus = await openBus(config, sql, logger);
    cleanups.push(() => bus.close());

    const deps: SyncServerDeps = {
      sql,
      auth: createAuthService({ sql, clock, registration: config.registration }),
      store: createSqlReplicationStore({ sql, bus, clock, logger }),
      bus,
      logger,
      serverVersion: readServerVersion(),
      sessionRecheckMs: options.sessionRecheckMs ?? DEFAULT_SESSION_RECHECK_MS,
      config,
      clock,
      consoleSessions: createConsoleSessions({
        sql,
        clock,
        idleMs: config.sessions.adminIdleMs,
        absoluteMs: config.sessions.adminAbsoluteMs,
      }),
      audit: createAuditLog({
        sql,
        clock,
        onError: (error) => logger.warn({ err: error }, 'could not write an audit entry'),
      }),
    };
    const blobStore = await openBlobStore(config);
    cleanups.push(() => blobStore.close());
    const blobRoutes = createBlobRoutes({
      auth: deps.auth,
      store: blobStore,
      sql,
      logger,
      maxBytes: config.blobs.maxBytes,
    });
    const gcSql = sql;
    // Hourly: orphans are only reclaimed after the grace period (hours), so more often buys nothing.
    const gcTimer = setInterval(() => {
      collectOrphanBlobs({
        sql: gcSql,
        store: blobStore,
        now: clock.now(),
        graceMs: config.blobs.gcGraceMs,
      }).catch((error: unknown) => logger.warn({ err: error }, 'blob garbage collection failed'));
    }, BLOB_GC_INTERVAL_MS);
    gcTimer.unref();
    cleanups.push(() => Promise.resolve(clearInterval(gcTimer)));
    const createContext = createContextFactory(deps);
    const onError = ({
      error,
      path,
    }: {
      error: { code: string; cause?: unknown };
      path: string | undefined;
    }) => {
      // Expected refusals are the protocol working; only unexpected failures are errors.
      if (error.code === 'INTERNAL_SERVER_ERROR')
        logger.error({ err: error.cause ?? error, path }, 'procedure failed');
      else logger.debug({ path, code: error.code }, 'procedure refused');
    };

    const trpcHandler = createHTTPHandler({
      router: syncServerRouter,
      createContext,
      basePath: `${TRPC_PATH}/`,
      maxBodySize: SYNC_LIMITS.requestBytesMax,
      onError,
    });

    const server = http.createServer((req, res) => {
      const started = performance.now();
      // Only the path: SSE clients put connectionParams (the token) in the query string.
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      res.once('finish', () =>
        logger.debug(
          {
            method: req.method,
            path: pathname,
            status: res.statusCode,
            ms: Math.round(performance.now() - started),
          },
          'request',
        ),
      );
      if (pathname === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
        void health(deps.sql).then(({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
        });
        return;
      }
      if (pathname.startsWith(BLOBS_PATH)) {
        blobRoutes(req, res, pathname);
        return;
      }
      if (pathname.startsWith(`${TRPC_PATH}/`)) {
        trpcHandler(req, res);
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'Not found. The sync API is at /trpc.' }));
    });

    const wss = new WebSocketServer({ noServer: true, maxPayload: SYNC_LIMITS.requestBytesMax });
    const wsHandler = applyWSSHandler({
      wss,
      router: syncServerRouter,
      createContext,
      // Pings keep proxies from dropping idle streams and find dead peers.
      keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 },
      onError,
    });
    server.on('upgrade', (req, socket, head) => {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (pathname !== TRPC_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    });

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    cleanups.push(async () => {
      wsHandler.broadcastReconnectNotification();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      // Idle keep-alive and SSE connections would otherwise hold close() open forever.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    });

    const { port } = server.address() as AddressInfo;
    const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${hostForUrl}:${port}`;
    logger.info({ url, db: sql.kind, registration: config.registration }, 'sync server listening');

    let closing: Promise<void> | null = null;
    return {
      url,
      port,
      close: () => (closing ??= cleanUp()),
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

async function health(sql: SqlClient): Promise<{ status: number; body: object }> {
  const base = { protocolVersion: SYNC_PROTOCOL_VERSION, db: sql.kind };
  try {
    await sql.query('SELECT 1');
    return { status: 200, body: { ok: true, ...base } };
  } catch {
    return { status: 503, body: { ok: false, ...base } };
  }
}
