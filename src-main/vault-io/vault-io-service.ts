import fs from 'node:fs/promises';
import path from 'node:path';
import { Subject, type Observable } from 'rxjs';
import type { Logger } from 'pino';
import type { QuireDatabase } from '../db/database';
import type { Clock, IdGenerator, Scheduler } from '../clock';
import type { NotesService } from '../notes/notes-service';
import type { AttachmentsService } from '../attachments/attachments-service';
import { QuireError } from '../errors';
import type { FailureReason } from '../../src-shared/errors/reasons';
import {
  startExportInput,
  startImportInput,
  type JobReport,
  type ReportEntry,
  type StartExportInput,
  type StartImportInput,
  type VaultJob,
} from '../../src-shared/api/vault-api';
import { runImport } from './import-job';
import { runExport } from './export-job';

export interface VaultIoService {
  startImport(input: StartImportInput): Promise<VaultJob>;
  startExport(input: StartExportInput): Promise<VaultJob>;
  /** QuireError('JOB_NOT_FOUND') for an id this host never started. */
  job(jobId: string): VaultJob;
  /** Every progress update of every job (throttled, ~10/s; state changes always). */
  jobs(): Observable<VaultJob>;
  /** The last state of every job this host ran, oldest first. */
  list(): VaultJob[];
  cancel(jobId: string): Promise<VaultJob>;
  report(input: { jobId: string; offset?: number; limit?: number }): JobReport;
  /** Resolves when the job has finished (done/cancelled/failed): CLI and tests use it. */
  whenFinished(jobId: string): Promise<VaultJob>;
  /** Cancels running jobs and waits for them. */
  close(): Promise<void>;
}

export interface VaultIoDeps {
  notes: NotesService;
  attachments: AttachmentsService;
  db: QuireDatabase;
  clock: Clock;
  /** Part of every service's deps; jobs run on promises and read time from `clock`. */
  scheduler: Scheduler;
  newId: IdGenerator;
  logger: Logger;
  /** The vault's own data directory: never an export target. */
  dataDir: string;
}

/** Progress is published at most this often per job; state changes always are. */
const PUBLISH_EVERY_MS = 100;
/** Jobs remembered for `job`/`report` after they finished. */
const FINISHED_KEPT = 20;

interface JobRun {
  job: VaultJob;
  entries: ReportEntry[];
  cancelled: boolean;
  lastPublished: number;
}
interface RunningJob extends JobRun {
  finished: Promise<VaultJob>;
}

const isInside = (child: string, parent: string): boolean => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

