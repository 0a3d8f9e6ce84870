import { vi } from 'vitest';
import type {
  AttachmentSummary,
  JobReport,
  QuireApi,
  ResolvedAttachment,
  SubscriptionObserver,
  VaultJob,
} from '../../../src-renderer/src/api/quire-api';
import type { ReportEntry } from '../../../src-shared/api/vault-api';

/** A job as the host reports it right after starting; override what the test is about. */
export function vaultJob(patch: Partial<VaultJob> = {}): VaultJob {
  return {
    jobId: 'job-1',
    kind: 'import',
    dir: '/home/ada/Notes',
    state: 'scanning',
    filesTotal: 0,
    filesDone: 0,
    bytesTotal: 0,
    bytesDone: 0,
    notes: 0,
    attachments: 0,
    reported: 0,
    startedAt: 1_000,
    finishedAt: null,
    etaMs: null,
    ...patch,
  };
}

/**
 * `vault.*` and `attachments.*` behind the `QuireApi` shape. Jobs move only when the test calls
 * `emitJob`, as the host's `vault.jobs` feed would; the report is whatever `report` holds.
 */
export function createFakeVault() {
  const observers = new Set<SubscriptionObserver<VaultJob>>();
  const jobs = new Map<string, VaultJob>();
  const state = {
    report: [] as ReportEntry[],
    attachments: new Map<string, ResolvedAttachment>(),
    summaries: [] as AttachmentSummary[],
  };
  const emitJob = (job: VaultJob): void => {
    jobs.set(job.jobId, job);
    for (const observer of observers) observer.onData(job);
  };
  const startImport = vi.fn((input: { dir: string }) => {
    const job = vaultJob({ dir: input.dir, kind: 'import' });
    jobs.set(job.jobId, job);
    return Promise.resolve(job);
  });
  const startExport = vi.fn((input: { dir: string }) => {
    const job = vaultJob({ dir: input.dir, kind: 'export', jobId: 'job-export' });
    jobs.set(job.jobId, job);
    return Promise.resolve(job);
  });
  const cancel = vi.fn(({ jobId }: { jobId: string }) => {
    const job = {
      ...(jobs.get(jobId) ?? vaultJob({ jobId })),
      state: 'cancelled' as const,
      finishedAt: 2_000,
    };
    emitJob(job);
    return Promise.resolve(job);
  });
  const report = vi.fn(({ offset = 0, limit = 1000 }: { jobId: string; offset?: number; limit?: number }) =>
    Promise.resolve<JobReport>({
      total: state.report.length,
      entries: state.report.slice(offset, offset + limit),
    }),
  );
  const resolve = vi.fn(({ targets }: { fromFolder: string; targets: string[] }) =>
    Promise.resolve(Object.fromEntries(targets.map((t) => [t, state.attachments.get(t) ?? null]))),
  );

  const api: Pick<QuireApi, 'vault' | 'attachments'> = {
    vault: {
      startImport: { mutate: startImport },
      startExport: { mutate: startExport },
      job: {
        query: ({ jobId }) => {
          const job = jobs.get(jobId);
          return job ? Promise.resolve(job) : Promise.reject(new Error('no such job'));
        },
      },
      cancel: { mutate: cancel },
      report: { query: report },
      jobs: {
        subscribe: (_input, observer) => {
          observers.add(observer);
          for (const job of jobs.values()) observer.onData(job);
          return { unsubscribe: () => observers.delete(observer) };
        },
      },
    },
    attachments: {
      list: {
        query: ({ filter = 'all' }) => {
          const items = state.summaries.filter((a) => filter === 'all' || a.usedBy.length === 0);
          return Promise.resolve({ total: items.length, items });
        },
      },
      resolve: { query: resolve },
    },
  };
  return { api, state, emitJob, startImport, startExport, cancel, report, resolve };
}

export type FakeVault = ReturnType<typeof createFakeVault>;
