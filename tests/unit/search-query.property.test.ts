import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { toFtsExpression } from '../../src-shared/search/fts-expression';
import { parseSearchQuery, positiveTextTerms } from '../../src-shared/search/search-query';
import { cleanQueryText, KEY_MARK, tokenize } from '../../src-shared/search/search-tokens';

// The index's FTS5 layout, so a generated expression is checked by FTS5 itself.
const db = new Database(':memory:');
db.exec(`CREATE VIRTUAL TABLE f USING fts5(title, content, tags, keys, content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2')`);
db.prepare('INSERT INTO f (rowid, title, content, tags, keys) VALUES (1, ?, ?, ?, ?)').run(
  'a title',
  'some content "with" NEAR AND OR NOT',
  'tag',
  `${KEY_MARK}all`,
);
const run = db.prepare('SELECT rowid FROM f WHERE f MATCH ?');
afterAll(() => db.close());

/** Pieces a user (or a paste) might type, syntax and FTS5 syntax included. */
const piece = fc.oneof(
  fc.constantFrom(
    '"',
    '(',
    ')',
    '-',
    ':',
    '*',
    '^',
    '+',
    'OR',
    'AND',
    'NOT',
    'NEAR',
    'NEAR(',
    'tag:',
    'path:',
    'folder:',
    'title:',
    'content:',
    '{title}',
    'keys:',
    'qall',
    KEY_MARK,
    '\0',
    ' ',
    '  ',
    '\n',
    '#',
    '/',
    '🚀',
    '日本語',
    'café',
    "'",
  ),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const queryArb = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(''));

/** The expression with every quoted string taken out: what is left is only our own syntax. */
function outsideQuotes(expr: string): string {
  return expr.replace(/"[^"]*"\*?/g, 'Q');
}
const GRAMMAR = /^(Q|\(|\)|AND|OR|NOT|title|keys|:|\s)*$/;

describe('search query parser', () => {
  it('never throws, and always yields null or an expression FTS5 accepts', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        const tree = parseSearchQuery(query);
        for (const mode of ['all', 'title'] as const) {
          const expr = toFtsExpression(tree, mode);
          if (expr !== null) expect(() => run.all(expr)).not.toThrow();
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('user text reaches FTS5 only inside quotes, and no quote inside them', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        const expr = toFtsExpression(parseSearchQuery(query));
        if (expr === null) return;
        expect(outsideQuotes(expr)).toMatch(GRAMMAR);
        for (const quoted of expr.match(/"[^"]*"/g) ?? []) expect(quoted.slice(1, -1)).not.toContain('"');
      }),
      { numRuns: 2_000 },
    );
  });

  it('every token searched for is a token of what was typed', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        // NULs and key marks are dropped before parsing (cleanQueryText).
        const typed = new Set(tokenize(cleanQueryText(query)).map((t) => t.key));
        for (const term of positiveTextTerms(parseSearchQuery(query)))
          for (const token of term.tokens) expect(typed).toContain(token);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('search query syntax', () => {
  const fts = (q: string): string | null => toFtsExpression(parseSearchQuery(q));

  it('words all match, the last as a prefix', () => {
    expect(fts('alpha beta')).toBe('("alpha") AND ("beta"*)');
  });

  it('phrases, fields and exclusions', () => {
    expect(fts('"a b" title:c')).toBe('("a b") AND (title : "c"*)');
    expect(fts('-x')).toBe(`(keys : "${KEY_MARK}all") NOT ("x")`);
    expect(fts('tag:#a/ -tag:b')).toMatch(/^\(keys : "\u{10FFFD}t\w+"\) NOT \(keys : "\u{10FFFD}t\w+"\)$/u);
    // A key mark typed or pasted is dropped: nobody can search the keys column by hand.
    expect(fts(`${KEY_MARK}all`)).toBe('"all"*');
    expect(fts('path:a')).toBe(fts('folder:a'));
  });

  it('OR binds looser than the implicit AND', () => {
    expect(fts('a b OR c')).toBe('(("a") AND ("b")) OR ("c"*)');
  });

  it('drops what cannot match: punctuation, empty fields, a lone minus', () => {
    expect(fts('!!! - tag: ()')).toBeNull();
    expect(fts('OR')).toBeNull();
  });

  it('folds case and diacritics, splits CJK and emoji into their own tokens', () => {
    expect(fts('Café')).toBe('"cafe"*');
    expect(fts('日本語')).toBe('"日 本 語"');
    expect(fts('🚀')).toBe(`"${String.fromCodePoint(0x10f680)}"`);
  });
});
