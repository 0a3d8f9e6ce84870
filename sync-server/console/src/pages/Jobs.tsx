import { useState } from 'react';
import type { Job, JobName } from '../../../../src-shared/sync/admin';
import { useConsole } from '../context';
import { dateTime, duration, relativeTime } from '../format';
import { useLoad } from '../hooks';
import { Badge, Button, EmptyState, ErrorState, Loading, Table, useToast, type Column } from '../ui';
import { REASON_WORDS } from '../../../../src-shared/errors/reason-words';
import { failureReason } from '../api';

function resultBadge(job: Job) {
  if (job.running) return <Badge tone="accent">Running</Badge>;
  const run = job.lastRun;
  if (!run) return <Badge>Not run yet</Badge>;
  if (run.ok === null) return <Badge tone="accent">Running</Badge>;
  return run.ok ? <Badge tone="success">OK</Badge> : <Badge tone="danger">Failed</Badge>;
}

export function JobsPage() {
  const { api, now } = useConsole();
  const toast = useToast();
  const jobs = useLoad(() => api.jobs.list(), 'jobs');
  const [starting, setStarting] = useState<JobName | null>(null);
  const at = now();

  const runNow = (name: JobName) => {
    setStarting(name);
    api.jobs.runNow(name).then(
      () => {
        toast.show(`${name} started.`);
        setStarting(null);
        jobs.reload();
      },
      (error: unknown) => {
        toast.show(REASON_WORDS[failureReason(error)].words, 'error');
        setStarting(null);
      },
    );
  };

  const columns: Column<Job>[] = [
    {
      key: 'name',
      header: 'Job',
      cell: (job) => (
        <div className="job-cell">
          <span className="job-name">{job.name}</span>
          <span className="muted small">{job.description}</span>
        </div>
      ),
    },
    { key: 'schedule', header: 'Schedule', cell: (job) => <code>{job.schedule}</code> },
    {
      key: 'last',
      header: 'Last run',
      cell: (job) =>
        job.lastRun ? (
          <span title={dateTime(job.lastRun.startedAt)}>
            {relativeTime(job.lastRun.startedAt, at)}
            {job.lastRun.trigger === 'manual' && <span className="muted"> · by hand</span>}
          </span>
        ) : (
          <span className="muted">Never</span>
        ),
    },
    {
      key: 'duration',
      header: 'Took',
      align: 'right',
      cell: (job) => duration(job.lastRun?.durationMs ?? null),
    },
    {
      key: 'result',
      header: 'Result',
      cell: (job) => (
        <div className="job-cell">
          {resultBadge(job)}
          {job.lastRun?.result && <span className="muted small">{job.lastRun.result}</span>}
        </div>
      ),
    },
    {
      key: 'next',
      header: 'Next run',
      cell: (job) =>
        job.nextRunAt === null ? (
          <span className="muted">—</span>
        ) : (
          <span title={dateTime(job.nextRunAt)}>{relativeTime(job.nextRunAt, at)}</span>
        ),
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: (job) => (
        <Button small busy={starting === job.name || job.running} onClick={() => runNow(job.name)}>
          Run now
        </Button>
      ),
    },
  ];

  return (
    <section className="page" aria-labelledby="jobs-title">
      <header className="page-header">
        <div>
          <h1 id="jobs-title">Jobs</h1>
          <p className="page-sub">
            Background work that keeps the server tidy.
            {jobs.data?.[0] &&
              (jobs.data[0].runner === 'pg-boss'
                ? ' Scheduled with pg-boss in PostgreSQL.'
                : ' Run in this process (embedded database).')}
          </p>
        </div>
        <div className="page-actions">
          <Button onClick={jobs.reload} busy={jobs.status === 'loading'}>
            Refresh
          </Button>
        </div>
      </header>
      {jobs.status === 'error' && <ErrorState reason={jobs.reason} onRetry={jobs.reload} />}
      {!jobs.data && jobs.status === 'loading' && <Loading label="Loading jobs…" />}
      {jobs.data &&
        jobs.status !== 'error' &&
        (jobs.data.length === 0 ? (
          <EmptyState title="No jobs" />
        ) : (
          <Table caption="Jobs" columns={columns} rows={jobs.data} rowKey={(job) => job.name} />
        ))}
    </section>
  );
}
