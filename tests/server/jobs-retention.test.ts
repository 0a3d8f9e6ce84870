import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { purgeDueUsers } from '../../sync-server/admin/admin-purge';
import { createAuditLog } from '../../sync-server/admin/audit-log';
import { createConsoleSessions } from '../../sync-server/admin/console-sessions';
import { createFsBlobStore } from '../../sync-server/blobs/fs-blob-store';
import type { BlobStore } from '../../sync-server/blobs/blob-store';
import { parseConfig, type SyncServerConfig } from '../../sync-server/config';
import { migrateUp } from '../../sync-server/db/migrator';
import { createPgClient } from '../../sync-server/db/pg-client';
import type { SqlClient } from '../../sync-server/db/sql-client';
import { orphanBlobs, sessionCleanup, userPurge } from '../../sync-server/jobs/cleanup-jobs';
import type { JobDeps } from '../../sync-server/jobs/job-definition';
import { auditRetention, revisionRetention } from '../../sync-server/jobs/retention-jobs';
import { usageSnapshot } from '../../sync-server/jobs/usage-snapshot';
import { createServerLogger } from '../../sync-server/ops/logger';
import { createServerMetrics, type ServerMetrics } from '../../sync-server/ops/metrics';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const DAY = 86_400_000;
/** Noon UTC: "the same UTC day" and "N days ago" stay apart from midnight. */
const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);
const TS = (param: string) => `to_timestamp(${param}::float8 / 1000)`;

let database: TestDatabase;
let sql: SqlClient;
let blobRoot: string;
let blobStore: BlobStore;
let config: SyncServerConfig;
let metrics: ServerMetrics;
let clockNow = NOW;

function deps(): JobDeps {
  const clock = { now: () => clockNow };
  const audit = createAuditLog({
    sql,
    clock,
    onError: (error) => {
      throw error;
    },
  });
  return {
    sql,
    config,
    blobStore,
    metrics,
    consoleSessions: createConsoleSessions({
      sql,
      clock,
      idleMs: config.sessions.adminIdleMs,
      absoluteMs: config.sessions.adminAbsoluteMs,
    }),
    audit,
    logger: createServerLogger('silent'),
    purgeDueUsers: (now) => purgeDueUsers({ sql, blobStore, audit, now }),
  };
}

async function ids(query: string): Promise<string[]> {
  const { rows } = await sql.query<{ id: string | number }>(query);
  return rows.map((row) => String(row.id)).sort();
}

async function user(id: string, options: { purgeAt?: number } = {}): Promise<void> {
  await sql.query(
    `INSERT INTO users (id, email, password_hash, role, purge_at) VALUES ($1, $2, 'x', 'member', $3)`,
    [id, `${id}@example.com`, options.purgeAt === undefined ? null : new Date(options.purgeAt)],
  );
  await sql.query(`INSERT INTO vaults (id, owner_id, name) VALUES ($1, $2, 'Notes')`, [`v-${id}`, id]);
}

