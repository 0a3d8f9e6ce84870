import type {
  PullOutputOf,
  PushRowOf,
  ReplicatedDocumentOf,
  Revision,
  SyncCheckpoint,
  SyncCollection,
} from '../../src-shared/sync/protocol';

/**
 * Documents, sequence numbers and revisions of every vault (docs/sync-protocol.md R2–R12, B7).
 * Callers have already checked that the caller owns `vaultId` (R3) and validated every row (R10)
 * against its collection's schema, so a collection's rows are always its own kind of document.
 * Implemented by `createSqlReplicationStore` in sql-replication-store.ts.
 */
export interface ReplicationStore {
  /** R5: documents with seq > checkpoint.seq, in seq order, at most batchSize. */
  pull<C extends SyncCollection>(input: {
    vaultId: string;
    collection: C;
    checkpoint: SyncCheckpoint | null;
    batchSize: number;
  }): Promise<PullOutputOf<C>>;

  /**
   * R13: like pull, for a live stream: leaves out documents last written by `excludeDeviceId`
   * (the subscriber itself) while the checkpoint still moves past them.
   */
  changesSince<C extends SyncCollection>(input: {
    vaultId: string;
    collection: C;
    afterSeq: number;
    limit: number;
    excludeDeviceId: string | null;
  }): Promise<{ documents: ReplicatedDocumentOf<C>[]; checkpoint: SyncCheckpoint }>;

  /**
   * R6–R9, R11, R12, R15: one transaction; returns the conflicting masters and, when anything was
   * written, the vault's new last seq (the change bus announces it inside the same transaction
   * when the bus is PostgreSQL NOTIFY).
   */
  push<C extends SyncCollection>(input: {
    vaultId: string;
    collection: C;
    deviceId: string;
    rows: readonly PushRowOf<C>[];
  }): Promise<{ conflicts: ReplicatedDocumentOf<C>[]; lastSeq: number | null }>;

  /** R11: newest first (notes' revisions; an attachment record's are kept the same way). */
  listRevisions(input: {
    vaultId: string;
    collection: SyncCollection;
    documentId: string;
    limit: number;
  }): Promise<Revision[]>;

  /** The vault's last allocated seq (0 for an empty vault): where a new stream starts. */
  latestSeq(vaultId: string): Promise<number>;
}
