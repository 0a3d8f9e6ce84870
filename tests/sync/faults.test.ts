import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Note } from '../../src-shared/schema/note';
import type { ReplicatedNote } from '../../src-shared/sync/protocol';
import { createTestDatabase, TEST_DATABASE_BASE_URL, type TestDatabase } from '../support/postgres';
import { httpClient, PASSWORD, signUp, syncFields, uniqueEmail } from '../support/sync-server';
import { makeTempDir } from '../support/temp-dir';
import { startDeviceProcess, type DeviceProcess } from './support/device-process';
import type { DeviceState } from './support/device-messages';
import { startLossyRelay } from './support/lossy-relay';
import { byId, canonicalNote } from './support/server-documents';
import {
  newAccount,
  openDevice,
  waitFor,
  waitForConvergence,
  type Device,
  type TestAccount,
} from './support/sync-devices';
import { editNote } from '../support/edit-note';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process';

/**
 * Faults of real processes: the server SIGKILLed mid-push, PostgreSQL dropping the server's
 * connections, a device SIGKILLed mid-pull, two server processes sharing one database.
 */

const REDIS_URL = 'redis://127.0.0.1:6379';
/** Each test takes well under 40 s; the margin is for a machine shared with other runs. */
const TEST_TIMEOUT_MS = 90_000;

