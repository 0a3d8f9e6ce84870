/**
 * RxStorage contract suite: one set of rules, run against RxDB's memory storage (the reference
 * behaviour) and against our SQLite storage. Rules:
 *
 * [ST1]  Inserted documents are found by id, in the order asked, missing ids skipped.
 * [ST2]  An update with the stored revision as `previous` replaces the document.
 * [ST3]  A write whose `previous` is not the stored revision (or an insert of an existing id)
 *        fails with a 409 that carries `documentInDb`; the other rows of the bulk are written.
 * [ST4]  A deleted document is a tombstone: hidden from queries, counts and
 *        findDocumentsById(…, false), returned by findDocumentsById(…, true).
 * [ST5]  Selectors with $eq/$gt/$gte/$lt/$lte/$in/$nin/$ne/$exists/$regex/$or/$and return
 *        exactly the matching documents.
 * [ST6]  Sorting asc/desc (single and mixed fields) is deterministic: ties are broken by the
 *        primary key; strings order by JavaScript code units, unicode included.
 * [ST7]  skip/limit cut pages out of the sorted result; `limit: 0` returns nothing.
 * [ST8]  count() equals the number of documents query() returns for the same selector.
 * [ST9]  getChangedDocumentsSince pages through every change (deletes included) in
 *        (_meta.lwt, id) order; the checkpoint continues exactly after the last document.
 * [ST10] changeStream emits one bulk per bulkWrite with its events and a checkpoint of the newest
 *        written document; rejected rows emit nothing.
 * [ST11] cleanup(minimumDeletedTime) purges tombstones older than that and keeps the rest.
 * [ST12] Attachments round-trip: added, read by digest, replaced, removed.
 * [ST13] Through the RxDB API (dev-mode + ajv validation): find/sort/skip/limit, count,
 *        findByIds, bulkInsert, incrementalPatch, remove, and live queries that update on write.
 * [ST14] (persistent storages) Documents, tombstones and attachments survive close and reopen,
 *        at storage level and through the RxDB API.
 */
import {
  addRxPlugin,
  createRxDatabase,
  getChangedDocumentsSince,
  now,
  randomToken,
  type MangoQuery,
  type MangoQuerySelector,
  type RxCollection,
  type RxDatabase,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorageChangeEvent,
  type EventBulk,
} from 'rxdb';
import { RxDBAttachmentsPlugin } from 'rxdb/plugins/attachments';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { RxDBQueryBuilderPlugin } from 'rxdb/plugins/query-builder';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createInstance,
  filledSchema,
  idsOf,
  insertRow,
  prepare,
  updateRow,
  waitFor,
  type AnyInstance,
  type AnyStorage,
} from './storage-test-helpers.js';

disableWarnings();
addRxPlugin(RxDBDevModePlugin);
addRxPlugin(RxDBAttachmentsPlugin);
addRxPlugin(RxDBQueryBuilderPlugin);

export interface RxStorageContractOptions {
  /** Whether data outlives every instance being closed (enables [ST14]). */
  readonly reopenSupported: boolean;
}

interface Person {
  id: string;
  name: string;
  age: number;
  city: string;
  tags: string[];
  nickname?: string;
  address?: { zip: string };
}

const personJsonSchema: RxJsonSchema<Person> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 20 },
    name: { type: 'string', maxLength: 40 },
    age: { type: 'integer', minimum: 0, maximum: 150, multipleOf: 1 },
    city: { type: 'string', maxLength: 20 },
    tags: { type: 'array', items: { type: 'string' } },
    nickname: { type: 'string' },
    address: { type: 'object', properties: { zip: { type: 'string' } } },
  },
  required: ['id', 'name', 'age', 'city', 'tags'],
  indexes: ['age', ['city', 'age'], 'name'],
};
const personSchema = filledSchema(personJsonSchema);

