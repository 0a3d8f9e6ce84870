import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openQuireDatabase, type QuireDatabase } from '../../src-main/db/database';
import { createLinkSuggestService, type LinkSuggestService } from '../../src-main/links/link-suggest-service';
import { aliasesOf, createNameIndex, toEntry } from '../../src-main/links/link-catalog';
import {
  charMask,
  matchName,
  mayMatch,
  normalizeName,
  normalizeQuery,
  prepareQuery,
  TIER,
} from '../../src-main/links/link-ranking';
import { linkSuggestInput, LINK_SUGGEST_MAX } from '../../src-shared/api/links-api';
import { extractHeadings } from '../../src-shared/markdown/headings';
import type { Note } from '../../src-shared/schema/note';

const note = (id: string, title: string, patch: Partial<Note> = {}): Note => ({
  id,
  title,
  body: '',
  tags: [],
  folder: '',
  createdAt: 1,
  updatedAt: 1,
  trashedAt: 0,
  needsReview: false,
  ...patch,
});

describe('name matching', () => {
  const match = (name: string, query: string) => matchName(normalizeName(name), normalizeQuery(query));

  it('ranks exact over prefix over word start over substring over fuzzy', () => {
    const scores = [
      match('Rust', 'rust'),
      match('Rustacean', 'rust'),
      match('Learning Rust', 'rust'),
      match('Trusty', 'rust'),
      match('Ruby strings', 'rust'),
    ].map((m) => m?.score ?? -1);
    expect(scores[0]).toBe(TIER.exact);
    expect(scores[1]).toBe(TIER.prefix);
    for (let i = 1; i < scores.length; i += 1) expect(scores[i]!).toBeLessThan(scores[i - 1]!);
    expect(scores[4]).toBeGreaterThan(0);
  });

  it('gives the ranges of the name that matched', () => {
    expect(match('Learning Rust', 'rust')?.ranges).toEqual([[9, 13]]);
    expect(match('Meeting notes', 'mn')?.ranges).toEqual([
      [0, 1],
      [8, 9],
    ]);
    expect(match('Project Alpha plan', 'plan alp')?.ranges).toEqual([
      [8, 11],
      [14, 18],
    ]);
    expect(match('Alpha', 'xyz')).toBeNull();
  });
});

describe('the switcher prefilter', () => {
  it('never rejects a name that matches', () => {
    // Names whose lower case keeps capitals (İ), digits folded onto shared bits, emoji, punctuation.
    const names = ['İstanbul Notes', 'Plan 2027', 'Plan 7', 'Café ☕ notes', 'a/b-c_d', 'Rust 🦀 book', 'x9'];
    const queries = [
      'n',
      'N',
      'notes',
      'pl 27',
      '2',
      '7',
      'caf',
      '☕',
      'é',
      '/b',
      'b-c',
      '🦀',
      'rb',
      'x 9',
      '9',
    ];
    for (const raw of names) {
      const name = normalizeName(raw);
      for (const text of queries) {
        const query = normalizeQuery(text);
        if (matchName(name, query)) expect(mayMatch(charMask(name), prepareQuery(query))).toBe(true);
      }
    }
    expect(mayMatch(charMask('alpha'), prepareQuery('xyz'))).toBe(false);
  });
});

describe('the name index', () => {
  it('keeps each entry beside its masks through upserts, removals and slot reuse', () => {
    const names = createNameIndex();
    const entry = (id: string, title: string, folder = '') => toEntry(note(id, title, { folder }));
    for (let i = 0; i < 100; i += 1) names.upsert(entry(`n${i}`, `Note ${i}`, i % 2 ? 'f' : ''));
    for (let i = 0; i < 100; i += 3) names.remove(`n${i}`);
    names.upsert(entry('n1', 'Renamed', 'g'));
    names.remove('missing');
    const { entries, nameMasks, pathMasks } = names.index;
    expect(entries).toHaveLength(66);
    expect(new Set(entries.map((e) => e.id)).size).toBe(66);
    entries.forEach((e, i) => {
      expect(nameMasks[i]).toBe(e.titleMask);
      expect(pathMasks[i]).toBe(e.folder === '' ? 0 : e.pathMask);
    });
    expect(entries.find((e) => e.id === 'n1')?.title).toBe('Renamed');
  });
});

