import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeBus, VaultChange } from '../../sync-server/bus/change-bus';
import { createLocalBus } from '../../sync-server/bus/local-bus';
import { CHANGE_CHANNEL, createPgNotifyBus } from '../../sync-server/bus/pg-notify-bus';
import { createRedisBus } from '../../sync-server/bus/redis-bus';
import { createPgClient } from '../../sync-server/db/pg-client';
import { migrateUp } from '../../sync-server/db/migrator';
import { createSqlReplicationStore } from '../../sync-server/replication/sql-replication-store';
import type { SqlClient, SqlQueryable } from '../../sync-server/db/sql-client';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const REDIS_URL = process.env.QUIRE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

type BusEvent = { type: 'change'; change: VaultChange } | { type: 'reconnect' };

/** What a subscriber saw, awaitable in order: the test timeout is the only clock. */
function recordEvents(bus: ChangeBus) {
  const events: BusEvent[] = [];
  const waiters: (() => void)[] = [];
  let read = 0;
  const push = (event: BusEvent) => {
    events.push(event);
    waiters.splice(0).forEach((wake) => wake());
  };
  const unsubscribe = bus.subscribe({
    onChange: (change) => push({ type: 'change', change }),
    onReconnect: () => push({ type: 'reconnect' }),
  });
  return {
    events,
    unsubscribe,
    async next(): Promise<BusEvent> {
      while (read >= events.length) await new Promise<void>((wake) => waiters.push(wake));
      return events[read++]!;
    },
    /** The next change, skipping reconnects (a bus may report one when its first LISTEN lands). */
    async nextChange(): Promise<VaultChange> {
      for (;;) {
        const event = await this.next();
        if (event.type === 'change') return event.change;
      }
    },
  };
}

interface BusHarness {
  /** Two instances, as two server processes would have, on separate connections. */
  publisher: ChangeBus;
  subscriber: ChangeBus;
  /** What the replication store does for a push that commits. */
  announceCommitted(change: VaultChange): Promise<void>;
  /** What it does for a push whose transaction rolls back after announcing. */
  announceRolledBack(change: VaultChange): Promise<void>;
  /** Puts a payload on the channel that is not an announcement. */
  sendMalformed(payload: string): Promise<void>;
  /** Kills the subscriber's server-side connection; undefined when the bus has none. */
  dropSubscriberConnection?: () => Promise<void>;
  close(): Promise<void>;
}

function vaultChange(seq: number): VaultChange {
  return { vaultId: 'vault-1', seq };
}

/** `hasConnection`: the bus talks to a server whose connection a test can cut (not the in-process one). */
function describeChangeBusContract(
  label: string,
  open: () => Promise<BusHarness>,
  { hasConnection = true }: { hasConnection?: boolean } = {},
): void {
  describe(`ChangeBus contract: ${label}`, () => {
    let harness: BusHarness;
    beforeAll(async () => {
      harness = await open();
    });
    afterAll(async () => {
      await harness?.close();
    });

    it('R15: an announcement from one instance reaches the subscribers of another', async () => {
      const first = recordEvents(harness.subscriber);
      const second = recordEvents(harness.subscriber);
      try {
        await harness.announceCommitted(vaultChange(1));
        expect(await first.nextChange()).toEqual(vaultChange(1));
        expect(await second.nextChange()).toEqual(vaultChange(1));
      } finally {
        first.unsubscribe();
        second.unsubscribe();
      }
    });

    it('R15: an announcement of a rolled-back push is never delivered', async () => {
      const seen = recordEvents(harness.subscriber);
      try {
        await harness.announceRolledBack(vaultChange(2));
        await harness.announceCommitted(vaultChange(3));
        // Delivery is in order, so if the first were coming it would come before the second.
        expect(await seen.nextChange()).toEqual(vaultChange(3));
        expect(seen.events.filter((event) => event.type === 'change')).toHaveLength(1);
      } finally {
        seen.unsubscribe();
      }
    });

    it('payloads that are not announcements are ignored', async () => {
      const seen = recordEvents(harness.subscriber);
      try {
        for (const payload of [
          'not json',
          '{"vaultId":1,"seq":2}',
          '{"vaultId":"v","seq":-1}',
          'null',
          '[]',
        ]) {
          await harness.sendMalformed(payload);
        }
        await harness.announceCommitted(vaultChange(4));
        expect(await seen.nextChange()).toEqual(vaultChange(4));
        expect(seen.events.filter((event) => event.type === 'change')).toHaveLength(1);
      } finally {
        seen.unsubscribe();
      }
    });

    it('an unsubscribed listener hears nothing more; the others still do', async () => {
      const leaving = recordEvents(harness.subscriber);
      const staying = recordEvents(harness.subscriber);
      try {
        leaving.unsubscribe();
        await harness.announceCommitted(vaultChange(5));
        expect(await staying.nextChange()).toEqual(vaultChange(5));
        expect(leaving.events).toEqual([]);
      } finally {
        staying.unsubscribe();
      }
    });

    // The in-process bus has no connection to lose, so the case does not exist for it.
    if (hasConnection) {
      it('R14: after its connection is killed the bus reports onReconnect, then delivers again', async () => {
        if (!harness.dropSubscriberConnection) throw new Error(`${label} cannot drop its connection`);
        const seen = recordEvents(harness.subscriber);
        try {
          await harness.dropSubscriberConnection();
          expect(await seen.next()).toEqual({ type: 'reconnect' });
          await harness.announceCommitted(vaultChange(6));
          expect(await seen.nextChange()).toEqual(vaultChange(6));
        } finally {
          seen.unsubscribe();
        }
      });
    }
  });
}

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

