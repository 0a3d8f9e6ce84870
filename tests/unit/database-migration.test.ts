import { afterAll, describe, expect, it } from 'vitest';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageSqlite } from '../../src-main/db/sqlite-storage';
import { makeTempDir } from '../support/temp-dir';

addRxPlugin(RxDBMigrationSchemaPlugin);

interface V0 {
  id: string;
  title: string;
}
interface V1 extends V0 {
  slug: string;
}

const v0: RxJsonSchema<V0> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: { type: 'string', maxLength: 64 }, title: { type: 'string' } },
  required: ['id', 'title'],
};
const v1: RxJsonSchema<V1> = {
  ...v0,
  version: 1,
  properties: { ...v0.properties, slug: { type: 'string', maxLength: 300 } },
  required: ['id', 'title', 'slug'],
  indexes: ['slug'],
};

/** Schema versions are migrated on open by RxDB's strategies; this checks they run on our storage. */
describe('database migrations on the SQLite storage', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  it('migrates every document to the new schema version on reopen and keeps them after another reopen', async () => {
    const storage = getRxStorageSqlite({ directory: temp.dir });
    const first = await createRxDatabase<{ items: RxCollection<V0> }>({
      name: 'migrate',
      storage,
      multiInstance: false,
    });
    await first.addCollections({ items: { schema: v0 } });
    await first.items.bulkInsert([
      { id: 'a', title: 'Hello World' },
      { id: 'b', title: 'Second Note' },
    ]);
    await first.close();

    const second = await createRxDatabase<{ items: RxCollection<V1> }>({
      name: 'migrate',
      storage,
      multiInstance: false,
    });
    await second.addCollections({
      items: {
        schema: v1,
        migrationStrategies: {
          1: (doc: V0) => ({ ...doc, slug: doc.title.toLowerCase().replace(/\s+/g, '-') }),
        },
      },
    });
    const docs = await second.items.find({ sort: [{ slug: 'asc' }] }).exec();
    expect(docs.map((d) => d.slug)).toEqual(['hello-world', 'second-note']);
    await second.close();

    const third = await createRxDatabase<{ items: RxCollection<V1> }>({
      name: 'migrate',
      storage,
      multiInstance: false,
    });
    await third.addCollections({ items: { schema: v1, migrationStrategies: { 1: (doc: V0) => doc } } });
    expect(await third.items.count().exec()).toBe(2);
    await third.close();
  });
});
