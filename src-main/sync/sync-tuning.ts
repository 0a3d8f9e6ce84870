import { systemRandom, type Random } from '../clock';
import { SYNC_LIMITS } from '../../src-shared/sync/protocol';
import { reconnectDelayMs } from './server-connection';

/** Replication's waits and batch sizes, as the host may set them (tests shorten the waits). */
export interface SyncTransportOptions {
  /** Reconnect delay per attempt; C3's backoff by default. */
  retryDelayMs?: (attempt: number) => number;
  /** Documents per pull (≤ SYNC_LIMITS.pullBatchMax). */
  pullBatchSize?: number;
  /** Rows per push (≤ SYNC_LIMITS.pushRowsMax). */
  pushBatchSize?: number;
  /** How long RxDB waits before retrying a failed pull or push. */
  retryTimeMs?: number;
  /** Jitter source for the backoff. */
  random?: Random;
}

export interface SyncTuning {
  /** Delay before reconnect or retry attempt `attempt` (0-based): C3's backoff. */
  retryDelayMs(attempt: number): number;
  pullBatchSize: number;
  pushBatchSize: number;
  /** How long RxDB waits before retrying a failed pull or push. */
  retryTimeMs: number;
}

const DEFAULT_PULL_BATCH = 1_000;
const DEFAULT_PUSH_BATCH = 1_000;
const DEFAULT_RETRY_TIME_MS = 2_000;

export function syncTuning(transport: SyncTransportOptions): SyncTuning {
  const random = transport.random ?? systemRandom;
  return {
    retryDelayMs: transport.retryDelayMs ?? ((attempt) => reconnectDelayMs(attempt, random)),
    pullBatchSize: Math.min(transport.pullBatchSize ?? DEFAULT_PULL_BATCH, SYNC_LIMITS.pullBatchMax),
    pushBatchSize: Math.min(transport.pushBatchSize ?? DEFAULT_PUSH_BATCH, SYNC_LIMITS.pushRowsMax),
    retryTimeMs: transport.retryTimeMs ?? DEFAULT_RETRY_TIME_MS,
  };
}
