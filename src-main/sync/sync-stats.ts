/**
 * Where the replication reports what it moved. The app passes `ignoreSyncStats`; tests and
 * benchmarks pass `createSyncCounters()` and read the figures, so no counter sits in the app API.
 */
export interface SyncStatsSink {
  /** A pull answered with `documents` documents. */
  pulled(documents: number): void;
  /** A push started with `rows` rows. */
  pushed(rows: number): void;
  /** A live-stream event announced `documents` documents (R13). */
  streamed(documents: number): void;
  /** One `/blobs` request answered (B2, B5): its method and the body bytes it carried. */
  blobRequest?(method: 'HEAD' | 'GET' | 'PUT', bytes: number): void;
}

export interface SyncStats {
  pullCalls: number;
  pulledDocuments: number;
  pushCalls: number;
  pushedRows: number;
  streamedDocuments: number;
  blobHeads: number;
  blobPuts: number;
  blobGets: number;
  bytesUploaded: number;
  bytesDownloaded: number;
}

export const ignoreSyncStats: SyncStatsSink = {
  pulled: () => undefined,
  pushed: () => undefined,
  streamed: () => undefined,
};

export interface SyncCounters extends SyncStatsSink {
  /** A copy of the figures so far. */
  read(): SyncStats;
}

export function createSyncCounters(): SyncCounters {
  const stats: SyncStats = {
    pullCalls: 0,
    pulledDocuments: 0,
    pushCalls: 0,
    pushedRows: 0,
    streamedDocuments: 0,
    blobHeads: 0,
    blobPuts: 0,
    blobGets: 0,
    bytesUploaded: 0,
    bytesDownloaded: 0,
  };
  return {
    pulled(documents) {
      stats.pullCalls += 1;
      stats.pulledDocuments += documents;
    },
    pushed(rows) {
      stats.pushCalls += 1;
      stats.pushedRows += rows;
    },
    streamed(documents) {
      stats.streamedDocuments += documents;
    },
    blobRequest(method, bytes) {
      if (method === 'HEAD') stats.blobHeads += 1;
      if (method === 'PUT') {
        stats.blobPuts += 1;
        stats.bytesUploaded += bytes;
      }
      if (method === 'GET') {
        stats.blobGets += 1;
        stats.bytesDownloaded += bytes;
      }
    },
    read: () => ({ ...stats }),
  };
}
