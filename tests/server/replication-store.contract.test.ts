import { createPgClient } from '../../sync-server/db/pg-client';
import { createPgliteClient } from '../../sync-server/db/pglite-client';
import { createTestDatabase } from '../support/postgres';
import { describeReplicationStoreContract } from './replication-store.contract';

describeReplicationStoreContract('PostgreSQL', async () => {
  const database = await createTestDatabase();
  const sql = createPgClient({ connectionString: database.url });
  return {
    sql,
    async close() {
      await sql.close();
      await database.drop();
    },
  };
});

// One in-memory instance for the whole suite: creating one takes seconds (initdb).
describeReplicationStoreContract('PGlite (in memory)', async () => {
  const sql = await createPgliteClient({ dataDir: undefined });
  return { sql, close: () => sql.close() };
});
