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
import {
  DEFAULT_ATTACHMENT_SETTINGS,
  type AttachmentSettings,
} from '../../../src-shared/api/attachments-api';
import type { Attachment } from '../../../src-shared/schema/attachment';
import type { FolderPurpose, PickFolderResult } from '../../../src-shared/api/app-shell-api';

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
    attachmentSettings: { ...DEFAULT_ATTACHMENT_SETTINGS },
    /** Uploads in flight: what `beginUpload` was told and the base64 chunks received. */
    uploads: new Map<string, { name: string; size: number; noteFolder: string; chunks: string[] }>(),
  };
  /** `app.capabilities`: none by default (web mode); a test sets it before rendering. */
  const folderPicker = { available: false };
  const pickFolder = vi.fn((_input: { purpose: FolderPurpose }) =>
    Promise.resolve<PickFolderResult>({ cancelled: true }),
  );
  const attachmentObservers = new Set<SubscriptionObserver<{ ids: string[] }>>();
  const emitAttachments = (ids: string[]): void => {
    for (const observer of attachmentObservers) observer.onData({ ids });
  };
  let uploadCount = 0;
  const beginUpload = vi.fn(
    (input: { name: string; size: number; mediaType?: string; noteFolder?: string }) => {
      uploadCount += 1;
      const uploadId = `upload-${uploadCount}`;
      state.uploads.set(uploadId, {
        name: input.name,
        size: input.size,
        noteFolder: input.noteFolder ?? '',
        chunks: [],
      });
      return Promise.resolve({ uploadId });
    },
  );
  const uploadChunk = vi.fn((input: { uploadId: string; offset: number; data: string }) => {
    const upload = state.uploads.get(input.uploadId);
    if (!upload) return Promise.reject(new Error('no such upload'));
    upload.chunks.push(input.data);
    return Promise.resolve();
  });
  // As the host does: a unique name in the attachments folder, the link in the settings' style.
  const finishUpload = vi.fn(({ uploadId }: { uploadId: string }) => {
    const upload = state.uploads.get(uploadId);
    if (!upload) return Promise.reject(new Error('no such upload'));
    state.uploads.delete(uploadId);
    const folder = state.attachmentSettings.folder;
    const taken = new Set(state.summaries.map((a) => a.path));
    const dot = upload.name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [upload.name.slice(0, dot), upload.name.slice(dot)] : [upload.name, ''];
    let name = upload.name;
    for (let n = 1; taken.has(folder === '' ? name : `${folder}/${name}`); n += 1)
      name = `${stem} ${n}${ext}`;
    const path = folder === '' ? name : `${folder}/${name}`;
    const attachment: Attachment = {
      id: `a${state.summaries.length + 1}`,
      path,
      hash: 'f'.repeat(64),
      size: upload.size,
      mediaType: 'application/octet-stream',
      createdAt: 1,
      updatedAt: 1,
      deletedAt: 0,
    };
    state.summaries.push({ ...attachment, usedBy: [], local: true });
    emitAttachments([attachment.id]);
    const link =
      state.attachmentSettings.linkStyle === 'markdown' ? `![](${encodeURI(path)})` : `![[${name}]]`;
    return Promise.resolve({ attachment, link });
  });
  const cancelUpload = vi.fn(({ uploadId }: { uploadId: string }) => {
    state.uploads.delete(uploadId);
    return Promise.resolve();
  });
  const setAttachmentSettings = vi.fn((patch: Partial<AttachmentSettings>) => {
    state.attachmentSettings = { ...state.attachmentSettings, ...patch };
    return Promise.resolve({ ...state.attachmentSettings });
  });
  const deleteAttachment = vi.fn(({ id }: { id: string }) => {
    state.summaries = state.summaries.filter((a) => a.id !== id);
    emitAttachments([id]);
    return Promise.resolve();
  });
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
        query: ({ filter = 'all', offset = 0, limit = 100 }) => {
          const items = state.summaries.filter((a) => filter === 'all' || a.usedBy.length === 0);
          return Promise.resolve({ total: items.length, items: items.slice(offset, offset + limit) });
        },
      },
      resolve: { query: resolve },
      beginUpload: { mutate: beginUpload },
      uploadChunk: { mutate: uploadChunk },
      finishUpload: { mutate: finishUpload },
      cancelUpload: { mutate: cancelUpload },
      settings: { query: () => Promise.resolve({ ...state.attachmentSettings }) },
      setSettings: { mutate: setAttachmentSettings },
      delete: { mutate: deleteAttachment },
      changes: {
        subscribe: (_input, observer) => {
          attachmentObservers.add(observer);
          observer.onData({ ids: [] });
          return { unsubscribe: () => attachmentObservers.delete(observer) };
        },
      },
    },
  };
  return {
    api,
    state,
    emitJob,
    startImport,
    startExport,
    cancel,
    report,
    resolve,
    beginUpload,
    uploadChunk,
    finishUpload,
    cancelUpload,
    setAttachmentSettings,
    deleteAttachment,
    emitAttachments,
    folderPicker,
    pickFolder,
  };
}

export type FakeVault = ReturnType<typeof createFakeVault>;
