import type { SqlQueryable } from '../db/sql-client';

/** A commit announcement (docs/sync-protocol.md R15). */
export interface VaultChange {
  vaultId: string;
  seq: number;
}

export interface ChangeBusListener {
  onChange(change: VaultChange): void;
  /** The bus lost its connection and is back: changes may have been missed (R14 → RESYNC). */
  onReconnect(): void;
}

/**
 * Carries commit announcements between server processes. Implementations: PostgreSQL
 * LISTEN/NOTIFY (`createPgNotifyBus`) and Redis pub/sub (`createRedisBus`, when REDIS_URL is set).
 */
export interface ChangeBus {
  /**
   * Called by the replication store inside the push transaction. NOTIFY uses `tx` so the
   * announcement is delivered exactly when the transaction commits; Redis ignores it and
   * publishes in `afterCommit`.
   */
  announceInTransaction(tx: SqlQueryable, change: VaultChange): Promise<void>;
  afterCommit(change: VaultChange): Promise<void>;
  subscribe(listener: ChangeBusListener): () => void;
  close(): Promise<void>;
}
