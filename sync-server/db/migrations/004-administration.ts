import type { Migration } from './migration';
import { storageCounterDown, storageCounterUp } from '../../quotas/storage-counter';

/**
 * What administrators govern and watch: quotas and scheduled purges on users; platform, version
 * and address on devices; the admin console's cookie sessions; server-wide settings (default
 * quotas); the audit log; usage snapshots for the charts; and a record of every background job
 * run. Each new table has a retention rule (sync-server/README.md, "What the server keeps").
 */
export const administrationMigration: Migration = {
  version: 4,
  name: 'administration',
  up: [
    `ALTER TABLE users
       ADD COLUMN quota_bytes bigint CHECK (quota_bytes >= 0),
       ADD COLUMN max_file_bytes bigint CHECK (max_file_bytes >= 0),
       ADD COLUMN last_active_at timestamptz,
       ADD COLUMN purge_at timestamptz,
       ADD COLUMN password_changed_at timestamptz`,
    // What a revision costs against the quota, kept beside it so usage is a sum, not a scan of jsonb.
    `ALTER TABLE revisions ADD COLUMN size_bytes integer NOT NULL DEFAULT 0`,
    `UPDATE revisions SET size_bytes = octet_length(data::text)`,
    // Q3: each vault's stored bytes, kept by triggers, so a quota check does not sum every row.
    ...storageCounterUp,
    `CREATE INDEX users_purge_idx ON users (purge_at) WHERE purge_at IS NOT NULL`,
    `ALTER TABLE devices
       ADD COLUMN platform text,
       ADD COLUMN app_version text,
       ADD COLUMN last_ip text`,
    `CREATE TABLE console_sessions (
      token_hash text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      ip text,
      user_agent text
    )`,
    `CREATE INDEX console_sessions_user_idx ON console_sessions (user_id)`,
    `CREATE TABLE settings (
      key text PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      action text NOT NULL,
      actor_id text,
      actor_email text,
      target_id text,
      target_email text,
      ip text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb
    )`,
    `CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC)`,
    `CREATE TABLE usage_snapshots (
      at timestamptz PRIMARY KEY,
      users integer NOT NULL,
      documents bigint NOT NULL,
      bytes bigint NOT NULL,
      active_devices integer NOT NULL,
      pushes integer NOT NULL,
      pulls integer NOT NULL,
      conflicts integer NOT NULL,
      push_p95_ms real
    )`,
    `CREATE TABLE job_runs (
      id bigserial PRIMARY KEY,
      job text NOT NULL,
      trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
      started_at timestamptz NOT NULL,
      finished_at timestamptz,
      ok boolean,
      result text
    )`,
    `CREATE INDEX job_runs_job_idx ON job_runs (job, started_at DESC)`,
  ],
  down: [
    `DROP TABLE job_runs`,
    `DROP TABLE usage_snapshots`,
    `DROP TABLE audit_log`,
    `DROP TABLE settings`,
    `DROP TABLE console_sessions`,
    `ALTER TABLE devices DROP COLUMN platform, DROP COLUMN app_version, DROP COLUMN last_ip`,
    `DROP INDEX users_purge_idx`,
    ...storageCounterDown,
    `ALTER TABLE revisions DROP COLUMN size_bytes`,
    `ALTER TABLE users
       DROP COLUMN quota_bytes,
       DROP COLUMN max_file_bytes,
       DROP COLUMN last_active_at,
       DROP COLUMN purge_at,
       DROP COLUMN password_changed_at`,
  ],
};
