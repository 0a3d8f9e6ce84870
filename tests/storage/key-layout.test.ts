/**
 * The SQLite storage's key columns (format 2, see src-main/db/sqlite-storage/key-codec.ts):
 *
 * [KL1] Rows with non-canonical index values (flagged, kept with RxDB's padded key) are never
 *       missed: range queries, counts, the changes feed and cleanup() see exactly what the
 *       memory storage sees, including the rows the padded index lumps together ('work' and
 *       'work ') and values that are out of range or off multipleOf.
 * [KL2] A table written in the old layout (format 1: padded keys in every row) is rebuilt on
 *       open, once, keeping every document: afterwards its keys are compact, queries work, the
 *       file is smaller (the space of the old layout is given back), and a second open leaves
 *       it alone.
 * [KL3] The rebuild is one transaction: when it fails half-way, the old table, its rows, its
 *       indexes and its recorded layout are untouched.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  getChangedDocumentsSince,
  getIndexableStringMonad,
  getPrimaryFieldOfPrimaryKey,
  getSchemaByObjectPath,
  randomToken,
  type MangoQuery,
  type RxDocumentData,
  type RxJsonSchema,
} from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, describe, expect, it } from 'vitest';
import { getRxStorageSqlite, type SqliteStorageInternals } from '../../src-main/db/sqlite-storage/index.js';
import { toSqliteSortKey } from '../../src-main/db/sqlite-storage/sort-key.js';
import { noteRxSchema, type Note } from '../../src-shared/schema/note.js';
import {
  createInstance,
  filledSchema,
  idsOf,
  insertRow,
  prepare,
  removeTempDirs,
  tempDir,
  toStoredDoc,
  type AnyInstance,
  type AnyStorage,
} from './storage-test-helpers.js';

const noteSchema = filledSchema(noteRxSchema as unknown as RxJsonSchema<Note>);

function note(i: number, overrides: Partial<Note> = {}): Note {
  return {
    id: `note-${String(i).padStart(6, '0')}`,
    title: `Note ${i}`,
    body: `Body of note ${i}`,
    tags: [],
    folder: ['', 'work', 'work/sub', 'a b', 'é', '😀'][i % 6] as string,
    createdAt: 1_700_000_000_000 + i,
    updatedAt: 1_700_000_000_000 + Math.floor(i / 4) * 1000,
    trashedAt: i % 10 === 0 ? 1_700_000_500_000 : 0,
    needsReview: false,
    ...overrides,
  };
}

function statsOf(instance: { internals: unknown }): SqliteStorageInternals['stats'] {
  return (instance.internals as SqliteStorageInternals).stats;
}

/** Queries over the note indexes: equality, ranges and $in on string and number fields, both sorts. */
const QUERIES: MangoQuery<Note>[] = [
  {
    selector: { folder: 'work' },
    sort: [{ folder: 'asc' }, { trashedAt: 'asc' }, { updatedAt: 'asc' }, { id: 'asc' }],
  },
  { selector: { folder: { $eq: 'work' } } },
  { selector: { folder: { $gte: 'work', $lt: 'work/' } } },
  {
    selector: { folder: { $gt: 'a' } },
    sort: [{ folder: 'desc' }, { trashedAt: 'desc' }, { updatedAt: 'desc' }, { id: 'desc' }],
  },
  { selector: { folder: { $lte: 'work ' } }, limit: 7, skip: 2 },
  { selector: { folder: { $in: ['work', 'é', ''] } } },
  { selector: { trashedAt: 0 }, sort: [{ updatedAt: 'desc' }, { id: 'desc' }], limit: 20 },
  { selector: { trashedAt: { $gt: 0 } }, sort: [{ trashedAt: 'asc' }, { updatedAt: 'asc' }, { id: 'asc' }] },
  { selector: { trashedAt: { $gte: 1, $lte: 2 } } },
  { selector: { trashedAt: { $in: [0, 1.5] } }, limit: 30 },
  { selector: { updatedAt: { $lt: 1_700_000_010_000 } }, sort: [{ id: 'asc' }] },
  { selector: {}, sort: [{ folder: 'asc' }, { id: 'asc' }] },
];

