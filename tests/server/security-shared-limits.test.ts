import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installationPrefix, RATE_LIMIT_TABLE } from '../../sync-server/security/rate-limit-store';
import { DEFAULT_RATE_LIMIT_POLICY } from '../../sync-server/security/rate-limits';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { PASSWORD, uniqueEmail } from '../support/sync-server';
import {
  postTrpc,
  slowBackoffPolicy,
  startSecurityServer,
  testIp,
  type SecurityServer,
} from './security-server';

/** S12: two server processes behind one load balancer must not give an attacker twice the guesses. */

const REDIS_URL = process.env.QUIRE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const free = DEFAULT_RATE_LIMIT_POLICY.signIn.account.free;

async function guessAlternately(a: SecurityServer, b: SecurityServer, email: string, count: number) {
  const reasons: string[] = [];
  for (let i = 0; i < count; i++) {
    const target = i % 2 === 0 ? a : b;
    const { results } = await postTrpc(
      target.url,
      'auth.signIn',
      [{ email, password: `wrong guess ${i}`, deviceName: 'attacker' }],
      { 'x-forwarded-for': testIp() },
    );
    reasons.push(results[0]?.error?.data.reason ?? 'signed in');
  }
  return reasons;
}

function useTwoServers(env: Record<string, string>) {
  const state = {} as { database: TestDatabase; a: SecurityServer; b: SecurityServer };
  beforeAll(async () => {
    state.database = await createTestDatabase();
    const rateLimitPolicy = slowBackoffPolicy();
    state.a = await startSecurityServer({ env, database: state.database, rateLimitPolicy });
    state.b = await startSecurityServer({ env, database: state.database, rateLimitPolicy });
  });
  afterAll(async () => {
    await state.a?.close();
    await state.b?.close();
    await state.database?.drop();
  });
  return state;
}

async function tableExists(server: SecurityServer): Promise<boolean> {
  const { rows } = await server.sql.query<{ name: string | null }>(`SELECT to_regclass($1)::text AS name`, [
    RATE_LIMIT_TABLE,
  ]);
  return rows[0]?.name !== null && rows[0]?.name !== undefined;
}

describe('S12: PostgreSQL-backed limits are shared by two servers on one database', () => {
  const state = useTwoServers({ TRUST_PROXY: 'true' });

  it('failures on either server count towards one account limit', async () => {
    const email = uniqueEmail('shared-pg');
    await postTrpc(state.a.url, 'auth.signUp', [{ email, password: PASSWORD, deviceName: 'laptop' }]);
    const reasons = await guessAlternately(state.a, state.b, email, free + 4);
    expect(reasons.slice(0, free)).toEqual(Array(free).fill('BAD_CREDENTIALS'));
    // Alone, each server would have seen at most free/2 + 2 failures and still be answering.
    expect(reasons.slice(free + 2)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    expect(await tableExists(state.a)).toBe(true);
  });
});

describe('S12: Redis-backed limits are shared by two servers on one Redis', () => {
  const state = useTwoServers({ TRUST_PROXY: 'true', REDIS_URL });

  it('failures on either server count towards one account limit, kept in Redis', async () => {
    const email = uniqueEmail('shared-redis');
    await postTrpc(state.a.url, 'auth.signUp', [{ email, password: PASSWORD, deviceName: 'laptop' }]);
    const reasons = await guessAlternately(state.a, state.b, email, free + 4);
    expect(reasons.slice(0, free)).toEqual(Array(free).fill('BAD_CREDENTIALS'));
    expect(reasons.slice(free + 2)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    // With Redis the database holds no counters at all.
    expect(await tableExists(state.a)).toBe(false);
    const redis = new Redis(REDIS_URL);
    try {
      const prefix = installationPrefix({ databaseUrl: state.database.url, dataDir: '' });
      const keys = await redis.keys(`${prefix}:*`);
      expect(keys.length).toBeGreaterThan(0);
      // Keys are hashed: no email in Redis.
      expect(keys.some((key) => key.includes(email))).toBe(false);
    } finally {
      redis.disconnect();
    }
  });
});