let revisionSeq = 0;
/** A revision of `doc` in u1's vault replaced at `at`; returns its id. */
async function revision(doc: string, at: number): Promise<string> {
  revisionSeq += 1;
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO revisions (vault_id, collection, document_id, data, deleted, seq, replaced_at, size_bytes)
     VALUES ('v-u1', 'notes', $1, '{}'::jsonb, false, $2, ${TS('$3')}, 2) RETURNING id`,
    [doc, revisionSeq, at],
  );
  return String(rows[0]!.id);
}

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createPgClient({ connectionString: database.url });
  await migrateUp(sql);
  blobRoot = await mkdtemp(join(tmpdir(), 'quire-jobs-blobs-'));
  blobStore = createFsBlobStore({ root: blobRoot });
  const parsed = parseConfig({
    DATABASE_URL: database.url,
    REVISION_KEEP_ALL_DAYS: '30',
    REVISION_KEEP_DAILY_DAYS: '365',
    AUDIT_RETENTION_DAYS: '90',
    USAGE_SNAPSHOT_MINUTES: '5',
    USAGE_RETENTION_DAYS: '30',
    SESSION_IDLE_DAYS: '90',
    SESSION_MAX_DAYS: '365',
    BLOB_GC_GRACE_HOURS: '1',
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  config = { ...parsed.config, blobs: { ...parsed.config.blobs, kind: 'fs', root: blobRoot } };
});

afterAll(async () => {
  await blobStore?.close();
  await sql?.close();
  await database?.drop();
  if (blobRoot) await rm(blobRoot, { recursive: true, force: true });
});

beforeEach(async () => {
  clockNow = NOW;
  metrics = createServerMetrics({ defaultMetrics: false });
  await sql.query(
    'TRUNCATE users, invites, devices, vaults, documents, revisions, blobs, console_sessions, audit_log, usage_snapshots, job_runs CASCADE',
  );
  await user('u1');
});

describe('revision-retention', () => {
  it('O11: keeps every young revision, the newest per document per UTC day in the daily window, none older', async () => {
    const young = [
      await revision('a', NOW - 1 * DAY),
      await revision('a', NOW - 29 * DAY),
      await revision('a', NOW - 29 * DAY + 60_000),
    ];
    // Day 40: three of note a, one of note b. Only a's last of that day and b's stay.
    const day40 = Date.UTC(2026, 4, 6, 0, 0, 0);
    await revision('a', day40 + 1_000);
    await revision('a', day40 + 3 * 3_600_000);
    const aDay40Newest = await revision('a', day40 + 23 * 3_600_000);
    const bDay40 = await revision('b', day40 + 5 * 3_600_000);
    // Day 41, note a, a single one.
    const aDay41 = await revision('a', day40 + DAY + 10);
    // Past the daily window (365 days): gone whatever else.
    await revision('a', NOW - 366 * DAY);
    await revision('b', NOW - 400 * DAY);
    // Two at the very same instant on a day: the higher id is the newest.
    const tie = NOW - 100 * DAY;
    await revision('c', tie);
    const tieKept = await revision('c', tie);

    const result = await revisionRetention.run(deps(), NOW);

    expect(await ids('SELECT id FROM revisions')).toEqual(
      [...young, aDay40Newest, bDay40, aDay41, tieKept].sort(),
    );
    expect(result).toBe('deleted 2 revisions past the daily window, 3 same-day revisions');
    // A second run finds nothing more to do.
    expect(await revisionRetention.run(deps(), NOW)).toBe(
      'deleted 0 revisions past the daily window, 0 same-day revisions',
    );
  });
});

describe('audit-retention', () => {
  it('O12: deletes audit entries past AUDIT_RETENTION_DAYS and job runs past the newest 50 and 90 days', async () => {
    for (const [action, age] of [
      ['sign_in', 89 * DAY],
      ['sign_up', 91 * DAY],
      ['sign_out', 400 * DAY],
      ['invite_created', 1 * DAY],
    ] as const) {
      await sql.query(`INSERT INTO audit_log (at, action) VALUES (${TS('$1')}, $2)`, [NOW - age, action]);
    }
    // 60 old runs of one job: the newest 50 stay even though all are past 90 days.
    for (let i = 0; i < 60; i++) {
      await sql.query(
        `INSERT INTO job_runs (job, trigger, started_at, finished_at, ok, result)
         VALUES ('orphan-blobs', 'schedule', ${TS('$1')}, ${TS('$1')}, true, 'x')`,
        [NOW - 100 * DAY - i * 60_000],
      );
    }
    // 55 runs of another, the 5 oldest of them recent (less than 90 days): nothing of it goes.
    for (let i = 0; i < 55; i++) {
      await sql.query(
        `INSERT INTO job_runs (job, trigger, started_at, finished_at, ok, result)
         VALUES ('usage-snapshot', 'schedule', ${TS('$1')}, ${TS('$1')}, true, 'x')`,
        [NOW - 10 * DAY - i * 60_000],
      );
    }

    const result = await auditRetention.run(deps(), NOW);

    const { rows } = await sql.query<{ action: string }>('SELECT action FROM audit_log ORDER BY action');
    expect(rows.map((row) => row.action)).toEqual(['invite_created', 'sign_in']);
    const runs = await sql.query<{ job: string; n: number; oldest: number }>(
      `SELECT job, count(*)::int AS n, floor(extract(epoch from min(started_at)) * 1000)::float8 AS oldest
         FROM job_runs GROUP BY job ORDER BY job`,
    );
    expect(runs.rows.map((row) => [row.job, row.n])).toEqual([
      ['orphan-blobs', 50],
      ['usage-snapshot', 55],
    ]);
    // The 50 kept are the newest: the oldest kept is the 50th.
    expect(Number(runs.rows[0]!.oldest)).toBe(NOW - 100 * DAY - 49 * 60_000);
    expect(result).toBe('deleted 2 audit entries, 10 job runs');
  });
});

describe('usage-snapshot', () => {
  it('O9: records totals, devices active since the last snapshot and the activity window; deletes old snapshots', async () => {
    await user('u2');
    await sql.query(
      `INSERT INTO documents (vault_id, collection, id, data, deleted, seq, size_bytes)
       VALUES ('v-u1', 'notes', 'n1', '{}', false, 1, 100), ('v-u1', 'notes', 'n2', '{}', true, 2, 10),
              ('v-u2', 'notes', 'n3', '{}', false, 1, 1000)`,
    );
    await revision('n1', NOW - DAY);
    await sql.query(`INSERT INTO blobs (vault_id, hash, size) VALUES ('v-u2', $1, 5000)`, ['a'.repeat(64)]);
    const device = (id: string, seenAgo: number, revoked = false) =>
      sql.query(
        `INSERT INTO devices (id, user_id, name, token_hash, created_at, last_seen_at, revoked_at)
         VALUES ($1, 'u1', $1, $1, ${TS('$2')}, ${TS('$2')}, ${revoked ? TS('$2') : 'NULL'})`,
        [id, NOW - seenAgo],
      );
    // The previous snapshot was 10 minutes ago; an expired one from 31 days ago goes.
    await sql.query(
      `INSERT INTO usage_snapshots (at, users, documents, bytes, active_devices, pushes, pulls, conflicts)
       VALUES (${TS('$1')}, 0, 0, 0, 0, 0, 0, 0), (${TS('$2')}, 0, 0, 0, 0, 0, 0, 0)`,
      [NOW - 10 * 60_000, NOW - 31 * DAY],
    );
    await device('seen-now', 60_000);
    await device('seen-9-min-ago', 9 * 60_000);
    await device('seen-11-min-ago', 11 * 60_000);
    await device('revoked', 60_000, true);
    for (const ms of [10, 20, 30, 40, 1000]) metrics.observePush(ms, 3, ms === 1000 ? 2 : 0);
    metrics.observePull(5, 7);

    const result = await usageSnapshot.run(deps(), NOW);

    const { rows } = await sql.query<Record<string, unknown>>(
      `SELECT users, documents, bytes, active_devices, pushes, pulls, conflicts, push_p95_ms
         FROM usage_snapshots WHERE at = ${TS('$1')}`,
      [NOW],
    );
    expect(rows).toEqual([
      {
        users: 2,
        documents: 2,
        // 100 + 10 + 1000 (documents) + 2 (revision) + 5000 (blob)
        bytes: 6112,
        active_devices: 2,
        pushes: 5,
        pulls: 1,
        conflicts: 2,
        push_p95_ms: 1000,
      },
    ]);
    expect(
      await ids(`SELECT floor(extract(epoch from at) * 1000)::bigint AS id FROM usage_snapshots`),
    ).toEqual([String(NOW - 10 * 60_000), String(NOW)].sort());
    expect(result).toBe('2 users, 2 documents, 2 active devices, 5 pushes; deleted 1 old snapshot');
    // The window was taken: the next snapshot counts from zero.
    expect(metrics.peekUsageWindow()).toEqual({ pushes: 0, pulls: 0, conflicts: 0, pushP95Ms: null });
  });
});

describe('session-cleanup', () => {
  it('O13: deletes expired console sessions, device sessions ended 30+ days ago, invites expired or used 30+ days ago', async () => {
    const session = (token: string, createdAgo: number, seenAgo: number) =>
      sql.query(
        `INSERT INTO console_sessions (token_hash, user_id, created_at, last_seen_at)
         VALUES ($1, 'u1', ${TS('$2')}, ${TS('$3')})`,
        [token, NOW - createdAgo, NOW - seenAgo],
      );
    await session('fresh', 60_000, 60_000);
    await session('idle', 2 * 3_600_000, 2 * 3_600_000);
    await session('too-old', 13 * 3_600_000, 60_000);
    const device = (id: string, createdAgo: number, seenAgo: number, revokedAgo: number | null) =>
      sql.query(
        `INSERT INTO devices (id, user_id, name, token_hash, created_at, last_seen_at, revoked_at)
         VALUES ($1, 'u1', $1, $1, ${TS('$2')}, ${TS('$3')}, ${revokedAgo === null ? 'NULL' : TS('$4')})`,
        revokedAgo === null
          ? [id, NOW - createdAgo, NOW - seenAgo]
          : [id, NOW - createdAgo, NOW - seenAgo, NOW - revokedAgo],
      );
    await device('live', 10 * DAY, 60_000, null);
    await device('revoked-29-days', 100 * DAY, 29 * DAY, 29 * DAY);
    await device('revoked-31-days', 100 * DAY, 31 * DAY, 31 * DAY);
    await device('idle-119-days', 200 * DAY, 119 * DAY, null);
    await device('idle-121-days', 200 * DAY, 121 * DAY, null);
    await device('created-396-days', 396 * DAY, DAY, null);
    // A document the deleted device wrote keeps its data; only the device link goes.
    await sql.query(
      `INSERT INTO documents (vault_id, collection, id, data, seq, size_bytes, device_id)
       VALUES ('v-u1', 'notes', 'kept', '{"title":"x"}', 1, 10, 'revoked-31-days')`,
    );
    const invite = (code: string, expiresAgo: number, usedAgo: number | null) =>
      sql.query(
        `INSERT INTO invites (code_hash, expires_at, used_at) VALUES ($1, ${TS('$2')}, ${usedAgo === null ? 'NULL' : TS('$3')})`,
        usedAgo === null ? [code, NOW - expiresAgo] : [code, NOW - expiresAgo, NOW - usedAgo],
      );
    await invite('open', -7 * DAY, null);
    await invite('expired-29-days', 29 * DAY, null);
    await invite('expired-31-days', 31 * DAY, null);
    await invite('used-31-days', -7 * DAY, 31 * DAY);
    await invite('used-1-day', -7 * DAY, DAY);

    const result = await sessionCleanup.run(deps(), NOW);

    expect(await ids('SELECT token_hash AS id FROM console_sessions')).toEqual(['fresh']);
    expect(await ids('SELECT id FROM devices')).toEqual(['idle-119-days', 'live', 'revoked-29-days']);
    expect(await ids('SELECT code_hash AS id FROM invites')).toEqual([
      'expired-29-days',
      'open',
      'used-1-day',
    ]);
    const kept = await sql.query<{ device_id: string | null }>(
      `SELECT device_id FROM documents WHERE id = 'kept'`,
    );
    expect(kept.rows).toEqual([{ device_id: null }]);
    expect(result).toBe('deleted 2 console sessions, 3 device sessions, 2 invites');
  });
});

describe('orphan-blobs', () => {
  it('O6: deletes the bytes and row of a blob no live attachment names once past the grace period', async () => {
    const store = async (bytes: string): Promise<string> => {
      const hash = createHash('sha256').update(bytes).digest('hex');
      await blobStore.put('v-u1', hash, Readable.from([Buffer.from(bytes)]), { maxBytes: 1000 });
      return hash;
    };
    const named = await store('named');
    const orphan = await store('orphan');
    const young = await store('young orphan');
    await sql.query(
      `INSERT INTO blobs (vault_id, hash, size, created_at) VALUES
         ('v-u1', $1, 5, ${TS('$4')}), ('v-u1', $2, 6, ${TS('$4')}), ('v-u1', $3, 12, ${TS('$5')})`,
      [named, orphan, young, NOW - 2 * 3_600_000, NOW - 60_000],
    );
    await sql.query(
      `INSERT INTO documents (vault_id, collection, id, data, seq, size_bytes)
       VALUES ('v-u1', 'attachments', 'att', jsonb_build_object('hash', $1::text, 'deletedAt', 0), 1, 10)`,
      [named],
    );

    expect(await orphanBlobs.run(deps(), NOW)).toBe('deleted 1 orphaned blob');
    expect(await ids('SELECT hash AS id FROM blobs')).toEqual([named, young].sort());
    expect(await blobStore.has('v-u1', orphan)).toBe(false);
    expect(await blobStore.has('v-u1', named)).toBe(true);
  });
});

describe('user-purge', () => {
  it('O10: purges users whose purge_at has passed, and only them', async () => {
    await user('due', { purgeAt: NOW - 60_000 });
    await user('later', { purgeAt: NOW + 60_000 });

    expect(await userPurge.run(deps(), NOW)).toBe('purged 1 user');
    expect(await ids('SELECT id FROM users')).toEqual(['later', 'u1']);
    expect(await ids('SELECT id FROM vaults')).toEqual(['v-later', 'v-u1']);
    const audit = await sql.query<{ action: string; target_id: string }>(
      'SELECT action, target_id FROM audit_log',
    );
    expect(audit.rows).toEqual([{ action: 'user_purged', target_id: 'due' }]);
  });
});
