import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openQuireDatabase, type QuireDatabase } from '../../src-main/db/database';
import { createSqliteSearchIndex, type SearchIndex } from '../../src-main/search/search-index';
import { INDEX_DELAY_MS, startSearchIndexer } from '../../src-main/search/search-indexer';
import { systemScheduler } from '../../src-main/clock';
import type { Note } from '../../src-shared/schema/note';
import { createFakeScheduler } from '../support/fake-scheduler';

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
  index.search(query, { limit: 10, includeTrashed: false }).hits.map((hit) => hit.id);

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
    const first = startSearchIndexer({ collection: db.notes, index, scheduler: systemScheduler });
    await first.idle();
    await first.stop();
    expect(hits(index, 'walrus')).toEqual(['gone']);

    // One batch of changes with a removal and an edit.
    await (await db.notes.findOne('gone').exec())!.remove();
    await (await db.notes.findOne('kept').exec())!.incrementalPatch({ body: 'zeppelin' });
    const crashed = startSearchIndexer({
      collection: db.notes,
      index: failingWrites(index),
      scheduler: systemScheduler,
    });
    await expect(crashed.idle()).rejects.toThrow(/did not happen/);
    await crashed.stop();

    const restarted = startSearchIndexer({ collection: db.notes, index, scheduler: systemScheduler });
    await restarted.idle();
    await restarted.stop();
    expect(hits(index, 'walrus')).toEqual([]);
    expect(hits(index, 'zeppelin')).toEqual(['kept']);
  });

  /** Lets the memory storage's promise chains run to their end: a turn of the event loop, no clock. */
  const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it('indexes a burst of writes in one batch once its debounce falls due on the scheduler', async () => {
    const scheduler = createFakeScheduler();
    const batches: number[] = [];
    const counted: SearchIndex = {
      ...index,
      applyBatch: (batch) => {
        batches.push(batch.upserts.length + batch.removals.length);
        index.applyBatch(batch);
      },
    };
    const indexer = startSearchIndexer({ collection: db.notes, index: counted, scheduler });
    await drain(); // the start-up replay: nothing to index yet
    expect(scheduler.pending()).toEqual([]);

    await db.notes.insert(note('a', 'walrus'));
    await db.notes.insert(note('b', 'walrus again'));
    await drain();
    // One timer for the whole burst, and nothing indexed before it fires.
    expect(scheduler.pending()).toEqual([INDEX_DELAY_MS]);
    scheduler.advance(INDEX_DELAY_MS - 1);
    await drain();
    expect(hits(index, 'walrus')).toEqual([]);

    scheduler.advance(1);
    await drain();
    expect(hits(index, 'walrus').sort()).toEqual(['a', 'b']);
    expect(batches).toEqual([2]);
    expect(scheduler.pending()).toEqual([]);

    // A write just before stop leaves a timer that stop cancels: nothing runs after it.
    await db.notes.insert(note('c', 'walrus late'));
    await drain();
    expect(scheduler.pending()).toEqual([INDEX_DELAY_MS * 2]);
    await indexer.stop();
    expect(scheduler.pending()).toEqual([]);
    scheduler.advance(INDEX_DELAY_MS);
    await drain();
    expect(batches).toEqual([2]);
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
      const indexer = startSearchIndexer({
        collection: db.notes,
        index: failingWrites(index),
        scheduler: systemScheduler,
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      await expect(indexer.idle()).rejects.toThrow(/did not happen/);
      await indexer.stop();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
