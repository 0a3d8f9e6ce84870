import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SqlPoolStats } from '../db/sql-client';

/** Seconds; sync calls answer in milliseconds, a slow page or a cold cache in a second or two. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Push latencies kept per usage window for its p95 (O9); past this, a uniform sample of them. */
const USAGE_SAMPLE_MAX = 10_000;

export type JobOutcome = 'ok' | 'failed';

/** What one usage snapshot reads and resets: the activity since the previous one (O9). */
export interface UsageWindow {
  pushes: number;
  pulls: number;
  conflicts: number;
  /** null: no push in the window. */
  pushP95Ms: number | null;
}

/**
 * O3: the counters of one server instance, in a registry of its own (tests run several servers in
 * one process; the global default registry would mix them).
 */
export interface ServerMetrics {
  readonly registry: Registry;
  observePull(ms: number, rows: number): void;
  observePush(ms: number, rows: number, conflicts: number): void;
  connectionOpened(): void;
  connectionClosed(): void;
  /** A commit announcement reached this process → its stream event was handed to the socket. */
  observeFanOut(ms: number): void;
  blobBytesIn(bytes: number): void;
  blobBytesOut(bytes: number): void;
  jobRun(job: string, outcome: JobOutcome): void;
  /** Reads the pool's figures at each scrape (PostgreSQL only). */
  watchPool(stats: () => SqlPoolStats): void;
  /** The window since the last call, then a new window starts. */
  takeUsageWindow(): UsageWindow;
  /** The window so far, left running (the usage chart's live point). */
  peekUsageWindow(): UsageWindow;
  /** Prometheus text format. */
  render(): Promise<string>;
  readonly contentType: string;
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? null;
}

function summarize(window: {
  pushes: number;
  pulls: number;
  conflicts: number;
  samples: number[];
}): UsageWindow {
  const p95 = percentile(
    window.samples.sort((a, b) => a - b),
    95,
  );
  return {
    pushes: window.pushes,
    pulls: window.pulls,
    conflicts: window.conflicts,
    pushP95Ms: p95 === null ? null : Math.round(p95 * 10) / 10,
  };
}

export function createServerMetrics(
  options: { defaultMetrics?: boolean; random?: () => number } = {},
): ServerMetrics {
  const registry = new Registry();
  const random = options.random ?? Math.random;
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'quire_' });
  const registers = [registry];

  const pulls = new Counter({ name: 'quire_pulls_total', help: 'sync.pull calls answered', registers });
  const pushes = new Counter({ name: 'quire_pushes_total', help: 'sync.push calls answered', registers });
  const rowsPulled = new Counter({
    name: 'quire_rows_pulled_total',
    help: 'Documents sent by pulls',
    registers,
  });
  const rowsPushed = new Counter({
    name: 'quire_rows_pushed_total',
    help: 'Rows received by pushes',
    registers,
  });
  const conflicts = new Counter({
    name: 'quire_conflicts_total',
    help: 'Pushed rows answered with a conflict (the device merges and pushes again)',
    registers,
  });
  const pullSeconds = new Histogram({
    name: 'quire_pull_duration_seconds',
    help: 'sync.pull latency',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const pushSeconds = new Histogram({
    name: 'quire_push_duration_seconds',
    help: 'sync.push latency',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const connections = new Gauge({
    name: 'quire_websocket_connections',
    help: 'Open WebSocket connections',
    registers,
  });
  const fanOutSeconds = new Histogram({
    name: 'quire_stream_fanout_seconds',
    help: 'Commit announcement received by this process → live stream event sent',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const blobIn = new Counter({
    name: 'quire_blob_bytes_in_total',
    help: 'Attachment bytes uploaded',
    registers,
  });
  const blobOut = new Counter({
    name: 'quire_blob_bytes_out_total',
    help: 'Attachment bytes downloaded',
    registers,
  });
  const jobRuns = new Counter({
    name: 'quire_job_runs_total',
    help: 'Background job runs by job and result',
    labelNames: ['job', 'result'] as const,
    registers,
  });
  let poolStats: (() => SqlPoolStats) | null = null;
  const poolGauge = (name: string, help: string, pick: (stats: SqlPoolStats) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        if (poolStats) this.set(pick(poolStats()));
      },
    });
  poolGauge('quire_db_pool_connections', 'PostgreSQL pool connections, busy or idle', (s) => s.total);
  poolGauge('quire_db_pool_idle_connections', 'PostgreSQL pool connections idle', (s) => s.idle);
  poolGauge('quire_db_pool_waiting_clients', 'Queries waiting for a pool connection', (s) => s.waiting);

  let window = { pushes: 0, pulls: 0, conflicts: 0, seen: 0, samples: [] as number[] };
  const sample = (ms: number): void => {
    window.seen += 1;
    if (window.samples.length < USAGE_SAMPLE_MAX) window.samples.push(ms);
    else {
      // Reservoir sampling: every push of the window is equally likely to be kept.
      const slot = Math.floor(random() * window.seen);
      if (slot < USAGE_SAMPLE_MAX) window.samples[slot] = ms;
    }
  };

  return {
    registry,
    observePull(ms, rows) {
      pulls.inc();
      rowsPulled.inc(rows);
      pullSeconds.observe(ms / 1000);
      window.pulls += 1;
    },
    observePush(ms, rows, conflictCount) {
      pushes.inc();
      rowsPushed.inc(rows);
      conflicts.inc(conflictCount);
      pushSeconds.observe(ms / 1000);
      window.pushes += 1;
      window.conflicts += conflictCount;
      sample(ms);
    },
    connectionOpened: () => connections.inc(),
    connectionClosed: () => connections.dec(),
    observeFanOut: (ms) => fanOutSeconds.observe(ms / 1000),
    blobBytesIn: (bytes) => blobIn.inc(bytes),
    blobBytesOut: (bytes) => blobOut.inc(bytes),
    jobRun: (job, outcome) => jobRuns.inc({ job, result: outcome }),
    watchPool(stats) {
      poolStats = stats;
    },
    takeUsageWindow() {
      const taken = window;
      window = { pushes: 0, pulls: 0, conflicts: 0, seen: 0, samples: [] };
      return summarize(taken);
    },
    peekUsageWindow: () => summarize({ ...window, samples: [...window.samples] }),
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
