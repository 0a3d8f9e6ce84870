import { describe, expect, it } from 'vitest';
import { createPgClient } from '../../sync-server/db/pg-client';
import { createPgliteClient } from '../../sync-server/db/pglite-client';
import { jsonEqual } from '../../src-shared/json-equal';
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

describe('jsonEqual', () => {
  it('ignores object key order, at every depth', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 })).toBe(
      true,
    );
  });

  it('keeps array order significant and tells types apart', () => {
    expect(jsonEqual(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: '1' })).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual(null, null)).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual({ a: false }, { b: false })).toBe(false);
  });

  it('treats a property set to undefined as absent, as JSON does', () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });
});
