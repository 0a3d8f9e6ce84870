import { afterEach, describe, expect, it } from 'vitest';
import { Subject } from 'rxjs';
import {
  addRxPlugin,
  createRxDatabase,
  type RxCollection,
  type RxDatabase,
  type RxReplicationPullStreamItem,
  type RxReplicationWriteToMasterRow,
  type WithDeleted,
} from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createNoteConflictHandler } from '../../src-main/sync/conflict-handler';
import { extractTags } from '../../src-shared/markdown/frontmatter';
import { noteMigrationStrategies, noteRxSchema, type Note } from '../../src-shared/schema/note';
import { notesEquivalent } from '../../src-shared/sync/merge';
import type { ReplicatedNote } from '../../src-shared/sync/protocol';

/**
 * The handler inside real RxDB replication: two devices (memory storage) replicate through an
 * in-memory master that compares-then-writes like the sync server (R7). Each device edits the
 * same note while paused ("offline"); after both sync, both hold the same merged note.
 */

type Checkpoint = { seq: number };
type StreamItem = RxReplicationPullStreamItem<Note, Checkpoint>;

function clean(doc: WithDeleted<Note>): ReplicatedNote {
  const { id, title, body, tags, folder, createdAt, updatedAt, trashedAt, needsReview, _deleted } = doc;
  return { id, title, body, tags: [...tags], folder, createdAt, updatedAt, trashedAt, needsReview, _deleted };
}

class FakeMaster {
  private readonly docs = new Map<string, { doc: ReplicatedNote; seq: number }>();
  private seq = 0;
  private readonly streams = new Set<Subject<StreamItem>>();
  conflicts = 0;

  stream(): Subject<StreamItem> {
    const subject = new Subject<StreamItem>();
    this.streams.add(subject);
    return subject;
  }

  get(id: string): ReplicatedNote | undefined {
    return this.docs.get(id)?.doc;
  }

  pull(
    checkpoint: Checkpoint | undefined,
    batchSize: number,
  ): { documents: ReplicatedNote[]; checkpoint: Checkpoint } {
    const after = checkpoint?.seq ?? 0;
    const rows = [...this.docs.values()]
      .filter((row) => row.seq > after)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, batchSize);
    return { documents: rows.map((row) => row.doc), checkpoint: { seq: rows.at(-1)?.seq ?? after } };
  }

  push(rows: RxReplicationWriteToMasterRow<Note>[]): ReplicatedNote[] {
    const conflicts: ReplicatedNote[] = [];
    const written: ReplicatedNote[] = [];
    for (const row of rows) {
      const next = clean(row.newDocumentState);
      const current = this.docs.get(next.id)?.doc;
      const assumed = row.assumedMasterState ? clean(row.assumedMasterState) : undefined;
      if (current && notesEquivalent(current, next)) continue; // R8
      if (current ? !assumed || !notesEquivalent(current, assumed) : assumed !== undefined) {
        this.conflicts += 1;
        if (current) conflicts.push(current);
        continue;
      }
      this.seq += 1;
      this.docs.set(next.id, { doc: next, seq: this.seq });
      written.push(next);
    }
    if (written.length > 0) {
      for (const stream of this.streams) stream.next({ documents: written, checkpoint: { seq: this.seq } });
    }
    return conflicts;
  }
}

interface Device {
  db: RxDatabase<{ notes: RxCollection<Note> }>;
  notes: RxCollection<Note>;
  replication: RxReplicationState<Note, Checkpoint>;
}

addRxPlugin(RxDBMigrationSchemaPlugin);
const open: Device[] = [];
let dbCounter = 0;