export function createVaultIoService(deps: VaultIoDeps): VaultIoService {
  const { notes, attachments, db, clock, newId, logger } = deps;
  const updates = new Subject<VaultJob>();
  const jobs = new Map<string, RunningJob>();
  let counter = 0;

  const find = (jobId: string): RunningJob => {
    const running = jobs.get(jobId);
    if (!running) throw new QuireError('JOB_NOT_FOUND');
    return running;
  };

  const publish = (running: JobRun, force = false): void => {
    const now = clock.now();
    const { job } = running;
    if (job.bytesDone > 0 && job.state === 'running' && job.bytesTotal > 0) {
      const elapsed = now - job.startedAt;
      job.etaMs = Math.max(0, Math.round((elapsed / job.bytesDone) * (job.bytesTotal - job.bytesDone)));
    }
    if (!force && now - running.lastPublished < PUBLISH_EVERY_MS) return;
    running.lastPublished = now;
    updates.next({ ...job });
  };

  const report = (running: JobRun, entry: ReportEntry): void => {
    running.entries.push(entry);
    running.job.reported = running.entries.length;
  };

  const forget = (): void => {
    const finished = [...jobs.values()].filter((running) => running.job.finishedAt !== null);
    for (const running of finished.slice(0, Math.max(0, finished.length - FINISHED_KEPT)))
      jobs.delete(running.job.jobId);
  };

  const start = (kind: VaultJob['kind'], dir: string, work: (running: JobRun) => Promise<void>): VaultJob => {
    counter += 1;
    const job: VaultJob = {
      jobId: `${kind}-${clock.now()}-${counter}`,
      kind,
      dir,
      state: kind === 'import' ? 'scanning' : 'running',
      filesTotal: 0,
      filesDone: 0,
      bytesTotal: 0,
      bytesDone: 0,
      notes: 0,
      attachments: 0,
      reported: 0,
      startedAt: clock.now(),
      finishedAt: null,
      etaMs: null,
    };
    const run: JobRun = { job, entries: [], cancelled: false, lastPublished: 0 };
    const finish = (state: VaultJob['state'], reason?: FailureReason): VaultJob => {
      job.state = state;
      job.finishedAt = clock.now();
      job.etaMs = 0;
      if (reason !== undefined) job.reason = reason;
      publish(run, true);
      forget();
      return { ...job };
    };
    const finished = work(run).then(
      () => finish(run.cancelled ? 'cancelled' : 'done'),
      (error: unknown) => {
        logger.error({ err: error, jobId: job.jobId }, 'vault job failed');
        return finish('failed', error instanceof QuireError ? error.reason : 'INTERNAL_ERROR');
      },
    );
    jobs.set(job.jobId, Object.assign(run, { finished }));
    publish(run, true);
    return { ...job };
  };

  return {
    async startImport(raw) {
      const input = startImportInput.parse(raw);
      const dir = path.resolve(input.dir);
      const stat = await fs.stat(dir).catch(() => null);
      if (!stat?.isDirectory()) throw new QuireError('IMPORT_DIR_NOT_FOUND');
      return start('import', dir, (running) => {
        const { job } = running;
        return runImport(
          { notes, attachments, db, newId },
          { dir, includeHidden: input.includeHidden, onExisting: input.onExisting },
          {
            scanned(file) {
              job.filesTotal += 1;
              job.bytesTotal += file.size;
              publish(running);
            },
            scanDone() {
              job.state = 'running';
              publish(running, true);
            },
            done(file, as) {
              job.filesDone += 1;
              job.bytesDone += file.size;
              if (as === 'note') job.notes += 1;
              if (as === 'attachment') job.attachments += 1;
              publish(running);
            },
            report: (entry) => report(running, entry),
            cancelled: () => running.cancelled,
          },
        );
      });
    },

    async startExport(raw) {
      const input = startExportInput.parse(raw);
      const dir = path.resolve(input.dir);
      const [realDir, realData] = await Promise.all([
        fs.realpath(dir).catch(() => dir),
        fs.realpath(deps.dataDir).catch(() => deps.dataDir),
      ]);
      if (isInside(realDir, realData)) throw new QuireError('EXPORT_DIR_IN_VAULT');
      const present = await fs.readdir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw new QuireError('IMPORT_DIR_NOT_FOUND', { cause: error });
      });
      if (present.length > 0 && !input.allowNonEmpty) throw new QuireError('EXPORT_DIR_NOT_EMPTY');
      await fs.mkdir(dir, { recursive: true });
      return start('export', dir, (running) => {
        const { job } = running;
        return runExport({ db, attachments }, dir, {
          planned(files, bytes) {
            job.filesTotal = files;
            job.bytesTotal = bytes;
            publish(running, true);
          },
          done(kind, bytes) {
            job.filesDone += 1;
            job.bytesDone += bytes;
            if (kind === 'note') job.notes += 1;
            else job.attachments += 1;
            publish(running);
          },
          report: (entry) => report(running, entry),
          cancelled: () => running.cancelled,
        });
      });
    },

    job: (jobId) => ({ ...find(jobId).job }),
    jobs: () => updates.asObservable(),
    list: () => [...jobs.values()].map((running) => ({ ...running.job })),

    async cancel(jobId) {
      const running = find(jobId);
      if (running.job.finishedAt === null) running.cancelled = true;
      return running.finished;
    },

    report({ jobId, offset = 0, limit = 1000 }) {
      const { entries } = find(jobId);
      return { total: entries.length, entries: entries.slice(offset, offset + limit) };
    },

    whenFinished: (jobId) => find(jobId).finished,

    async close() {
      const running = [...jobs.values()];
      for (const job of running) job.cancelled = true;
      await Promise.all(running.map((job) => job.finished));
      updates.complete();
    },
  };
}
