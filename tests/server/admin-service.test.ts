import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../sync-server/admin/audit-log';
import { createAdminService, OPERATOR, type AdminCaller } from '../../sync-server/admin/admin-service';
import { createConsoleSessions } from '../../sync-server/admin/console-sessions';
import { createAuthService } from '../../sync-server/auth/auth-service';
import { createFsBlobStore } from '../../sync-server/blobs/fs-blob-store';
import { createLocalBus } from '../../sync-server/bus/local-bus';
import { createPgClient } from '../../sync-server/db/pg-client';
import { migrateUp } from '../../sync-server/db/migrator';
import type { SqlClient } from '../../sync-server/db/sql-client';
import { SyncServerError } from '../../sync-server/errors';
import { createSqlReplicationStore } from '../../sync-server/replication/sql-replication-store';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { makeTempDir } from '../support/temp-dir';

/** G2–G8 against the admin service itself, on PostgreSQL, with an injected clock. */

const TEST_MS = 60_000;
const HOUR = 3_600_000;
const PURGE_DELAY_MS = 24 * HOUR;
const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a quite different phrase';
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function reasonOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof SyncServerError) return error.reason;
    throw error;
  }
  throw new Error('expected a refusal, but the call succeeded');
}

describe('admin service', { timeout: TEST_MS }, () => {
  let database: TestDatabase;
  let sql: SqlClient;
  let now = 1_800_000_000_000;
  const clock = { now: () => now };
  let cleanupDir: () => void = () => undefined;
  let blobRoot = '';
  const setup = () => {
    const bus = createLocalBus();
    const audit = createAuditLog({
      sql,
      clock,
      onError: (error) => {
        throw error;
      },
    });
    const consoleSessions = createConsoleSessions({ sql, clock, idleMs: HOUR, absoluteMs: 10 * HOUR });
    const auth = createAuthService({ sql, clock, registration: 'open' });
    const blobStore = createFsBlobStore({ root: blobRoot });
    const store = createSqlReplicationStore({ sql, bus, clock });
    const admin = createAdminService({
      sql,
      clock,
      auth,
      audit,
      bus,
      store,
      consoleSessions,
      blobStore,
      config: { purgeDelayMs: PURGE_DELAY_MS, retention: { auditMs: 90 * 24 * HOUR } },
    });
    return { admin, auth, bus, consoleSessions, blobStore };
  };
  let deps: ReturnType<typeof setup>;
  let boss: AdminCaller;
  let bossId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    sql = createPgClient({ connectionString: database.url });
    await migrateUp(sql);
    ({ dir: blobRoot, cleanup: cleanupDir } = makeTempDir('quire-admin-'));
  }, TEST_MS);
  afterAll(async () => {
    await sql?.close();
    await database?.drop();
    cleanupDir();
  });
  beforeEach(async () => {
    await sql.query('TRUNCATE users, invites, audit_log, settings CASCADE');
    deps = setup();
    const grant = await deps.auth.signUp({
      email: 'boss@example.com',
      password: PASSWORD,
      deviceName: 'desk',
    });
    bossId = grant.account.userId;
    boss = {
      actor: { userId: bossId, email: 'boss@example.com', role: 'admin', via: 'console' },
      ip: '203.0.113.9',
    };
  });

  const member = async (email: string) => {
    now += 1; // the list is in sign-up order
    return deps.auth.signUp({
      email,
      password: PASSWORD,
      deviceName: 'laptop',
      platform: 'linux',
      appVersion: '1.2.3',
    });
  };

  /** The vaults whose streams the service woke (each then re-checks its session, A4). */
  const wokenVaults = (): string[] => {
    const woken: string[] = [];
    deps.bus.subscribe({ onChange: (change) => woken.push(change.vaultId), onReconnect: () => undefined });
    return woken;
  };

  const auditRows = async () =>
    (
      await sql.query<{
        action: string;
        actor_email: string | null;
        target_email: string | null;
        ip: string | null;
        details: Record<string, unknown>;
      }>('SELECT action, actor_email, target_email, ip, details FROM audit_log ORDER BY id')
    ).rows;

  it('G1: lists users with notes, bytes, quota, devices and last activity; searches and pages', async () => {
    const ann = await member('ann@example.com');
    await member('bob@example.com');
    const vault = ann.account.vaultId;
    await sql.query(
      `INSERT INTO documents (vault_id, collection, id, data, deleted, seq, size_bytes) VALUES
        ($1, 'notes', 'n1', '{}', false, 1, 100), ($1, 'notes', 'n2', '{}', true, 2, 50),
        ($1, 'attachments', 'a1', '{}', false, 3, 40)`,
      [vault],
    );
    await deps.admin.setQuotaDefaults(boss, { quotaBytes: 1_000_000, maxFileBytes: null });
    now += 2 * HOUR;
    await deps.auth.authenticate(ann.token, { ip: '198.51.100.7' });

    const all = await deps.admin.listUsers('', 0, 50);
    expect(all.total).toBe(3);
    expect(all.users.map((user) => user.email)).toEqual([
      'boss@example.com',
      'ann@example.com',
      'bob@example.com',
    ]);
    const annRow = all.users[1]!;
    expect(annRow).toMatchObject({
      role: 'member',
      disabled: false,
      noteCount: 1,
      bytesUsed: 190,
      quotaBytes: 1_000_000,
      quotaIsCustom: false,
      deviceCount: 1,
      lastActiveAt: now,
      purgeAt: null,
    });
    const devices = await deps.admin.listDevices(annRow.userId);
    expect(devices).toEqual([
      expect.objectContaining({
        name: 'laptop',
        platform: 'linux',
        appVersion: '1.2.3',
        lastIp: '198.51.100.7',
        revokedAt: null,
      }),
    ]);

    const searched = await deps.admin.listUsers('BOB', 0, 50);
    expect(searched.users.map((user) => user.email)).toEqual(['bob@example.com']);
    expect((await deps.admin.listUsers('%', 0, 50)).total).toBe(0);
    const paged = await deps.admin.listUsers('', 1, 1);
    expect(paged).toMatchObject({ total: 3, users: [{ email: 'ann@example.com' }] });
    expect(await reasonOf(deps.admin.getUser('no-such-user'))).toBe('USER_NOT_FOUND');
    expect(await reasonOf(deps.admin.listDevices('no-such-user'))).toBe('USER_NOT_FOUND');
  });

  it('G7, G8: creates users with allowed passwords only, and never audits the password', async () => {
    expect(await reasonOf(deps.admin.createUser(boss, 'new@example.com', 'password', 'member'))).toBe(
      'WEAK_PASSWORD',
    );
    const created = await deps.admin.createUser(boss, 'new@example.com', NEW_PASSWORD, 'admin');
    expect(created).toMatchObject({
      email: 'new@example.com',
      role: 'admin',
      deviceCount: 0,
      lastActiveAt: null,
    });
    expect(await reasonOf(deps.admin.createUser(boss, 'new@example.com', NEW_PASSWORD, 'member'))).toBe(
      'EMAIL_TAKEN',
    );
    const signedIn = await deps.auth.signIn({
      email: 'new@example.com',
      password: NEW_PASSWORD,
      deviceName: 'x',
    });
    expect(signedIn.account.vaultId).toBeTruthy();
    const rows = await auditRows();
    expect(rows.at(-1)).toMatchObject({
      action: 'user_created',
      actor_email: 'boss@example.com',
      target_email: 'new@example.com',
      ip: '203.0.113.9',
      details: { role: 'admin', via: 'console' },
    });
    expect(JSON.stringify(rows)).not.toContain(NEW_PASSWORD);
  });

  it('G2: refuses to disable, demote or delete the last enabled admin', async () => {
    expect(await reasonOf(deps.admin.setDisabled(boss, bossId, true))).toBe('LAST_ADMIN');
    expect(await reasonOf(deps.admin.setRole(boss, bossId, 'member'))).toBe('LAST_ADMIN');
    expect(await reasonOf(deps.admin.scheduleDeletion(boss, bossId))).toBe('LAST_ADMIN');
    const other = await member('second@example.com');
    await deps.admin.setRole(OPERATOR, other.account.userId, 'admin');
    // Two admins at once demoting each other: one of them must remain.
    const results = await Promise.allSettled([
      deps.admin.setRole(boss, other.account.userId, 'member'),
      deps.admin.setRole(boss, bossId, 'member'),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const admins = await sql.query("SELECT 1 FROM users WHERE role = 'admin' AND disabled_at IS NULL");
    expect(admins.rowCount).toBe(1);
    expect(await reasonOf(deps.admin.setRole(boss, 'no-such-user', 'member'))).toBe('USER_NOT_FOUND');
  });

  it('G3: a disabled user cannot sign in (ACCOUNT_DISABLED only with the right password) and their sessions stop', async () => {
    const ann = await member('ann@example.com');
    const woken = wokenVaults();
    const disabled = await deps.admin.setDisabled(boss, ann.account.userId, true);
    expect(disabled.disabled).toBe(true);
    expect(woken).toContain(ann.account.vaultId);
    expect(await deps.auth.authenticate(ann.token)).toBeNull();
    const attempt = (password: string) =>
      reasonOf(deps.auth.signIn({ email: 'ann@example.com', password, deviceName: 'x' }));
    expect(await attempt('wrong password here')).toBe('BAD_CREDENTIALS');
    expect(await attempt(PASSWORD)).toBe('ACCOUNT_DISABLED');
    await deps.admin.setDisabled(boss, ann.account.userId, false);
    // Enabling restores the devices' sessions: disabling revoked nothing.
    expect(await deps.auth.authenticate(ann.token)).not.toBeNull();
    expect((await auditRows()).map((row) => row.action)).toEqual(['user_disabled', 'user_enabled']);
  });

  it('G4: a password reset revokes every device and console session of the user', async () => {
    const ann = await member('ann@example.com');
    const phone = await deps.auth.signIn({
      email: 'ann@example.com',
      password: PASSWORD,
      deviceName: 'phone',
    });
    await deps.admin.setRole(boss, ann.account.userId, 'admin');
    const cookie = await deps.consoleSessions.create(ann.account.userId, { ip: null, userAgent: null });
    expect(await deps.consoleSessions.authenticate(cookie)).not.toBeNull();
    now += 1000;
    const woken = wokenVaults();
    await deps.admin.resetPassword(boss, ann.account.userId, NEW_PASSWORD);
    expect(woken).toEqual([ann.account.vaultId]);
    expect(await deps.auth.authenticate(ann.token)).toBeNull();
    expect(await deps.auth.authenticate(phone.token)).toBeNull();
    expect(await deps.consoleSessions.authenticate(cookie)).toBeNull();
    const { rows } = await sql.query<{ changed: number }>(
      'SELECT floor(extract(epoch from password_changed_at) * 1000)::float8 AS changed FROM users WHERE id = $1',
      [ann.account.userId],
    );
    expect(rows[0]?.changed).toBe(now);
    expect(
      await reasonOf(deps.auth.signIn({ email: 'ann@example.com', password: PASSWORD, deviceName: 'x' })),
    ).toBe('BAD_CREDENTIALS');
    await deps.auth.signIn({ email: 'ann@example.com', password: NEW_PASSWORD, deviceName: 'x' });
    const entry = (await auditRows()).find((row) => row.action === 'password_reset');
    expect(entry?.details).toMatchObject({ devicesRevoked: 2 });
    expect(JSON.stringify(await auditRows())).not.toContain(NEW_PASSWORD);
    expect(await reasonOf(deps.admin.resetPassword(boss, ann.account.userId, 'password'))).toBe(
      'WEAK_PASSWORD',
    );
  });

  it('G5: deletion is scheduled (the user disabled at once) and cancellable until the purge', async () => {
    const ann = await member('ann@example.com');
    const woken = wokenVaults();
    const scheduled = await deps.admin.scheduleDeletion(boss, ann.account.userId);
    expect(woken).toEqual([ann.account.vaultId]);
    expect(scheduled).toEqual({ userId: ann.account.userId, purgeAt: now + PURGE_DELAY_MS });
    expect(await deps.auth.authenticate(ann.token)).toBeNull();
    expect(
      await reasonOf(deps.auth.signIn({ email: 'ann@example.com', password: PASSWORD, deviceName: 'x' })),
    ).toBe('ACCOUNT_DISABLED');
    // Enabling alone would let a user marked for deletion sign in: the cancel is the way back.
    expect(await reasonOf(deps.admin.setDisabled(boss, ann.account.userId, false))).toBe('INVALID_REQUEST');
    const restored = await deps.admin.cancelDeletion(boss, ann.account.userId);
    expect(restored).toMatchObject({ purgeAt: null, disabled: false });
    expect(await deps.auth.authenticate(ann.token)).not.toBeNull();
    expect(await reasonOf(deps.admin.cancelDeletion(boss, ann.account.userId))).toBe('INVALID_REQUEST');
    now += 2 * PURGE_DELAY_MS;
    expect(await deps.admin.purgeDueUsers(now)).toBe(0);
    expect((await deps.admin.getUser(ann.account.userId)).email).toBe('ann@example.com');
  });

  it('G6: the purge removes documents, revisions, blob rows and bytes, then the user; not before it is due', async () => {
    const ann = await member('ann@example.com');
    const bob = await member('bob@example.com');
    const bytes = Buffer.from('the same attachment in two vaults');
    const hash = sha(bytes);
    for (const vault of [ann.account.vaultId, bob.account.vaultId]) {
      await deps.blobStore.put(vault, hash, Readable.from([bytes]), { maxBytes: 1_000 });
      await sql.query('INSERT INTO blobs (vault_id, hash, size) VALUES ($1, $2, $3)', [
        vault,
        hash,
        bytes.length,
      ]);
    }
    // Bytes whose row never landed (an upload cut off before its record) go too.
    const stray = Buffer.from('uploaded, never recorded');
    await deps.blobStore.put(ann.account.vaultId, sha(stray), Readable.from([stray]), { maxBytes: 1_000 });
    await sql.query(
      `INSERT INTO documents (vault_id, collection, id, data, deleted, seq, size_bytes) VALUES ($1, 'notes', 'n1', '{}', false, 1, 10)`,
      [ann.account.vaultId],
    );
    await sql.query(
      `INSERT INTO revisions (vault_id, collection, document_id, data, deleted, seq, size_bytes) VALUES ($1, 'notes', 'n1', '{}', false, 1, 10)`,
      [ann.account.vaultId],
    );
    const { purgeAt } = await deps.admin.scheduleDeletion(boss, ann.account.userId);
    expect(await deps.admin.purgeDueUsers(purgeAt - 1)).toBe(0);
    expect(await deps.blobStore.has(ann.account.vaultId, hash)).toBe(true);

    expect(await deps.admin.purgeDueUsers(purgeAt)).toBe(1);
    expect(await reasonOf(deps.admin.getUser(ann.account.userId))).toBe('USER_NOT_FOUND');
    for (const table of ['documents', 'revisions', 'blobs']) {
      const left = await sql.query(`SELECT 1 FROM ${table} WHERE vault_id = $1`, [ann.account.vaultId]);
      expect(left.rowCount, table).toBe(0);
    }
    expect(await deps.blobStore.has(ann.account.vaultId, hash)).toBe(false);
    expect(await deps.blobStore.has(ann.account.vaultId, sha(stray))).toBe(false);
    // Another vault's copy of the same bytes is its own, and stays.
    expect(await deps.blobStore.has(bob.account.vaultId, hash)).toBe(true);
    expect((await sql.query('SELECT 1 FROM devices WHERE user_id = $1', [ann.account.userId])).rowCount).toBe(
      0,
    );
    const purged = (await auditRows()).find((row) => row.action === 'user_purged');
    expect(purged).toMatchObject({
      target_email: 'ann@example.com',
      details: { documents: 1, revisions: 1, blobs: 2 },
    });
  });

  it('G3, G7: revokes a device (DEVICE_NOT_FOUND for an unknown one) and audits it once', async () => {
    const ann = await member('ann@example.com');
    const woken = wokenVaults();
    await deps.admin.revokeDevice(boss, ann.account.deviceId);
    await deps.admin.revokeDevice(boss, ann.account.deviceId);
    expect(woken).toEqual([ann.account.vaultId]);
    expect(await deps.auth.authenticate(ann.token)).toBeNull();
    expect((await deps.admin.listDevices(ann.account.userId))[0]?.revokedAt).toBe(now);
    expect(await reasonOf(deps.admin.revokeDevice(boss, 'no-such-device'))).toBe('DEVICE_NOT_FOUND');
    const revokes = (await auditRows()).filter((row) => row.action === 'device_revoked');
    expect(revokes).toEqual([
      expect.objectContaining({
        target_email: 'ann@example.com',
        details: expect.objectContaining({ deviceName: 'laptop', by: 'admin' }),
      }),
    ]);
  });

  it('G7, G8: creates, lists and revokes invites by the first 12 hex digits of their hash', async () => {
    const invite = await deps.admin.createInvite(boss, { email: 'friend@example.com', expiresInHours: 2 });
    expect(invite.inviteId).toBe(sha(Buffer.from(invite.code)).slice(0, 12));
    expect(invite.expiresAt).toBe(now + 2 * HOUR);
    const listed = await deps.admin.listInvites();
    expect(listed).toEqual([
      expect.objectContaining({
        inviteId: invite.inviteId,
        code: null,
        email: 'friend@example.com',
        usedAt: null,
      }),
    ]);
    await deps.admin.revokeInvite(boss, invite.inviteId);
    expect(await deps.admin.listInvites()).toEqual([]);
    expect(await reasonOf(deps.admin.revokeInvite(boss, invite.inviteId))).toBe('INVITE_INVALID');
    const rows = await auditRows();
    expect(rows.map((row) => row.action)).toEqual(['invite_created', 'invite_revoked']);
    expect(JSON.stringify(rows)).not.toContain(invite.code);
  });

  it('G7: sets default and per-user quotas, auditing old and new values', async () => {
    const ann = await member('ann@example.com');
    await deps.admin.setQuotaDefaults(boss, { quotaBytes: 1e9, maxFileBytes: 1e8 });
    expect(await deps.admin.quotaDefaults()).toEqual({ quotaBytes: 1e9, maxFileBytes: 1e8 });
    const custom = await deps.admin.setUserQuota(boss, ann.account.userId, {
      quotaBytes: 5e9,
      maxFileBytes: null,
    });
    expect(custom).toMatchObject({
      quotaBytes: 5e9,
      quotaIsCustom: true,
      maxFileBytes: 1e8,
      maxFileIsCustom: false,
    });
    const cleared = await deps.admin.setUserQuota(boss, ann.account.userId, {
      quotaBytes: null,
      maxFileBytes: null,
    });
    expect(cleared).toMatchObject({ quotaBytes: 1e9, quotaIsCustom: false });
    expect(await reasonOf(deps.admin.setUserQuota(boss, 'nobody', { quotaBytes: 1, maxFileBytes: 1 }))).toBe(
      'USER_NOT_FOUND',
    );
    const rows = (await auditRows()).filter((row) => row.action.includes('quota'));
    expect(rows.map((row) => [row.action, row.details])).toEqual([
      [
        'default_quota_changed',
        {
          via: 'console',
          oldQuotaBytes: null,
          newQuotaBytes: 1e9,
          oldMaxFileBytes: null,
          newMaxFileBytes: 1e8,
        },
      ],
      [
        'quota_changed',
        {
          via: 'console',
          oldQuotaBytes: null,
          newQuotaBytes: 5e9,
          oldMaxFileBytes: null,
          newMaxFileBytes: null,
        },
      ],
      [
        'quota_changed',
        {
          via: 'console',
          oldQuotaBytes: 5e9,
          newQuotaBytes: null,
          oldMaxFileBytes: null,
          newMaxFileBytes: null,
        },
      ],
    ]);
  });

  it('G8: lists the audit log newest first, searched, filtered by action and paged', async () => {
    const ann = await member('ann@example.com');
    now += 1;
    await deps.admin.setDisabled(boss, ann.account.userId, true);
    now += 1;
    await deps.admin.setDisabled(OPERATOR, ann.account.userId, false);
    const page = await deps.admin.listAudit({ query: '', offset: 0, limit: 50 });
    expect(page.retentionDays).toBe(90);
    expect(page.entries.map((entry) => entry.action)).toEqual(['user_enabled', 'user_disabled']);
    expect(page.entries[0]).toMatchObject({
      actorEmail: null,
      targetEmail: 'ann@example.com',
      details: { via: 'cli' },
    });
    expect(page.entries[1]).toMatchObject({ actorEmail: 'boss@example.com', ip: '203.0.113.9' });
    expect((await deps.admin.listAudit({ query: '203.0.113', offset: 0, limit: 50 })).total).toBe(1);
    expect(
      (await deps.admin.listAudit({ query: '', action: 'user_enabled', offset: 0, limit: 50 })).total,
    ).toBe(1);
    expect(
      (await deps.admin.listAudit({ query: '', offset: 1, limit: 1 })).entries.map((e) => e.action),
    ).toEqual(['user_disabled']);
  });
});
