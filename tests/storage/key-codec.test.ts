/**
 * Properties of the compact key encoding (src-main/db/sqlite-storage/key-codec.ts), checked
 * against RxDB's own padded indexable strings, which define the order the memory storage uses:
 *
 * [KC1] For canonical documents, compact keys compared as SQLite compares them (UTF-8 bytes)
 *       order exactly like RxDB's padded strings compared in JavaScript; equal iff equal.
 * [KC2] For every bound RxDB's planner can produce (getStartIndexStringFrom{Lower,Upper}Bound
 *       with values, INDEX_MIN/INDEX_MAX/null fills, out-of-range, over-long, control-character
 *       and wrongly typed values) and for arbitrary strings: an exact translation compares with
 *       every canonical key as the padded bound compares with its padded string; a cut C
 *       satisfies `padded >= bound iff compact >= C`, and no canonical padded string equals it.
 * [KC3] Values whose padded part would order differently are not canonical (no compact key).
 */
import {
  fillWithDefaultSettings,
  getStartIndexStringFromLowerBound,
  getStartIndexStringFromUpperBound,
  INDEX_MAX,
  INDEX_MIN,
  type RxDocumentData,
} from 'rxdb';
import { describe, expect, it } from 'vitest';
import { buildIndexColumns, type IndexColumn } from '../../src-main/db/sqlite-storage/index-columns.js';
import { compactKeysMonad } from '../../src-main/db/sqlite-storage/key-codec.js';
import { toSqliteSortKey } from '../../src-main/db/sqlite-storage/sort-key.js';

interface KeyDoc {
  id: string;
  s: string;
  d: number;
  i: number;
  b: boolean;
  n?: { t?: string };
}

const schema = fillWithDefaultSettings<KeyDoc>({
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 4 },
    s: { type: 'string', maxLength: 5 },
    // Two decimals, negative minimum: integer part is shifted by floor(minimum).
    d: { type: 'number', minimum: -10.5, maximum: 10, multipleOf: 0.01 },
    // 16 digits: bounds beyond 15 digits take the BigInt path.
    i: { type: 'integer', minimum: 0, maximum: 8_640_000_000_000_000, multipleOf: 1 },
    b: { type: 'boolean' },
    n: { type: 'object', properties: { t: { type: 'string', maxLength: 3 } } },
  },
  required: ['id', 's', 'd', 'i', 'b'],
});

const INDEXES = [
  ['b', 's', 'd', 'i', 'id'],
  ['s', 'id'],
  ['i', 'd', 'id'],
  ['d', 'b', 'n.t', 'id'],
  // A number before a string: a cut after a number part is followed by string characters.
  ['i', 's', 'id'],
  ['d', 'n.t', 'id'],
  ['id'],
];

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
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof createRandom>;

/** Characters around every boundary that matters: space, padding, surrogates, U+E000..U+FFFF. */
const CHARS = [
  ' ',
  '!',
  'a',
  'b',
  'é',
  '\u00a0',
  '\u3000',
  '😀',
  '\uE000',
  '\uFFFD',
  '\uFFFF',
  '\uD800',
  '\uDFFF',
];

function canonicalString(random: Random, maxLength: number): string {
  let text = '';
  const length = random.int(0, maxLength);
  while (text.length < length) {
    const char = random.pick(CHARS);
    if (text.length + char.length <= maxLength) text += char;
    else break;
  }
  return text.replace(/ +$/, '');
}

function canonicalDoc(random: Random): RxDocumentData<KeyDoc> {
  const doc = {
    id: canonicalString(random, 4),
    s: canonicalString(random, 5),
    d: random.int(-1050, 1000) / 100,
    i: random.pick([
      0,
      1,
      35,
      36,
      random.int(0, 1e6),
      1_700_000_000_000 + random.int(0, 1e6),
      8_640_000_000_000_000,
      Number.MAX_SAFE_INTEGER - random.int(0, 3),
    ]),
    b: random.chance(0.5),
    // A missing value is not canonical; KC3 covers that.
    n: { t: canonicalString(random, 3) },
    _deleted: false,
    _attachments: {},
    _rev: '1-a',
    _meta: { lwt: 1 },
  } as RxDocumentData<KeyDoc>;
  // i beyond the schema maximum is not canonical; keep the doc canonical.
  if (doc.i > 8_640_000_000_000_000) doc.i = 8_640_000_000_000_000;
  return doc;
}

/** A bound value of any kind RxDB's planner may pass for a field. */
type BoundValue = Parameters<typeof getStartIndexStringFromLowerBound>[2][number];

function boundValue(random: Random, docs: readonly RxDocumentData<KeyDoc>[], field: string): BoundValue {
  const sample = random.pick(docs) as unknown as Record<string, unknown>;
  const existing = field === 'n.t' ? (sample.n as { t?: string } | undefined)?.t : sample[field];
  switch (random.int(0, 9)) {
    case 0:
      return INDEX_MIN;
    case 1:
      return INDEX_MAX;
    case 2:
      return null;
    case 3:
      // Wrong type for the field.
      return random.pick(['x', 'abc', 3, -1e30, true, false, Number.NaN]);
    case 4:
      if (typeof existing === 'string') {
        return random.pick([
          existing.slice(0, random.int(0, existing.length)),
          `${existing} `,
          `${existing}\t`,
          `${existing}\x00`,
          `${existing}\uFFFF`,
          `${existing}zzzzzz`, // longer than maxLength: misaligns the later parts
          '\t',
          '',
        ]);
      }
      if (typeof existing === 'number') {
        return random.pick([existing + 0.001, existing - 0.5, existing + 1e-9, -1e20, 1e20, 10.004, -10.5]);
      }
      return existing as BoundValue;
    default:
      return existing as BoundValue;
  }
}

