import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { openQuireDatabase, type QuireDatabase } from '../../src-main/db/database';
import { createMemorySettingsStore } from '../../src-main/settings/settings-store';
import { startNoteReplication, type NoteReplication } from '../../src-main/sync/note-replication';
import type { ReplicationServer } from '../../src-main/sync/server-connection';
import { createSetAsideStore, unsendableReason } from '../../src-main/sync/set-aside';
import type { PushOutput, PushRow, ReplicatedNote } from '../../src-shared/sync/protocol';
import { waitFor } from './support/sync-devices';

const note = (id: string, patch: Partial<ReplicatedNote> = {}): ReplicatedNote => ({
  id,
  title: id,
  body: `# ${id}\n`,
  tags: [],
  folder: '',
  createdAt: 1,
  updatedAt: 1,
  trashedAt: 0,
  needsReview: false,
  _deleted: false,
  ...patch,
});

describe('R10, R16: the device sets aside what the server cannot accept', () => {
  it('R16: a note with a lone surrogate or NUL cannot be sent; a well-formed one can', () => {
    expect(unsendableReason(note('ok', { body: 'emoji 😀 whole' }))).toBeNull();
    expect(unsendableReason(note('half', { body: 'half \ud83d' }))).toBe('INVALID_DOCUMENT');
    expect(unsendableReason(note('nul', { title: 'a\u0000b' }))).toBe('INVALID_DOCUMENT');
  });

  it('R10: entries list newest first, persist per replication, and swap a set-aside assumed master', () => {
    const settings = createMemorySettingsStore();
    let now = 100;
    const clock = { now: () => (now += 1) };
    const store = createSetAsideStore({ scope: 'server A vault 1', settings, clock });
    const serverHad = note('b', { body: 'what the server has' });
    store.add([
      { note: note('a', { updatedAt: 5 }), reason: 'INVALID_DOCUMENT', serverState: null },
      { note: note('b', { updatedAt: 7 }), reason: 'DOCUMENT_TOO_LARGE', serverState: serverHad },
    ]);
    expect(store.snapshot()).toEqual({
      notes: [
        { id: 'b', reason: 'DOCUMENT_TOO_LARGE' },
        { id: 'a', reason: 'INVALID_DOCUMENT' },
      ],
      count: 2,
    });
    // RxDB assumes the rejected version was pushed; the row must assume what the server holds.
    expect(store.assumedMasterFor(note('b', { updatedAt: 7 }))).toEqual(serverHad);
    expect(store.assumedMasterFor(note('a', { updatedAt: 5 }))).toBeNull();
    expect(store.assumedMasterFor(note('c', { updatedAt: 5 }))).toEqual(note('c', { updatedAt: 5 }));
    // A version the server cannot hold is never assumed, entry or not.
    expect(store.assumedMasterFor(note('d', { body: '\udc00' }))).toBeNull();

    // After a restart the entries are back (the server's states are not: null is the safe guess).
    const reopened = createSetAsideStore({ scope: 'server A vault 1', settings, clock });
    expect(reopened.snapshot().count).toBe(2);
    expect(reopened.assumedMasterFor(note('b', { updatedAt: 7 }))).toBeNull();
    expect(createSetAsideStore({ scope: 'server B vault 1', settings, clock }).snapshot().count).toBe(0);

    reopened.release(['a', 'b']);
    expect(reopened.snapshot()).toEqual({ notes: [], count: 0 });
    expect(settings.get('syncSetAside')).toBeUndefined();
  });

  describe('in the replication, against a server that rejects one note', () => {
    let db: QuireDatabase | null = null;
    let replication: NoteReplication | null = null;
    afterEach(async () => {
      await replication?.cancel();
      await db?.close();
      replication = null;
      db = null;
    });

    it('R10: a rejected row is set aside, not retried, and pushed again, assuming what the server holds, once it changes', async () => {
      db = await openQuireDatabase({ name: `set-aside-${Math.random()}`, storage: getRxStorageMemory() });
      const pushes: PushRow[][] = [];
      let rejectBig = true;
      const server: ReplicationServer = {
        hello: () => Promise.reject(new Error('not used')),
        pull: ({ checkpoint }) => Promise.resolve({ documents: [], checkpoint, remaining: 0 }),
        push(rows): Promise<PushOutput> {
          pushes.push(rows);
          // Rejected by the server alone (the device cannot tell): as a newer server would.
          const rejected = rows
            .filter((row) => rejectBig && row.newDocumentState.id === 'big')
            .map((row) => ({ id: row.newDocumentState.id, reason: 'DOCUMENT_TOO_LARGE' as const }));
          return Promise.resolve({ conflicts: [], rejected });
        },
        stream: () => () => undefined,
        connected: () => true,
        close: () => Promise.resolve(),
      };
      const setAside = createSetAsideStore({
        scope: 'test',
        settings: createMemorySettingsStore(),
        clock: { now: () => 1 },
      });
      const reported: string[] = [];
      for (const id of ['one', 'big', 'two']) {
        const { _deleted, ...fields } = note(id);
        await db.notes.insert(fields);
      }
      replication = startNoteReplication({
        collection: db.notes,
        serverUrl: 'http://test',
        vaultId: 'v',
        server,
        pullBatchSize: 100,
        pushBatchSize: 100,
        retryTimeMs: 20,
        clock: { now: () => Date.now() },
        setAside,
        onPulled: () => undefined,
        onPushStarted: () => undefined,
        onPushFinished: () => undefined,
        onSetAside: (rejected) => reported.push(...rejected.map(({ id, reason }) => `${id} ${reason}`)),
        onHandlerError: (error) => {
          throw error;
        },
      });
      await replication.state.awaitInitialReplication();
      await waitFor(
        () => setAside.has('big'),
        () => JSON.stringify(setAside.snapshot()),
      );
      expect(pushes).toHaveLength(1);
      expect(pushes[0]!.map((row) => row.newDocumentState.id).sort()).toEqual(['big', 'one', 'two']);
      expect(setAside.snapshot()).toEqual({ notes: [{ id: 'big', reason: 'DOCUMENT_TOO_LARGE' }], count: 1 });
      expect(reported).toEqual(['big DOCUMENT_TOO_LARGE']);

      // No retry loop: many retry periods later (and after a resync), nothing was pushed again.
      replication.resync();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await replication.state.awaitInSync();
      expect(pushes).toHaveLength(1);
      expect(await replication.countPendingPush()).toBe(0);

      // The user changes the note: it is pushed again, assuming the server has nothing (it never
      // had the rejected version), and leaves the list once the server takes it.
      rejectBig = false;
      const doc = await db.notes.findOne('big').exec();
      await doc!.incrementalPatch({ body: 'smaller now', updatedAt: 2 });
      await waitFor(
        () => !setAside.has('big'),
        () => JSON.stringify(setAside.snapshot()),
      );
      expect(pushes).toHaveLength(2);
      expect(pushes[1]).toEqual([
        { assumedMasterState: null, newDocumentState: note('big', { body: 'smaller now', updatedAt: 2 }) },
      ]);
    });
  });
});
