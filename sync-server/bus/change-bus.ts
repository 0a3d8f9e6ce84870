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
  /**
   * Set when `announceInTransaction` is a PostgreSQL NOTIFY on this channel with the change as
   * its JSON payload (`vaultChangePayload`). The replication store then sends that NOTIFY as
   * part of its own write statement, one round trip fewer per push, instead of calling
   * `announceInTransaction`.
   */
  readonly notifyChannel?: string;
  afterCommit(change: VaultChange): Promise<void>;
  subscribe(listener: ChangeBusListener): () => void;
  /** O5: resolves when the bus can carry an announcement now; rejects, saying why, when not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The wire form of an announcement (read back by `parseVaultChange`). */
export function vaultChangePayload(change: VaultChange): string {
  return JSON.stringify({ vaultId: change.vaultId, seq: change.seq });
}