function compareJs(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function randomRawString(random: Random): string {
  const pool = [...CHARS, '\x00', '\t', '0', '1', '9', ':', '/', 'z'];
  return Array.from({ length: random.int(0, 20) }, () => random.pick(pool)).join('');
}

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);

describe('compact index keys', () => {
  const random = createRandom(SEED);
  const columns: IndexColumn<KeyDoc>[] = buildIndexColumns<KeyDoc>(schema, INDEXES);
  // Some two-decimal numbers (-3.07) do not survive RxDB's floor + fraction split exactly and
  // are not canonical either; keep the documents every index encodes.
  const docs = Array.from({ length: 300 }, () => canonicalDoc(random)).filter((doc) =>
    columns.every((column) => column.compactKey(doc) !== undefined),
  );

  it('[KC1] compact keys order canonical documents exactly like the padded strings', () => {
    expect(docs.length).toBeGreaterThan(200);
    for (const column of columns) {
      const keyed = docs.map((doc) => {
        const compact = column.compactKey(doc);
        return { padded: column.indexString(doc), compact, bytes: Buffer.from(compact ?? '', 'utf8') };
      });
      for (const a of keyed) {
        expect(a.compact).toBeDefined();
        for (const b of keyed) {
          const expected = compareJs(a.padded, b.padded);
          // SQLite's BINARY collation: memcmp of the UTF-8 bytes.
          const actual = Math.sign(Buffer.compare(a.bytes, b.bytes));
          if (actual !== expected) {
            throw new Error(`${column.key}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
          }
        }
      }
      // The write path encodes all indexes at once (shared fields once): same keys.
      const together = compactKeysMonad<KeyDoc>(columns);
      for (const doc of docs) {
        expect(together(doc)).toEqual(columns.map((c) => c.compactKey(doc)));
      }
      // Compact means compact: never more bytes than the padded key had (plus one per part).
      for (const { padded, compact } of keyed) {
        expect(Buffer.byteLength(compact as string)).toBeLessThanOrEqual(
          Buffer.byteLength(toSqliteSortKey(padded)) + column.fields.length,
        );
      }
    }
  });

  it('[KC2] translated bounds select exactly the canonical keys the padded bounds select', () => {
    let exact = 0;
    let cuts = 0;
    for (const column of columns) {
      const keyed = docs.map((doc) => {
        const compact = column.compactKey(doc) as string;
        return { padded: column.indexString(doc), compact, bytes: Buffer.from(compact, 'utf8') };
      });
      const bounds: string[] = [];
      for (let n = 0; n < 200; n++) {
        const values = column.fields.map((field) => boundValue(random, docs, field));
        bounds.push(
          getStartIndexStringFromLowerBound(schema, column.fields as string[], values),
          getStartIndexStringFromUpperBound(schema, column.fields as string[], values),
        );
        bounds.push(randomRawString(random));
        // A real key with its end cut off or extended.
        const key = random.pick(keyed).padded;
        bounds.push(key.slice(0, random.int(0, key.length)), key + randomRawString(random));
      }
      for (const bound of bounds) {
        const translated = column.translateBound(bound);
        const boundBytes = Buffer.from(translated.key, 'utf8');
        if (translated.exact) exact++;
        else cuts++;
        for (const { padded, compact, bytes } of keyed) {
          const expected = compareJs(padded, bound);
          // SQLite's BINARY collation: memcmp of the UTF-8 bytes.
          const actual = Math.sign(Buffer.compare(bytes, boundBytes));
          const ok = translated.exact ? actual === expected : expected !== 0 && expected > 0 === actual >= 0;
          if (!ok) {
            throw new Error(
              `${column.key}: bound ${JSON.stringify(bound)} -> ${JSON.stringify(translated)}; key ${JSON.stringify(padded)} / ${JSON.stringify(compact)}`,
            );
          }
        }
      }
    }
    // Both kinds were exercised.
    expect(exact).toBeGreaterThan(500);
    expect(cuts).toBeGreaterThan(500);
  });

  it('[KC3] values whose padded part orders differently have no compact key', () => {
    const [column] = buildIndexColumns<KeyDoc>(schema, [['s', 'd', 'i', 'b', 'n.t', 'id']]) as [
      IndexColumn<KeyDoc>,
    ];
    const base = {
      ...canonicalDoc(createRandom(1)),
      s: 'ab',
      d: 1.25,
      i: 7,
      b: true,
      n: { t: 'x' },
      id: 'k',
    };
    expect(column.compactKey(base)).toBeDefined();
    const nonCanonical: Partial<Record<keyof KeyDoc, unknown>>[] = [
      { s: 'ab ' }, // same padded part as 'ab'
      { s: 'a\tb' }, // tab sorts below the padding
      { s: 'abcdef' }, // longer than maxLength
      { s: undefined },
      { s: 5 },
      { d: 1.255 }, // more decimals than multipleOf
      { d: -11 }, // below minimum
      { d: 10.01 }, // above maximum
      { d: Number.NaN },
      { i: 1.5 }, // integer field
      { i: 8_640_000_000_000_001 },
      { b: 1 },
      { b: undefined },
      { n: {} }, // missing nested value
      { n: undefined },
    ];
    for (const change of nonCanonical) {
      expect(
        column.compactKey({ ...base, ...change } as RxDocumentData<KeyDoc>),
        JSON.stringify(change),
      ).toBe(undefined);
    }
    // Canonical oddities: inner and leading spaces, NBSP at the end (not padding), empty string.
    for (const s of [' a', 'a b', 'a\u00a0', '', '😀', '\uFFFF\uFFFF']) {
      expect(column.compactKey({ ...base, s }), JSON.stringify(s)).toBeDefined();
    }
  });
});
