import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRevision, now, type RxDocumentData } from 'rxdb';
import { createTestHost } from '../support/test-host';
import type { Host } from '../../src-main/host';
import type { Note } from '../../src-shared/schema/note';

/** What a pull writes: RxDB's downstream writes to the storage with its own context. */
async function writeAsPulled(host: Host, id: string, change: Partial<Note>): Promise<void> {
  const notes = host.db.notes;
  const doc = await notes.findOne(id).exec();
  if (!doc) throw new Error(`no note ${id}`);
  const previous: RxDocumentData<Note> = doc.toMutableJSON(true);
  const next: RxDocumentData<Note> = {
    ...previous,
    ...change,
    _meta: { lwt: now() },
    _rev: createRevision(notes.database.token, previous),
  };
  const result = await notes.storageInstance.bulkWrite(
    [{ previous, document: next }],
    'replication-downstream-test',
  );
  expect(result.error).toEqual([]);
}

describe('tags of pulled notes (sync rule C6)', () => {
  let host: Host;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ host, dispose } = await createTestHost('memory'));
  });
  afterEach(async () => {
    await dispose();
  });

  it('derives a pulled note’s tags again when an older device stored others', async () => {
    const { id, updatedAt } = await host.services.notes.create({ body: 'first' });
    await writeAsPulled(host, id, { body: 'from an old device #inline', tags: [], updatedAt: updatedAt + 5 });
    await waitFor(async () => (await host.services.notes.get(id)).tags.length > 0);
    const note = await host.services.notes.get(id);
    expect(note.tags).toEqual(['inline']);
    // Not an edit: the time stays the pulled one.
    expect(note.updatedAt).toBe(updatedAt + 5);
  });

  it('leaves pulled notes whose tags are right, and local writes, alone', async () => {
    const { id } = await host.services.notes.create({ body: '#a' });
    const revision = (await host.services.notes.get(id)).revision;
    await writeAsPulled(host, id, { body: '#a #b', tags: ['a', 'b'] });
    const pulled = await host.services.notes.get(id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await host.services.notes.get(id)).revision).toBe(pulled.revision);
    expect(pulled.revision).toBe(revision + 1);
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('timed out');
}