const PEOPLE: Person[] = [
  { id: 'p01', name: 'Ada', age: 36, city: 'London', tags: ['math'], nickname: 'countess' },
  { id: 'p02', name: 'Alan', age: 41, city: 'London', tags: ['math', 'crypto'] },
  { id: 'p03', name: 'Grace', age: 85, city: 'New York', tags: ['navy'], address: { zip: '10001' } },
  { id: 'p04', name: 'Édith', age: 36, city: 'Paris', tags: [] },
  { id: 'p05', name: 'Linus', age: 28, city: 'Helsinki', tags: ['kernel'], nickname: 'torvalds' },
  { id: 'p06', name: 'Margaret', age: 33, city: 'Boston', tags: ['apollo'] },
  { id: 'p07', name: 'Barbara', age: 41, city: 'Boston', tags: [], address: { zip: '02139' } },
  { id: 'p08', name: 'Ken', age: 0, city: 'Berkeley', tags: ['unix'] },
  { id: 'p09', name: 'Dennis', age: 150, city: 'Berkeley', tags: ['unix', 'c'] },
  { id: 'p10', name: 'Émile', age: 36, city: 'Paris', tags: ['sql'] },
  { id: 'p11', name: '😀 Smile', age: 12, city: 'Tokyo', tags: [] },
  { id: 'p12', name: '\uE000 Private', age: 12, city: 'Tokyo', tags: [] },
];

interface NoteFile {
  id: string;
  title: string;
}
const fileJsonSchema: RxJsonSchema<NoteFile> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: { type: 'string', maxLength: 20 }, title: { type: 'string' } },
  required: ['id', 'title'],
  attachments: {},
};
const fileSchema = filledSchema(fileJsonSchema);

interface ContractCollections {
  people: RxCollection<Person>;
  files: RxCollection<NoteFile>;
}
type ContractDatabase = RxDatabase<ContractCollections>;

type PersonEventBulk = EventBulk<RxStorageChangeEvent<RxDocumentData<Person>>, unknown>;

function byIdAsc(a: Person, b: Person): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function jsCompare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The memory storage throws synchronously, ours rejects: treat both as a rejection. */
async function readAttachment(
  instance: AnyInstance<NoteFile>,
  docId: string,
  attachmentId: string,
  digest: string,
): Promise<Blob> {
  return instance.getAttachmentData(docId, attachmentId, digest);
}

/**
 * The suite for one storage. `createStorage` returns the storage under test; repeated calls must
 * reach the same data (same directory).
 */
