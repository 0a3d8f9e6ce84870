import { PGlite } from '@electric-sql/pglite';
import type { Results } from '@electric-sql/pglite';
import type { ListenHandlers, SqlClient, SqlQueryable, SqlResult } from './sql-client';

export interface PgliteClientOptions {
  /** A directory for a durable database; undefined keeps it in memory (tests, smoke runs). */
  dataDir: string | undefined;
}

const INT8_OID = 20;

function toResult<Row>(results: Results<Row>): SqlResult<Row> {
  // PGlite reports affected rows only for writes; a SELECT's count is its rows, as pg reports it.
  return { rows: results.rows, rowCount: Math.max(results.affectedRows ?? 0, results.rows.length) };
}

/** Embedded PostgreSQL in this process: one connection, so PGlite itself serialises everything. */
export async function createPgliteClient(options: PgliteClientOptions): Promise<SqlClient> {
  const db = await PGlite.create({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    // Same as the pg client: seq and counts stay below 2^53, and the protocol carries numbers.
    parsers: { [INT8_OID]: (value: string) => Number(value) },
  });

  const unlisteners = new Set<() => Promise<void>>();

  return {
    kind: 'pglite',
    async query<Row>(text: string, params?: readonly unknown[]) {
      return toResult(await db.query<Row>(text, params ? [...params] : undefined));
    },
    async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>) {
      return db.transaction(async (tx) =>
        fn({
          query: async <Row>(text: string, params?: readonly unknown[]) =>
            toResult(await tx.query<Row>(text, params ? [...params] : undefined)),
        }),
      );
    },
    // Nothing to lose in-process, so onReconnect never fires.
    async listen(channel: string, handlers: ListenHandlers) {
      const unlisten = await db.listen(channel, (payload) => handlers.onNotify(payload));
      let stopped = false;
      const stop = async () => {
        if (stopped) return;
        stopped = true;
        unlisteners.delete(stop);
        if (!db.closed) await unlisten();
      };
      unlisteners.add(stop);
      return stop;
    },
    async close() {
      if (db.closed) return;
      await Promise.all([...unlisteners].map((stop) => stop()));
      await db.close();
    },
  };
}
