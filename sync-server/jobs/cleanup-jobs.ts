import { collectOrphanBlobs } from '../blobs/gc';
import { deleteInBatches, ENDED_KEEP_MS, plural, TS, type JobDefinition } from './job-definition';

/**
 * O13: console sessions past their idle or absolute expiry; device sessions revoked, or ended by
 * SESSION_IDLE_DAYS / SESSION_MAX_DAYS, more than 30 days ago (their documents and revisions
 * keep the data, with device_id set to NULL); invites expired or used more than 30 days ago.
 */
export const sessionCleanup: JobDefinition = {
  name: 'session-cleanup',
  description: 'Deletes expired console sessions, long-ended device sessions and old invites.',
  schedule: '37 * * * *',
  async run(deps, now) {
    const consoleSessions = await deps.consoleSessions.deleteExpired();
    const ended = now - ENDED_KEEP_MS;
    const { idleMs, absoluteMs } = deps.config.sessions;
    const devices = await deleteInBatches(
      deps.sql,
      `DELETE FROM devices WHERE id IN (
         SELECT id FROM devices
          WHERE revoked_at < ${TS('$1')} OR last_seen_at < ${TS('$2')} OR created_at < ${TS('$3')}
          LIMIT $4)`,
      [ended, ended - idleMs, ended - absoluteMs],
    );
    const invites = await deleteInBatches(
      deps.sql,
      `DELETE FROM invites WHERE code_hash IN (
         SELECT code_hash FROM invites WHERE expires_at < ${TS('$1')} OR used_at < ${TS('$1')} LIMIT $2)`,
      [ended],
    );
    return `deleted ${plural(consoleSessions, 'console session')}, ${plural(devices, 'device session')}, ${plural(invites, 'invite')}`;
  },
};

/** B-rules' garbage collection, on the job schedule: blobs no live attachment names, past the grace period. */
export const orphanBlobs: JobDefinition = {
  name: 'orphan-blobs',
  description: 'Deletes attachment bytes no live attachment refers to (after the grace period).',
  schedule: '47 * * * *',
  async run(deps, now) {
    const removed = await collectOrphanBlobs({
      sql: deps.sql,
      store: deps.blobStore,
      now,
      graceMs: deps.config.blobs.gcGraceMs,
    });
    return `deleted ${plural(removed, 'orphaned blob')}`;
  },
};

/** O10: the data of users whose deletion was scheduled and not cancelled in time. */
export const userPurge: JobDefinition = {
  name: 'user-purge',
  description: 'Purges the data of deleted users once their cancellation window has passed.',
  schedule: '*/5 * * * *',
  async run(deps, now) {
    const purged = await deps.purgeDueUsers(now);
    return `purged ${plural(purged, 'user')}`;
  },
};
