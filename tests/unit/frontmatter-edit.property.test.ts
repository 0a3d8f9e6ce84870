import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyTextEdits,
  editFrontmatter,
  readProperties,
  type FrontmatterEdit,
  type PropertyEntry,
} from '../../src-shared/markdown/frontmatter-edit';
import { coerceValue, PROPERTY_TYPES, type PropertyScalar } from '../../src-shared/markdown/property-types';

/**
 * Random frontmatter written the many ways people write YAML (comments, every quoting style,
 * block scalars, flow and block lists, CRLF, unicode), one random edit, and three promises:
 * the parsed result has exactly that change, every byte outside the edited property's lines is
 * the same, and setting a value to itself changes nothing.
 */

const CHARS = [
  'a',
  'b',
  'z',
  ' ',
  "'",
  '"',
  ':',
  '#',
  '-',
  '[',
  ']',
  ',',
  '{',
  '\\',
  '\n',
  'é',
  '日',
  '😀',
  '\t',
  '|',
  '>',
  '*',
  '&',
  '!',
  '%',
  '@',
];
const WORDS = ['alpha', 'beta', 'Gamma', 'ünï', '日本', '😀 emoji', 'x y', '1', 'true', 'null', '2024-01-31'];

const stringArb = fc.oneof(
  fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 12 }),
  fc.constantFrom(...WORDS, '', '~', '[[Some Note]]', '- item', 'a: b', ' lead', 'trail '),
);
const scalarArb: fc.Arbitrary<PropertyScalar> = fc.oneof(
  { weight: 5, arbitrary: stringArb },
  fc.integer({ min: -1000, max: 1000 }),
  // -0 is written as 0, which is the same number to YAML and JSON (not to toEqual).
  fc
    .double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
    .map((n) => (Object.is(n, -0) ? 0 : n)),
  fc.boolean(),
  fc.constant(null),
);
const itemArb = fc.constantFrom(
  ...WORDS.filter((w) => !/^(1|true|null)$/.test(w)),
  'it, em',
  '# not a comment',
  'q"uote',
);

/** One property as written: its lines and the value they parse to. */
interface Written {
  key: string;
  lines: string[];
  value: unknown;
}

const commentArb = fc.option(fc.constantFrom(' # note', ' #日本', '   # spaced'), { nil: '' });

