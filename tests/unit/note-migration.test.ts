import { afterAll, describe, expect, it } from 'vitest';
import { addRxPlugin, createRxDatabase, type RxCollection } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageSqlite } from '../../src-main/db/sqlite-storage';
import { openQuireDatabase } from '../../src-main/db/database';
import { noteMigrationStrategies, noteRxSchema, type Note } from '../../src-shared/schema/note';
import { makeTempDir } from '../support/temp-dir';

addRxPlugin(RxDBMigrationSchemaPlugin);

/** The notes collection as version 2 stored it: tags from the frontmatter only. */
const v2Schema = { ...noteRxSchema, version: 2 };
const v2Strategies = { 1: noteMigrationStrategies[1]!, 2: noteMigrationStrategies[2]! };

function note(id: string, body: string, tags: string[]): Note {
  return {
    id,
    title: id,
    body,
    tags,
    folder: '',
    createdAt: 1,
    updatedAt: 2,
    trashedAt: 0,
    needsReview: false,
  };
}

describe('notes schema v3: tags include inline #tags', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  it('derives every stored note’s tags again from its body on open, once', async () => {
    const storage = getRxStorageSqlite({ directory: temp.dir });
    const old = await createRxDatabase<{ notes: RxCollection<Note> }>({
      name: 'vault',
      storage,
      multiInstance: false,
    });
    await old.addCollections({ notes: { schema: v2Schema, migrationStrategies: v2Strategies } });
    await old.notes.bulkInsert([
      note('a', '---\ntags: [Work]\n---\nPlan #project/quire and #work', ['Work']),
      note('b', 'Only `#code` and #123', []),
      note('c', 'Stale #fresh', ['stale']),
    ]);
    await old.close();

    const db = await openQuireDatabase({ name: 'vault', storage });
    const tagsOf = async (): Promise<Record<string, string[]>> =>
      Object.fromEntries(
        (await db.notes.find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => [doc.id, [...doc.tags]]),
      );
    expect(await tagsOf()).toEqual({ a: ['Work', 'project/quire'], b: [], c: ['fresh'] });
    // Everything else is kept as it was.
    const a = await db.notes.findOne('a').exec();
    expect(a?.updatedAt).toBe(2);
    expect(a?.body).toBe('---\ntags: [Work]\n---\nPlan #project/quire and #work');
    await db.close();

    const again = await openQuireDatabase({ name: 'vault', storage });
    expect((await again.notes.findOne('a').exec())?.tags).toEqual(['Work', 'project/quire']);
    expect(await again.notes.count().exec()).toBe(3);
    await again.close();
  });

  it('keeps a document whose body is not text as it is', () => {
    const strategy = noteMigrationStrategies[3]!;
    expect(strategy({ id: 'x', tags: ['t'] })).toEqual({ id: 'x', tags: ['t'] });
    expect(strategy({ id: 'x', body: '#new', tags: ['t'] })).toEqual({
      id: 'x',
      body: '#new',
      tags: ['new'],
    });
  });
});
