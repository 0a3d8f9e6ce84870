// Over 400 lines: `startSyncServer` composes every part (database, bus, jobs, limits, routes,
// sockets) in start order with its shutdown step beside it. The next split moves the HTTP request
// routing into `http/routes.ts`.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { SYNC_LIMITS, SYNC_PROTOCOL_VERSION } from '../src-shared/sync/protocol';
import { createAuthService } from './auth/auth-service';
import { createAuditLog } from './admin/audit-log';
import { createConsoleSessions } from './admin/console-sessions';
import { createAdminService } from './admin/admin-service';
import { createAuditCsvRoute } from './admin/audit-csv-route';
import { refuseNonJsonBody } from './http/json-only';
import type { ChangeBus } from './bus/change-bus';
import { createLocalBus } from './bus/local-bus';
import { createPgNotifyBus } from './bus/pg-notify-bus';
import { systemClock, type Clock } from './clock';
import type { SyncServerConfig } from './config';
import { lockDataDir } from './db/data-dir-lock';
import { migrateUp } from './db/migrator';
import type { SqlClient } from './db/sql-client';
import { createSqlReplicationStore } from './replication/sql-replication-store';
import { syncServerRouter } from './router';
import { BLOBS_PATH, createBlobRoutes } from './blobs/blob-routes';
import type { BlobStore } from './blobs/blob-store';
import { clientIp, createContextFactory, type SyncServerDeps } from './trpc';
import { createBodyGuard } from './http/body-guard';
import { serveGuardedWebSockets } from './http/ws-guard';
import { applyHttpTimeouts, createAbuseControls, type AbuseLimits } from './http/abuse-limits';
import { createConsoleRoute } from './admin/console-route';
import { createQuotaEnforcer } from './quotas/enforce';
import { openRateLimits } from './security/open-rate-limits';
import type { RateLimitPolicy } from './security/rate-limits';
import type { PasswordHasher } from './auth/passwords';
import { rateLimitResponseMeta } from './security/rate-limit-error';
import { createHttpSecurity } from './security/http-security';
import { assignRequestId } from './ops/logger';
import { createServerMetrics } from './ops/metrics';
import { createOps, type JobOverrides } from './ops/ops-wiring';

export const TRPC_PATH = '/trpc';
export const HEALTH_PATH = '/healthz';

/** A stream re-checks its session this often when nothing wakes it (A4). */
export const DEFAULT_SESSION_RECHECK_MS = 5_000;

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
  /** O4: the port METRICS_PORT bound (0 picks one), or null when it is not set. */
  metricsPort?: number | null;
  close(): Promise<void>;
}

/** Moved to ops/logger.ts (O1); re-exported so existing imports keep working. */
export { createServerLogger, LOG_REDACT_PATHS } from './ops/logger';

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

