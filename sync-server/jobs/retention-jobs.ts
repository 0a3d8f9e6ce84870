import { DAY_MS, deleteInBatches, plural, TS, type JobDefinition } from './job-definition';

/** job_runs beyond the newest this many per job are deleted once older than JOB_RUNS_KEEP_MS (O12). */
export const JOB_RUNS_KEEP_LATEST = 50;
export const JOB_RUNS_KEEP_MS = 90 * DAY_MS;

/**
 * O11: every revision younger than REVISION_KEEP_ALL_DAYS stays; between that and
 * REVISION_KEEP_DAILY_DAYS, only the newest revision of each document per UTC day stays (by
 * replaced_at, ties by id); older ones go.
 */
export const revisionRetention: JobDefinition = {
  name: 'revision-retention',
  description: 'Thins note history: all revisions for a while, then one a day, then none.',
  schedule: '17 3 * * *',
  async run(deps, now) {
    const allCutoff = now - deps.config.retention.revisionsAllMs;
    const dailyCutoff = now - deps.config.retention.revisionsDailyMs;
    const tooOld = await deleteInBatches(
      deps.sql,
      `DELETE FROM revisions WHERE id IN (
         SELECT id FROM revisions WHERE replaced_at < ${TS('$1')} LIMIT $2)`,
      [Math.min(allCutoff, dailyCutoff)],
    );
    const sameDay = await deleteInBatches(
      deps.sql,
      `DELETE FROM revisions WHERE id IN (
         SELECT r.id FROM revisions r
          WHERE r.replaced_at < ${TS('$1')}
            AND EXISTS (
              SELECT 1 FROM revisions n
               WHERE n.vault_id = r.vault_id AND n.collection = r.collection
                 AND n.document_id = r.document_id
                 AND date_trunc('day', n.replaced_at AT TIME ZONE 'UTC')
                   = date_trunc('day', r.replaced_at AT TIME ZONE 'UTC')
                 AND (n.replaced_at, n.id) > (r.replaced_at, r.id))
          LIMIT $2)`,
      [allCutoff],
    );
    return `deleted ${plural(tooOld, 'revision')} past the daily window, ${plural(sameDay, 'same-day revision')}`;
  },
};

/** O12: audit entries older than AUDIT_RETENTION_DAYS; job runs past the newest 50 and 90 days. */
export const auditRetention: JobDefinition = {
  name: 'audit-retention',
  description: 'Deletes audit entries past their retention, and old job runs.',
  schedule: '27 3 * * *',
  async run(deps, now) {
    const audit = await deleteInBatches(
      deps.sql,
      `DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ${TS('$1')} LIMIT $2)`,
      [now - deps.config.retention.auditMs],
    );
    const runs = await deleteInBatches(
      deps.sql,
      `DELETE FROM job_runs WHERE id IN (
         SELECT id FROM (
           SELECT id, started_at,
                  row_number() OVER (PARTITION BY job ORDER BY started_at DESC, id DESC) AS rank
             FROM job_runs) ranked
          WHERE rank > $2 AND started_at < ${TS('$1')} LIMIT $3)`,
      [now - JOB_RUNS_KEEP_MS, JOB_RUNS_KEEP_LATEST],
    );
    return `deleted ${plural(audit, 'audit entry', 'audit entries')}, ${plural(runs, 'job run')}`;
  },
};
