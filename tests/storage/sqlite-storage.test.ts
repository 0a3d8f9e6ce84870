/**
 * The rules only our SQLite storage has (the ones every storage has are the RxStorage contract,
 * rx-storage.contract.ts, run on it by rx-storage.contract.test.ts):
 *
 * [SQ1] A bulkWrite is all-or-nothing: when one row fails at the SQL level, no row is written.
 * [SQ2] One file per RxDB database: `${directory}/${encodeURIComponent(name)}.sqlite`, shared by
 *       the internal store and all collections; removing the database deletes the file.
 * [SQ3] The note-list query (`trashedAt: 0`, `updatedAt desc, id desc`, limit/skip) is a
 *       reverse index range scan with LIMIT/OFFSET in SQL: it reads only the rows it returns.
 * [SQ4] Index order is trusted for a desc sort only when every row in the range has
 *       order-canonical values; otherwise the range is re-sorted (same result as memory).
 * [SQ5] count() is a SQL COUNT when the index decides the selector, a matched count otherwise.
 * [SQ6] Reopening a table whose index layout changed rebuilds its key columns from the JSON rows.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { addRxPlugin, createRxDatabase, randomToken, removeRxDatabase, type RxJsonSchema } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { getRxStorageSqlite, type SqliteStorageInternals } from '../../src-main/db/sqlite-storage/index.js';
import {
  NOTE_SCHEMA_VERSION,
  noteMigrationStrategies,
  noteRxSchema,
  type Note,
} from '../../src-shared/schema/note.js';
import {
  createInstance,
  filledSchema,
  idsOf,
  insertRow,
  prepare,
  removeTempDirs,
  tempDir,
  type AnyStorage,
} from './storage-test-helpers.js';

// The note schema is past version 0: RxDB wants its migration strategies, hence the plugin.
addRxPlugin(RxDBMigrationSchemaPlugin);

const sqliteDirectory = tempDir('sqlite');
const sqliteStorage = (): AnyStorage => getRxStorageSqlite({ directory: sqliteDirectory });

const noteSchema = filledSchema(noteRxSchema as unknown as RxJsonSchema<Note>);

function note(i: number, overrides: Partial<Note> = {}): Note {
  return {
    id: `note-${String(i).padStart(6, '0')}`,
    title: `Note ${i}`,
    body: `Body of note ${i}`,
    tags: [],
    folder: i % 3 === 0 ? 'work' : '',
    createdAt: 1_700_000_000_000 + i,
    // Many ties on updatedAt: the id decides between them.
    updatedAt: 1_700_000_000_000 + Math.floor(i / 4) * 1000,
    trashedAt: i % 10 === 0 ? 1_700_000_500_000 : 0,
    needsReview: false,
    ...overrides,
  };
}

function internalsOf(instance: { internals: unknown }): SqliteStorageInternals {
  return instance.internals as SqliteStorageInternals;
}

function expectedNoteList(notes: readonly Note[], skip: number, limit: number): string[] {
  return notes
    .filter((n) => n.trashedAt === 0)
    .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(skip, skip + limit)
    .map((n) => n.id);
}

describe('SQLite storage specifics', () => {
  afterAll(() => removeTempDirs());

  it('[SQ1] a bulkWrite is all-or-nothing when a row fails in SQL', async () => {
    const instance = await createInstance<Note>(sqliteStorage(), noteSchema, `aon${randomToken(6)}`);
    // Two inserts of one id in one bulk: the second violates the primary key inside the transaction.
    await expect(
      instance.bulkWrite(
        [insertRow(note(1)), insertRow(note(2)), insertRow(note(2, { title: 'dup' }))],
        'dup',
      ),
    ).rejects.toThrow(/UNIQUE|PRIMARY/);
    expect(await instance.findDocumentsById([note(1).id, note(2).id], true)).toEqual([]);
    // The instance stays usable.
    expect((await instance.bulkWrite([insertRow(note(1))], 'ok')).error).toEqual([]);
    expect(idsOf(await instance.findDocumentsById([note(1).id], false))).toEqual([note(1).id]);
    await instance.close();
  });

  it('[SQ2] one file per database shared by all its collections; removing the database deletes it', async () => {
    const directory = tempDir('layout');
    const name = 'my vault/ä';
    const db = await createRxDatabase({
      name,
      storage: wrappedValidateAjvStorage({ storage: getRxStorageSqlite({ directory }) }),
      multiInstance: false,
    });
    const collection = { schema: noteRxSchema, migrationStrategies: noteMigrationStrategies };
    await db.addCollections({ notes: collection, other: collection });
    await db.collections.notes!.insert(note(1));
    await db.close();
    const file = join(directory, `${encodeURIComponent(name)}.sqlite`);
    expect(readdirSync(directory).filter((f) => f.endsWith('.sqlite'))).toEqual([
      `${encodeURIComponent(name)}.sqlite`,
    ]);
    const raw = new Database(file, { readonly: true });
    const tables = raw
      .prepare<[], { name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rx_%' ORDER BY name`,
      )
      .all()
      .map((t) => t.name);
    expect(tables).toEqual([
      'rx__rxdb_internal_v0',
      `rx_notes_v${NOTE_SCHEMA_VERSION}`,
      `rx_other_v${NOTE_SCHEMA_VERSION}`,
    ]);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    await removeRxDatabase(name, wrappedValidateAjvStorage({ storage: getRxStorageSqlite({ directory }) }));
    expect(existsSync(file)).toBe(false);
  });

  it('[SQ3] the note-list page is a reverse index scan that reads only the returned rows', async () => {
    const directory = tempDir('notelist');
    const storage = getRxStorageSqlite({ directory }) as unknown as AnyStorage;
    const instance = await createInstance<Note>(storage, noteSchema, 'notes');
    const notes = Array.from({ length: 3000 }, (_, i) => note(i));
    expect(
      (
        await instance.bulkWrite(
          notes.map((n) => insertRow(n)),
          'seed',
        )
      ).error,
    ).toEqual([]);
    const stats = internalsOf(instance).stats;
    for (const skip of [0, 100, 2600]) {
      const before = { ...stats };
      const result = await instance.query(
        prepare(noteSchema, {
          selector: { trashedAt: 0 },
          sort: [{ updatedAt: 'desc' }, { id: 'desc' }],
          limit: 100,
          skip,
        }),
      );
      expect(idsOf(result.documents)).toEqual(expectedNoteList(notes, skip, 100));
      expect(stats.indexOrderedScans - before.indexOrderedScans).toBe(1);
      expect(stats.sqlLimitPushdowns - before.sqlLimitPushdowns).toBe(1);
      expect(stats.rowsRead - before.rowsRead).toBe(result.documents.length);
    }
    // The SQL plan: a range search on the (partial) key index, no temporary sort.
    const file = internalsOf(instance).filePath;
    const table = internalsOf(instance).tableName;
    await instance.close();
    const raw = new Database(file, { readonly: true });
    const plan = raw
      .prepare<[], { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT data FROM ${table} INDEXED BY ${table}__k0 WHERE n0 = 0 AND k0 >= '' AND k0 <= 'z' ORDER BY k0 DESC LIMIT 100 OFFSET 5`,
      )
      .all()
      .map((r) => r.detail)
      .join('\n');
    raw.close();
    expect(plan).toMatch(new RegExp(`SEARCH ${table} USING INDEX ${table}__k0`));
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('[SQ4] a desc sort over non-canonical rows falls back to a full re-sort with the memory result', async () => {
    const directory = tempDir('canonical');
    const sqlite = await createInstance<Note>(getRxStorageSqlite({ directory }), noteSchema, 'c');
    const memory = await createInstance<Note>(getRxStorageMemory(), noteSchema, `c${randomToken(6)}`);
    // 'work' and 'work ' share one padded index part; JavaScript orders them.
    const notes = [
      note(1, { folder: 'work' }),
      note(2, { folder: 'work ' }),
      note(3, { folder: 'work\t' }),
      note(4, { folder: 'a' }),
    ];
    for (const instance of [sqlite, memory])
      await instance.bulkWrite(
        notes.map((n) => insertRow(n)),
        'seed',
      );
    const stats = internalsOf(sqlite).stats;
    const query = prepare(noteSchema, {
      selector: { folder: { $gte: 'a' } },
      sort: [{ folder: 'desc' }, { trashedAt: 'desc' }, { updatedAt: 'desc' }, { id: 'desc' }],
    });
    const resortedBefore = stats.resortedScans;
    const [fromSqlite, fromMemory] = await Promise.all([sqlite.query(query), memory.query(query)]);
    expect(idsOf(fromSqlite.documents)).toEqual(idsOf(fromMemory.documents));
    expect(stats.resortedScans - resortedBefore).toBe(1);
    await sqlite.close();
    await memory.close();
  });

  it('[SQ5] count is a SQL COUNT when the index decides the selector', async () => {
    const directory = tempDir('count');
    const instance = await createInstance<Note>(getRxStorageSqlite({ directory }), noteSchema, 'n');
    const notes = Array.from({ length: 500 }, (_, i) => note(i));
    await instance.bulkWrite(
      notes.map((n) => insertRow(n)),
      'seed',
    );
    const stats = internalsOf(instance).stats;
    const live = notes.filter((n) => n.trashedAt === 0).length;
    expect(await instance.count(prepare(noteSchema, { selector: { trashedAt: 0 } }))).toEqual({
      count: live,
      mode: 'fast',
    });
    expect(stats.sqlCounts).toBe(1);
    expect(stats.rowsRead).toBe(0);
    const titled = await instance.count(
      prepare(noteSchema, { selector: { trashedAt: 0, title: { $regex: '7$' } } }),
    );
    expect(titled.count).toBe(notes.filter((n) => n.trashedAt === 0 && n.title.endsWith('7')).length);
    expect(stats.matchedCounts).toBe(1);
    await instance.close();
  });

  it('[SQ6] reopening a table with a changed index layout rebuilds the key columns', async () => {
    const directory = tempDir('rebuild');
    const storage = getRxStorageSqlite({ directory }) as unknown as AnyStorage;
    const notes = Array.from({ length: 50 }, (_, i) => note(i));
    const first = await createInstance<Note>(storage, noteSchema, 'r');
    await first.bulkWrite(
      notes.map((n) => insertRow(n)),
      'seed',
    );
    await first.close();
    const withTitleIndex = filledSchema({
      ...(noteRxSchema as unknown as RxJsonSchema<Note>),
      indexes: [['title'], ['trashedAt', 'updatedAt', 'id']],
    });
    const second = await createInstance<Note>(storage, withTitleIndex, 'r');
    const result = await second.query(
      prepare(withTitleIndex, {
        selector: { title: { $gte: 'Note 4' } },
        sort: [{ title: 'desc' }, { id: 'desc' }],
      }),
    );
    const expected = notes
      .filter((n) => n.title >= 'Note 4')
      .sort((a, b) => (a.title < b.title ? 1 : a.title > b.title ? -1 : 0))
      .map((n) => n.id);
    expect(idsOf(result.documents)).toEqual(expected);
    await second.close();
  });
});
