import type { PasswordHasher } from '../../sync-server/auth/passwords';
import { createPasswordHasher } from '../../sync-server/auth/passwords';
import type { Clock } from '../../sync-server/clock';
import { parseConfig } from '../../sync-server/config';
import { createPgClient } from '../../sync-server/db/pg-client';
import type { SqlClient } from '../../sync-server/db/sql-client';
import { createServerLogger, startSyncServer, type SyncServer } from '../../sync-server/server';
import { DEFAULT_RATE_LIMIT_POLICY, type RateLimitPolicy } from '../../sync-server/security/rate-limits';
import type { AbuseLimits } from '../../sync-server/http/abuse-limits';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

/** For the security tests (S12–S25): a server in this process with settings the shared helper does not take. */
export interface SecurityServer {
  server: SyncServer;
  url: string;
  sql: SqlClient;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function startSecurityServer(
  options: {
    env?: Record<string, string>;
    clock?: Clock;
    passwords?: PasswordHasher;
    rateLimitPolicy?: RateLimitPolicy;
    abuseLimits?: Partial<AbuseLimits>;
    /** Another instance's database: both servers then share it (and its rate limits). */
    database?: TestDatabase;
  } = {},
): Promise<SecurityServer> {
  const database = options.database ?? (await createTestDatabase());
  const owned = !options.database;
  const parsed = parseConfig({
    DATABASE_URL: database.url,
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const sql = createPgClient({ connectionString: database.url, poolSize: 4 });
  const server = await startSyncServer({
    config: parsed.config,
    logger: createServerLogger('silent'),
    sql,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.passwords ? { passwords: options.passwords } : {}),
    ...(options.rateLimitPolicy ? { rateLimitPolicy: options.rateLimitPolicy } : {}),
    ...(options.abuseLimits ? { abuseLimits: options.abuseLimits } : {}),
  });
  return {
    server,
    url: server.url,
    sql,
    database,
    async close() {
      await server.close();
      await sql.close();
      if (owned) await database.drop();
    },
  };
}

/** Counts argon2 work, so "refused before hashing" is checked without timing anything. */
export function countingHasher(): PasswordHasher & { hashes: number; verifies: number } {
  const real = createPasswordHasher();
  const counting = {
    hashes: 0,
    verifies: 0,
    hash(password: string) {
      counting.hashes += 1;
      return real.hash(password);
    },
    verify(hash: string, password: string) {
      counting.verifies += 1;
      return real.verify(hash, password);
    },
    verifyDummy(password: string) {
      counting.verifies += 1;
      return real.verifyDummy(password);
    },
  };
  return counting;
}

/** A documentation-range address (RFC 5737), different per call: each test its own IP bucket. */
let nextIp = 1;
export function testIp(): string {
  nextIp += 1;
  return `198.51.${Math.floor(nextIp / 250) % 250}.${(nextIp % 250) + 1}`;
}

/** Raw tRPC-over-HTTP: one mutation call, or a batch of calls to one path, with a chosen client IP. */
export async function postTrpc(
  url: string,
  path: string,
  inputs: unknown[],
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; results: TrpcResult[] }> {
  const batch = inputs.length > 1;
  const paths = batch ? inputs.map(() => path).join(',') : path;
  const body = batch ? Object.fromEntries(inputs.map((input, i) => [String(i), input])) : inputs[0];
  const response = await fetch(`${url}/trpc/${paths}${batch ? '?batch=1' : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as TrpcResult | TrpcResult[];
  return { status: response.status, headers: response.headers, results: Array.isArray(json) ? json : [json] };
}

export interface TrpcResult {
  result?: { data: unknown };
  error?: { message: string; data: { reason: string; httpStatus: number; retryAfterSeconds?: number } };
}

/**
 * The default policy with a long first backoff, so "refused right after the threshold" does not
 * depend on how fast this machine answers (the library's clock is the wall clock).
 */
export function slowBackoffPolicy(): RateLimitPolicy {
  return Object.fromEntries(
    Object.entries(DEFAULT_RATE_LIMIT_POLICY).map(([action, scopes]) => [
      action,
      {
        account: { ...scopes.account, backoffBaseSeconds: 300, backoffMaxSeconds: 600 },
        ip: { ...scopes.ip, backoffBaseSeconds: 300, backoffMaxSeconds: 600 },
      },
    ]),
  ) as RateLimitPolicy;
}
