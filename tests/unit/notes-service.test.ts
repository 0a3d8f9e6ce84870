import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstValueFrom, take, toArray } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createTestHost, STORAGE_KINDS } from '../support/test-host';
import type { Host } from '../../src-main/host';
import { QuireError } from '../../src-main/errors';
import { openQuireDatabase } from '../../src-main/db/database';
import { createNotesService } from '../../src-main/notes/notes-service';
import { createSqliteSearchIndex } from '../../src-main/search/search-index';
import { editNote } from '../support/edit-note';
import { createFakeScheduler } from '../support/fake-scheduler';

describe.each(STORAGE_KINDS)('notes service on %s storage', (storage) => {
  let host: Host;
  let clock: { now(): number; advance(ms: number): void };
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ host, clock, dispose } = await createTestHost(storage));
  });
  afterEach(async () => {
    await dispose();
  });

  const notes = () => host.services.notes;

  it('creates a note with defaults and reads it back', async () => {
    const created = await notes().create({});
    expect(created).toMatchObject({ title: 'Untitled', body: '', tags: [], folder: '', trashedAt: 0 });
    expect(await notes().get(created.id)).toEqual(created);
  });

  it('derives tags from the frontmatter on every save', async () => {
    const note = await notes().create({ body: '---\ntags: [a, "#b"]\n---\n# Hi' });
    expect(note.tags).toEqual(['a', 'b']);
    const updated = await editNote(notes(), { id: note.id, body: '---\ntags: c, d\n---\nbody' });
    expect(updated.tags).toEqual(['c', 'd']);
    const cleared = await editNote(notes(), { id: note.id, body: 'no frontmatter' });
    expect(cleared.tags).toEqual([]);
  });

  it('saves a note whose frontmatter lists more tags than a note keeps', async () => {
    const body = `---\ntags: [${Array.from({ length: 150 }, (_, i) => `t${i}`).join(', ')}]\n---\n`;
    expect((await notes().create({ body })).tags).toHaveLength(100);
    const note = await notes().create({});
    expect((await editNote(notes(), { id: note.id, body })).tags).toHaveLength(100);
  });

  it('lists newest first with paging and a total', async () => {
    for (let i = 0; i < 7; i += 1) {
      clock.advance(1000);
      await notes().create({ title: `n${i}` });
    }
    const first = await notes().list({ view: 'notes', offset: 0, limit: 3 });
    expect(first.total).toBe(7);
    expect(first.items.map((n) => n.title)).toEqual(['n6', 'n5', 'n4']);
    const second = await notes().list({ view: 'notes', offset: 3, limit: 3 });
    expect(second.items.map((n) => n.title)).toEqual(['n3', 'n2', 'n1']);
  });

  it('moves an edited note to the top even when the clock stands still', async () => {
    const a = await notes().create({ title: 'a' });
    await notes().create({ title: 'b' });
    await editNote(notes(), { id: a.id, body: 'edit' });
    const list = await notes().list({ view: 'notes', offset: 0, limit: 10 });
    expect(list.items[0]?.title).toBe('a');
  });

  it('renames, treating a blank title as Untitled', async () => {
    const note = await notes().create({ title: 'Draft' });
    expect((await editNote(notes(), { id: note.id, title: '  Final  ' })).title).toBe('Final');
    expect((await editNote(notes(), { id: note.id, title: '   ' })).title).toBe('Untitled');
  });

  it('trash, restore, delete forever and empty trash', async () => {
    const a = await notes().create({ title: 'a' });
    const b = await notes().create({ title: 'b' });
    await notes().trash(a.id);
    expect((await notes().list({ view: 'notes', offset: 0, limit: 10 })).items.map((n) => n.id)).toEqual([
      b.id,
    ]);
    expect((await notes().list({ view: 'trash', offset: 0, limit: 10 })).items.map((n) => n.id)).toEqual([
      a.id,
    ]);
    await notes().restore(a.id);
    expect((await notes().list({ view: 'trash', offset: 0, limit: 10 })).total).toBe(0);
    await expect(notes().deleteForever(a.id)).rejects.toBeInstanceOf(QuireError);
    await notes().trash(a.id);
    await notes().trash(b.id);
    await notes().deleteForever(a.id);
    await expect(notes().get(a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await notes().emptyTrash()).toEqual({ deleted: 1 });
    expect((await notes().list({ view: 'notes', offset: 0, limit: 10 })).total).toBe(0);
  });

  it('filters by folder', async () => {
    await notes().create({ title: 'x', folder: 'work/projects/' });
    await notes().create({ title: 'y', folder: 'home' });
    const work = await notes().list({ view: 'notes', folder: 'work/projects', offset: 0, limit: 10 });
    expect(work.items.map((n) => n.title)).toEqual(['x']);
  });

  it('finds notes by words in title, body and tags, excluding the trash', async () => {
    const a = await notes().create({ title: 'Quarterly planning', body: 'Budget for the zeppelin fleet' });
    await notes().create({ title: 'Groceries', body: '---\ntags: [errands]\n---\nmilk' });
    expect((await notes().search({ query: 'zeppel', limit: 10 })).hits.map((h) => h.id)).toEqual([a.id]);
    expect((await notes().search({ query: 'planning budget', limit: 10 })).hits[0]?.snippet).toContain(
      'zeppelin',
    );
    expect((await notes().search({ query: 'errands', limit: 10 })).hits.map((h) => h.title)).toEqual([
      'Groceries',
    ]);
    expect((await notes().search({ query: '"AND NEAR(', limit: 10 })).hits).toEqual([]);
    // A pasted NUL would end the FTS5 query string early and fail the whole search.
    expect((await notes().search({ query: 'zeppelin\0', limit: 10 })).hits.map((h) => h.id)).toEqual([a.id]);
    await notes().trash(a.id);
    expect((await notes().search({ query: 'zeppelin', limit: 10 })).hits).toEqual([]);
  });

  it('resolves wikilink titles to live notes, ignoring case, newest first', async () => {
    const older = await notes().create({ title: 'Data Model' });
    clock.advance(1000);
    const newer = await notes().create({ title: 'data model' });
    const other = await notes().create({ title: 'Deployment Guide' });
    expect(await notes().resolveTitles(['Data Model', ' deployment guide ', 'Missing'])).toEqual({
      'Data Model': newer.id,
      ' deployment guide ': other.id,
      Missing: null,
    });
    await notes().trash(newer.id);
    expect(await notes().resolveTitles(['DATA MODEL'])).toEqual({ 'DATA MODEL': older.id });
  });

  it('emits a change event for every write, whoever made it', async () => {
    const events = firstValueFrom(notes().changes$.pipe(take(2), toArray()));
    const a = await notes().create({ title: 'a' });
    await editNote(notes(), { id: a.id, body: 'b' });
    const [first, second] = await events;
    expect(first?.ids).toEqual([a.id]);
    expect(second!.revision).toBeGreaterThan(first!.revision);
  });

  it('imports in bulk and skips ids that already exist', async () => {
    const base = {
      body: 'b',
      tags: [],
      folder: '',
      createdAt: 1,
      updatedAt: 1,
      trashedAt: 0,
      needsReview: false,
    };
    const result = await notes().importNotes([
      { ...base, id: 'imp-1', title: 'one' },
      { ...base, id: 'imp-2', title: 'two' },
    ]);
    expect(result).toEqual({ imported: 2, skipped: 0 });
    expect((await notes().importNotes([{ ...base, id: 'imp-1', title: 'again' }])).skipped).toBe(1);
    expect((await notes().get('imp-1')).title).toBe('one');
  });

  it('reports a missing note as NOT_FOUND in plain words', async () => {
    await expect(notes().get('nope')).rejects.toThrow(/no longer exists/);
    await expect(notes().trash('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('emptying the trash while another window restores a note', () => {
  it('keeps the note that was restored between listing the trash and removing it', async () => {
    const db = await openQuireDatabase({ name: 'empty-trash-race', storage: getRxStorageMemory() });
    const searchIndex = createSqliteSearchIndex({ file: ':memory:' });
    const notes = createNotesService({
      db,
      clock: { now: () => 1_000 },
      scheduler: createFakeScheduler(),
      newId: () => 'n1',
      searchIndex,
      deviceName: () => 'Test device',
    });
    try {
      const note = await notes.create({ title: 'Keep me' });
      await notes.trash(note.id);
      const bulkRemove = db.notes.bulkRemove.bind(db.notes);
      db.notes.bulkRemove = async (idsOrDocs: Parameters<typeof bulkRemove>[0]) => {
        await notes.restore(note.id);
        return bulkRemove(idsOrDocs);
      };
      expect(await notes.emptyTrash()).toEqual({ deleted: 0 });
      expect((await notes.get(note.id)).trashedAt).toBe(0);
    } finally {
      await notes.close();
      searchIndex.close();
      await db.close();
    }
  });
});