async function expectSameResults(
  sqlite: AnyInstance<Note>,
  memory: AnyInstance<Note>,
  queries: readonly MangoQuery<Note>[],
): Promise<void> {
  for (const query of queries) {
    const [fromSqlite, fromMemory] = await Promise.all([
      sqlite.query(prepare(noteSchema, query)),
      memory.query(prepare(noteSchema, query)),
    ]);
    expect(idsOf(fromSqlite.documents), JSON.stringify(query)).toEqual(idsOf(fromMemory.documents));
    const countQuery = { selector: query.selector ?? {} };
    const [sqliteCount, memoryCount] = await Promise.all([
      sqlite.count(prepare(noteSchema, countQuery)),
      memory.count(prepare(noteSchema, countQuery)),
    ]);
    expect(sqliteCount.count, `count ${JSON.stringify(countQuery)}`).toBe(memoryCount.count);
  }
}

async function changedIds(instance: AnyInstance<Note>, batch: number): Promise<string[]> {
  const ids: string[] = [];
  let checkpoint: unknown;
  for (;;) {
    const page = await getChangedDocumentsSince(instance, batch, checkpoint);
    if (page.documents.length === 0) return ids;
    ids.push(...idsOf(page.documents));
    checkpoint = page.checkpoint;
  }
}

// ---------------------------------------------------------------------------------------------
// Format 1, frozen here as it was written: every key column holds RxDB's padded indexable string.

function storageIndexes(schema: RxJsonSchema<RxDocumentData<Note>>): string[][] {
  const primaryPath = getPrimaryFieldOfPrimaryKey(schema.primaryKey);
  const all = [
    ...(schema.indexes ?? []).map((index) => (typeof index === 'string' ? [index] : [...index])),
    ['_meta.lwt', primaryPath],
    ['_deleted', '_meta.lwt', primaryPath],
  ];
  return all.filter((fields, i) => all.findIndex((other) => other.join() === fields.join()) === i);
}

function format1Spec(schema: RxJsonSchema<RxDocumentData<Note>>, indexes: readonly string[][]): string {
  return JSON.stringify({
    format: 1,
    indexes: indexes.map((fields) =>
      fields.map((field) => {
        const part = getSchemaByObjectPath(schema, field);
        return [field, part.type, part.maxLength, part.minimum, part.maximum, part.multipleOf];
      }),
    ),
  });
}