describe('PostgreSQL NOTIFY from the replication store', () => {
  let database: TestDatabase;
  let serverA: SqlClient;
  let serverB: SqlClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    serverA = createPgClient({ connectionString: database.url });
    serverB = createPgClient({ connectionString: database.url });
    await migrateUp(serverA);
    await serverA.query(
      `INSERT INTO users (id, email, password_hash, role) VALUES ('u', 'u@example.test', 'x', 'admin')`,
    );
    await serverA.query(
      `INSERT INTO devices (id, user_id, name, token_hash) VALUES ('d', 'u', 'laptop', 'h')`,
    );
    await serverA.query(`INSERT INTO vaults (id, owner_id, name) VALUES ('v', 'u', 'Vault')`);
  });
  afterAll(async () => {
    await serverA?.close();
    await serverB?.close();
    await database?.drop();
  });

  it('R15: a push on one server announces its vault and last seq to another; a conflict announces nothing', async () => {
    const busA = createPgNotifyBus({ sql: serverA });
    const busB = createPgNotifyBus({ sql: serverB });
    try {
      await Promise.all([busA.ready, busB.ready]);
      const seen = recordEvents(busB);
      const store = createSqlReplicationStore({ sql: serverA, bus: busA });
      const document = {
        id: 'n1',
        title: 'Hello',
        body: 'Hi',
        tags: [],
        folder: '',
        createdAt: 1,
        updatedAt: 1,
        trashedAt: 0,
        needsReview: false,
        _deleted: false,
      };
      const row = { assumedMasterState: null, newDocumentState: document };
      await store.push({ vaultId: 'v', collection: 'notes', deviceId: 'd', rows: [row] });
      // The same row again is a no-op (R8); a stale one a conflict (R7): neither commits a write.
      await store.push({ vaultId: 'v', collection: 'notes', deviceId: 'd', rows: [row] });
      await store.push({
        vaultId: 'v',
        collection: 'notes',
        deviceId: 'd',
        rows: [{ assumedMasterState: null, newDocumentState: { ...document, title: 'Other' } }],
      });
      await store.push({
        vaultId: 'v',
        collection: 'notes',
        deviceId: 'd',
        rows: [{ assumedMasterState: document, newDocumentState: { ...document, title: 'Second' } }],
      });
      expect(await seen.nextChange()).toEqual({ vaultId: 'v', seq: 1 });
      expect(await seen.nextChange()).toEqual({ vaultId: 'v', seq: 2 });
    } finally {
      await Promise.all([busA.close(), busB.close()]);
    }
  });
});
