import type { JobName } from '../../src-shared/sync/admin';
import type { SqlQueryable } from '../db/sql-client';

export type JobTrigger = 'schedule' | 'manual';

export interface JobRunRecord {
  startedAt: number;
  finishedAt: number | null;
  ok: boolean | null;
  trigger: JobTrigger;
  result: string | null;
}

/**
 * A run not finished after this long is taken as lost (its process stopped mid-run), not as
 * running: the jobs page never shows a run spinning forever. Runs take seconds; pg-boss expires
 * a job after the same time.
 */
export const JOB_RUN_LOST_AFTER_MS = 60 * 60_000;

/** Every run of every job, on both runners (O6): `job_runs`. */
export interface JobRunsStore {
  start(job: JobName, trigger: JobTrigger, startedAt: number): Promise<number>;
  finish(id: number, finishedAt: number, ok: boolean, result: string): Promise<void>;
  /** The newest run of each job that has run. */
  latest(): Promise<Map<string, JobRunRecord>>;
  /** Jobs with a run started less than JOB_RUN_LOST_AFTER_MS before `now` and not finished. */
  running(now: number): Promise<Set<string>>;
}

const TS = (param: string): string => `to_timestamp(${param}::float8 / 1000)`;
const MS = (column: string): string => `floor(extract(epoch from ${column}) * 1000)::float8`;

/** One line, bounded: a result is what the jobs page prints, never a dump. */
export function oneLine(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function createJobRunsStore(sql: SqlQueryable): JobRunsStore {
  return {
    async start(job, trigger, startedAt) {
      const { rows } = await sql.query<{ id: number }>(
        `INSERT INTO job_runs (job, trigger, started_at) VALUES ($1, $2, ${TS('$3')}) RETURNING id`,
        [job, trigger, startedAt],
      );
      const id = rows[0]?.id;
      if (id === undefined) throw new Error('job_runs insert returned no id');
      return Number(id);
    },
    async finish(id, finishedAt, ok, result) {
      await sql.query(`UPDATE job_runs SET finished_at = ${TS('$2')}, ok = $3, result = $4 WHERE id = $1`, [
        id,
        finishedAt,
        ok,
        oneLine(result),
      ]);
    },
    async latest() {
      const { rows } = await sql.query<{
        job: string;
        trigger: JobTrigger;
        started: number;
        finished: number | null;
        ok: boolean | null;
        result: string | null;
      }>(
        `SELECT DISTINCT ON (job) job, trigger, ${MS('started_at')} AS started,
                CASE WHEN finished_at IS NULL THEN NULL ELSE ${MS('finished_at')} END AS finished, ok, result
           FROM job_runs ORDER BY job, started_at DESC, id DESC`,
      );
      return new Map(
        rows.map((row) => [
          row.job,
          {
            startedAt: Number(row.started),
            finishedAt: row.finished === null ? null : Number(row.finished),
            ok: row.ok,
            trigger: row.trigger,
            result: row.result,
          },
        ]),
      );
    },
    async running(now) {
      const { rows } = await sql.query<{ job: string }>(
        `SELECT DISTINCT job FROM job_runs WHERE finished_at IS NULL AND started_at > ${TS('$1')}`,
        [now - JOB_RUN_LOST_AFTER_MS],
      );
      return new Set(rows.map((row) => row.job));
    },
  };
}