describe('aliases', () => {
  it('reads a YAML list, a comma-separated string and the singular key', () => {
    expect(aliasesOf('---\naliases: [JS, ECMAScript]\n---\nbody')).toEqual(['JS', 'ECMAScript']);
    expect(aliasesOf('---\naliases:\n  - One\n  - Two\n---\n')).toEqual(['One', 'Two']);
    expect(aliasesOf('---\nalias: A, B\n---\n')).toEqual(['A', 'B']);
    expect(aliasesOf('No frontmatter\naliases: [x]')).toEqual([]);
    expect(aliasesOf('---\naliases: [unclosed\n---\n')).toEqual([]);
  });
});

describe('headings', () => {
  it('finds ATX headings outside code and frontmatter, with offsets into the note', () => {
    const body = '---\ntitle: x\n---\n# One\ntext\n```\n# not a heading\n```\n## Two ##\n#hashtag\n';
    const found = extractHeadings(body);
    expect(found.map(({ level, text }) => [level, text])).toEqual([
      [1, 'One'],
      [2, 'Two'],
    ]);
    expect(body.slice(found[1]!.from, found[1]!.from + 6)).toBe('## Two');
  });
});

describe('link suggest service', () => {
  let db: QuireDatabase;
  let links: LinkSuggestService;
  let name = 0;

  beforeEach(async () => {
    db = await openQuireDatabase({ name: `link-suggest-${(name += 1)}`, storage: getRxStorageMemory() });
    links = createLinkSuggestService({ db });
  });
  afterEach(async () => {
    await links.close();
    await db.close();
  });

  const titles = async (query: string, limit = 10): Promise<string[]> =>
    (await links.suggest({ query, limit })).map((s) => s.alias ?? s.title);

  it('ranks exact, prefix, word-start and fuzzy matches, recent and shorter ones first', async () => {
    await db.notes.bulkInsert([
      note('a', 'Meeting notes', { updatedAt: 10 }),
      note('b', 'Meet', { updatedAt: 5 }),
      note('c', 'Team meeting', { updatedAt: 50 }),
      note('d', 'Moment of elation', { updatedAt: 40 }),
      note('e', 'Meeting', { updatedAt: 1 }),
      note('f', 'Unrelated', { updatedAt: 100 }),
    ]);
    expect(await titles('meeting')).toEqual(['Meeting', 'Meeting notes', 'Team meeting']);
    // Three prefixes: the exact word first, then the more recently edited of the other two.
    expect(await titles('meet')).toEqual(['Meet', 'Meeting notes', 'Meeting', 'Team meeting']);
    // Fuzzy: the letters in order, word starts preferred.
    expect(await titles('mtg')).toContain('Meeting');
    // "moe": M-o-e at three word starts beats the same letters scattered through "Meeting notes".
    expect(await titles('moe')).toEqual(['Moment of elation', 'Meeting notes']);
  });

  it('keeps one order over titles, aliases and paths, with the ranges matched (pinned)', async () => {
    // Pinned from the ranking before the switcher's prefilter and top-k selection: the same notes,
    // names and ranges in the same order, ties settled by recency, then title and id.
    await db.notes.bulkInsert([
      note('a', 'Meeting notes', { updatedAt: 10 }),
      note('b', 'Meet', { folder: 'work', updatedAt: 5 }),
      note('c', 'Team meeting', {
        folder: 'work',
        updatedAt: 50,
        body: '---\naliases: [Standup, Meet up]\n---\n',
      }),
      note('d', 'Moment of elation', { folder: 'home', updatedAt: 40 }),
      note('e', 'Meeting', { folder: 'work/old', updatedAt: 1 }),
      note('f', 'Unrelated', { updatedAt: 100, body: '---\naliases: [Meeting minutes]\n---\n' }),
      note('g', 'Meet', { folder: 'home', updatedAt: 5 }),
      note('h', 'Émile notes', { folder: 'home', updatedAt: 7 }),
      note('i', 'metro map', { updatedAt: 60 }),
    ]);
    const ranked = async (query: string, limit = 20) =>
      (await links.suggest({ query, limit })).map((s) => [s.id, s.matched, s.alias ?? null, s.ranges]);
    expect(await ranked('meet')).toEqual([
      ['b', 'title', null, [[0, 4]]],
      ['g', 'title', null, [[0, 4]]],
      ['f', 'alias', 'Meeting minutes', [[0, 4]]],
      ['c', 'alias', 'Meet up', [[0, 4]]],
      ['a', 'title', null, [[0, 4]]],
      ['e', 'title', null, [[0, 4]]],
    ]);
    expect((await ranked('meet', 3)).map(([id]) => id)).toEqual(['b', 'g', 'f']);
    expect(await ranked('meeting')).toEqual([
      ['e', 'title', null, [[0, 7]]],
      ['f', 'alias', 'Meeting minutes', [[0, 7]]],
      ['a', 'title', null, [[0, 7]]],
      ['c', 'title', null, [[5, 12]]],
    ]);
    expect((await ranked('mt')).map(([id]) => id)).toEqual(['f', 'i', 'c', 'd', 'b', 'g', 'a', 'e', 'h']);
    expect((await ranked('mt'))[0]).toEqual([
      'f',
      'alias',
      'Meeting minutes',
      [
        [0, 1],
        [3, 4],
      ],
    ]);
    expect(await ranked('me no')).toEqual([
      [
        'a',
        'title',
        null,
        [
          [0, 2],
          [8, 10],
        ],
      ],
      [
        'h',
        'title',
        null,
        [
          [1, 2],
          [4, 5],
          [6, 8],
        ],
      ],
    ]);
    expect(await ranked('work/me')).toEqual([
      ['b', 'path', null, [[0, 7]]],
      [
        'c',
        'path',
        null,
        [
          [0, 5],
          [10, 12],
        ],
      ],
      [
        'e',
        'path',
        null,
        [
          [0, 5],
          [9, 11],
        ],
      ],
    ]);
    expect((await ranked('home/')).map(([id]) => id)).toEqual(['d', 'h', 'g']);
    expect((await ranked('e')).map(([id]) => id)).toEqual(['d', 'f', 'i', 'c', 'b', 'g', 'a', 'e', 'h']);
    expect((await ranked('')).map(([id]) => id)).toEqual(['f', 'i', 'c', 'd', 'a', 'h', 'b', 'g', 'e']);
    expect(await ranked('émi')).toEqual([['h', 'title', null, [[0, 3]]]]);
    expect(await ranked('mm')).toEqual([
      [
        'f',
        'alias',
        'Meeting minutes',
        [
          [0, 1],
          [8, 9],
        ],
      ],
      [
        'i',
        'title',
        null,
        [
          [0, 1],
          [6, 7],
        ],
      ],
      [
        'd',
        'title',
        null,
        [
          [0, 1],
          [2, 3],
        ],
      ],
    ]);
  });

  it('prefers the newer of two equally good matches', async () => {
    await db.notes.bulkInsert([
      note('old', 'Plan B', { updatedAt: 1 }),
      note('new', 'Plan A', { updatedAt: 9 }),
    ]);
    expect(await titles('plan')).toEqual(['Plan A', 'Plan B']);
  });

  it('offers recent notes for an empty query', async () => {
    await db.notes.bulkInsert([
      note('a', 'Old', { updatedAt: 1 }),
      note('b', 'Newest', { updatedAt: 3 }),
      note('c', 'Middle', { updatedAt: 2 }),
    ]);
    expect(await titles('', 2)).toEqual(['Newest', 'Middle']);
  });

  it('matches aliases and says which alias matched', async () => {
    await db.notes.insert(note('js', 'JavaScript', { body: '---\naliases: [ECMAScript, JS]\n---\n' }));
    const [hit] = await links.suggest({ query: 'ecma', limit: 5 });
    expect(hit).toMatchObject({ id: 'js', title: 'JavaScript', alias: 'ECMAScript', matched: 'alias' });
    expect(hit?.ranges).toEqual([[0, 4]]);
    // The title itself still matches without an alias.
    expect((await links.suggest({ query: 'java', limit: 5 }))[0]).not.toHaveProperty('alias');
  });

  it('matches folder/title paths and writes the path when the title is ambiguous', async () => {
    await db.notes.bulkInsert([
      note('w', 'Ideas', { folder: 'work' }),
      note('h', 'Ideas', { folder: 'home' }),
      note('u', 'Unique', { folder: 'work' }),
    ]);
    const hits = await links.suggest({ query: 'work/ide', limit: 5 });
    expect(hits[0]).toMatchObject({ id: 'w', matched: 'path', target: 'work/Ideas' });
    expect(hits[0]?.ranges).toEqual([[0, 8]]);
    const unique = await links.suggest({ query: 'unique', limit: 5 });
    expect(unique[0]?.target).toBe('Unique');
    expect(await links.resolve('home/Ideas')).toEqual({ id: 'h' });
    expect(await links.resolve('Home/ideas.md')).toEqual({ id: 'h' });
  });

  it('follows the change feed: creates, renames, alias edits, trash and deletes', async () => {
    expect(await titles('draft')).toEqual([]);
    await db.notes.insert(note('x', 'Draft'));
    expect(await titles('draft')).toEqual(['Draft']);

    const doc = await db.notes.findOne('x').exec();
    await doc!.incrementalPatch({ title: 'Final', body: '---\naliases: [Draft copy]\n---\n', updatedAt: 2 });
    expect(await titles('final')).toEqual(['Final']);
    expect(await titles('draft')).toEqual(['Draft copy']);

    const renamed = await db.notes.findOne('x').exec();
    await renamed!.incrementalPatch({ trashedAt: 5 });
    expect(await titles('final')).toEqual([]);
    expect(await links.resolve('Final')).toBeNull();

    const trashed = await db.notes.findOne('x').exec();
    await trashed!.incrementalPatch({ trashedAt: 0 });
    expect(await titles('final')).toEqual(['Final']);
    await (await db.notes.findOne('x').exec())!.remove();
    expect(await titles('final')).toEqual([]);
  });

  it('builds from a collection that already holds more than one replay batch', async () => {
    await db.notes.bulkInsert(
      Array.from({ length: 2_500 }, (_, i) => note(`n${i}`, `Note ${i}`, { updatedAt: i })),
    );
    const hits = await links.suggest({ query: 'note 2499', limit: 3 });
    expect(hits[0]?.id).toBe('n2499');
    expect(await links.suggest({ query: 'note', limit: 50 })).toHaveLength(50);
  });

  it('resolves case-insensitively and trimmed; at paths differing in case, as written, else the smaller path', async () => {
    await db.notes.bulkInsert([
      note('old', 'Topic', { updatedAt: 1 }),
      note('new', 'topic', { updatedAt: 2 }),
    ]);
    expect(await links.resolve('  topic ')).toEqual({ id: 'new' });
    expect(await links.resolve('Topic')).toEqual({ id: 'old' });
    expect(await links.resolve('  TOPIC ')).toEqual({ id: 'old' });
    expect(await links.resolve('Nothing')).toBeNull();
    expect(await links.resolve('')).toBeNull();
  });

  it('lists a note’s headings and refuses a missing one', async () => {
    await db.notes.insert(note('h', 'H', { body: '# Intro\n\n## Details\n' }));
    expect(await links.headings('h')).toEqual([
      { level: 1, text: 'Intro' },
      { level: 2, text: 'Details' },
    ]);
    await expect(links.headings('missing')).rejects.toMatchObject({ reason: 'NOTE_NOT_FOUND' });
  });

  it('bounds its input', () => {
    expect(linkSuggestInput.safeParse({ query: 'a', limit: LINK_SUGGEST_MAX + 1 }).success).toBe(false);
    expect(linkSuggestInput.safeParse({ query: 'a', limit: 0 }).success).toBe(false);
    expect(linkSuggestInput.safeParse({ query: 'a'.repeat(5_000), limit: 5 }).success).toBe(false);
    expect(linkSuggestInput.parse({ query: 'a' }).limit).toBe(20);
  });
});
