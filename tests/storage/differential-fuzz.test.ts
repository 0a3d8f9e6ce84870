/**
 * Differential fuzz: the same random documents, writes and Mango queries against RxDB's memory
 * storage (the reference) and our SQLite storage. Every query must return the same documents in
 * the same order, and every count the same number.
 *
 * Seeded (FUZZ_SEED overrides the fixed default), so a failure replays; on a mismatch the test
 * prints the seed, the query and both id lists.
 *
 * The data is built to hit the planner's and the key encoding's edge cases: unicode strings
 * (accents, combining marks, CJK, emoji incl. ZWJ sequences, U+E000..U+FFFF, NBSP, rare lone
 * surrogates), empty strings, strings that are prefixes of each other or hold inner/leading
 * spaces, negative and decimal numbers, booleans, a nested field, arrays, missing optional (and
 * indexed) fields, and rare values whose padded index part orders differently (trailing
 * spaces/tabs, over-long strings, numbers out of range or with extra decimals) which the SQLite
 * storage keeps as flagged, non-canonical rows. Query bounds include prefixes of stored strings,
 * values just beside stored ones (+' ', +'\t', +U+FFFF, ±0.005), over-long and out-of-range
 * values. Queries are biased towards the shapes the planner optimizes (equality prefix + a range
 * on the next index field + one-direction sort over the rest of an index).
 *
 * FUZZ_ROUNDS raises the number of rounds (250 queries each) for a longer local run.
 */
import {
  getChangedDocumentsSince,
  randomToken,
  type MangoQuery,
  type MangoQuerySelector,
  type MangoQuerySortPart,
  type RxJsonSchema,
} from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, describe, expect, it } from 'vitest';
import { getRxStorageSqlite, type SqliteStorageInternals } from '../../src-main/db/sqlite-storage/index.js';
import {
  createInstance,
  filledSchema,
  insertRow,
  prepare,
  removeTempDirs,
  tempDir,
  updateRow,
  type AnyInstance,
} from './storage-test-helpers.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 6);
const QUERIES_PER_ROUND = 250;
const INITIAL_DOCS = 400;
const MUTATIONS_PER_ROUND = 60;

interface FuzzDoc {
  id: string;
  name: string;
  age: number;
  score: number;
  active: boolean;
  nested: { level: number; label?: string };
  tags: string[];
  nick?: string;
}

const fuzzJsonSchema: RxJsonSchema<FuzzDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 12 },
    name: { type: 'string', maxLength: 16 },
    age: { type: 'integer', minimum: -50, maximum: 200, multipleOf: 1 },
    score: { type: 'number', minimum: -1000, maximum: 1000, multipleOf: 0.01 },
    active: { type: 'boolean' },
    nested: {
      type: 'object',
      properties: {
        level: { type: 'integer', minimum: 0, maximum: 10, multipleOf: 1 },
        label: { type: 'string', maxLength: 8 },
      },
      required: ['level'],
    },
    tags: { type: 'array', items: { type: 'string' } },
    nick: { type: 'string', maxLength: 10 },
  },
  required: ['id', 'name', 'age', 'score', 'active', 'nested', 'tags'],
  indexes: [
    'name',
    ['age', 'score'],
    ['active', 'age'],
    ['nested.level', 'name'],
    'nick',
    'score',
    // A string before a number: string bounds are followed by number parts.
    ['nick', 'score'],
  ],
};
const schema = filledSchema(fuzzJsonSchema);

/** mulberry32: tiny, fast, good enough for test data. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const chance = (p: number): boolean => next() < p;
  return { next, int, pick, chance };
}
type Random = ReturnType<typeof createRandom>;

const CHAR_POOL = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEZ0123456789-_',
  ...'éÉèàüßøæ',
  ...'日本語中文',
  '😀',
  '🎉',
  '𝄞',
  '\uE000',
  '\uFFFD',
  '\uFFFF',
  ' ',
];

/** Short strings that collide often: ties, prefixes, and the order-hostile trailing variants. */
const BASE_WORDS = [
  '',
  'a',
  'ab',
  'abc',
  'abcd',
  'a b',
  'a  b',
  'ab c',
  ' a',
  'Ab',
  'é',
  'e\u0301',
  '😀',
  '👩‍💻',
  '\uE000',
  '\uFFFF',
  'z',
];
const WORD_SUFFIXES = ['', '', ' ', '\t', ' x', '😀', '\uE000', '\u00a0', '\u3000'];

