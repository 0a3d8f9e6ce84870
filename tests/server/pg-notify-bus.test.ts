import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgNotifyBus } from '../../sync-server/bus/pg-notify-bus';
import { createPgClient } from '../../sync-server/db/pg-client';
import { migrateUp } from '../../sync-server/db/migrator';
import type { SqlClient } from '../../sync-server/db/sql-client';
import { createSqlReplicationStore } from '../../sync-server/replication/sql-replication-store';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { recordEvents } from './change-bus.contract';

/** The PostgreSQL NOTIFY bus as the replication store uses it (what the ChangeBus contract leaves to each bus). */

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