export function describeRxStorageContract(
  name: string,
  createStorage: () => AnyStorage,
  { reopenSupported }: RxStorageContractOptions,
): void {
  describe(`RxStorage contract: ${name}`, () => {
    const toClose: { close(): Promise<unknown> }[] = [];

    afterEach(async () => {
      for (const item of toClose.splice(0).reverse()) await item.close();
    });

    async function open<T>(schema: RxJsonSchema<RxDocumentData<T>>, databaseName = `db${randomToken(8)}`) {
      const instance = await createInstance<T>(createStorage(), schema, databaseName);
      toClose.push(instance);
      return instance;
    }

    async function openPeople(): Promise<AnyInstance<Person>> {
      const instance = await open<Person>(personSchema);
      const result = await instance.bulkWrite(
        PEOPLE.map((person) => insertRow(person)),
        'seed',
      );
      expect(result.error).toEqual([]);
      return instance;
    }

    async function queryIds(instance: AnyInstance<Person>, query: MangoQuery<Person>): Promise<string[]> {
      const result = await instance.query(prepare(personSchema, query));
      return idsOf(result.documents);
    }

    async function openDatabase(name: string): Promise<ContractDatabase> {
      const db = await createRxDatabase<ContractCollections>({
        name,
        storage: wrappedValidateAjvStorage({ storage: createStorage() }),
        multiInstance: false,
        eventReduce: true,
      });
      toClose.push(db);
      await db.addCollections({
        people: { schema: personJsonSchema },
        files: { schema: fileJsonSchema },
      });
      return db;
    }

    it('[ST1] inserted documents are found by id, in the order asked, missing ids skipped', async () => {
      const instance = await openPeople();
      const found = await instance.findDocumentsById(['p03', 'nope', 'p01'], false);
      expect(idsOf(found)).toEqual(['p03', 'p01']);
      const grace = found[0];
      expect(grace).toMatchObject({ ...PEOPLE[2], _deleted: false });
      expect(grace?._rev).toMatch(/^1-/);
      expect(await instance.findDocumentsById([], true)).toEqual([]);
    });

    it('[ST2] an update with the stored revision as previous replaces the document', async () => {
      const instance = await openPeople();
      const [stored] = await instance.findDocumentsById(['p05'], false);
      const result = await instance.bulkWrite(
        [updateRow(stored!, { ...PEOPLE[4]!, age: 29, city: 'Portland' })],
        'update',
      );
      expect(result.error).toEqual([]);
      const [updated] = await instance.findDocumentsById(['p05'], false);
      expect(updated).toMatchObject({ id: 'p05', age: 29, city: 'Portland' });
      expect(updated?._rev).toMatch(/^2-/);
      // The index follows the update.
      expect(await queryIds(instance, { selector: { city: 'Portland' } })).toEqual(['p05']);
      expect(await queryIds(instance, { selector: { city: 'Helsinki' } })).toEqual([]);
    });

    it('[ST3] a stale previous revision or a duplicate insert is a 409 with documentInDb; other rows are written', async () => {
      const instance = await openPeople();
      const [v1] = await instance.findDocumentsById(['p01'], false);
      await instance.bulkWrite([updateRow(v1!, { ...PEOPLE[0]!, age: 37 })], 'update');
      const result = await instance.bulkWrite(
        [
          updateRow(v1!, { ...PEOPLE[0]!, age: 99 }), // stale: based on v1, stored is v2
          insertRow(PEOPLE[1]!), // exists already
          insertRow({ id: 'p99', name: 'New', age: 1, city: 'Oslo', tags: [] }),
        ],
        'conflicts',
      );
      expect(result.error.map((e) => [e.documentId, e.status]).sort()).toEqual([
        ['p01', 409],
        ['p02', 409],
      ]);
      const conflict = result.error.find((e) => e.documentId === 'p01');
      expect(conflict && 'documentInDb' in conflict ? conflict.documentInDb : undefined).toMatchObject({
        id: 'p01',
        age: 37,
        _rev: expect.stringMatching(/^2-/) as unknown,
      });
      const [p01, p99] = await instance.findDocumentsById(['p01', 'p99'], false);
      expect(p01?.age).toBe(37);
      expect(p99?.name).toBe('New');
    });

    it('[ST4] a deleted document is a tombstone: hidden from queries and counts, found with withDeleted', async () => {
      const instance = await openPeople();
      const [stored] = await instance.findDocumentsById(['p02'], false);
      const result = await instance.bulkWrite([updateRow(stored!, PEOPLE[1]!, { deleted: true })], 'delete');
      expect(result.error).toEqual([]);
      expect(await instance.findDocumentsById(['p02'], false)).toEqual([]);
      const [tombstone] = await instance.findDocumentsById(['p02'], true);
      expect(tombstone).toMatchObject({ id: 'p02', _deleted: true });
      expect(await queryIds(instance, { selector: { city: 'London' } })).toEqual(['p01']);
      const count = await instance.count(prepare(personSchema, { selector: {} }));
      expect(count.count).toBe(PEOPLE.length - 1);
      // A tombstone can be revived by a write based on it.
      await instance.bulkWrite([updateRow(tombstone!, { ...PEOPLE[1]!, age: 42 })], 'revive');
      expect(await queryIds(instance, { selector: { city: 'London' } })).toEqual(['p01', 'p02']);
    });

    const operatorCases: [string, MangoQuerySelector<Person>, (p: Person) => boolean][] = [
      ['$eq', { age: { $eq: 36 } }, (p) => p.age === 36],
      ['$gt', { age: { $gt: 36 } }, (p) => p.age > 36],
      ['$gte', { age: { $gte: 36 } }, (p) => p.age >= 36],
      ['$lt', { age: { $lt: 36 } }, (p) => p.age < 36],
      ['$lte', { age: { $lte: 36 } }, (p) => p.age <= 36],
      ['$gt+$lt', { age: { $gt: 12, $lt: 41 } }, (p) => p.age > 12 && p.age < 41],
      ['$in', { city: { $in: ['Paris', 'Tokyo'] } }, (p) => ['Paris', 'Tokyo'].includes(p.city)],
      ['$nin', { city: { $nin: ['Paris', 'Tokyo'] } }, (p) => !['Paris', 'Tokyo'].includes(p.city)],
      ['$ne', { city: { $ne: 'Boston' } }, (p) => p.city !== 'Boston'],
      ['$exists true', { nickname: { $exists: true } }, (p) => p.nickname !== undefined],
      ['$exists false', { nickname: { $exists: false } }, (p) => p.nickname === undefined],
      ['$regex', { name: { $regex: '^[AÉ]' } }, (p) => /^[AÉ]/.test(p.name)],
      ['$regex with options', { name: { $regex: 'a$', $options: 'i' } }, (p) => /a$/i.test(p.name)],
      ['nested field', { 'address.zip': { $eq: '10001' } }, (p) => p.address?.zip === '10001'],
      ['array element', { tags: { $in: ['unix'] } }, (p) => p.tags.includes('unix')],
      ['$or', { $or: [{ city: 'Tokyo' }, { age: { $gte: 85 } }] }, (p) => p.city === 'Tokyo' || p.age >= 85],
      [
        '$and',
        { $and: [{ city: { $in: ['London', 'Boston'] } }, { age: { $ne: 41 } }] },
        (p) => ['London', 'Boston'].includes(p.city) && p.age !== 41,
      ],
      [
        '$or inside $and with index field',
        { city: 'Berkeley', $or: [{ age: 0 }, { name: { $regex: 'nn' } }] },
        (p) => p.city === 'Berkeley' && (p.age === 0 || /nn/.test(p.name)),
      ],
      [
        'compound index range',
        { city: 'Paris', age: { $gte: 30, $lte: 40 } },
        (p) => p.city === 'Paris' && p.age >= 30 && p.age <= 40,
      ],
      ['string range with unicode', { name: { $gt: 'Z' } }, (p) => p.name > 'Z'],
    ];

    it.each(operatorCases)(
      '[ST5] selector %s returns exactly the matching documents',
      async (_label, selector, predicate) => {
        const instance = await openPeople();
        const expected = PEOPLE.filter(predicate)
          .sort(byIdAsc)
          .map((p) => p.id);
        expect(expected.length).toBeGreaterThan(0);
        expect(await queryIds(instance, { selector, sort: [{ id: 'asc' }] })).toEqual(expected);
        const count = await instance.count(prepare(personSchema, { selector }));
        expect(count.count).toBe(expected.length);
      },
    );

    it('[ST6] sort asc/desc with ties is deterministic and follows JavaScript string order', async () => {
      const instance = await openPeople();
      const sorted = (cmp: (a: Person, b: Person) => number) => [...PEOPLE].sort(cmp).map((p) => p.id);
      expect(await queryIds(instance, { selector: {}, sort: [{ age: 'asc' }] })).toEqual(
        sorted((a, b) => jsCompare(a.age, b.age) || jsCompare(a.id, b.id)),
      );
      expect(await queryIds(instance, { selector: {}, sort: [{ age: 'desc' }, { id: 'desc' }] })).toEqual(
        sorted((a, b) => jsCompare(b.age, a.age) || jsCompare(b.id, a.id)),
      );
      expect(await queryIds(instance, { selector: {}, sort: [{ age: 'desc' }] })).toEqual(
        sorted((a, b) => jsCompare(b.age, a.age) || jsCompare(a.id, b.id)),
      );
      expect(await queryIds(instance, { selector: {}, sort: [{ city: 'asc' }, { age: 'desc' }] })).toEqual(
        sorted((a, b) => jsCompare(a.city, b.city) || jsCompare(b.age, a.age) || jsCompare(a.id, b.id)),
      );
      // '😀' (a surrogate pair) sorts before U+E000 in JavaScript, after it in UTF-8.
      expect(await queryIds(instance, { selector: {}, sort: [{ name: 'asc' }] })).toEqual(
        sorted((a, b) => jsCompare(a.name, b.name) || jsCompare(a.id, b.id)),
      );
      expect(await queryIds(instance, { selector: {}, sort: [{ name: 'desc' }, { id: 'desc' }] })).toEqual(
        sorted((a, b) => jsCompare(b.name, a.name) || jsCompare(b.id, a.id)),
      );
      expect(
        await queryIds(instance, { selector: { city: 'Paris' }, sort: [{ age: 'desc' }, { id: 'desc' }] }),
      ).toEqual(['p10', 'p04']);
    });

    it('[ST7] skip and limit cut pages out of the sorted result', async () => {
      const instance = await openPeople();
      const sort: MangoQuery<Person>['sort'] = [{ age: 'desc' }, { id: 'desc' }];
      const all = await queryIds(instance, { selector: {}, sort });
      const pages: string[] = [];
      for (let skip = 0; skip < all.length; skip += 5) {
        pages.push(...(await queryIds(instance, { selector: {}, sort, skip, limit: 5 })));
      }
      expect(pages).toEqual(all);
      expect(await queryIds(instance, { selector: {}, sort, limit: 0 })).toEqual([]);
      expect(await queryIds(instance, { selector: {}, sort, skip: 100 })).toEqual([]);
      expect(
        await queryIds(instance, { selector: { city: { $ne: 'Tokyo' } }, sort, skip: 2, limit: 3 }),
      ).toEqual(all.filter((id) => id !== 'p11' && id !== 'p12').slice(2, 5));
    });

    it('[ST8] count equals the number of query results for the same selector', async () => {
      const instance = await openPeople();
      for (const [, selector] of operatorCases) {
        const documents = await queryIds(instance, { selector });
        const count = await instance.count(prepare(personSchema, { selector }));
        expect(count.count).toBe(documents.length);
        expect(count.mode).toBe('fast');
      }
    });

    it('[ST9] getChangedDocumentsSince pages through every change in (lwt, id) order', async () => {
      const instance = await open<Person>(personSchema);
      // Two bulks: documents of one bulk share an lwt, so the id decides within it.
      await instance.bulkWrite(
        PEOPLE.slice(0, 7).map((p) => insertRow(p, { lwt: 1000 })),
        'a',
      );
      await instance.bulkWrite(
        PEOPLE.slice(7).map((p) => insertRow(p, { lwt: 2000 })),
        'b',
      );
      const [p03] = await instance.findDocumentsById(['p03'], false);
      await instance.bulkWrite([updateRow(p03!, PEOPLE[2]!, { deleted: true, lwt: 3000 })], 'c');
      // RxDB's helper: the storage's own method, or RxDB's query fallback (memory has none).
      const getChanges = (limit: number, checkpoint: unknown) =>
        getChangedDocumentsSince(instance, limit, checkpoint);
      const seen: string[] = [];
      let checkpoint: unknown;
      for (let round = 0; round < 20; round++) {
        const page = await getChanges(5, checkpoint);
        const pageIds = idsOf(page.documents);
        expect(new Set(pageIds).size).toBe(pageIds.length);
        seen.push(...pageIds);
        checkpoint = page.checkpoint;
        if (page.documents.length < 5) break;
      }
      const expected = [
        ...PEOPLE.slice(0, 7)
          .map((p) => p.id)
          .filter((id) => id !== 'p03'),
        ...PEOPLE.slice(7).map((p) => p.id),
        'p03',
      ];
      expect(seen).toEqual(expected);
      const end = await getChanges(5, checkpoint);
      expect(end.documents).toEqual([]);
      expect(end.checkpoint).toEqual(checkpoint);
      const last = await getChanges(1, { id: 'p12', lwt: 2000 });
      expect(idsOf(last.documents)).toEqual(['p03']);
      expect(last.documents[0]?._deleted).toBe(true);
    });

    it('[ST10] changeStream emits one bulk per bulkWrite with a checkpoint; rejected rows emit nothing', async () => {
      const instance = await open<Person>(personSchema);
      const bulks: PersonEventBulk[] = [];
      const sub = instance.changeStream().subscribe((bulk) => bulks.push(bulk as PersonEventBulk));
      await instance.bulkWrite([insertRow(PEOPLE[0]!), insertRow(PEOPLE[1]!)], 'ctx-insert');
      const [p01] = await instance.findDocumentsById(['p01'], false);
      await instance.bulkWrite([updateRow(p01!, { ...PEOPLE[0]!, age: 1 })], 'ctx-update');
      const [p01v2] = await instance.findDocumentsById(['p01'], false);
      await instance.bulkWrite([updateRow(p01v2!, PEOPLE[0]!, { deleted: true })], 'ctx-delete');
      await instance.bulkWrite([insertRow(PEOPLE[1]!)], 'ctx-conflict');
      await waitFor(() => bulks.length >= 3);
      sub.unsubscribe();
      expect(bulks).toHaveLength(3);
      expect(bulks.map((b) => b.context)).toEqual(['ctx-insert', 'ctx-update', 'ctx-delete']);
      expect(bulks.map((b) => b.events.map((e) => [e.operation, e.documentId]))).toEqual([
        [
          ['INSERT', 'p01'],
          ['INSERT', 'p02'],
        ],
        [['UPDATE', 'p01']],
        [['DELETE', 'p01']],
      ]);
      expect(bulks[1]?.events[0]?.documentData).toMatchObject({ age: 1 });
      expect(bulks[0]?.checkpoint).toEqual({ id: 'p02', lwt: expect.any(Number) as unknown });
      expect(new Set(bulks.map((b) => b.id)).size).toBe(3);
    });

    it('[ST11] cleanup purges tombstones older than minimumDeletedTime and keeps newer ones', async () => {
      const instance = await openPeople();
      const [p01, p02] = await instance.findDocumentsById(['p01', 'p02'], false);
      await instance.bulkWrite(
        [updateRow(p01!, PEOPLE[0]!, { deleted: true, lwt: now() - 60_000 })],
        'old delete',
      );
      await instance.bulkWrite([updateRow(p02!, PEOPLE[1]!, { deleted: true })], 'new delete');
      expect(await instance.cleanup(30_000)).toBe(true);
      expect(idsOf(await instance.findDocumentsById(['p01', 'p02', 'p03'], true))).toEqual(['p02', 'p03']);
      expect(await instance.cleanup(0)).toBe(true);
      expect(idsOf(await instance.findDocumentsById(['p01', 'p02', 'p03'], true))).toEqual(['p03']);
      expect((await instance.count(prepare(personSchema, { selector: {} }))).count).toBe(PEOPLE.length - 2);
    });

    it('[ST12] attachments round-trip: add, read by digest, replace, remove', async () => {
      const instance = await open<NoteFile>(fileSchema);
      const blob = new Blob(['hello attachment ✓'], { type: 'text/plain' });
      const attachment = { data: blob, digest: 'md5-one', length: blob.size, type: 'text/plain' };
      const first = insertRow<NoteFile>({ id: 'f1', title: 'file' }, { attachments: { a: attachment } });
      expect((await instance.bulkWrite([first], 'add')).error).toEqual([]);
      const [stored] = await instance.findDocumentsById(['f1'], false);
      expect(stored?._attachments).toEqual({
        a: { digest: 'md5-one', length: blob.size, type: 'text/plain' },
      });
      expect(await (await instance.getAttachmentData('f1', 'a', 'md5-one')).text()).toBe(
        'hello attachment ✓',
      );
      await expect(readAttachment(instance, 'f1', 'a', 'md5-wrong')).rejects.toThrow();

      const bytes = new Uint8Array([0, 1, 2, 250, 255]);
      const replacement = new Blob([bytes], { type: 'application/octet-stream' });
      const second = updateRow<NoteFile>(
        stored!,
        { id: 'f1', title: 'file' },
        {
          attachments: {
            a: {
              data: replacement,
              digest: 'md5-two',
              length: replacement.size,
              type: 'application/octet-stream',
            },
          },
        },
      );
      expect((await instance.bulkWrite([second], 'replace')).error).toEqual([]);
      const read = await instance.getAttachmentData('f1', 'a', 'md5-two');
      expect(new Uint8Array(await read.arrayBuffer())).toEqual(bytes);

      const [v2] = await instance.findDocumentsById(['f1'], false);
      expect(
        (await instance.bulkWrite([updateRow<NoteFile>(v2!, { id: 'f1', title: 'no attachment' })], 'remove'))
          .error,
      ).toEqual([]);
      await expect(readAttachment(instance, 'f1', 'a', 'md5-two')).rejects.toThrow();
    });

    it('[ST13] the RxDB API works on top: queries, count, findByIds, patch, remove, live query', async () => {
      const db = await openDatabase(`rx${randomToken(8)}`);
      const people = db.collections.people;
      const inserted = await people.bulkInsert(PEOPLE);
      expect(inserted.error).toEqual([]);

      const page = await people
        .find({ selector: { age: { $gte: 12 } } })
        .sort({ age: 'desc', id: 'desc' })
        .skip(2)
        .limit(3)
        .exec();
      const expected = PEOPLE.filter((p) => p.age >= 12)
        .sort((a, b) => jsCompare(b.age, a.age) || jsCompare(b.id, a.id))
        .slice(2, 5)
        .map((p) => p.id);
      expect(page.map((d) => d.id)).toEqual(expected);
      expect(await people.count({ selector: { city: 'Boston' } }).exec()).toBe(2);

      const byIds = await people.findByIds(['p01', 'p09', 'nope']).exec();
      expect([...byIds.keys()].sort()).toEqual(['p01', 'p09']);

      const live: string[][] = [];
      const sub = people
        .find({ selector: { city: 'London' }, sort: [{ age: 'desc' }] })
        .$.subscribe((docs) => live.push(docs.map((d) => `${d.id}:${d.age}`)));
      await waitFor(() => live.length >= 1);
      expect(live.at(-1)).toEqual(['p02:41', 'p01:36']);

      await byIds.get('p01')!.incrementalPatch({ age: 50 });
      await waitFor(() => live.at(-1)?.[0] === 'p01:50');
      expect(live.at(-1)).toEqual(['p01:50', 'p02:41']);

      await people.insert({ id: 'p20', name: 'Tim', age: 70, city: 'London', tags: [] });
      await waitFor(() => live.at(-1)?.length === 3);
      expect(live.at(-1)).toEqual(['p20:70', 'p01:50', 'p02:41']);

      await (await people.findOne('p02').exec())!.remove();
      await waitFor(() => live.at(-1)?.length === 2);
      expect(live.at(-1)).toEqual(['p20:70', 'p01:50']);
      sub.unsubscribe();
      expect(await people.count().exec()).toBe(PEOPLE.length);

      const files = db.collections.files;
      const file = await files.insert({ id: 'f1', title: 'with attachment' });
      await file.putAttachment({
        id: 'note.md',
        data: new Blob(['# hi'], { type: 'text/markdown' }),
        type: 'text/markdown',
      });
      const fresh = await files.findOne('f1').exec();
      expect(await fresh!.getAttachment('note.md')!.getStringData()).toBe('# hi');
    });

    if (reopenSupported) {
      it('[ST14] documents, tombstones and attachments survive close and reopen', async () => {
        const databaseName = `reopen${randomToken(8)}`;
        const first = await createInstance<Person>(createStorage(), personSchema, databaseName);
        await first.bulkWrite(
          PEOPLE.map((p) => insertRow(p)),
          'seed',
        );
        const [p01] = await first.findDocumentsById(['p01'], false);
        await first.bulkWrite([updateRow(p01!, PEOPLE[0]!, { deleted: true })], 'delete');
        const files = await createInstance<NoteFile>(createStorage(), fileSchema, databaseName, 'files');
        const blob = new Blob(['persisted bytes']);
        await files.bulkWrite(
          [
            insertRow<NoteFile>(
              { id: 'f1', title: 't' },
              { attachments: { a: { data: blob, digest: 'd1', length: blob.size, type: 'text/plain' } } },
            ),
          ],
          'att',
        );
        await first.close();
        await files.close();

        const reopened = await open<Person>(personSchema, databaseName);
        expect(await queryIds(reopened, { selector: {}, sort: [{ id: 'asc' }] })).toEqual(
          PEOPLE.map((p) => p.id).filter((id) => id !== 'p01'),
        );
        expect((await reopened.findDocumentsById(['p01'], true))[0]?._deleted).toBe(true);
        const filesAgain = await createInstance<NoteFile>(createStorage(), fileSchema, databaseName, 'files');
        toClose.push(filesAgain);
        expect(await (await filesAgain.getAttachmentData('f1', 'a', 'd1')).text()).toBe('persisted bytes');

        // And through RxDB: a closed database reopens with its data.
        const name = `rxreopen${randomToken(8)}`;
        const db = await openDatabase(name);
        await db.collections.people.bulkInsert(PEOPLE.slice(0, 3));
        await db.close();
        const again = await openDatabase(name);
        expect(await again.collections.people.count().exec()).toBe(3);
        expect((await again.collections.people.findOne('p03').exec())?.name).toBe('Grace');
      });
    }
  });
}