function randomString(random: Random, maxLength: number, allowEmpty = true): string {
  if (random.chance(0.3)) {
    const word = random.pick(BASE_WORDS) + random.pick(WORD_SUFFIXES);
    if (word.length <= maxLength && (allowEmpty || word.trim() !== '')) return word;
  }
  let text = '';
  const target = random.int(allowEmpty ? 0 : 1, maxLength);
  while (text.length < target) {
    const char = random.pick(CHAR_POOL);
    if (text.length + char.length > maxLength) break;
    text += char;
  }
  // Rare order-hostile strings: trailing space or tab, a lone surrogate, longer than maxLength.
  if (text.length < maxLength && random.chance(0.03)) text += random.pick([' ', '\t']);
  if (text.length > 0 && text.length < maxLength && random.chance(0.01)) text += '\uD83D';
  if (random.chance(0.01)) text = text.padEnd(maxLength + random.int(1, 3), 'q');
  if (!allowEmpty && text.trim() === '') text = `x${text}`.slice(0, maxLength);
  return text;
}

/** Mostly canonical numbers; rarely out of range or off the schema's multipleOf. */
function randomAge(random: Random): number {
  if (random.chance(0.02)) return random.pick([-60, 250, 2.5, 199.5]);
  return random.int(-50, 200);
}

function randomScore(random: Random): number {
  if (random.chance(0.02)) return random.pick([1500, -1000.5, 3.005, -0.001]);
  return random.chance(0.2) ? random.int(-5, 5) : random.int(-100_000, 100_000) / 100;
}

function randomDoc(random: Random, id: string): FuzzDoc {
  const doc: FuzzDoc = {
    id,
    name: randomString(random, 16),
    age: randomAge(random),
    score: randomScore(random),
    active: random.chance(0.5),
    nested: { level: random.int(0, 10) },
    tags: Array.from({ length: random.int(0, 3) }, () => random.pick(['red', 'green', 'blue', 'ü', '🎉'])),
  };
  if (random.chance(0.6)) doc.nested.label = randomString(random, 8);
  if (random.chance(0.5)) doc.nick = randomString(random, 10);
  return doc;
}

type FieldKind = 'string' | 'int' | 'number' | 'boolean' | 'array';
const FIELDS: readonly [string, FieldKind][] = [
  ['id', 'string'],
  ['name', 'string'],
  ['age', 'int'],
  ['score', 'number'],
  ['active', 'boolean'],
  ['nested.level', 'int'],
  ['nested.label', 'string'],
  ['nick', 'string'],
  ['tags', 'array'],
];
const SORTABLE = ['name', 'age', 'score', 'active', 'nested.level', 'nick', 'id'];

function valueAt(doc: FuzzDoc, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], doc);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A value of the field's type, usually one that exists in the data or lies right beside it. */
function sampleValue(random: Random, docs: readonly FuzzDoc[], field: string, kind: FieldKind): unknown {
  const existing = valueAt(random.pick(docs), field);
  if (typeof existing === 'string' && random.chance(0.25)) {
    return random.pick([
      existing.slice(0, random.int(0, existing.length)), // a prefix
      `${existing} `,
      `${existing}\t`,
      `${existing}\uFFFF`,
      `${existing}a`,
      existing.padEnd(20, 'q'), // longer than maxLength
      '',
    ]);
  }
  if (typeof existing === 'number' && random.chance(0.2)) {
    return random.pick([existing + 0.005, existing - 0.005, existing + 0.5, -1e6, 1e6]);
  }
  if (existing !== undefined && kind !== 'array' && random.chance(0.7)) return existing;
  switch (kind) {
    case 'string':
      return randomString(random, field === 'id' ? 12 : 10);
    case 'int':
      return field === 'nested.level' ? random.int(-1, 11) : random.int(-60, 210);
    case 'number':
      return random.int(-110_000, 110_000) / 100;
    case 'boolean':
      return random.chance(0.5);
    case 'array':
      return random.pick(['red', 'green', 'blue', 'ü', '🎉', 'none']);
  }
}

