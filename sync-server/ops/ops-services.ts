import type { BlobStore } from '../blobs/blob-store';
import type { JobRunner } from '../jobs/job-runner';

/** What the jobs, usage and health procedures need beyond the common deps (O6–O9). */
export interface OpsServices {
  jobs: JobRunner;
  blobStore: BlobStore;
  /** performance.now() at start, for the uptime. */
  startedAt: number;
  /** The clock's time at start: where this process's activity counters begin. */
  startedAtWall: number;
}
