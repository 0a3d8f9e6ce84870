import pg from 'pg';
import type { CustomTypesConfig, PoolClient } from 'pg';
import type { ListenHandlers, SqlClient, SqlQueryable, SqlResult } from './sql-client';

/** What the client reports; pino's logger fits. */
export interface SqlClientLogger {
  warn(details: object, message: string): void;
}

export interface PgClientOptions {
  connectionString: string;
  logger?: SqlClientLogger;
  /** Pool connections; LISTEN connections come on top. */
  poolSize?: number;
}

const INT8_OID = 20;
const LISTEN_BACKOFF_FIRST_MS = 100;
const LISTEN_BACKOFF_MAX_MS = 5_000;

type TypeId = Parameters<typeof pg.types.getTypeParser>[0];

/**
 * bigint columns (seq, counts) stay far below 2^53, so numbers are safe and what the protocol
 * carries. Set per client so nothing else in the process sees a changed global parser.
 */
type TypeParser = (value: string) => unknown;
const quireTypes: CustomTypesConfig = {
  getTypeParser: ((id: TypeId, format?: 'text' | 'binary'): TypeParser =>
    (id as number) === INT8_OID && format !== 'binary'
      ? (value) => Number(value)
      : (pg.types.getTypeParser(id, format) as TypeParser)) as typeof pg.types.getTypeParser,
};

const silentLogger: SqlClientLogger = { warn: () => undefined };

/** SQLSTATE class 57P: the server is terminating this connection (admin, crash, startup). */
function isServerTermination(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('57P');
}

/**
 * True when the statement certainly did not run, so running it again cannot apply it twice:
 * the server answered with a termination error (the statement was rolled back), or the pool
 * handed out a connection that was already known to be dead (nothing was sent).
 */
function isRetryableConnectionLoss(error: unknown): boolean {
  if (isServerTermination(error)) return true;
  const message = error instanceof Error ? error.message : '';
  return message.includes('not queryable');
}

function toResult<Row>(result: { rows: Row[]; rowCount: number | null }): SqlResult<Row> {
  return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
}

export function createPgClient(options: PgClientOptions): SqlClient {
  const logger = options.logger ?? silentLogger;
  const poolSize = options.poolSize ?? 10;
  const pool = new pg.Pool({ connectionString: options.connectionString, max: poolSize, types: quireTypes });
  // Each dead pooled connection costs one failed attempt (and is then discarded), so after a
  // server restart up to `poolSize` attempts can hit dead ones before a fresh one is opened.
  const maxAttempts = poolSize + 1;
  // An idle pooled connection that the server drops emits 'error'; unhandled, it would kill the
  // process. The pool already discards that connection and opens a new one on demand.
  pool.on('error', (error) => logger.warn({ err: error }, 'PostgreSQL dropped an idle pooled connection'));

  const stopListeners = new Set<() => Promise<void>>();

  async function query<Row>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>> {
    const values = params ? [...params] : undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        return toResult(await pool.query<Row & pg.QueryResultRow>(text, values));
      } catch (error) {
        if (attempt >= maxAttempts || !isRetryableConnectionLoss(error)) throw error;
      }
    }
  }

  async function beginOnFreshConnection(): Promise<PoolClient> {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        return client;
      } catch (error) {
        client.release(true);
        if (attempt >= maxAttempts || !isRetryableConnectionLoss(error)) throw error;
      }
    }
  }

  async function transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    const client = await beginOnFreshConnection();
    // A checked-out client has no pool listener: without ours, a server-side disconnect while
    // `fn` computes between statements would be an unhandled 'error' event.
    let connectionError: unknown = null;
    const onError = (error: Error) => {
      connectionError = error;
      logger.warn({ err: error }, 'PostgreSQL dropped a connection inside a transaction');
    };
    client.on('error', onError);
    const tx: SqlQueryable = {
      query: async <Row>(text: string, params?: readonly unknown[]) =>
        toResult(await client.query<Row & pg.QueryResultRow>(text, params ? [...params] : undefined)),
    };
    try {
      const result = await fn(tx);
      await client.query('COMMIT');
      client.removeListener('error', onError);
      client.release();
      return result;
    } catch (error) {
      let broken = connectionError !== null;
      if (!broken) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
      }
      client.removeListener('error', onError);
      // A broken connection must not go back to the pool.
      client.release(broken ? true : undefined);
      throw error;
    }
  }

  async function listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>> {
    let stopped = false;
    let current: pg.Client | null = null;
    let retryTimer: NodeJS.Timeout | null = null;
    let backoffMs = LISTEN_BACKOFF_FIRST_MS;

    const connect = async (): Promise<pg.Client> => {
      const client = new pg.Client({ connectionString: options.connectionString, types: quireTypes });
      // Until LISTEN succeeds, failures surface through the returned promise instead.
      let ready = false;
      let lost = false;
      const onLost = (error?: Error) => {
        // 'error' and 'end' both fire for one loss; react once.
        if (!ready || lost) return;
        lost = true;
        if (current === client) current = null;
        client.end().catch(() => undefined);
        if (stopped) return;
        logger.warn({ err: error, channel }, 'LISTEN connection lost; reconnecting');
        scheduleReconnect();
      };
      client.on('error', onLost);
      client.on('end', () => onLost());
      client.on('notification', (message) => {
        if (message.channel === channel) handlers.onNotify(message.payload ?? '');
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
      } catch (error) {
        client.end().catch(() => undefined);
        throw error;
      }
      ready = true;
      return client;
    };

    const scheduleReconnect = () => {
      if (stopped || retryTimer) return;
      const delay = backoffMs;
      backoffMs = Math.min(backoffMs * 2, LISTEN_BACKOFF_MAX_MS);
      retryTimer = setTimeout(() => {
        retryTimer = null;
        connect().then(
          async (client) => {
            if (stopped) {
              await client.end().catch(() => undefined);
              return;
            }
            current = client;
            backoffMs = LISTEN_BACKOFF_FIRST_MS;
            // Only now can nothing more be missed; the caller resyncs from here.
            handlers.onReconnect();
          },
          (error: unknown) => {
            logger.warn({ err: error, channel, retryInMs: backoffMs }, 'LISTEN reconnect failed');
            scheduleReconnect();
          },
        );
      }, delay);
    };

    // The first connection fails loudly: a server that cannot listen at startup should say so.
    current = await connect();

    const stop = async () => {
      if (stopped) return;
      stopped = true;
      stopListeners.delete(stop);
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const client = current;
      current = null;
      await client?.end().catch(() => undefined);
    };
    stopListeners.add(stop);
    return stop;
  }

  return {
    kind: 'postgres',
    query,
    transaction,
    listen,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await Promise.all([...stopListeners].map((stop) => stop()));
      await pool.end();
    },
  };
}