function randomCondition(
  random: Random,
  docs: readonly FuzzDoc[],
  on: readonly [string, FieldKind] = random.pick(FIELDS),
): MangoQuerySelector<FuzzDoc> {
  const [field, kind] = on;
  const value = () => sampleValue(random, docs, field, kind);
  const operators =
    kind === 'boolean'
      ? ['$eq', '$ne', '$exists', '$in']
      : kind === 'array'
        ? ['$in', '$nin', '$exists', '$eq']
        : [
            '$eq',
            '$ne',
            '$gt',
            '$gte',
            '$lt',
            '$lte',
            '$in',
            '$nin',
            '$exists',
            'range',
            ...(kind === 'string' ? ['$regex'] : []),
          ];
  const operator = random.pick(operators);
  let condition: Record<string, unknown>;
  switch (operator) {
    case '$in':
    case '$nin':
      condition = { [operator]: Array.from({ length: random.int(1, 4) }, value) };
      break;
    case '$exists':
      condition = { $exists: random.chance(0.5) };
      break;
    case 'range': {
      const [a, b] = [value(), value()] as [string, string];
      condition = {
        [random.pick(['$gt', '$gte'])]: a < b ? a : b,
        [random.pick(['$lt', '$lte'])]: a < b ? b : a,
      };
      break;
    }
    case '$regex': {
      const sample = String(value());
      const part = escapeRegex(sample.slice(0, random.int(1, 2)));
      condition = random.chance(0.5) ? { $regex: `^${part}` } : { $regex: part, $options: 'i' };
      break;
    }
    default:
      condition = { [operator]: value() };
  }
  return { [field]: condition };
}

function randomSelector(random: Random, docs: readonly FuzzDoc[]): MangoQuerySelector<FuzzDoc> {
  const selector: Record<string, unknown> = {};
  for (let i = random.int(0, 3); i > 0; i--) Object.assign(selector, randomCondition(random, docs));
  if (random.chance(0.15)) selector.$or = [randomCondition(random, docs), randomCondition(random, docs)];
  if (random.chance(0.1)) selector.$and = [randomCondition(random, docs), randomSelector(random, docs)];
  return selector as MangoQuerySelector<FuzzDoc>;
}

function randomQuery(random: Random, docs: readonly FuzzDoc[]): MangoQuery<FuzzDoc> {
  let selector: Record<string, unknown>;
  let sort: MangoQuerySortPart<FuzzDoc>[];
  if (random.chance(0.45)) {
    // Index-aligned: equality on a prefix of an index, one-direction sort over the rest.
    const index = (random.pick(fuzzJsonSchema.indexes ?? []) as string | string[]) ?? 'name';
    const fields = [...(typeof index === 'string' ? [index] : index), 'id'];
    const pinned = random.int(0, fields.length - 1);
    const sample = random.pick(docs);
    selector = {};
    for (const field of fields.slice(0, pinned)) selector[field] = { $eq: valueAt(sample, field) ?? '' };
    // A range right after the pinned prefix: bounds inside the key, where part boundaries matter.
    const next = FIELDS.find(([name]) => name === fields[pinned]);
    if (next && random.chance(0.5)) Object.assign(selector, randomCondition(random, docs, next));
    else if (random.chance(0.5)) Object.assign(selector, randomCondition(random, docs));
    const direction = random.pick(['asc', 'desc'] as const);
    sort = fields.slice(pinned).map((field) => ({ [field]: direction }));
  } else {
    selector = randomSelector(random, docs);
    const sortFields = [...new Set(Array.from({ length: random.int(1, 3) }, () => random.pick(SORTABLE)))];
    sort = sortFields.map((field) => ({ [field]: random.pick(['asc', 'desc'] as const) }));
  }
  const query: MangoQuery<FuzzDoc> = { selector: selector as MangoQuerySelector<FuzzDoc>, sort };
  if (random.chance(0.5)) query.skip = random.chance(0.3) ? random.int(0, 400) : random.int(0, 30);
  if (random.chance(0.7)) query.limit = random.int(0, 60);
  return query;
}

function describeQuery(query: MangoQuery<FuzzDoc>): string {
  return JSON.stringify(query, (_key, value: unknown) =>
    typeof value === 'string'
      ? value.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      : value,
  );
}

