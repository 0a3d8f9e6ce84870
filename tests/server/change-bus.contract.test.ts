import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { createLocalBus } from '../../sync-server/bus/local-bus';
import { CHANGE_CHANNEL, createPgNotifyBus } from '../../sync-server/bus/pg-notify-bus';
import { createRedisBus } from '../../sync-server/bus/redis-bus';
import { createPgClient } from '../../sync-server/db/pg-client';
import type { SqlClient, SqlQueryable } from '../../sync-server/db/sql-client';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { describeChangeBusContract } from './change-bus.contract';

const REDIS_URL = process.env.QUIRE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function rolledBack(sql: SqlClient, fn: (tx: SqlQueryable) => Promise<void>): Promise<void> {
  const rollback = new Error('roll back');
  await expect(
    sql.transaction(async (tx) => {
      await fn(tx);
      throw rollback;
    }),
  ).rejects.toBe(rollback);
}

describeChangeBusContract('PostgreSQL NOTIFY', async () => {
  const database: TestDatabase = await createTestDatabase();
  const publisherSql = createPgClient({ connectionString: database.url });
  const subscriberSql = createPgClient({ connectionString: database.url });
  const publisher = createPgNotifyBus({ sql: publisherSql });
  const subscriber = createPgNotifyBus({ sql: subscriberSql });
  await Promise.all([publisher.ready, subscriber.ready]);
  const listenPids = async () =>
    (
      await publisherSql.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
      )
    ).rows.map((row) => row.pid);
  return {
    publisher,
    subscriber,
    async announceCommitted(change) {
      await publisherSql.transaction((tx) => publisher.announceInTransaction(tx, change));
      await publisher.afterCommit(change);
    },
    announceRolledBack: (change) =>
      rolledBack(publisherSql, (tx) => publisher.announceInTransaction(tx, change)),
    async sendMalformed(payload) {
      await publisherSql.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, payload]);
    },
    async dropSubscriberConnection() {
      // Both buses LISTEN; killing both is what a server restart or failover does anyway.
      const pids = await listenPids();
      expect(pids.length).toBeGreaterThanOrEqual(2);
      await publisherSql.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    },
    async close() {
      await Promise.all([publisher.close(), subscriber.close()]);
      await Promise.all([publisherSql.close(), subscriberSql.close()]);
      await database.drop();
    },
  };
});

describeChangeBusContract('Redis pub/sub', async () => {
  // A channel of its own: other test runs may share this Redis.
  const channel = `quire_changes_test_${randomBytes(6).toString('hex')}`;
  const subscriberName = `quire-test-sub-${randomBytes(6).toString('hex')}`;
  const publisher = createRedisBus({ url: REDIS_URL, channel });
  const subscriber = createRedisBus({ url: REDIS_URL, channel, subscriberName });
  const admin = new Redis(REDIS_URL);
  await Promise.all([publisher.ready, subscriber.ready]);
  const noTransaction: SqlQueryable = {
    query: () => Promise.reject(new Error('the Redis bus must not use the transaction')),
  };
  return {
    publisher,
    subscriber,
    async announceCommitted(change) {
      await publisher.announceInTransaction(noTransaction, change);
      await publisher.afterCommit(change);
    },
    // The store calls afterCommit only after a commit, so a rollback stops at this.
    announceRolledBack: (change) => publisher.announceInTransaction(noTransaction, change),
    async sendMalformed(payload) {
      await admin.publish(channel, payload);
    },
    async dropSubscriberConnection() {
      const clients = String(await admin.call('CLIENT', 'LIST'));
      const id = clients
        .split('\n')
        .find((line) => line.includes(`name=${subscriberName} `))
        ?.match(/(?:^|\s)id=(\d+)/)?.[1];
      expect(id).toBeDefined();
      await admin.call('CLIENT', 'KILL', 'ID', id!);
    },
    async close() {
      await Promise.all([publisher.close(), subscriber.close()]);
      admin.disconnect();
    },
  };
});

describeChangeBusContract(
  'in-process (for PGlite)',
  () => {
    // One process has one instance; "another instance" is the same bus.
    const bus = createLocalBus();
    const noTransaction: SqlQueryable = { query: () => Promise.reject(new Error('unused')) };
    return Promise.resolve({
      publisher: bus,
      subscriber: bus,
      async announceCommitted(change) {
        await bus.announceInTransaction(noTransaction, change);
        await bus.afterCommit(change);
      },
      announceRolledBack: (change) => bus.announceInTransaction(noTransaction, change),
      // Nothing but the store can put anything on an in-process bus.
      sendMalformed: () => Promise.resolve(),
      close: () => bus.close(),
    });
  },
  { hasConnection: false },
);