function quoteSingle(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

function flowItem(item: string): string {
  return /^[\w\u00c0-\uffff][\w\u00c0-\uffff ]*$/u.test(item) && !/ $/.test(item)
    ? item
    : JSON.stringify(item);
}

const valueArb = (key: string): fc.Arbitrary<Written> =>
  fc.oneof(
    fc
      .tuple(fc.constantFrom('plain words', 'ünïcødé ✓', 'value'), commentArb)
      .map(([v, c]) => ({ key, lines: [`${key}: ${v}${c}`], value: v })),
    fc
      .tuple(fc.integer({ min: 0, max: 99 }), commentArb)
      .map(([v, c]) => ({ key, lines: [`${key}: ${v}${c}`], value: v })),
    fc
      .tuple(fc.constantFrom("it's", 'a: b', '#hash', ''), commentArb)
      .map(([v, c]) => ({ key, lines: [`${key}: ${quoteSingle(v)}${c}`], value: v })),
    fc
      .tuple(fc.constantFrom('tab\there', 'line\nbreak', 'quote " in', '日本語', '[[Linked]]'), commentArb)
      .map(([v, c]) => ({
        key,
        lines: [`${key}: ${JSON.stringify(v)}${c}`],
        value: v,
      })),
    fc.constantFrom('|', '|-', '>', '>-').map((header) => ({
      key,
      lines: [`${key}: ${header}`, '  first line', '  second line'],
      value: header.startsWith('|')
        ? `first line\nsecond line${header.endsWith('-') ? '' : '\n'}`
        : `first line second line${header.endsWith('-') ? '' : '\n'}`,
    })),
    fc.tuple(fc.array(itemArb, { maxLength: 4 }), commentArb).map(([items, c]) => ({
      key,
      lines: [`${key}: [${items.map(flowItem).join(', ')}]${c}`],
      value: items,
    })),
    fc
      .tuple(
        fc.array(fc.tuple(itemArb, commentArb, fc.constantFrom('single', 'double', 'plain')), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.constantFrom('', '  '),
      )
      .map(([items, indent]) => ({
        key,
        lines: [
          `${key}:`,
          ...items.map(
            ([item, c, quote]) =>
              `${indent}- ${quote === 'single' ? quoteSingle(item) : quote === 'double' ? JSON.stringify(item) : flowItem(item)}${c}`,
          ),
        ],
        value: items.map(([item]) => item),
      })),
    commentArb.map((c) => ({ key, lines: [`${key}:${c}`], value: null })),
  );

const KEY_POOL = ['title', 'tags', 'status', 'due', 'ünï', 'rating', 'done', 'aliases', 'cssclasses'];

interface Doc {
  text: string;
  eol: string;
  props: Written[];
  /** Where each property's lines start and end in `text`. */
  spans: { from: number; to: number }[];
}

const docArb: fc.Arbitrary<Doc> = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom(...KEY_POOL), { minLength: 1, maxLength: 6 }),
    fc.constantFrom('\n', '\r\n'),
    fc.constantFrom('Body text\n', '', '# Heading\n\nMore'),
  )
  .chain(([keys, eol, body]) =>
    fc
      .tuple(
        fc.tuple(...keys.map(valueArb)),
        fc.array(fc.constantFrom(null, '', '# a comment line', '   '), {
          minLength: keys.length,
          maxLength: keys.length,
        }),
      )
      .map(([props, fillers]) => {
        let text = `---${eol}`;
        const spans: Doc['spans'] = [];
        props.forEach((prop, i) => {
          // A filler line goes between properties; spaces after a block scalar would be part of it.
          const filler = fillers[i] ?? null;
          const afterBlock = /: [|>]/.test(props[i - 1]?.lines[0] ?? '');
          if (i > 0 && filler !== null && !(afterBlock && filler === '   ')) text += filler + eol;
          const from = text.length;
          text += prop.lines.join(eol) + eol;
          spans.push({ from, to: text.length });
        });
        text += `---${eol}${body}`;
        return { text, eol, props, spans };
      }),
  );

function entries(text: string): PropertyEntry[] {
  const read = readProperties(text);
  if (read.kind !== 'properties') throw new Error(`not readable: ${JSON.stringify(read)}\n${text}`);
  return read.properties;
}

type Case = { doc: Doc; index: number; edit: FrontmatterEdit };

const editArb: fc.Arbitrary<Case> = docArb.chain((doc) =>
  fc.nat({ max: doc.props.length - 1 }).chain((index) => {
    const prop = doc.props[index]!;
    const list = Array.isArray(prop.value) ? (prop.value as string[]) : null;
    const listEdits: fc.Arbitrary<FrontmatterEdit>[] = list
      ? [
          fc.tuple(fc.nat({ max: Math.max(0, list.length - 1) }), itemArb).map(([at, item]) => ({
            op: 'set' as const,
            key: prop.key,
            value: list.length === 0 ? [item] : list.map((old, i) => (i === at ? item : old)),
          })),
          itemArb.map((item) => ({ op: 'set' as const, key: prop.key, value: [...list, item] })),
          fc.nat({ max: Math.max(0, list.length - 1) }).map((at) => ({
            op: 'set' as const,
            key: prop.key,
            value: list.filter((_, i) => i !== at),
          })),
        ]
      : [];
    return fc
      .oneof(
        scalarArb.map((value) => ({ op: 'set' as const, key: prop.key, value })),
        fc.array(itemArb, { maxLength: 3 }).map((value) => ({ op: 'set' as const, key: prop.key, value })),
        ...listEdits,
        fc
          .constantFrom('renamed', 'new key', 'ключ', '"odd"')
          .map((to) => ({ op: 'rename' as const, key: prop.key, to })),
        fc.constant({ op: 'remove' as const, key: prop.key }),
        fc.constantFrom(...PROPERTY_TYPES).map((type) => ({ op: 'retype' as const, key: prop.key, type })),
        fc
          .tuple(
            fc.constantFrom('added', 'Ünï added', 'with space'),
            fc.oneof(scalarArb, fc.array(itemArb, { maxLength: 3 })),
          )
          .map(([key, value]) => ({ op: 'set' as const, key, value })),
      )
      .map((edit) => ({ doc, index, edit }));
  }),
);