describe('differential fuzz: SQLite storage vs memory storage', () => {
  const opened: AnyInstance<FuzzDoc>[] = [];
  afterAll(async () => {
    for (const instance of opened) await instance.close();
    removeTempDirs();
  });

  it(`[DF1] ${ROUNDS * QUERIES_PER_ROUND} random queries and counts agree (seed ${SEED})`, async () => {
    const random = createRandom(SEED);
    const memory = await createInstance<FuzzDoc>(getRxStorageMemory(), schema, `fuzz${randomToken(8)}`);
    const sqlite = await createInstance<FuzzDoc>(
      getRxStorageSqlite({ directory: tempDir('fuzz') }),
      schema,
      'fuzz',
    );
    opened.push(memory, sqlite);

    /** Applies the same rows to both storages; the rows are cloned so neither shares objects. */
    const writeBoth = async (rows: ReturnType<typeof insertRow<FuzzDoc>>[]) => {
      const [a, b] = await Promise.all([
        memory.bulkWrite(rows, 'fuzz'),
        sqlite.bulkWrite(structuredClone(rows), 'fuzz'),
      ]);
      expect(b.error.map((e) => e.documentId)).toEqual(a.error.map((e) => e.documentId));
    };

    let nextId = 0;
    const newId = () => `d${String(nextId++).padStart(5, '0')}`;
    await writeBoth(Array.from({ length: INITIAL_DOCS }, () => insertRow(randomDoc(random, newId()))));

    let queries = 0;
    const mismatches: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Mutations between rounds: updates (indexed fields change), deletes, revivals, inserts.
      const all = await memory.findDocumentsById(
        Array.from({ length: nextId }, (_, i) => `d${String(i).padStart(5, '0')}`),
        true,
      );
      const rows: ReturnType<typeof insertRow<FuzzDoc>>[] = [];
      const touched = new Set<string>();
      for (let i = 0; i < MUTATIONS_PER_ROUND; i++) {
        const previous = random.pick(all);
        if (touched.has(previous.id)) continue;
        touched.add(previous.id);
        const { _deleted, _attachments, _meta, _rev, ...data } = previous;
        void _attachments;
        void _meta;
        void _rev;
        if (_deleted || random.chance(0.6)) {
          rows.push(
            updateRow(previous, {
              ...randomDoc(random, previous.id),
              ...(random.chance(0.5) ? { name: data.name } : {}),
            }),
          );
        } else {
          rows.push(updateRow(previous, data, { deleted: true }));
        }
      }
      for (let i = 0; i < 20; i++) rows.push(insertRow(randomDoc(random, newId())));
      await writeBoth(rows);

      const liveDocs = (await memory.query(prepare(schema, { selector: {} }))).documents as FuzzDoc[];
      for (let q = 0; q < QUERIES_PER_ROUND; q++) {
        const query = randomQuery(random, liveDocs);
        queries++;
        const prepared = prepare(schema, query);
        const [expected, actual] = await Promise.all([
          memory.query(prepared),
          sqlite.query(prepare(schema, query)),
        ]);
        const expectedJson = expected.documents.map((d) => JSON.stringify(d));
        const actualJson = actual.documents.map((d) => JSON.stringify(d));
        if (JSON.stringify(expectedJson) !== JSON.stringify(actualJson)) {
          mismatches.push(
            `query mismatch (seed ${SEED}, round ${round}, #${q}): ${describeQuery(query)}\n` +
              `  memory: ${expected.documents.map((d) => d.id).join(',')}\n` +
              `  sqlite: ${actual.documents.map((d) => d.id).join(',')}`,
          );
        }
        const countQuery: MangoQuery<FuzzDoc> = { selector: query.selector ?? {} };
        const [expectedCount, actualCount] = await Promise.all([
          memory.count(prepare(schema, countQuery)),
          sqlite.count(prepare(schema, countQuery)),
        ]);
        if (expectedCount.count !== actualCount.count) {
          mismatches.push(
            `count mismatch (seed ${SEED}, round ${round}, #${q}): ${describeQuery(countQuery)} memory=${expectedCount.count} sqlite=${actualCount.count}`,
          );
        }
        if (mismatches.length >= 5) break;
      }
      // The changes feed, paged with a random batch size, sees the same documents in order.
      const limit = random.int(1, 80);
      const feeds = await Promise.all(
        [memory, sqlite].map(async (instance) => {
          const ids: string[] = [];
          let checkpoint: unknown;
          for (;;) {
            const page = await getChangedDocumentsSince(instance, limit, checkpoint);
            if (page.documents.length === 0) break;
            ids.push(...page.documents.map((d) => d.id));
            checkpoint = page.checkpoint;
          }
          return ids.join(',');
        }),
      );
      if (feeds[0] !== feeds[1]) mismatches.push(`changes feed mismatch (seed ${SEED}, round ${round})`);
      if (mismatches.length > 0) break;
    }
    if (mismatches.length > 0) console.error(mismatches.join('\n'));
    expect(mismatches).toEqual([]);
    expect(queries).toBeGreaterThanOrEqual(1000);

    // The fuzz must have exercised every execution path of the SQLite planner.
    const stats = (sqlite.internals as SqliteStorageInternals).stats;
    expect(stats.indexOrderedScans).toBeGreaterThan(200);
    expect(stats.sqlLimitPushdowns).toBeGreaterThan(50);
    expect(stats.resortedScans).toBeGreaterThan(200);
    expect(stats.sqlCounts).toBeGreaterThan(50);
    expect(stats.matchedCounts).toBeGreaterThan(200);
    // Ranges holding flagged rows (non-canonical values) took the merge path.
    expect(stats.nonCanonicalMerges).toBeGreaterThan(50);
  });
});
