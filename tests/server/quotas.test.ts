import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplicatedNote } from '../../src-shared/sync/protocol';
import { setQuotaDefaults, setUserLimits } from '../../sync-server/quotas/quota-settings';
import { storageBytesUsed } from '../../sync-server/quotas/storage-usage';
import {
  httpClient,
  note,
  reasonOf,
  refusal,
  signUp,
  startTestSyncServer,
  syncFields,
  type TestSyncServer,
} from '../support/sync-server';

/** Quotas on pushes and account.storage (docs/sync-protocol.md Q1–Q7), on PostgreSQL in process. */

const TEST_MS = 60_000;
const HOUR = 60 * 60_000;

/** A note whose body makes it about `bytes` long on the wire. */
function sized(id: string, bytes: number, overrides: Partial<ReplicatedNote> = {}): ReplicatedNote {
  return note(id, { body: 'x'.repeat(bytes), ...overrides });
}

describe('quotas on push', () => {
  let server: TestSyncServer;
  let now = 1_800_000_000_000;
  beforeAll(async () => {
    server = await startTestSyncServer({ clock: { now: () => now } });
  }, TEST_MS);
  afterAll(async () => {
    await server?.close();
  });

  async function user() {
    const grant = await signUp(server.url);
    const client = httpClient(server.url, grant.token);
    const push = (rows: { assumedMasterState: ReplicatedNote | null; newDocumentState: ReplicatedNote }[]) =>
      client.sync.push.mutate({ ...syncFields(grant.account.vaultId), rows });
    const create = (...notes: ReplicatedNote[]) =>
      push(notes.map((newDocumentState) => ({ assumedMasterState: null, newDocumentState })));
    return { grant, client, push, create, userId: grant.account.userId, vaultId: grant.account.vaultId };
  }

  async function counts(vaultId: string) {
    const { rows } = await server.sql.query<{ documents: string; revisions: string; last_seq: string }>(
      `SELECT (SELECT count(*) FROM documents WHERE vault_id = $1) AS documents,
              (SELECT count(*) FROM revisions WHERE vault_id = $1) AS revisions,
              (SELECT last_seq FROM vaults WHERE id = $1) AS last_seq`,
      [vaultId],
    );
    const row = rows[0]!;
    return {
      documents: Number(row.documents),
      revisions: Number(row.revisions),
      lastSeq: Number(row.last_seq),
    };
  }

  /** Q3: the counter the quota reads equals a plain sum of every row. */
  async function summed(vaultId: string): Promise<number> {
    const { rows } = await server.sql.query<{ bytes: string }>(
      `SELECT coalesce((SELECT sum(size_bytes) FROM documents WHERE vault_id = $1), 0)
            + coalesce((SELECT sum(size_bytes) FROM revisions WHERE vault_id = $1), 0)
            + coalesce((SELECT sum(size) FROM blobs WHERE vault_id = $1), 0) AS bytes`,
      [vaultId],
    );
    return Number(rows[0]?.bytes);
  }

  it(
    'Q1, Q4: a push over quota is refused whole with its bytes in data.details, and nothing is written',
    async () => {
      const u = await user();
      await u.create(sized('a', 2_000));
      const used = await storageBytesUsed(server.sql, u.userId);
      expect(used).toBeGreaterThan(2_000);
      await setUserLimits(server.sql, u.userId, { quotaBytes: used + 3_000, maxFileBytes: null });
      const before = await counts(u.vaultId);

      const failure = await refusal(u.create(sized('b', 1_000), sized('c', 1_000), sized('d', 1_500)));
      expect(reasonOf(failure)).toBe('QUOTA_EXCEEDED');
      expect(failure.data?.httpStatus).toBe(413);
      expect(failure.data?.details).toEqual({ usedBytes: used, quotaBytes: used + 3_000 });

      expect(await counts(u.vaultId)).toEqual(before);
      expect(await storageBytesUsed(server.sql, u.userId)).toBe(used);

      // Within the quota, the same kind of push passes.
      await u.create(sized('b', 1_000));
      expect((await counts(u.vaultId)).documents).toBe(2);
    },
    TEST_MS,
  );

  it(
    'Q1, Q3: an edit counts its new row and the revision kept of the old one; revisions.size_bytes is written',
    async () => {
      const u = await user();
      const first = sized('a', 1_000);
      await u.create(first);
      const second = { ...first, body: 'y'.repeat(1_500), updatedAt: first.updatedAt + 1 };
      await u.push([{ assumedMasterState: first, newDocumentState: second }]);

      const { rows } = await server.sql.query<{ size_bytes: number; actual: number }>(
        `SELECT size_bytes, octet_length(data::text) AS actual FROM revisions WHERE vault_id = $1`,
        [u.vaultId],
      );
      expect(rows).toHaveLength(1);
      const { _deleted, ...stored } = first;
      void _deleted;
      expect(rows[0]?.size_bytes).toBe(Buffer.byteLength(JSON.stringify(stored)));
      expect(await storageBytesUsed(server.sql, u.userId)).toBe(await summed(u.vaultId));

      // Another edit adds the new size (the replaced row moves to revisions, kept whole).
      const used = await storageBytesUsed(server.sql, u.userId);
      await setUserLimits(server.sql, u.userId, { quotaBytes: used + 1_000, maxFileBytes: null });
      const third = { ...second, body: 'z'.repeat(1_200), updatedAt: second.updatedAt + 1 };
      const failure = await refusal(u.push([{ assumedMasterState: second, newDocumentState: third }]));
      expect(failure.data?.details).toEqual({ usedBytes: used, quotaBytes: used + 1_000 });
    },
    TEST_MS,
  );

  it(
    'Q2: while over quota, deleting and trashing still pass, and a push that adds nothing passes',
    async () => {
      const u = await user();
      const a = sized('a', 1_000);
      const b = sized('b', 1_000);
      await u.create(a, b);
      await setUserLimits(server.sql, u.userId, { quotaBytes: 100, maxFileBytes: null });

      expect(reasonOf(await refusal(u.create(sized('c', 10))))).toBe('QUOTA_EXCEEDED');
      // The same document again (R8) writes nothing and is no refusal.
      await expect(u.push([{ assumedMasterState: null, newDocumentState: a }])).resolves.toMatchObject({
        conflicts: [],
      });
      const trashed = { ...a, trashedAt: a.updatedAt + 5 };
      const deleted = { ...b, _deleted: true };
      await u.push([
        { assumedMasterState: a, newDocumentState: trashed },
        { assumedMasterState: b, newDocumentState: deleted },
      ]);
      const stored = await server.sql.query<{ id: string; deleted: boolean; trashed: string }>(
        `SELECT id, deleted, data ->> 'trashedAt' AS trashed FROM documents WHERE vault_id = $1 ORDER BY id`,
        [u.vaultId],
      );
      expect(stored.rows).toEqual([
        { id: 'a', deleted: false, trashed: String(a.updatedAt + 5) },
        { id: 'b', deleted: true, trashed: '0' },
      ]);
      // A deletion cannot carry new bytes past the quota: a grown tombstone, or one of a new id.
      const grown = { ...a, _deleted: true, body: 'x'.repeat(5_000) };
      expect(
        reasonOf(await refusal(u.push([{ assumedMasterState: trashed, newDocumentState: grown }]))),
      ).toBe('QUOTA_EXCEEDED');
      expect(reasonOf(await refusal(u.create(sized('ghost', 500, { _deleted: true }))))).toBe(
        'QUOTA_EXCEEDED',
      );
      // An edit of a trashed note is no move to the trash: it counts.
      const edited = { ...trashed, body: 'more'.repeat(100) };
      expect(
        reasonOf(await refusal(u.push([{ assumedMasterState: trashed, newDocumentState: edited }]))),
      ).toBe('QUOTA_EXCEEDED');
    },
    TEST_MS,
  );

  it(
    'Q6: pushes racing for the last bytes of a quota never exceed it together',
    async () => {
      const u = await user();
      await u.create(sized('seed', 100));
      const used = await storageBytesUsed(server.sql, u.userId);
      const one = Buffer.byteLength(JSON.stringify((({ _deleted, ...rest }) => rest)(sized('r00', 1_000))));
      // Room for exactly three of the ten racing notes.
      const quota = used + 3 * one + Math.floor(one / 2);
      await setUserLimits(server.sql, u.userId, { quotaBytes: quota, maxFileBytes: null });
      const clients = Array.from({ length: 10 }, (_, i) =>
        u.create(sized(`r${String(i).padStart(2, '0')}`, 1_000)).then(
          () => 'ok' as const,
          (error: unknown) => reasonOf(error),
        ),
      );
      const outcomes = await Promise.all(clients);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(3);
      expect(outcomes.filter((o) => o === 'QUOTA_EXCEEDED')).toHaveLength(7);
      const after = await storageBytesUsed(server.sql, u.userId);
      expect(after).toBeLessThanOrEqual(quota);
      expect(after).toBe(await summed(u.vaultId));
    },
    TEST_MS,
  );

  it(
    'Q6: racing pushes into two vaults of one user are counted against one quota',
    async () => {
      const u = await user();
      // A second vault of the same user, with a device session of its own.
      await server.sql.query(`INSERT INTO vaults (id, owner_id, name) VALUES ($1, $2, 'second')`, [
        `${u.vaultId}-2`,
        u.userId,
      ]);
      const one = Buffer.byteLength(JSON.stringify((({ _deleted, ...rest }) => rest)(sized('v00', 2_000))));
      await setUserLimits(server.sql, u.userId, { quotaBytes: 4 * one + 10, maxFileBytes: null });
      const pushes = Array.from({ length: 10 }, (_, i) =>
        u.client.sync.push
          .mutate({
            ...syncFields(i % 2 === 0 ? u.vaultId : `${u.vaultId}-2`),
            rows: [
              { assumedMasterState: null, newDocumentState: sized(`v${String(i).padStart(2, '0')}`, 2_000) },
            ],
          })
          .then(
            () => 'ok' as const,
            (error: unknown) => reasonOf(error),
          ),
      );
      const outcomes = await Promise.all(pushes);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(4);
      expect(await storageBytesUsed(server.sql, u.userId)).toBeLessThanOrEqual(4 * one + 10);
    },
    TEST_MS,
  );

  it(
    'Q7: a user’s own quota beats the default; null is unlimited; account.storage reports both',
    async () => {
      const u = await user();
      const other = await user();
      await u.create(sized('a', 500));
      await setQuotaDefaults(server.sql, { now: () => now }, { quotaBytes: 200, maxFileBytes: 1_000 });
      try {
        // The default applies to both…
        expect(reasonOf(await refusal(u.create(sized('b', 10))))).toBe('QUOTA_EXCEEDED');
        expect(reasonOf(await refusal(other.create(sized('b', 500))))).toBe('QUOTA_EXCEEDED');
        const storage = await u.client.account.storage.query();
        expect(storage).toEqual({
          bytesUsed: await storageBytesUsed(server.sql, u.userId),
          quotaBytes: 200,
          maxFileBytes: 1_000,
        });
        // …until one user has a quota of their own.
        await setUserLimits(server.sql, u.userId, { quotaBytes: 1_000_000, maxFileBytes: null });
        await u.create(sized('b', 10));
        expect((await u.client.account.storage.query()).quotaBytes).toBe(1_000_000);
        expect(reasonOf(await refusal(other.create(sized('b', 500))))).toBe('QUOTA_EXCEEDED');
      } finally {
        await setQuotaDefaults(server.sql, { now: () => now }, { quotaBytes: null, maxFileBytes: null });
      }
      // Unlimited: everything passes, and account.storage says so with null.
      await other.create(sized('b', 50_000));
      expect(await other.client.account.storage.query()).toEqual({
        bytesUsed: await storageBytesUsed(server.sql, other.userId),
        quotaBytes: null,
        maxFileBytes: null,
      });
      expect(reasonOf(await refusal(httpClient(server.url).account.storage.query()))).toBe('UNAUTHENTICATED');
    },
    TEST_MS,
  );

  it(
    'Q6: a refused push is audited as quota_refused at most once per user per hour',
    async () => {
      const u = await user();
      await setUserLimits(server.sql, u.userId, { quotaBytes: 10, maxFileBytes: null });
      const entries = async () =>
        (
          await server.sql.query<{ details: Record<string, unknown> }>(
            `SELECT details FROM audit_log WHERE action = 'quota_refused' AND target_id = $1 ORDER BY id`,
            [u.userId],
          )
        ).rows;
      for (let i = 0; i < 3; i += 1) await refusal(u.create(sized(`n${i}`, 100)));
      await expect.poll(async () => (await entries()).length).toBe(1);
      expect((await entries())[0]?.details).toEqual({ kind: 'push', usedBytes: 0, quotaBytes: 10 });

      now += HOUR + 1;
      await refusal(u.create(sized('later', 100)));
      await expect.poll(async () => (await entries()).length).toBe(2);
      await refusal(u.create(sized('later2', 100)));
      // The one within the hour added nothing: after the next hour's entry there are three, not four.
      now += HOUR + 1;
      await refusal(u.create(sized('later3', 100)));
      await expect.poll(async () => (await entries()).length).toBeGreaterThanOrEqual(3);
      expect((await entries()).length).toBe(3);
    },
    TEST_MS,
  );
});
