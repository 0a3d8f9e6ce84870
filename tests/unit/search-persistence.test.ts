import path from 'node:path';
import Database from 'better-sqlite3';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { systemScheduler } from '../../src-main/clock';
import { openQuireDatabase } from '../../src-main/db/database';
import { getRxStorageSqlite } from '../../src-main/db/sqlite-storage';
import { createSqliteSearchIndex, type SearchIndex } from '../../src-main/search/search-index';
import { startSearchIndexer } from '../../src-main/search/search-indexer';
import type { Note } from '../../src-shared/schema/note';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs(afterEach);

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

/** The index, counting the notes each start writes into it. */
function countingIndex(file: string): { index: SearchIndex; written: () => number } {
  const index = createSqliteSearchIndex({ file });
  let written = 0;
  return {
    index: {
      ...index,
      applyBatch(batch) {
        written += batch.upserts.length + batch.removals.length;
        index.applyBatch(batch);
      },
    },
    written: () => written,
  };
}

describe('search index persistence', () => {
  /** One start of the app: the notes database and the index file, indexed, then closed. */
  async function start(
    dir: string,
    write?: (db: Awaited<ReturnType<typeof openQuireDatabase>>) => Promise<void>,
  ) {
    const db = await openQuireDatabase({ name: 'vault', storage: getRxStorageSqlite({ directory: dir }) });
    const { index, written } = countingIndex(path.join(dir, 'search.sqlite'));
    const indexer = startSearchIndexer({ collection: db.notes, index, scheduler: systemScheduler });
    await write?.(db);
    await indexer.idle();
    const found = index.search('walrus', { limit: 10, includeTrashed: false }).total;
    await indexer.stop();
    index.close();
    await db.close();
    return { written: written(), found };
  }

  it('a restart resumes from the stored checkpoint instead of reindexing', async () => {
    const dir = tempDir();
    const first = await start(dir, async (db) => {
      await db.notes.bulkInsert([note('a', 'walrus'), note('b', 'walrus too'), note('c', 'seal')]);
    });
    expect(first).toEqual({ written: 3, found: 2 });
    const second = await start(dir);
    expect(second).toEqual({ written: 0, found: 2 });
    const third = await start(dir, async (db) => {
      await db.notes.insert(note('d', 'one more walrus'));
    });
    expect(third).toEqual({ written: 1, found: 3 });
  });

  it('an index of another layout is rebuilt once, then resumed', async () => {
    const dir = tempDir();
    await start(dir, async (db) => {
      await db.notes.bulkInsert([note('a', 'walrus'), note('b', 'seal')]);
    });
    // What an older Quire left: its layout version, not this one's.
    const file = new Database(path.join(dir, 'search.sqlite'));
    file.pragma('user_version = 1');
    file.close();
    expect(await start(dir)).toEqual({ written: 2, found: 1 });
    expect(await start(dir)).toEqual({ written: 0, found: 1 });
  });

  it('while a rebuild is more than a batch behind, ready() reports its progress instead of waiting', async () => {
    const db = await openQuireDatabase({ name: `progress-${Math.random()}`, storage: getRxStorageMemory() });
    await db.notes.bulkInsert(Array.from({ length: 2_500 }, (_, i) => note(`n${i}`, `walrus ${i}`)));
    const index = createSqliteSearchIndex({ file: ':memory:' });
    const indexer = startSearchIndexer({ collection: db.notes, index, scheduler: systemScheduler });
    try {
      const progress = await indexer.ready();
      expect(progress).not.toBeNull();
      expect(progress!.total).toBe(2_500);
      expect(progress!.done).toBeGreaterThanOrEqual(1_000);
      expect(progress!.done).toBeLessThan(2_500);
      await indexer.idle();
      expect(await indexer.ready()).toBeNull();
      expect(index.search('walrus', { limit: 1, includeTrashed: false }).total).toBe(2_500);
    } finally {
      await indexer.stop();
      index.close();
      await db.close();
    }
  });
});
