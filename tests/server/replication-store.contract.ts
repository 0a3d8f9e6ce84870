import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullOutputOf, PushRow, ReplicatedNote } from '../../src-shared/sync/protocol';
import type { ChangeBus, VaultChange } from '../../sync-server/bus/change-bus';
import { migrateUp } from '../../sync-server/db/migrator';
import type { SqlClient, SqlQueryable } from '../../sync-server/db/sql-client';
import type { ReplicationStore } from '../../sync-server/replication/replication-store';
import {
  ANALYZE_AFTER_CREATED,
  createSqlReplicationStore,
  VaultNotFoundError,
  type SqlReplicationStoreOptions,
} from '../../sync-server/replication/sql-replication-store';

/** One database for the whole suite (PGlite takes seconds to create); every test makes its own vault. */
export interface ContractDatabase {
  sql: SqlClient;
  close(): Promise<void>;
}

const T0 = 1_700_000_000_000;

function uniqueId(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

function note(id: string, fields: Partial<ReplicatedNote> = {}): ReplicatedNote {
  return {
    id,
    title: `Title of ${id}`,
    body: `# ${id}\n\nSome text.`,
    tags: ['alpha', 'beta'],
    folder: 'projects/quire',
    createdAt: T0,
    updatedAt: T0,
    trashedAt: 0,
    needsReview: false,
    _deleted: false,
    ...fields,
  };
}

/** Same fields, keys in reverse order: equality must not depend on key order. */
function reversedKeys(document: ReplicatedNote): ReplicatedNote {
  return Object.fromEntries(Object.entries(document).reverse()) as ReplicatedNote;
}

function insert(document: ReplicatedNote): PushRow {
  return { assumedMasterState: null, newDocumentState: document };
}

function update(assumed: ReplicatedNote, next: ReplicatedNote): PushRow {
  return { assumedMasterState: assumed, newDocumentState: next };
}

/** Records what the store announces, in order, tagged by phase. */
function recordingBus(): ChangeBus & {
  announced: { phase: 'inTransaction' | 'afterCommit'; change: VaultChange }[];
} {
  const announced: { phase: 'inTransaction' | 'afterCommit'; change: VaultChange }[] = [];
  return {
    announced,
    announceInTransaction: (_tx, change) => {
      announced.push({ phase: 'inTransaction', change });
      return Promise.resolve();
    },
    afterCommit: (change) => {
      announced.push({ phase: 'afterCommit', change });
      return Promise.resolve();
    },
    subscribe: () => () => undefined,
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/**
 * Wraps a client so a statement inside a transaction can fail or pause: `hook` sees each
 * statement's text before it runs, `after` once it has run.
 */
function interceptTransactions(
  sql: SqlClient,
  hook: (text: string) => Promise<void>,
  after: (text: string) => Promise<void> = () => Promise.resolve(),
): Pick<SqlClient, 'query' | 'transaction'> {
  return {
    query: <Row>(text: string, params?: readonly unknown[]) => sql.query<Row>(text, params),
    transaction: <T>(fn: (tx: SqlQueryable) => Promise<T>) =>
      sql.transaction((tx) =>
        fn({
          query: async <Row>(text: string, params?: readonly unknown[]) => {
            await hook(text);
            const result = await tx.query<Row>(text, params);
            await after(text);
            return result;
          },
        }),
      ),
  };
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

export function describeReplicationStoreContract(label: string, open: () => Promise<ContractDatabase>): void {
  describe(`ReplicationStore contract: ${label}`, () => {
    let database: ContractDatabase;
    let sql: SqlClient;
    let now = T0;
    const clock = { now: () => now };

    beforeAll(async () => {
      database = await open();
      sql = database.sql;
      await migrateUp(sql);
    });
    afterAll(async () => {
      await database?.close();
    });

    /** A user with a vault and two devices, inserted directly. */
    async function createVault() {
      const userId = uniqueId('user');
      const vaultId = uniqueId('vault');
      const deviceA = uniqueId('device');
      const deviceB = uniqueId('device');
      await sql.query(`INSERT INTO users (id, email, password_hash, role) VALUES ($1, $2, 'x', 'member')`, [
        userId,
        `${userId}@example.test`,
      ]);
      for (const deviceId of [deviceA, deviceB]) {
        await sql.query(`INSERT INTO devices (id, user_id, name, token_hash) VALUES ($1, $2, 'device', $3)`, [
          deviceId,
          userId,
          `hash-${deviceId}`,
        ]);
      }
      await sql.query(`INSERT INTO vaults (id, owner_id, name) VALUES ($1, $2, 'Vault')`, [vaultId, userId]);
      return { userId, vaultId, deviceA, deviceB };
    }

    function makeStore(overrides: Partial<SqlReplicationStoreOptions> = {}) {
      const bus = recordingBus();
      const store: ReplicationStore = createSqlReplicationStore({ sql, bus, clock, ...overrides });
      return { store, bus };
    }

    async function pullAll(store: ReplicationStore, vaultId: string, batchSize = 1_000) {
      const documents: ReplicatedNote[] = [];
      let checkpoint: { seq: number } | null = null;
      for (;;) {
        const page: PullOutputOf<'notes'> = await store.pull({
          vaultId,
          collection: 'notes',
          checkpoint,
          batchSize,
        });
        documents.push(...page.documents);
        checkpoint = page.checkpoint;
        if (page.documents.length < batchSize) return { documents, checkpoint };
      }
    }

    async function snapshot(vaultId: string) {
      const documents = await sql.query(
        `SELECT id, data, deleted, seq, size_bytes, device_id FROM documents WHERE vault_id = $1 ORDER BY id`,
        [vaultId],
      );
      const revisions = await sql.query(`SELECT * FROM revisions WHERE vault_id = $1 ORDER BY id`, [vaultId]);
      const vault = await sql.query('SELECT last_seq FROM vaults WHERE id = $1', [vaultId]);
      return { documents: documents.rows, revisions: revisions.rows, vault: vault.rows };
    }

    async function seqsOf(vaultId: string): Promise<Map<string, number>> {
      const result = await sql.query<{ id: string; seq: number }>(
        'SELECT id, seq FROM documents WHERE vault_id = $1',
        [vaultId],
      );
      return new Map(result.rows.map((row) => [row.id, row.seq]));
    }

    it('R2: a pulled document is exactly what was pushed, _deleted included, bookkeeping outside it', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA } = await createVault();
      const written = note('n1', { body: 'Grüße 👋\n---\ntags: [x]\n---', tags: ['x'] });
      await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(written)] });

      const page = await store.pull({ vaultId, collection: 'notes', checkpoint: null, batchSize: 10 });
      expect(page.documents).toEqual([written]);
      const stored = await sql.query<{ data: Record<string, unknown>; deleted: boolean; size_bytes: number }>(
        'SELECT data, deleted, size_bytes FROM documents WHERE vault_id = $1',
        [vaultId],
      );
      expect(stored.rows[0]?.data).not.toHaveProperty('_deleted');
      expect(stored.rows[0]?.deleted).toBe(false);
      const { _deleted, ...fields } = written;
      // size_bytes counts UTF-8 bytes, not UTF-16 code units.
      expect(stored.rows[0]?.size_bytes).toBe(Buffer.byteLength(JSON.stringify(fields), 'utf8'));
      expect(stored.rows[0]?.size_bytes).toBeGreaterThan(JSON.stringify(fields).length);
    });

    it('R4: every write takes the next seq of its vault, and the vault remembers the last one', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA } = await createVault();
      expect(await store.latestSeq(vaultId)).toBe(0);

      const first = await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: [insert(note('a')), insert(note('b')), insert(note('c'))],
      });
      expect(first).toEqual({ conflicts: [], lastSeq: 3 });
      expect(Object.fromEntries(await seqsOf(vaultId))).toEqual({ a: 1, b: 2, c: 3 });

      const second = await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: [update(note('a'), note('a', { title: 'changed' }))],
      });
      expect(second.lastSeq).toBe(4);
      expect((await seqsOf(vaultId)).get('a')).toBe(4);
      expect(await store.latestSeq(vaultId)).toBe(4);
    });

    it('R5: pull pages in seq order, each document at its latest version, with checkpoint and remaining', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA } = await createVault();
      const empty = await store.pull({ vaultId, collection: 'notes', checkpoint: null, batchSize: 2 });
      expect(empty).toEqual({ documents: [], checkpoint: null, remaining: 0 });

      await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: ['a', 'b', 'c', 'd', 'e'].map((id) => insert(note(id))),
      });
      // 'b' rewritten: it moves behind 'e', and only its new version exists.
      await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: [update(note('b'), note('b', { title: 'b v2' }))],
      });

      const first = await store.pull({ vaultId, collection: 'notes', checkpoint: null, batchSize: 2 });
      expect(first.documents.map((d) => d.id)).toEqual(['a', 'c']);
      expect(first.checkpoint).toEqual({ seq: 3 });
      expect(first.remaining).toBe(3);

      const second = await store.pull({
        vaultId,
        collection: 'notes',
        checkpoint: first.checkpoint,
        batchSize: 2,
      });
      expect(second.documents.map((d) => d.id)).toEqual(['d', 'e']);
      expect(second.checkpoint).toEqual({ seq: 5 });
      expect(second.remaining).toBe(1);

      const third = await store.pull({
        vaultId,
        collection: 'notes',
        checkpoint: second.checkpoint,
        batchSize: 2,
      });
      expect(third.documents).toEqual([note('b', { title: 'b v2' })]);
      expect(third.checkpoint).toEqual({ seq: 6 });
      expect(third.remaining).toBe(0);

      const after = await store.pull({
        vaultId,
        collection: 'notes',
        checkpoint: third.checkpoint,
        batchSize: 2,
      });
      expect(after).toEqual({ documents: [], checkpoint: { seq: 6 }, remaining: 0 });
    });

    it('R7: a stale assumedMasterState is a conflict and returns the current master', async () => {
      const { store, bus } = makeStore();
      const { vaultId, deviceA, deviceB } = await createVault();
      const v1 = note('n');
      const v2 = note('n', { title: 'by A', updatedAt: T0 + 1 });
      await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(v1)] });
      await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [update(v1, v2)] });
      const before = await snapshot(vaultId);
      bus.announced.length = 0;

      // B still thinks v1 is the master.
      const result = await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceB,
        rows: [update(v1, note('n', { title: 'by B', updatedAt: T0 + 2 }))],
      });
      expect(result).toEqual({ conflicts: [v2], lastSeq: null });
      expect(await snapshot(vaultId)).toEqual(before);
      expect(bus.announced).toEqual([]);
    });

    it('R7: assumedMasterState null for an existing document is a conflict', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA, deviceB } = await createVault();
      const existing = note('same-id', { title: 'from A' });
      await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(existing)] });
      const result = await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceB,
        rows: [insert(note('same-id', { title: 'from B' }))],
      });
      expect(result.conflicts).toEqual([existing]);
    });

    it('R7: the comparison covers _deleted and ignores key order', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA } = await createVault();
      const live = note('n');
      await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(live)] });

      const assumedDeleted = await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: [update({ ...live, _deleted: true }, note('n', { title: 'x' }))],
      });
      expect(assumedDeleted.conflicts).toEqual([live]);

      const reordered = await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: [update(reversedKeys(live), note('n', { title: 'y' }))],
      });
      expect(reordered).toEqual({ conflicts: [], lastSeq: 2 });
    });

    it('R7: rows are decided one by one; the others of a push are still written', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA, deviceB } = await createVault();
      await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: [insert(note('x')), insert(note('y'))],
      });
      await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: [update(note('x'), note('x', { title: 'A wins' }))],
      });
      const result = await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceB,
        rows: [
          update(note('x'), note('x', { title: 'B loses' })),
          update(note('y'), note('y', { title: 'B writes y' })),
          insert(note('z')),
        ],
      });
      expect(result.conflicts).toEqual([note('x', { title: 'A wins' })]);
      expect(result.lastSeq).toBe(5);
      const { documents } = await pullAll(store, vaultId);
      expect(documents).toEqual([
        note('x', { title: 'A wins' }),
        note('y', { title: 'B writes y' }),
        note('z'),
      ]);
    });

    it('R7: a row assuming a master that does not exist is written (there is no master to return)', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA } = await createVault();
      const result = await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: [update(note('ghost'), note('ghost', { title: 'kept' }))],
      });
      expect(result).toEqual({ conflicts: [], lastSeq: 1 });
      expect((await pullAll(store, vaultId)).documents).toEqual([note('ghost', { title: 'kept' })]);
    });

    it('R8: a retried push neither duplicates, conflicts, takes a seq nor stores a revision', async () => {
      const { store, bus } = makeStore();
      const { vaultId, deviceA } = await createVault();
      const v1 = note('n');
      const v2 = note('n', { title: 'v2', updatedAt: T0 + 1 });

      // Each push's reply is lost, so the device sends it again (jsonb reorders keys meanwhile).
      for (const rows of [[insert(v1), insert(note('m'))], [update(v1, v2)]]) {
        await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows });
        const before = await snapshot(vaultId);
        bus.announced.length = 0;
        const retried = rows.map((row) => ({ ...row, newDocumentState: reversedKeys(row.newDocumentState) }));
        expect(await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: retried })).toEqual({
          conflicts: [],
          lastSeq: null,
        });
        expect(await snapshot(vaultId)).toEqual(before);
        expect(bus.announced).toEqual([]);
      }
      expect((await pullAll(store, vaultId)).documents).toEqual([note('m'), v2]);
    });

    it('R8: a push that is all no-ops but one writes only that one', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA } = await createVault();
      await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(note('a'))] });
      const result = await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: [insert(note('a')), insert(note('b'))],
      });
      expect(result).toEqual({ conflicts: [], lastSeq: 2 });
      expect(Object.fromEntries(await seqsOf(vaultId))).toEqual({ a: 1, b: 2 });
    });

    it('R9: a push whose SQL fails midway writes nothing', async () => {
      const rows = [update(note('a'), note('a', { title: 'lost' })), insert(note('b'))];
      // How many statements this push runs, counted on a vault of the same shape.
      let statements = 0;
      {
        const probe = await createVault();
        const { store: plain } = makeStore();
        await plain.push({
          ...probe,
          collection: 'notes',
          deviceId: probe.deviceA,
          rows: [insert(note('a'))],
        });
        const counting = createSqlReplicationStore({
          sql: interceptTransactions(sql, () => {
            statements += 1;
            return Promise.resolve();
          }),
          bus: recordingBus(),
          clock,
        });
        await counting.push({ ...probe, collection: 'notes', deviceId: probe.deviceA, rows });
        expect(statements).toBeGreaterThan(0);
      }

      const { vaultId, deviceA } = await createVault();
      const { store: plain } = makeStore();
      await plain.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(note('a'))] });
      const before = await snapshot(vaultId);
      // Each statement fails in turn, the earlier ones having succeeded; the last case fails
      // after the last statement ran. Nothing may remain.
      for (let failing = 1; failing <= statements + 1; failing += 1) {
        let seen = 0;
        const injected = (): Promise<void> => Promise.reject(new Error(`injected failure at ${failing}`));
        const bus = recordingBus();
        const store = createSqlReplicationStore({
          sql: interceptTransactions(
            sql,
            () => (++seen === failing ? injected() : Promise.resolve()),
            () => (seen === statements && failing === statements + 1 ? injected() : Promise.resolve()),
          ),
          bus,
          clock,
        });
        await expect(store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows })).rejects.toThrow(
          /injected failure/,
        );
        expect(await snapshot(vaultId)).toEqual(before);
        expect(bus.announced.filter((entry) => entry.phase === 'afterCommit')).toEqual([]);
      }

      // A failure inside the write statement itself (an unknown device breaks a foreign key
      // after the revision and update parts have their rows) leaves nothing either.
      await expect(
        plain.push({ vaultId, collection: 'notes', deviceId: 'no-such-device', rows }),
      ).rejects.toThrow();
      expect(await snapshot(vaultId)).toEqual(before);
    });

    it('R9: a failing announcement inside the transaction rolls the push back', async () => {
      const { vaultId, deviceA } = await createVault();
      const bus: ChangeBus = {
        ...recordingBus(),
        announceInTransaction: () => Promise.reject(new Error('NOTIFY failed')),
      };
      const store = createSqlReplicationStore({ sql, bus, clock });
      const before = await snapshot(vaultId);
      await expect(
        store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(note('a'))] }),
      ).rejects.toThrow('NOTIFY failed');
      expect(await snapshot(vaultId)).toEqual(before);
    });

    it('R9: the store stays usable after a failed push (the transaction was rolled back)', async () => {
      const { vaultId, deviceA } = await createVault();
      const failing = createSqlReplicationStore({
        sql: interceptTransactions(sql, (text) =>
          text.includes('UPDATE vaults') ? Promise.reject(new Error('injected')) : Promise.resolve(),
        ),
        bus: recordingBus(),
        clock,
      });
      await expect(
        failing.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(note('a'))] }),
      ).rejects.toThrow('injected');
      const { store } = makeStore();
      expect(
        await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(note('a'))] }),
      ).toEqual({ conflicts: [], lastSeq: 1 });
    });

    it('R11: a write that replaces a master stores the replaced version with its seq, time and device', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA, deviceB } = await createVault();
      const v1 = note('n', { title: 'v1' });
      const v2 = note('n', { title: 'v2' });
      const v3 = note('n', { title: 'v3', _deleted: true });
      now = T0 + 1_000;
      await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(v1)] });
      expect(await store.listRevisions({ vaultId, collection: 'notes', documentId: 'n', limit: 10 })).toEqual(
        [],
      );
      now = T0 + 2_000;
      await store.push({ vaultId, collection: 'notes', deviceId: deviceB, rows: [update(v1, v2)] });
      now = T0 + 3_000;
      await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [update(v2, v3)] });

      const revisions = await store.listRevisions({
        vaultId,
        collection: 'notes',
        documentId: 'n',
        limit: 10,
      });
      expect(revisions.map(({ revisionId: _id, ...rest }) => rest)).toEqual([
        { documentId: 'n', seq: 2, replacedAt: T0 + 3_000, replacedByDevice: deviceA, document: v2 },
        { documentId: 'n', seq: 1, replacedAt: T0 + 2_000, replacedByDevice: deviceB, document: v1 },
      ]);
      expect(new Set(revisions.map((revision) => revision.revisionId)).size).toBe(2);
      const newest = await store.listRevisions({ vaultId, collection: 'notes', documentId: 'n', limit: 1 });
      expect(newest.map((revision) => revision.seq)).toEqual([2]);

      // Restoring is an ordinary write of the old content; the tombstone becomes a revision too.
      const restored = await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: [update(v3, revisions[1]!.document)],
      });
      expect(restored).toEqual({ conflicts: [], lastSeq: 4 });
      const afterRestore = await store.listRevisions({
        vaultId,
        collection: 'notes',
        documentId: 'n',
        limit: 10,
      });
      expect(afterRestore[0]?.document).toEqual(v3);
      expect((await pullAll(store, vaultId)).documents).toEqual([v1]);
      now = T0;
    });

    it('R11: a removed device leaves its revisions with replacedByDevice null', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA, deviceB } = await createVault();
      await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(note('n'))] });
      await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceB,
        rows: [update(note('n'), note('n', { title: 'B' }))],
      });
      await sql.query('DELETE FROM devices WHERE id = $1', [deviceB]);
      const revisions = await store.listRevisions({
        vaultId,
        collection: 'notes',
        documentId: 'n',
        limit: 10,
      });
      expect(revisions.map((revision) => revision.replacedByDevice)).toEqual([null]);
    });

    it('R12: a delete is a tombstone: the row stays, fields kept, with a new seq every device pulls', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA } = await createVault();
      const live = note('n', { body: 'keep me' });
      await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(live)] });
      const { checkpoint } = await pullAll(store, vaultId);
      const tombstone = { ...live, _deleted: true };
      expect(
        await store.push({
          vaultId,
          collection: 'notes',
          deviceId: deviceA,
          rows: [update(live, tombstone)],
        }),
      ).toEqual({ conflicts: [], lastSeq: 2 });
      const page = await store.pull({ vaultId, collection: 'notes', checkpoint, batchSize: 10 });
      expect(page.documents).toEqual([tombstone]);
      expect(page.checkpoint).toEqual({ seq: 2 });
      const row = await sql.query<{ deleted: boolean; data: { body: string } }>(
        'SELECT deleted, data FROM documents WHERE vault_id = $1 AND id = $2',
        [vaultId, 'n'],
      );
      expect(row.rows).toEqual([{ deleted: true, data: expect.objectContaining({ body: 'keep me' }) }]);
    });

    it('R13: changesSince leaves out the subscriber’s own writes, and its checkpoint still moves past them', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA, deviceB } = await createVault();
      await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(note('a1'))] });
      await store.push({ vaultId, collection: 'notes', deviceId: deviceB, rows: [insert(note('b1'))] });
      await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(note('a2'))] });

      const forA = await store.changesSince({
        vaultId,
        collection: 'notes',
        afterSeq: 0,
        limit: 10,
        excludeDeviceId: deviceA,
      });
      expect(forA).toEqual({ documents: [note('b1')], checkpoint: { seq: 3 } });

      const onlyOwn = await store.changesSince({
        vaultId,
        collection: 'notes',
        afterSeq: 2,
        limit: 10,
        excludeDeviceId: deviceA,
      });
      expect(onlyOwn).toEqual({ documents: [], checkpoint: { seq: 3 } });

      const everything = await store.changesSince({
        vaultId,
        collection: 'notes',
        afterSeq: 0,
        limit: 2,
        excludeDeviceId: null,
      });
      expect(everything).toEqual({ documents: [note('a1'), note('b1')], checkpoint: { seq: 2 } });

      const nothingNew = await store.changesSince({
        vaultId,
        collection: 'notes',
        afterSeq: 3,
        limit: 10,
        excludeDeviceId: deviceB,
      });
      expect(nothingNew).toEqual({ documents: [], checkpoint: { seq: 3 } });

      // A write whose device was since removed (device_id null) is nobody's own write.
      await sql.query('DELETE FROM devices WHERE id = $1', [deviceB]);
      const afterRemoval = await store.changesSince({
        vaultId,
        collection: 'notes',
        afterSeq: 0,
        limit: 10,
        excludeDeviceId: deviceA,
      });
      expect(afterRemoval.documents).toEqual([note('b1')]);
    });

    it('R3/R4: vaults are scoped: two vaults do not see each other and count seqs separately', async () => {
      const { store } = makeStore();
      const one = await createVault();
      const two = await createVault();
      await store.push({
        vaultId: one.vaultId,
        collection: 'notes',
        deviceId: one.deviceA,
        rows: [insert(note('shared-id', { title: 'one' })), insert(note('only-one'))],
      });
      const inTwo = await store.push({
        vaultId: two.vaultId,
        collection: 'notes',
        deviceId: two.deviceA,
        rows: [insert(note('shared-id', { title: 'two' }))],
      });
      // Same id, other vault: a new document there, not a conflict with vault one's.
      expect(inTwo).toEqual({ conflicts: [], lastSeq: 1 });

      expect((await pullAll(store, one.vaultId)).documents).toEqual([
        note('shared-id', { title: 'one' }),
        note('only-one'),
      ]);
      expect((await pullAll(store, two.vaultId)).documents).toEqual([note('shared-id', { title: 'two' })]);
      expect(
        await store.changesSince({
          vaultId: two.vaultId,
          collection: 'notes',
          afterSeq: 0,
          limit: 10,
          excludeDeviceId: null,
        }),
      ).toEqual({ documents: [note('shared-id', { title: 'two' })], checkpoint: { seq: 1 } });
      expect(
        await store.listRevisions({
          vaultId: two.vaultId,
          collection: 'notes',
          documentId: 'only-one',
          limit: 10,
        }),
      ).toEqual([]);
      expect(await store.latestSeq(one.vaultId)).toBe(2);
      expect(await store.latestSeq(two.vaultId)).toBe(1);
    });

    it('a vault that does not exist is refused by every operation with VaultNotFoundError', async () => {
      const { store, bus } = makeStore();
      const { deviceA } = await createVault();
      const vaultId = uniqueId('missing');
      const refusals: (() => Promise<unknown>)[] = [
        () => store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(note('a'))] }),
        () => store.pull({ vaultId, collection: 'notes', checkpoint: null, batchSize: 10 }),
        () =>
          store.changesSince({ vaultId, collection: 'notes', afterSeq: 0, limit: 10, excludeDeviceId: null }),
        () => store.listRevisions({ vaultId, collection: 'notes', documentId: 'a', limit: 10 }),
        () => store.latestSeq(vaultId),
      ];
      for (const refusal of refusals) await expect(refusal()).rejects.toBeInstanceOf(VaultNotFoundError);
      expect(bus.announced).toEqual([]);
    });

    it('R15: a push that writes announces its vault and last seq, in the transaction and after commit', async () => {
      const { store, bus } = makeStore();
      const { vaultId, deviceA } = await createVault();
      await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: [insert(note('a')), insert(note('b'))],
      });
      expect(bus.announced).toEqual([
        { phase: 'inTransaction', change: { vaultId, seq: 2 } },
        { phase: 'afterCommit', change: { vaultId, seq: 2 } },
      ]);
    });

    it('R15: with a NOTIFY bus, the announcement is sent by the push transaction and only if it commits', async () => {
      const { vaultId, deviceA } = await createVault();
      const channel = `quire_test_${randomBytes(4).toString('hex')}`;
      const heard: string[] = [];
      const unlisten = await sql.listen(channel, {
        onNotify: (payload) => heard.push(payload),
        onReconnect: () => undefined,
      });
      try {
        const bus = { ...recordingBus(), notifyChannel: channel };
        const store = createSqlReplicationStore({ sql, bus, clock });
        await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(note('a'))] });
        const failing = createSqlReplicationStore({
          sql: interceptTransactions(
            sql,
            () => Promise.resolve(),
            () => Promise.reject(new Error('injected after the write')),
          ),
          bus,
          clock,
        });
        await expect(
          failing.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(note('b'))] }),
        ).rejects.toThrow('injected after the write');
        await expect.poll(() => heard).toEqual([JSON.stringify({ vaultId, seq: 1 })]);
        // The NOTIFY went out with the write itself, not through announceInTransaction.
        expect(bus.announced).toEqual([{ phase: 'afterCommit', change: { vaultId, seq: 1 } }]);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(heard).toHaveLength(1);
      } finally {
        await unlisten();
      }
    });

    it('R6/R7: a push that waited for the vault compares against what the push before it committed', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA, deviceB } = await createVault();
      await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(note('a'))] });
      const reachedHold = deferred();
      const release = deferred();
      // Push A holds the vault with its update of 'a' written, uncommitted.
      const holding = createSqlReplicationStore({
        sql: interceptTransactions(
          sql,
          () => Promise.resolve(),
          async (text) => {
            if (!text.includes('UPDATE vaults')) return;
            reachedHold.resolve();
            await release.promise;
          },
        ),
        bus: recordingBus(),
        clock,
      });
      const fromA = note('a', { title: 'from A' });
      const pushA = holding.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: [update(note('a'), fromA)],
      });
      await reachedHold.promise;
      // Push B assumed the same old master; it starts while A holds the vault, and must see A's write.
      const pushB = store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceB,
        rows: [update(note('a'), note('a', { title: 'from B' })), insert(note('b'))],
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      release.resolve();
      expect(await pushA).toEqual({ conflicts: [], lastSeq: 2 });
      expect(await pushB).toEqual({ conflicts: [fromA], lastSeq: 3 });
      const pulled = await pullAll(store, vaultId);
      expect(pulled.documents).toEqual([fromA, note('b')]);
    });

    it('planner statistics: the store analyzes `documents` once it has created enough of them, not again soon', async () => {
      const { vaultId, deviceA } = await createVault();
      const statements: string[] = [];
      const store = createSqlReplicationStore({
        sql: {
          query: <Row>(text: string, params?: readonly unknown[]) => {
            statements.push(text);
            return sql.query<Row>(text, params);
          },
          transaction: <T>(fn: (tx: SqlQueryable) => Promise<T>) => sql.transaction(fn),
        },
        bus: recordingBus(),
        clock,
      });
      const inserts = (from: number, count: number) =>
        Array.from({ length: count }, (_, i) => insert(note(`s${from + i}`)));
      const analyzes = () => statements.filter((text) => text === 'ANALYZE documents').length;
      await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: inserts(0, ANALYZE_AFTER_CREATED - 1),
      });
      expect(analyzes()).toBe(0);
      await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: inserts(ANALYZE_AFTER_CREATED, 1),
      });
      expect(analyzes()).toBe(1);
      await expect
        .poll(
          async () =>
            (await sql.query(`SELECT 1 FROM pg_stats WHERE tablename = 'documents' AND attname = 'vault_id'`))
              .rowCount,
        )
        .toBeGreaterThan(0);
      await store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: inserts(2 * ANALYZE_AFTER_CREATED, ANALYZE_AFTER_CREATED),
      });
      expect(analyzes()).toBe(1);
    });

    it('R15: a failing after-commit announcement does not fail the committed push', async () => {
      const { vaultId, deviceA } = await createVault();
      const warnings: string[] = [];
      const store = createSqlReplicationStore({
        sql,
        bus: { ...recordingBus(), afterCommit: () => Promise.reject(new Error('Redis is away')) },
        clock,
        logger: { warn: (_details, message) => warnings.push(message) },
      });
      expect(
        await store.push({ vaultId, collection: 'notes', deviceId: deviceA, rows: [insert(note('a'))] }),
      ).toEqual({ conflicts: [], lastSeq: 1 });
      expect(warnings).toHaveLength(1);
      expect((await pullAll(store, vaultId)).documents).toEqual([note('a')]);
    });

    it('R6: parallel pushes to one vault get strictly increasing, gap-free seqs, one block per push', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA, deviceB } = await createVault();
      const pushes = Array.from({ length: 6 }, (_, p) =>
        store.push({
          vaultId,
          collection: 'notes',
          deviceId: p % 2 === 0 ? deviceA : deviceB,
          rows: Array.from({ length: 25 }, (_, i) => insert(note(`p${p}-n${i}`))),
        }),
      );
      const results = await Promise.all(pushes);
      expect(results.map((result) => result.lastSeq).sort((a, b) => a! - b!)).toEqual([
        25, 50, 75, 100, 125, 150,
      ]);
      const seqs = await seqsOf(vaultId);
      expect([...seqs.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
      results.forEach((result, p) => {
        // Each push's rows hold the 25 seqs ending at its lastSeq, in row order.
        const own = Array.from({ length: 25 }, (_, i) => seqs.get(`p${p}-n${i}`));
        expect(own).toEqual(Array.from({ length: 25 }, (_, i) => result.lastSeq! - 24 + i));
      });
    });

    it('R6: a puller that pulls while one push holds the vault and another waits misses nothing', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA, deviceB } = await createVault();
      const reachedHold = deferred();
      const release = deferred();
      // Push A stops right after it wrote its documents and last seq, uncommitted.
      const holding = createSqlReplicationStore({
        sql: interceptTransactions(
          sql,
          () => Promise.resolve(),
          async (text) => {
            if (!text.includes('UPDATE vaults')) return;
            reachedHold.resolve();
            await release.promise;
          },
        ),
        bus: recordingBus(),
        clock,
      });
      const pushA = holding.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceA,
        rows: ['a1', 'a2', 'a3'].map((id) => insert(note(id))),
      });
      await reachedHold.promise;
      const pushB = store.push({
        vaultId,
        collection: 'notes',
        deviceId: deviceB,
        rows: ['b1', 'b2'].map((id) => insert(note(id))),
      });

      // A pull now sees neither push (PGlite runs it once A is done; PostgreSQL at once).
      const seen: string[] = [];
      const duringHold = store.pull({ vaultId, collection: 'notes', checkpoint: null, batchSize: 100 });
      release.resolve();
      const first = await duringHold;
      seen.push(...first.documents.map((d) => d.id));
      let checkpoint = first.checkpoint;
      const [resultA, resultB] = await Promise.all([pushA, pushB]);
      for (;;) {
        const page = await store.pull({ vaultId, collection: 'notes', checkpoint, batchSize: 1 });
        seen.push(...page.documents.map((d) => d.id));
        checkpoint = page.checkpoint;
        if (page.documents.length === 0) break;
      }

      expect(resultA.lastSeq).toBe(3);
      expect(resultB.lastSeq).toBe(5);
      expect(seen.sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
      expect(checkpoint).toEqual({ seq: 5 });
    });

    it('R6: pulls interleaved with many concurrent pushes collect every document exactly once', async () => {
      const { store } = makeStore();
      const { vaultId, deviceA } = await createVault();
      const total = 8 * 10;
      let pushing = true;
      const pushes = Promise.all(
        Array.from({ length: 8 }, (_, p) =>
          store.push({
            vaultId,
            collection: 'notes',
            deviceId: deviceA,
            rows: Array.from({ length: 10 }, (_, i) => insert(note(`c${p}-${i}`))),
          }),
        ),
      ).finally(() => {
        pushing = false;
      });
      const seen: string[] = [];
      let checkpoint: { seq: number } | null = null;
      // Keep pulling small pages while pushes commit; then once more after they all have.
      for (let drained = false; !drained;) {
        const finished = !pushing;
        const page: PullOutputOf<'notes'> = await store.pull({
          vaultId,
          collection: 'notes',
          checkpoint,
          batchSize: 7,
        });
        seen.push(...page.documents.map((d) => d.id));
        checkpoint = page.checkpoint;
        drained = finished && page.documents.length < 7;
      }
      await pushes;
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      expect(checkpoint).toEqual({ seq: total });
    });
  });
}