/** What the properties must be after the edit, computed from the generated values alone. */
function expectedAfter({ doc, edit }: Case): PropertyEntry[] {
  const before = doc.props.map((p) => ({ key: p.key, value: p.value }));
  const at = before.findIndex((p) => p.key === edit.key);
  switch (edit.op) {
    case 'set':
      if (at === -1) return [...before, { key: edit.key, value: edit.value }];
      return before.map((p, i) => (i === at ? { key: p.key, value: edit.value } : p));
    case 'retype':
      return before.map((p, i) =>
        i === at ? { key: p.key, value: coerceValue(p.value as PropertyScalar, edit.type) } : p,
      );
    case 'rename':
      return before.map((p, i) => (i === at ? { key: edit.to, value: p.value } : p));
    case 'remove':
      return before.filter((_, i) => i !== at);
  }
}

describe('frontmatter edits (property)', () => {
  it('the generated documents read as generated', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        expect(entries(doc.text)).toEqual(doc.props.map((p) => ({ key: p.key, value: p.value })));
      }),
      { numRuns: 200 },
    );
  });

  it('changes exactly the edited property, and no byte outside its lines', () => {
    fc.assert(
      fc.property(editArb, (c) => {
        const result = editFrontmatter(c.doc.text, c.edit);
        if (!result.ok) throw new Error(`refused: ${result.error}\n${JSON.stringify(c)}`);
        const after = applyTextEdits(c.doc.text, result.changes);
        expect(entries(after)).toEqual(expectedAfter(c));
        if (result.changes.length === 0) return;
        const from = Math.min(...result.changes.map((ch) => ch.from));
        const to = Math.max(...result.changes.map((ch) => ch.to));
        const { text, spans } = c.doc;
        // Everything before and after the changed span is the original, byte for byte.
        expect(after.slice(0, from)).toBe(text.slice(0, from));
        expect(after.slice(after.length - (text.length - to))).toBe(text.slice(to));
        const target = spans[c.doc.props.findIndex((p) => p.key === c.edit.key)];
        if (target) {
          // A line break before the property may go with it when it is the last one.
          expect(from).toBeGreaterThanOrEqual(target.from - c.doc.eol.length);
          // Blank lines after a removed property may go with it (they would join a block scalar).
          expect(to <= target.to || text.slice(target.to, to).trim() === '').toBe(true);
        } else {
          // Added: after every existing property's text.
          expect(from).toBeGreaterThanOrEqual(spans.at(-1)!.to - c.doc.eol.length);
        }
        // New text uses the note's line break only.
        for (const change of result.changes) {
          const breaks = change.insert.split('\n').length - 1;
          if (c.doc.eol === '\r\n') expect(change.insert.split('\r\n').length - 1).toBe(breaks);
          else expect(change.insert).not.toContain('\r');
        }
      }),
      { numRuns: 600 },
    );
  });

  it('setting a value to itself is no edit', () => {
    fc.assert(
      fc.property(docArb, fc.nat(), (doc, n) => {
        const prop = doc.props[n % doc.props.length]!;
        const result = editFrontmatter(doc.text, {
          op: 'set',
          key: prop.key,
          value: prop.value as PropertyScalar,
        });
        expect(result).toEqual({ ok: true, changes: [] });
      }),
      { numRuns: 300 },
    );
  });
});
