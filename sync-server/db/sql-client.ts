/**
 * The server's only view of its database. Two implementations: real PostgreSQL (`pg` pool) and
 * embedded PostgreSQL (PGlite, for zero-setup servers and smoke tests). Both speak the same SQL;
 * one contract suite runs against both.
 */
export interface SqlResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface SqlQueryable {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>>;
}

export interface ListenHandlers {
  onNotify(payload: string): void;
  /** The listening connection was lost and is back: notifications may have been missed. */
  onReconnect(): void;
}

export interface SqlClient extends SqlQueryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` on one connection inside BEGIN/COMMIT; rolls back and rethrows if it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /** LISTEN on `channel` until the returned function is called. Survives connection loss. */
  listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** The pool's figures for metrics (O3); PostgreSQL only (PGlite has one connection). */
  poolStats?(): SqlPoolStats;
}

export interface SqlPoolStats {
  total: number;
  idle: number;
  waiting: number;
}