export async function openBus(config: SyncServerConfig, sql: SqlClient, logger: Logger): Promise<ChangeBus> {
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
  /** L1–L10 overrides (tests); the defaults are DEFAULT_ABUSE_LIMITS. */
  abuseLimits?: Partial<AbuseLimits>;
  /** S14 overrides (tests); the defaults are DEFAULT_RATE_LIMIT_POLICY. */
  rateLimitPolicy?: RateLimitPolicy;
  /** The password hasher (tests count its calls); default argon2id. */
  passwords?: PasswordHasher;
  /** O6: schedules, timers and pg-boss intervals for tests. */
  jobs?: JobOverrides;
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

    const audit = createAuditLog({
      sql,
      clock,
      onError: (error) => logger.warn({ err: error }, 'could not write an audit entry'),
    });
    const quota = createQuotaEnforcer({ clock, audit });
    const limits = await openRateLimits({ config, audit, policy: options.rateLimitPolicy });
    cleanups.push(() => limits.close());
    const blobStore = await openBlobStore(config);
    cleanups.push(() => blobStore.close());
    const consoleSessions = createConsoleSessions({
      sql,
      clock,
      idleMs: config.sessions.adminIdleMs,
      absoluteMs: config.sessions.adminAbsoluteMs,
    });
    // O1–O15: metrics, /readyz, /metrics and the background jobs.
    const metrics = createServerMetrics();
    const ops = createOps({
      config,
      sql,
      bus,
      clock,
      logger,
      blobStore,
      consoleSessions,
      audit,
      metrics,
      ...(options.jobs ? { jobs: options.jobs } : {}),
    });
    const base: Omit<SyncServerDeps, 'admin'> = {
      sql,
      auth: createAuthService({
        sql,
        clock,
        registration: config.registration,
        sessions: config.sessions,
        ...(options.passwords ? { passwords: options.passwords } : {}),
      }),
      store: createSqlReplicationStore({ sql, bus, clock, logger, quota }),
      bus,
      logger,
      serverVersion: readServerVersion(),
      sessionRecheckMs: options.sessionRecheckMs ?? DEFAULT_SESSION_RECHECK_MS,
      config,
      clock,
      consoleSessions,
      audit,
      limits,
      metrics,
      ops: ops.services,
    };
    // G1: the admin router and the admin CLI call the same service.
    const deps: SyncServerDeps = { ...base, admin: createAdminService({ ...base, blobStore }) };
    const blobRoutes = createBlobRoutes({
      auth: deps.auth,
      store: blobStore,
      sql,
      logger,
      maxBytes: config.blobs.maxBytes,
      quota: { enforcer: quota, sql },
      metrics,
    });
    const createContext = createContextFactory(deps);
    const auditCsv = createAuditCsvRoute(deps);
    const consoleRoute = createConsoleRoute();
    const onError = ({
      error,
      path,
      ctx,
    }: {
      error: { code: string; cause?: unknown };
      path: string | undefined;
      ctx?: { requestId: string } | undefined;
    }) => {
      const reqId = ctx?.requestId;
      // Expected refusals are the protocol working; only unexpected failures are errors.
      if (error.code === 'INTERNAL_SERVER_ERROR')
        logger.error({ err: error.cause ?? error, path, reqId }, 'procedure failed');
      else logger.debug({ path, code: error.code, reqId }, 'procedure refused');
    };

    const abuse = createAbuseControls(options.abuseLimits);
    const bodyGuard = createBodyGuard({ router: syncServerRouter, ...abuse, basePath: `${TRPC_PATH}/` });
    const trpcHandler = createHTTPHandler({
      router: syncServerRouter,
      createContext,
      basePath: `${TRPC_PATH}/`,
      maxBodySize: SYNC_LIMITS.requestBytesMax,
      maxBatchSize: abuse.limits.batchCallsMax,
      onError,
      responseMeta: rateLimitResponseMeta,
    });
    const httpSecurity = createHttpSecurity(config);

    const server = http.createServer((req, res) => {
      const started = performance.now();
      // Only the path: SSE clients put connectionParams (the token) in the query string.
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      const reqId = assignRequestId(req, res);
      res.once('finish', () =>
        logger.debug(
          {
            reqId,
            method: req.method,
            path: pathname,
            status: res.statusCode,
            ms: Math.round(performance.now() - started),
          },
          'request',
        ),
      );
      // S20–S22: headers on every answer; preflights and refused methods end here.
      if (httpSecurity.handle(req, res)) return;
      // O4, O5: /metrics and /readyz.
      if (ops.routes(req, res, pathname)) return;
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
        if (refuseNonJsonBody(syncServerRouter, req, res)) return;
        bodyGuard(req, res, pathname, () => trpcHandler(req, res));
        return;
      }
      if (auditCsv(req, res, pathname)) return;
      // K5: the admin console's pages (its API is tRPC above).
      if (consoleRoute(req, res, pathname)) return;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'Not found. The sync API is at /trpc.' }));
    });
    applyHttpTimeouts(server, abuse.limits);
    httpSecurity.attach(server);

    const wss = new WebSocketServer({ noServer: true, maxPayload: SYNC_LIMITS.requestBytesMax });
    ops.watchWebSockets(wss);
    const wsHandler = serveGuardedWebSockets({
      wss,
      router: syncServerRouter,
      createContext,
      // Pings keep proxies from dropping idle streams and find dead peers.
      keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 },
      onError,
      ...abuse,
      connections: config.limits,
      maxFrameBytes: SYNC_LIMITS.requestBytesMax,
      ipOf: (req) => clientIp(req, config.trustProxy),
      userOf: async (token) => (await deps.auth.authenticate(token))?.userId ?? null,
      logger,
    });
    server.on('upgrade', (req, socket, head) => {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (pathname !== TRPC_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      if (!httpSecurity.upgradeAllowed(req, socket)) return;
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
      wsHandler.close();
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
    // Jobs stop (a run under way finishes) before the sockets and the database close.
    cleanups.push(() => ops.close());
    const { metricsPort } = await ops.start();
    logger.info({ url, db: sql.kind, registration: config.registration }, 'sync server listening');

    let closing: Promise<void> | null = null;
    return {
      url,
      port,
      metricsPort,
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