async function openDevice(name: string, master: FakeMaster): Promise<Device> {
  dbCounter += 1;
  const db = await createRxDatabase<{ notes: RxCollection<Note> }>({
    name: `conflict-${name}-${process.pid}-${dbCounter}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
  await db.addCollections({
    notes: {
      schema: noteRxSchema,
      migrationStrategies: noteMigrationStrategies,
      conflictHandler: createNoteConflictHandler({ deviceName: () => `Device ${name.toUpperCase()}` }),
    },
  });
  const replication = replicateRxCollection<Note, Checkpoint>({
    replicationIdentifier: 'fake-master',
    collection: db.notes,
    live: true,
    retryTime: 20,
    waitForLeadership: false,
    pull: {
      handler: (checkpoint, batchSize) => Promise.resolve(master.pull(checkpoint, batchSize)),
      stream$: master.stream(),
    },
    push: { handler: (rows) => Promise.resolve(master.push(rows)) },
  });
  const device = { db, notes: db.notes, replication };
  open.push(device);
  await replication.awaitInitialReplication();
  return device;
}

afterEach(async () => {
  // Free RxDB caps open collections per process and every test opens two databases; remove()
  // also drops their in-memory data.
  await Promise.all(open.splice(0).map((device) => device.db.remove()));
});

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function read(device: Device, id: string): Promise<ReplicatedNote | null> {
  const doc = await device.notes.findOne(id).exec();
  return doc ? clean({ ...(doc.toJSON() as Note), _deleted: doc.deleted }) : null;
}

const BODY = [
  '---',
  'tags: [meeting]',
  'status: draft',
  '---',
  '# Weekly sync',
  '',
  '- Roadmap',
  '- Hiring',
  '',
  'Nothing yet.',
  '',
].join('\n');

const T0 = 1_700_000_000_000;

async function setUp(): Promise<{ master: FakeMaster; a: Device; b: Device }> {
  const master = new FakeMaster();
  const a = await openDevice('a', master);
  const b = await openDevice('b', master);
  await a.notes.insert({
    id: 'n1',
    title: 'Weekly sync',
    body: BODY,
    tags: extractTags(BODY),
    folder: '',
    createdAt: T0,
    updatedAt: T0,
    trashedAt: 0,
    needsReview: false,
  });
  await a.replication.awaitInSync();
  await waitUntil(async () => (await read(b, 'n1')) !== null, 'device B to receive the note');
  // Offline: local writes queue, nothing is pushed or pulled.
  await Promise.all([a.replication.pause(), b.replication.pause()]);
  return { master, a, b };
}

async function editBody(device: Device, change: (body: string) => string, updatedAt: number): Promise<void> {
  const doc = await device.notes.findOne('n1').exec();
  if (!doc) throw new Error('missing note');
  await doc.incrementalModify((note) => {
    const body = change(note.body);
    return { ...note, body, tags: extractTags(body), updatedAt };
  });
}

/** Back online, A first; then both must converge on the master's version. */
async function syncBoth(master: FakeMaster, a: Device, b: Device): Promise<ReplicatedNote> {
  await a.replication.start();
  await a.replication.awaitInSync();
  await b.replication.start();
  await b.replication.awaitInSync();
  await waitUntil(async () => {
    const [onA, onB, onMaster] = [await read(a, 'n1'), await read(b, 'n1'), master.get('n1')];
    return !!onA && !!onB && !!onMaster && notesEquivalent(onA, onMaster) && notesEquivalent(onB, onMaster);
  }, 'both devices to converge');
  return master.get('n1')!;
}

describe('createNoteConflictHandler', () => {
  it('M6: two devices editing different lines offline both end with both edits', async () => {
    const { master, a, b } = await setUp();
    await editBody(
      a,
      (body) => body.replace('- Roadmap', '- Roadmap (Q3)').replace('[meeting]', '[meeting, q3]'),
      T0 + 10,
    );
    await editBody(
      b,
      (body) => body.replace('Nothing yet.', 'Ship on Friday.').replace('status: draft', 'status: done'),
      T0 + 20,
    );

    const merged = await syncBoth(master, a, b);
    expect(master.conflicts).toBeGreaterThan(0);
    expect(merged.body).toBe(
      BODY.replace('- Roadmap', '- Roadmap (Q3)')
        .replace('[meeting]', '[meeting, q3]')
        .replace('Nothing yet.', 'Ship on Friday.')
        .replace('status: draft', 'status: done'),
    );
    expect(merged.tags).toEqual(['meeting', 'q3']);
    expect(merged.needsReview).toBe(false);
    // M8: a result neither device had sorts as the newest edit.
    expect(merged.updatedAt).toBe(T0 + 21);
  });

  it('M6: overlapping edits converge to one note with markers, flagged on both devices', async () => {
    const { master, a, b } = await setUp();
    await editBody(a, (body) => body.replace('Nothing yet.', 'Ship on Friday.'), T0 + 10);
    await editBody(b, (body) => body.replace('Nothing yet.', 'Ship on Monday.'), T0 + 20);

    const merged = await syncBoth(master, a, b);
    // B pushed second, so B merged: its own text first, named after it (M10), the same on A.
    const block = '<<<<<<< Device B\nShip on Monday.\n=======\nShip on Friday.\n>>>>>>> another device\n';
    expect(merged.body).toContain(block);
    expect((await read(a, 'n1'))?.body).toContain(block);
    expect((await read(a, 'n1'))?.needsReview).toBe(true);
    expect((await read(b, 'n1'))?.needsReview).toBe(true);
  });

  it('M7: a device that deleted the note forever gets it back when the other edited it', async () => {
    const { master, a, b } = await setUp();
    const doc = await a.notes.findOne('n1').exec();
    await doc!.incrementalModify((note) => ({ ...note, trashedAt: T0 + 5 }));
    await (await a.notes.findOne('n1').exec())!.remove();
    await editBody(b, (body) => body.replace('Nothing yet.', 'Keep this.'), T0 + 20);

    const merged = await syncBoth(master, a, b);
    expect([merged._deleted, merged.trashedAt]).toEqual([false, 0]);
    expect(merged.body).toContain('Keep this.');
    expect((await read(a, 'n1'))?.body).toContain('Keep this.');
  });

  it('isEqual sees every replicated field and ignores RxDB meta', () => {
    const handler = createNoteConflictHandler({ deviceName: () => 'test device' });
    const note: WithDeleted<Note> = {
      id: 'x',
      title: 't',
      body: 'b',
      tags: ['a'],
      folder: '',
      createdAt: 1,
      updatedAt: 2,
      trashedAt: 0,
      needsReview: false,
      _deleted: false,
    };
    const withMeta = { ...note, _meta: { lwt: 5 }, _rev: '3-x', _attachments: {} };
    expect(handler.isEqual(note, withMeta, 'test')).toBe(true);
    expect(handler.isEqual(note, { ...note, needsReview: true }, 'test')).toBe(false);
    expect(handler.isEqual(note, { ...note, _deleted: true }, 'test')).toBe(false);
    expect(handler.isEqual(note, { ...note, tags: ['b'] }, 'test')).toBe(false);
  });

  it('resolve returns a clean document without RxDB meta fields', async () => {
    const handler = createNoteConflictHandler({ deviceName: () => 'test device' });
    const base: WithDeleted<Note> = {
      id: 'x',
      title: 't',
      body: 'one\nmid\ntwo\n',
      tags: [],
      folder: '',
      createdAt: 1,
      updatedAt: 2,
      trashedAt: 0,
      needsReview: false,
      _deleted: false,
    };
    const meta = { _meta: { lwt: 5 }, _rev: '3-x', _attachments: {} };
    const resolved = await handler.resolve(
      {
        assumedMasterState: { ...base, ...meta },
        newDocumentState: { ...base, ...meta, body: 'ONE\nmid\ntwo\n', updatedAt: 3 },
        realMasterState: { ...base, ...meta, body: 'one\nmid\nTWO\n', updatedAt: 4 },
      },
      'test',
    );
    expect(resolved).toEqual({ ...base, body: 'ONE\nmid\nTWO\n', updatedAt: 5 });
    expect(Object.keys(resolved)).not.toContain('_meta');
  });

  it('E7: reports a merge that changed this device’s version, and an edit that restored a delete', async () => {
    const merges: { id: string; conflicted: boolean; restored: boolean; before: Note }[] = [];
    const handler = createNoteConflictHandler({
      deviceName: () => 'test device',
      onMerged: (m) => merges.push(m),
    });
    const base: WithDeleted<Note> = {
      id: 'x',
      title: 't',
      body: 'one\nmid\ntwo\n',
      tags: [],
      folder: '',
      createdAt: 1,
      updatedAt: 2,
      trashedAt: 0,
      needsReview: false,
      _deleted: false,
    };
    await handler.resolve(
      {
        assumedMasterState: base,
        newDocumentState: { ...base, body: 'ONE\nmid\ntwo\n', updatedAt: 3 },
        realMasterState: { ...base, body: 'one\nmid\nTWO\n', updatedAt: 4 },
      },
      'test',
    );
    const { _deleted: _unused, ...plainBase } = base;
    expect(merges).toEqual([
      {
        id: 'x',
        conflicted: false,
        restored: false,
        before: { ...plainBase, body: 'ONE\nmid\ntwo\n', updatedAt: 3 },
      },
    ]);
    // This device trashed the note; another device edited it meanwhile: the edit wins (M7).
    await handler.resolve(
      {
        assumedMasterState: base,
        newDocumentState: { ...base, trashedAt: 9, updatedAt: 3 },
        realMasterState: { ...base, body: 'one\nmid\nedited\n', updatedAt: 4 },
      },
      'test',
    );
    expect(merges[1]).toMatchObject({ id: 'x', restored: true });
    // A push conflict whose merge is simply the other side's version is no merge of ours.
    await handler.resolve(
      {
        assumedMasterState: base,
        newDocumentState: base,
        realMasterState: { ...base, body: 'theirs\n', updatedAt: 4 },
      },
      'test',
    );
    expect(merges).toHaveLength(2);
  });

  it('M10: the markers name this device as it is named at the time of the merge', async () => {
    let name = 'Alice’s laptop';
    const handler = createNoteConflictHandler({ deviceName: () => name });
    const base: WithDeleted<Note> = {
      id: 'x',
      title: 't',
      body: 'We ship soon.\n',
      tags: [],
      folder: '',
      createdAt: 1,
      updatedAt: 2,
      trashedAt: 0,
      needsReview: false,
      _deleted: false,
    };
    const resolve = () =>
      handler.resolve(
        {
          assumedMasterState: base,
          newDocumentState: { ...base, body: 'We ship Friday.\n', updatedAt: 3 },
          realMasterState: { ...base, body: 'We ship Monday.\n', updatedAt: 4 },
        },
        'test',
      );
    expect((await resolve()).body).toBe(
      '<<<<<<< Alice’s laptop\nWe ship Friday.\n=======\nWe ship Monday.\n>>>>>>> another device\n',
    );
    name = 'Work PC';
    expect((await resolve()).body).toContain('<<<<<<< Work PC\n');
  });
});