function generatedNotes(count: number, prefix: string): Note[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i).padStart(5, '0');
    return {
      id: `${prefix}-${n}`,
      title: `Note ${n}`,
      body: `# Note ${n}\n\n${'Words that make the note a realistic size. '.repeat(6)}\n`,
      tags: [],
      folder: `folder-${i % 5}`,
      createdAt: 1_700_000_000_000 + i,
      updatedAt: 1_700_000_000_000 + i,
      trashedAt: 0,
      needsReview: false,
    };
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('sync under process and connection faults (real server processes, real PostgreSQL)', () => {
  /** Undone in reverse order after each test, whatever happened: devices, then servers, then databases. */
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => console.warn('cleanup failed:', error));
    }
  });

  const database = async (): Promise<TestDatabase> => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    return db;
  };
  const connect = async (url: string): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: url });
    // A terminated connection emits 'error'; the test reads its state through queries instead.
    client.on('error', () => undefined);
    await client.connect();
    cleanups.push(() => client.end());
    return client;
  };
  const server = async (db: TestDatabase, env: Record<string, string> = {}): Promise<SyncServerProcess> => {
    const started = await startSyncServerProcess({ database: { url: db.url }, env });
    cleanups.push(() => started.stop());
    return started;
  };
  const device = async (
    name: string,
    target: SyncServerProcess,
    options: Partial<Parameters<typeof openDevice>[0]> = {},
  ): Promise<Device> => {
    const opened = await openDevice({ name, server: target, ...options });
    cleanups.push(() => opened.dispose());
    return opened;
  };
  const deviceProcess = (name: string): DeviceProcess => {
    const child = startDeviceProcess(name);
    cleanups.push(() => child.close());
    return child;
  };
  /** Two devices of one fresh account, signed in and idle. */
  const pair = async (a: Device, b: Device): Promise<TestAccount> => {
    const account = newAccount();
    await a.signUp(account);
    await b.signIn(account);
    await waitForConvergence([a, b]);
    return account;
  };
  const count = async (sql: pg.Client, query: string, params: unknown[] = []): Promise<number> => {
    const { rows } = await sql.query<{ n: string }>(query, params);
    return Number(rows[0]?.n ?? NaN);
  };
  const bodyOn = async (d: Device, id: string): Promise<string | null> =>
    d.host.services.notes.get(id).then(
      (found) => found.body,
      () => null,
    );

  it(
    'R9: the server killed with SIGKILL mid-push loses and duplicates nothing',
    async () => {
      const NOTES = 3_000;
      const db = await database();
      const srv = await server(db);
      const sql = await connect(db.url);
      // Small pushes, so the kill lands between (or inside) some of many transactions.
      const a = await device('a', srv, { transport: { pushBatchSize: 100 } });
      await a.host.services.notes.importNotes(generatedNotes(NOTES, 'bulk'));
      const account = newAccount();
      await a.signUp(account);

      // Kill as soon as the first pushes have committed.
      const deadline = Date.now() + 30_000;
      while ((await count(sql, 'SELECT count(*) AS n FROM documents')) === 0) {
        if (Date.now() > deadline) throw new Error(`nothing was pushed: ${JSON.stringify(a.status())}`);
        await sleep(2);
      }
      await srv.kill('SIGKILL');
      // PostgreSQL ends the dead server's sessions, rolling back a push that was open.
      await waitFor(
        async () =>
          (await count(
            sql,
            'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
            [db.name],
          )) === 0,
        () => 'the killed server still has database sessions',
      );
      const atKill = await count(sql, 'SELECT count(*) AS n FROM documents');
      expect(atKill).toBeGreaterThan(0);
      expect(atKill).toBeLessThan(NOTES);
      // R9: what did commit is whole: the vault's counter moved exactly as far as its documents.
      expect(await count(sql, 'SELECT last_seq AS n FROM vaults')).toBe(atKill);
      expect(await count(sql, 'SELECT max(seq) AS n FROM documents')).toBe(atKill);

      await srv.start();
      await waitFor(
        async () =>
          a.status().state === 'synced' &&
          a.status().pendingPush === 0 &&
          (await count(sql, 'SELECT count(*) AS n FROM documents')) === NOTES,
        () => `a is ${JSON.stringify(a.status())}\n${srv.log()}`,
        30_000,
      );
      console.log(`R9: ${atKill} of ${NOTES} documents were on the server when it was killed`);

      // Each document once, each written once (R8: the retried push rewrote nothing), equal to a's.
      expect(await count(sql, 'SELECT count(DISTINCT id) AS n FROM documents')).toBe(NOTES);
      expect(await count(sql, 'SELECT count(*) AS n FROM revisions')).toBe(0);
      expect(await count(sql, 'SELECT last_seq AS n FROM vaults')).toBe(NOTES);
      const { rows } = await sql.query<{ data: Omit<ReplicatedNote, '_deleted'>; deleted: boolean }>(
        'SELECT data, deleted FROM documents',
      );
      const stored = rows.map((row) => canonicalNote({ ...row.data, _deleted: row.deleted })).sort(byId);
      expect(stored).toEqual(await a.snapshot());

      const b = await device('b', srv);
      await b.signIn(account);
      const notes = await waitForConvergence([a, b], 30_000);
      expect(notes).toHaveLength(NOTES);
      expect(b.stats().pulledDocuments).toBe(NOTES);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'R14: the server recovers when PostgreSQL drops its connections',
    async () => {
      const db = await database();
      const srv = await server(db);
      const admin = await connect(TEST_DATABASE_BASE_URL);
      const a = await device('a', srv);
      const b = await device('b', srv);
      const account = await pair(a, b);
      const shared = await a.host.services.notes.create({ title: 'Shared', body: 'one\n' });
      await waitForConvergence([a, b]);

      const { rows } = await admin.query<{ pid: number; ended: boolean }>(
        'SELECT pid, pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [db.name],
      );
      const ended = rows.filter((row) => row.ended).map((row) => row.pid);
      // At least the change bus's LISTEN connection; pooled ones too unless they idled out.
      expect(ended.length).toBeGreaterThanOrEqual(1);

      // At once: the push meets dead pooled connections, and the LISTEN may not be back yet
      // (then the bus's reconnect makes the stream RESYNC, and b pulls).
      await editNote(a.host.services.notes, { id: shared.id, body: 'one\ntwo\n' });
      await waitFor(
        async () => (await bodyOn(b, shared.id)) === 'one\ntwo\n',
        () => `b: ${JSON.stringify(b.status())}\nserver: ${srv.log()}`,
      );

      // Once the LISTEN connection is back, edits stream live again (R13).
      await waitFor(
        async () =>
          (await count(
            admin,
            // A new one: a terminated backend can linger in the view for a moment.
            `SELECT count(*) AS n FROM pg_stat_activity
           WHERE datname = $1 AND query ILIKE 'LISTEN%' AND NOT (pid = ANY($2::int[]))`,
            [db.name, ended],
          )) >= 1,
        () => `no LISTEN connection is back:\n${srv.log()}`,
      );
      const streamedBefore = b.stats().streamedDocuments;
      await editNote(a.host.services.notes, { id: shared.id, body: 'one\ntwo\nthree\n' });
      await waitFor(
        async () => (await bodyOn(b, shared.id)) === 'one\ntwo\nthree\n',
        () => `b: ${JSON.stringify(b.status())}`,
      );
      expect(b.stats().streamedDocuments).toBeGreaterThan(streamedBefore);

      // New pushes and pulls: b writes, a reads; a new device pulls the whole vault.
      const fromB = await b.host.services.notes.create({ title: 'From b after the drop', body: 'b\n' });
      const c = await device('c', srv);
      await c.signIn(account);
      const notes = await waitForConvergence([a, b, c]);
      expect(notes.map((n) => n.id).sort()).toEqual([fromB.id, shared.id].sort());

      expect(srv.alive()).toBe(true);
      const health = await fetch(`${srv.url}/healthz`);
      expect(health.status).toBe(200);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'C2: a device killed mid-pull resumes from its checkpoint',
    async () => {
      const NOTES = 5_000;
      const BATCH = 100;
      const KILL_AFTER = 1_500;
      const db = await database();
      const srv = await server(db);
      // The vault, filled over the wire by another device's session.
      const email = uniqueEmail('c2');
      const grant = await signUp(srv.url, email);
      const writer = httpClient(srv.url, grant.token);
      const seeded = generatedNotes(NOTES, 'seed');
      for (let i = 0; i < NOTES; i += 1_000) {
        const rows = seeded
          .slice(i, i + 1_000)
          .map((n) => ({ assumedMasterState: null, newDocumentState: { ...n, _deleted: false } }));
        const { conflicts } = await writer.sync.push.mutate({ ...syncFields(grant.account.vaultId), rows });
        expect(conflicts).toEqual([]);
      }

      const temp = makeTempDir('quire-c2-');
      cleanups.push(() => Promise.resolve(temp.cleanup()));
      const init = {
        type: 'init' as const,
        dataDir: path.join(temp.dir, 'device'),
        // The keychain must outlive the process, or the restarted device would have to sign in again.
        secretsFile: path.join(temp.dir, 'keychain.json'),
        deviceName: 'b',
        pullBatchSize: BATCH,
      };

      const first = deviceProcess('b');
      await first.call(init);
      let pulledBeforeKill = 0;
      const killed = new Promise<void>((resolve, reject) => {
        let killing = false;
        first.onReport(({ stats }) => {
          // The child reports inside its pull handler; it may pull on a little before the kill lands.
          pulledBeforeKill = stats.pulledDocuments;
          if (killing || stats.pulledDocuments < KILL_AFTER) return;
          killing = true;
          first.kill().then(resolve, reject);
        });
      });
      await first.call({ type: 'signIn', serverUrl: srv.url, email, password: PASSWORD });
      await killed;
      expect(pulledBeforeKill).toBeLessThan(NOTES);

      const second = deviceProcess('b (restarted)');
      const resumed = await second.call(init);
      // The account and token survived; what was written before the kill is there.
      expect(resumed.status.account?.email).toBe(email);
      // Counted before the new process could store a pull of its own (and if one raced in, at
      // most what it had pulled by then).
      const kept = resumed.liveNotes - resumed.stats.pulledDocuments;
      expect(kept).toBeGreaterThan(0);
      expect(resumed.liveNotes).toBeLessThan(NOTES);

      let state: DeviceState = resumed;
      await waitFor(
        async () => {
          state = await second.call({ type: 'inspect' });
          return state.status.state === 'synced' && state.liveNotes === NOTES;
        },
        () => `restarted device: ${JSON.stringify(state)}\n${second.log()}`,
        30_000,
      );
      const pulledAfter = state.stats.pulledDocuments;
      console.log(
        `C2: killed after ${pulledBeforeKill}+ pulled, ${kept} of them stored; ` +
          `the restarted device pulled ${pulledAfter} (total ${pulledBeforeKill + pulledAfter} for ${NOTES})`,
      );
      // It resumed from its checkpoint, not from the beginning. RxDB requests the next batch
      // before the last one is stored and writes the checkpoint after the notes, unawaited: what
      // comes down again is what was pulled but not yet stored, plus at most one stored batch
      // whose checkpoint write the kill cut off.
      expect(pulledAfter).toBeLessThan(NOTES);
      expect(pulledAfter).toBeGreaterThanOrEqual(NOTES - resumed.liveNotes);
      expect(pulledAfter).toBeLessThanOrEqual(NOTES - kept + BATCH);
      expect(state.liveNotes).toBe(NOTES);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'M7/R8: a note deleted on another device after its creation or edit lost its push reply stays deleted',
    async () => {
      const db = await database();
      const srv = await server(db);
      const relay = await startLossyRelay(srv);
      cleanups.push(() => relay.close());
      const a = await device('a', srv, { server: relay });
      const b = await device('b', srv);
      await pair(a, b);
      const edited = await a.host.services.notes.create({ title: 'Edited, then deleted', body: 'one\n' });
      await waitForConvergence([a, b]);

      /** a's write reaches the server and commits, its reply never reaches a; b sees it and deletes the note. */
      const loseReplyThenDelete = async (
        write: () => Promise<{ id: string; body: string }>,
      ): Promise<string> => {
        relay.dropReplies();
        const { id, body } = await write();
        await waitFor(
          async () => (await bodyOn(b, id)) === body,
          () => `b never saw a's write of ${id}: ${JSON.stringify(b.status())}`,
        );
        await b.host.services.notes.trash(id);
        await b.host.services.notes.deleteForever(id);
        await waitFor(
          () => b.status().state === 'synced' && b.status().pendingPush === 0,
          () => `b: ${JSON.stringify(b.status())}`,
        );
        // a's link drops and comes back; a retries the push it never heard back from.
        relay.goOffline();
        relay.goOnline();
        await waitForConvergence([a, b]);
        return id;
      };
      const ids = [
        await loseReplyThenDelete(() =>
          editNote(a.host.services.notes, { id: edited.id, body: 'one\ntwo\n' }),
        ),
        await loseReplyThenDelete(() =>
          a.host.services.notes.create({ title: 'Created, then deleted', body: 'new\n' }),
        ),
      ];
      const notes = await waitForConvergence([a, b]);
      // Nobody wrote to the notes after b saw their last versions: b's deletes must stand (M7
      // puts an edit before a delete only when the deleting side had not seen that edit).
      expect(notes.filter((n) => ids.includes(n.id) && !n._deleted).map((n) => n.id)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  for (const bus of ['NOTIFY', 'Redis'] as const) {
    it(
      `R15: two server processes on one database (${bus}): a push to one reaches a stream on the other`,
      async () => {
        const db = await database();
        const env: Record<string, string> = bus === 'Redis' ? { REDIS_URL } : {};
        const one = await server(db, env);
        const two = await server(db, env);
        const a = await device('a', one);
        const b = await device('b', two);
        await pair(a, b);

        const shared = await a.host.services.notes.create({ title: 'Across servers', body: 'one\n' });
        await waitForConvergence([a, b]);
        // Nothing but the stream tells b of a's next write: its only pull is the one the event starts.
        const streamedBefore = b.stats().streamedDocuments;
        await editNote(a.host.services.notes, { id: shared.id, body: 'one\nfrom a via server 1\n' });
        await waitFor(
          async () => (await bodyOn(b, shared.id)) === 'one\nfrom a via server 1\n',
          () => `b: ${JSON.stringify(b.status())}\nserver 1: ${one.log()}\nserver 2: ${two.log()}`,
        );
        expect(b.stats().streamedDocuments).toBeGreaterThan(streamedBefore);

        // And the other way round.
        const streamedOnA = a.stats().streamedDocuments;
        await editNote(b.host.services.notes, {
          id: shared.id,
          body: 'one\nfrom a via server 1\nfrom b via 2\n',
        });
        await waitFor(
          async () => (await bodyOn(a, shared.id)) === 'one\nfrom a via server 1\nfrom b via 2\n',
          () => `a: ${JSON.stringify(a.status())}`,
        );
        expect(a.stats().streamedDocuments).toBeGreaterThan(streamedOnA);
      },
      TEST_TIMEOUT_MS,
    );
  }
});
