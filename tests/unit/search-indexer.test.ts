import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openQuireDatabase, type QuireDatabase } from '../../src-main/db/database';
import { createSqliteSearchIndex, type SearchIndex } from '../../src-main/search/search-index';
import { startSearchIndexer } from '../../src-main/search/search-indexer';
import type { Note } from '../../src-shared/schema/note';

const note = (id: string, body: string): Note => ({
  id,
  title: id,
  body,
  tags: [],
  folder: '',
  createdAt: 1,
  updatedAt: 1,
  trashedAt: 0,
  needsReview: false,
});

/** Stands for a process that dies, or a disk that fills up, in the middle of indexing a batch. */
const failingWrites = (index: SearchIndex): SearchIndex => ({
  ...index,
  applyBatch: () => {
    throw new Error('the index write did not happen');
  },
});

const hits = (index: SearchIndex, query: string): string[] =>
  index.search(query, { limit: 10, includeTrashed: false }).map((hit) => hit.id);

describe('search indexer', () => {
  let db: QuireDatabase;
  let index: SearchIndex;
  let name = 0;

  beforeEach(async () => {
    db = await openQuireDatabase({ name: `indexer-test-${(name += 1)}`, storage: getRxStorageMemory() });
    index = createSqliteSearchIndex({ file: ':memory:' });
  });
  afterEach(async () => {
    index.close();
    await db.close();
  });

  it('replays a batch whose write failed, removals and edits alike', async () => {
    await db.notes.bulkInsert([note('gone', 'walrus'), note('kept', 'first draft')]);
    const first = startSearchIndexer({ collection: db.notes, index });
    await first.idle();
    await first.stop();
    expect(hits(index, 'walrus')).toEqual(['gone']);

    // One batch of changes with a removal and an edit.
    await (await db.notes.findOne('gone').exec())!.remove();
    await (await db.notes.findOne('kept').exec())!.incrementalPatch({ body: 'zeppelin' });
    const crashed = startSearchIndexer({ collection: db.notes, index: failingWrites(index) });
    await expect(crashed.idle()).rejects.toThrow(/did not happen/);
    await crashed.stop();

    const restarted = startSearchIndexer({ collection: db.notes, index });
    await restarted.idle();
    await restarted.stop();
    expect(hits(index, 'walrus')).toEqual([]);
    expect(hits(index, 'zeppelin')).toEqual(['kept']);
  });

  it('keeps a failing background replay from ending the process, and reports it to idle()', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await db.notes.insert(note('a', 'anything'));
      // Its first replay starts at once, with nobody awaiting it; on the memory storage it runs
      // to its failure within the microtask queue, and an unhandled rejection is reported once
      // that queue has drained.
      const indexer = startSearchIndexer({ collection: db.notes, index: failingWrites(index) });
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      await expect(indexer.idle()).rejects.toThrow(/did not happen/);
      await indexer.stop();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
