import { createHash } from 'node:crypto';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/**
 * Where rate-limit counters live (S12): Redis when REDIS_URL is set, else PostgreSQL when
 * DATABASE_URL is set (so every server process on one database shares them), else this process's
 * memory (PGlite has one process by construction). A store that fails falls back to memory for
 * that call, so an outage neither opens the doors wide nor refuses every sign-in.
 */

export interface LimiterStore {
  readonly kind: 'redis' | 'postgres' | 'memory';
  /** One limiter: callers name keys and pass durations per call; its own points are unused. */
  readonly limiter: RateLimiterAbstract;
  close(): Promise<void>;
}

export const RATE_LIMIT_TABLE = 'rate_limits';
const KEY_PREFIX = 'quire-rl';
// The library forgets a key after `duration` unless a call passes its own (we always do).
const BASE = { points: 1, duration: 3_600, keyPrefix: KEY_PREFIX } as const;

/**
 * One Redis may serve several installations (or test runs): counters are shared by the servers of
 * one database, named by its host and name (never its credentials).
 */
export function installationPrefix(config: { databaseUrl: string | null; dataDir: string }): string {
  let where = config.dataDir;
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    where = `${url.hostname}:${url.port}${url.pathname}`;
  }
  return `${KEY_PREFIX}:${createHash('sha256').update(where).digest('hex').slice(0, 12)}`;
}
const DUPLICATE = '23505';

export function createMemoryLimiterStore(): LimiterStore {
  return { kind: 'memory', limiter: new RateLimiterMemory(BASE), close: () => Promise.resolve() };
}

export async function createRedisLimiterStore(url: string, keyPrefix = KEY_PREFIX): Promise<LimiterStore> {
  const { Redis } = await import('ioredis');
  // No offline queue: with Redis away a check fails at once and the memory insurance answers.
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', () => {
    // Reported by the calls that fail (they fall back to memory); ioredis reconnects by itself.
  });
  const limiter = new RateLimiterRedis({
    ...BASE,
    keyPrefix,
    storeClient: redis,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(BASE),
  });
  return {
    kind: 'redis',
    limiter,
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export async function createPostgresLimiterStore(connectionString: string): Promise<LimiterStore> {
  const { default: pg } = await import('pg');
  // Its own small pool: a flood of sign-in attempts must not take the sync pool's connections.
  const pool = new pg.Pool({ connectionString, max: 2 });
  pool.on('error', () => {
    // An idle connection dropped by the server: the pool opens a new one on demand.
  });
  try {
    // UNLOGGED: counters need no crash safety, and an attack should not write WAL. Expired rows
    // are deleted by the library every five minutes (clearExpiredByTimeout).
    await pool.query(
      `CREATE UNLOGGED TABLE IF NOT EXISTS ${RATE_LIMIT_TABLE} (
         key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`,
    );
  } catch (error) {
    // Two processes starting at once race on the type's name; the other one made it.
    if ((error as { code?: unknown }).code !== DUPLICATE) {
      await pool.end();
      throw error;
    }
  }
  const limiter = new RateLimiterPostgres({
    ...BASE,
    storeClient: pool,
    storeType: 'pool',
    tableName: RATE_LIMIT_TABLE,
    tableCreated: true,
    clearExpiredByTimeout: true,
    insuranceLimiter: new RateLimiterMemory(BASE),
  });
  return {
    kind: 'postgres',
    limiter,
    async close() {
      await pool.end();
    },
  };
}

/** The store the config names (see the module comment for the order). */
export function openLimiterStore(config: {
  redisUrl: string | null;
  databaseUrl: string | null;
  dataDir: string;
}): Promise<LimiterStore> {
  if (config.redisUrl) return createRedisLimiterStore(config.redisUrl, installationPrefix(config));
  if (config.databaseUrl) return createPostgresLimiterStore(config.databaseUrl);
  return Promise.resolve(createMemoryLimiterStore());
}