/** Writes `docs` as a format-1 table `tableName` into the database file. */
function writeFormat1Table(file: string, tableName: string, docs: readonly RxDocumentData<Note>[]): void {
  const indexes = storageIndexes(noteSchema);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE quire_rx_tables (name TEXT PRIMARY KEY NOT NULL, spec TEXT NOT NULL);
    CREATE TABLE quire_rx_attachments (
      tbl TEXT NOT NULL, doc_id TEXT NOT NULL, att_id TEXT NOT NULL,
      digest TEXT NOT NULL, type TEXT NOT NULL, data BLOB NOT NULL,
      PRIMARY KEY (tbl, doc_id, att_id)
    );
    CREATE TABLE "${tableName}" (
      id TEXT PRIMARY KEY NOT NULL, data TEXT NOT NULL, deleted INTEGER NOT NULL,
      lwt REAL NOT NULL, rev TEXT NOT NULL,
      ${indexes.map((_, i) => `k${i} TEXT NOT NULL, n${i} INTEGER NOT NULL`).join(', ')}
    );
    ${indexes
      .map(
        (_, i) => `CREATE INDEX "${tableName}__k${i}" ON "${tableName}" (k${i});
    CREATE INDEX "${tableName}__n${i}" ON "${tableName}" (k${i}) WHERE n${i} = 1;`,
      )
      .join('\n')}
  `);
  const keyOf = indexes.map((fields) => getIndexableStringMonad(noteSchema, fields));
  const insert = db.prepare(
    `INSERT INTO "${tableName}" VALUES (?, ?, ?, ?, ?, ${indexes.map(() => '?, ?').join(', ')})`,
  );
  db.transaction(() => {
    for (const doc of docs) {
      // The old flag: 1 for a value whose padded part orders differently (here: odd folders).
      const odd = /[\x00-\x1f]|\x20$/.test(doc.folder) ? 1 : 0;
      insert.run(
        doc.id,
        JSON.stringify(doc),
        doc._deleted ? 1 : 0,
        doc._meta.lwt,
        doc._rev,
        ...keyOf.flatMap((key) => [toSqliteSortKey(key(doc)), odd]),
      );
    }
    db.prepare(`INSERT INTO quire_rx_tables (name, spec) VALUES (?, ?)`).run(
      tableName,
      format1Spec(noteSchema, indexes),
    );
  })();
  db.close();
}

function legacyDocs(count: number): RxDocumentData<Note>[] {
  return Array.from({ length: count }, (_, i) => {
    const odd: Partial<Note> =
      i % 50 === 7
        ? { folder: 'work ' }
        : i % 50 === 8
          ? { folder: 'work\t' }
          : i % 50 === 9
            ? { trashedAt: 1.5 }
            : {};
    return toStoredDoc(note(i, odd), undefined, { deleted: i % 25 === 3, lwt: 1_700_000_000_000 + i * 10 });
  });
}

const tableName = `rx_docs_v${noteSchema.version}`;

describe('SQLite key layout', () => {
  afterAll(() => removeTempDirs());

  it('[KL1] flagged rows are found by range queries, counts, the changes feed and cleanup', async () => {
    const sqlite = await createInstance<Note>(
      getRxStorageSqlite({ directory: tempDir('flagged') }),
      noteSchema,
      'f',
    );
    const memory = await createInstance<Note>(getRxStorageMemory(), noteSchema, `f${randomToken(6)}`);
    const base = 1_700_000_000_000;
    const rows = [
      ...Array.from({ length: 60 }, (_, i) => insertRow(note(i), { lwt: base + i })),
      // Same padded folder part as 'work', below the padding, longer than maxLength:
      insertRow(note(100, { folder: 'work ' }), { lwt: base + 100 }),
      insertRow(note(101, { folder: 'work\t' }), { lwt: base + 101 }),
      insertRow(note(102, { folder: 'w'.repeat(300) }), { lwt: base + 102 }),
      // Off the integer schema and beyond its maximum:
      insertRow(note(103, { trashedAt: 1.5 }), { lwt: base + 103 }),
      insertRow(note(104, { updatedAt: 9e15 }), { lwt: base + 104 }),
      // An lwt with more decimals than multipleOf 0.01 (flagged in the changes/cleanup indexes).
      insertRow(note(105), { lwt: base + 105.123 }),
      // Old tombstones for cleanup(), one of them flagged.
      insertRow(note(106), { lwt: 10, deleted: true }),
      insertRow(note(107), { lwt: 11.001, deleted: true }),
      insertRow(note(108, { folder: 'work ' }), { lwt: 12, deleted: true }),
    ];
    for (const instance of [sqlite, memory]) {
      expect((await instance.bulkWrite(structuredClone(rows), 'seed')).error).toEqual([]);
    }
    await expectSameResults(sqlite, memory, QUERIES);
    // 'work' as an index-decided $eq: the memory storage returns 'work ' too (one padded part).
    const workIds = idsOf(
      (await sqlite.query(prepare(noteSchema, { selector: { folder: { $eq: 'work' } } }))).documents,
    );
    expect(workIds).toContain(note(100).id);
    expect(statsOf(sqlite).nonCanonicalMerges).toBeGreaterThan(0);

    for (const batch of [1, 3, 1000]) {
      expect(await changedIds(sqlite, batch)).toEqual(await changedIds(memory, batch));
    }

    await Promise.all([sqlite.cleanup(0), memory.cleanup(0)]);
    const allIds = rows.map((row) => row.document.id);
    const [left, expected] = await Promise.all([
      sqlite.findDocumentsById(allIds, true),
      memory.findDocumentsById(allIds, true),
    ]);
    expect(idsOf(left).sort()).toEqual(idsOf(expected).sort());
    expect(idsOf(left)).not.toContain(note(108).id);
    await sqlite.close();
    await memory.close();
  });

  it('[KL2] an old-layout table is rebuilt once on open, keeping every document', async () => {
    const directory = tempDir('legacy');
    const file = join(directory, 'legacy.sqlite');
    const docs = legacyDocs(400);
    writeFormat1Table(file, tableName, docs);
    const oldKeyBytes = keyBytes(file);
    const oldFileBytes = statSync(file).size;

    const storage = getRxStorageSqlite({ directory }) as unknown as AnyStorage;
    const sqlite = await createInstance<Note>(storage, noteSchema, 'legacy');
    const memory = await createInstance<Note>(getRxStorageMemory(), noteSchema, `m${randomToken(6)}`);
    await memory.bulkWrite(
      docs.map((document) => ({ document: structuredClone(document) })),
      'seed',
    );
    // Every document, tombstones included, exactly as stored.
    const ids = docs.map((doc) => doc.id);
    expect(await sqlite.findDocumentsById(ids, true)).toEqual(docs);
    await expectSameResults(sqlite, memory, QUERIES);
    expect(await changedIds(sqlite, 50)).toEqual(await changedIds(memory, 50));
    await sqlite.close();
    await memory.close();

    const raw = new Database(file, { readonly: true });
    const spec = raw
      .prepare<[string], { spec: string }>(`SELECT spec FROM quire_rx_tables WHERE name = ?`)
      .get(tableName);
    expect(JSON.parse(spec?.spec ?? '{}')).toMatchObject({ format: 2 });
    const tables = raw
      .prepare<[], { name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rx_%'`,
      )
      .all();
    expect(tables.map((t) => t.name)).toEqual([tableName]);
    const schemaVersion = raw.pragma('schema_version', { simple: true });
    expect(Number(raw.pragma('freelist_count', { simple: true }))).toBeLessThan(
      Number(raw.pragma('page_count', { simple: true })) / 4,
    );
    raw.close();
    // Compact keys: a fraction of the padded ones; the file shrank and holds little free space.
    expect(keyBytes(file)).toBeLessThan(oldKeyBytes / 3);
    expect(statSync(file).size).toBeLessThan(oldFileBytes);

    // Once: a second open changes no table or index definition.
    const again = await createInstance<Note>(storage, noteSchema, 'legacy');
    expect(await again.findDocumentsById(ids, true)).toEqual(docs);
    await again.close();
    const reopened = new Database(file, { readonly: true });
    expect(reopened.pragma('schema_version', { simple: true })).toBe(schemaVersion);
    reopened.close();
  });

  it('[KL3] a rebuild that fails half-way leaves the old table untouched', async () => {
    const directory = tempDir('legacy-fail');
    const file = join(directory, 'broken.sqlite');
    const docs = legacyDocs(1200);
    writeFormat1Table(file, tableName, docs);
    // A row the rebuild cannot parse, after the first pages have been copied.
    const raw = new Database(file);
    raw.prepare(`UPDATE "${tableName}" SET data = '{broken' WHERE id = ?`).run(docs[1100]?.id ?? '');
    const before = snapshot(raw);
    raw.close();

    const storage = getRxStorageSqlite({ directory }) as unknown as AnyStorage;
    await expect(createInstance<Note>(storage, noteSchema, 'broken')).rejects.toThrow(/JSON/);

    const after = new Database(file, { readonly: true });
    expect(snapshot(after)).toEqual(before);
    after.close();
  });
});

/** Bytes of all key columns of the legacy table. */
function keyBytes(file: string): number {
  const raw = new Database(file, { readonly: true });
  const columns = raw
    .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${tableName}') WHERE name LIKE 'k%'`)
    .all()
    .map((c) => `SUM(LENGTH(CAST(${c.name} AS BLOB)))`);
  const row = raw.prepare<[], { n: number }>(`SELECT ${columns.join(' + ')} AS n FROM "${tableName}"`).get();
  raw.close();
  return row?.n ?? 0;
}

/** Schema objects, the layout record and every row of the legacy table. */
function snapshot(db: Database.Database): unknown {
  return {
    schema: db.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY name`).all(),
    spec: db.prepare(`SELECT * FROM quire_rx_tables`).all(),
    rows: db.prepare(`SELECT * FROM "${tableName}" ORDER BY id`).all(),
  };
}
