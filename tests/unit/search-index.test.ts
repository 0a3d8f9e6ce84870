import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSqliteSearchIndex,
  type IndexableNote,
  type SearchIndex,
} from '../../src-main/search/search-index';

let time = 1_000;
const note = (id: string, fields: Partial<IndexableNote> = {}): IndexableNote => ({
  id,
  title: id,
  body: '',
  tags: [],
  folder: '',
  updatedAt: (time += 1),
  trashedAt: 0,
  needsReview: false,
  ...fields,
});

describe('search index', () => {
  let index: SearchIndex;
  const put = (...notes: IndexableNote[]): void =>
    index.applyBatch({ upserts: notes, removals: [], checkpoint: null });
  const ids = (query: string, tag?: string): string[] =>
    index
      .search(query, { limit: 50, includeTrashed: false, ...(tag ? { tag } : {}) })
      .hits.map((h) => h.id)
      .sort();
  const ranked = (query: string): string[] =>
    index.search(query, { limit: 50, includeTrashed: false }).hits.map((h) => h.id);

  beforeEach(() => {
    index = createSqliteSearchIndex({ file: ':memory:' });
  });
  afterEach(() => index.close());

  it('finds CJK text with no spaces by any of its words, and 1- or 2-character ones', () => {
    put(
      note('ja', { body: '日本語のテキストです' }),
      note('zh', { body: '我们今天开会' }),
      note('en', { body: 'text' }),
    );
    expect(ids('日本語')).toEqual(['ja']);
    expect(ids('テキスト')).toEqual(['ja']);
    expect(ids('本語')).toEqual(['ja']);
    expect(ids('今天')).toEqual(['zh']);
    expect(ids('語テ')).toEqual([]);
  });

  it('ignores diacritics in both directions', () => {
    put(note('accent', { body: 'un café noir' }), note('plain', { body: 'the cafe downstairs' }));
    expect(ids('cafe')).toEqual(['accent', 'plain']);
    expect(ids('café')).toEqual(['accent', 'plain']);
    expect(ids('CAFÉ')).toEqual(['accent', 'plain']);
  });

  it('finds emoji, alone and with words', () => {
    put(
      note('rocket', { body: 'launch 🚀 today' }),
      note('glued', { body: 'ready🚀' }),
      note('words', { body: 'launch window' }),
      note('fire', { body: '🔥' }),
    );
    expect(ids('🚀')).toEqual(['glued', 'rocket']);
    expect(ids('launch 🚀')).toEqual(['rocket']);
    expect(ids('🔥')).toEqual(['fire']);
  });

  it('matches "exact phrases" in order only', () => {
    put(note('a', { body: 'the quick brown fox' }), note('b', { body: 'brown and quick' }));
    expect(ids('"quick brown"')).toEqual(['a']);
    expect(ids('quick brown')).toEqual(['a', 'b']);
    // An unclosed quote is a phrase still being typed.
    expect(ids('"brown and')).toEqual(['b']);
  });

  it('prefix-matches only the last word, the one being typed', () => {
    put(note('a', { body: 'planning meeting' }), note('b', { body: 'plan meet' }));
    expect(ids('meet')).toEqual(['a', 'b']);
    expect(ids('planning meet')).toEqual(['a']);
    // "plan" is finished (another word follows it), so it no longer takes "planning".
    expect(ids('plan meet')).toEqual(['b']);
    expect(ids('plan meeting')).toEqual([]);
    // A quoted word is exact.
    expect(ids('"meet"')).toEqual(['b']);
  });

  it('tag: matches the tag and tags nested under it, never a word of the text', () => {
    put(
      note('nested', { tags: ['project/quire'], body: 'x' }),
      note('top', { tags: ['Project'], body: 'x' }),
      note('other', { tags: ['projects'], body: 'x project' }),
      note('child', { tags: ['quire'], body: 'x' }),
    );
    expect(ids('tag:project')).toEqual(['nested', 'top']);
    expect(ids('tag:#project/quire')).toEqual(['nested']);
    expect(ids('tag:quire')).toEqual(['child']);
    expect(ids('x -tag:project')).toEqual(['child', 'other']);
    expect(ids('x', 'project')).toEqual(['nested', 'top']);
  });

  it('path: and folder: match the folder and the folders under it', () => {
    put(
      note('deep', { folder: 'Work/Clients', body: 'memo' }),
      note('work', { folder: 'work', body: 'memo' }),
      note('workshop', { folder: 'workshop', body: 'memo' }),
      note('root', { body: 'memo' }),
    );
    expect(ids('path:work')).toEqual(['deep', 'work']);
    expect(ids('folder:work/clients memo')).toEqual(['deep']);
    expect(ids('memo -path:work')).toEqual(['root', 'workshop']);
  });

  it('the folder option narrows to one folder, or to it and its subfolders, the total too', () => {
    put(
      note('deep', { folder: 'work/clients', body: 'memo' }),
      note('work', { folder: 'work', body: 'memo' }),
      note('root', { body: 'memo' }),
    );
    const find = (path: string, subfolders: boolean) =>
      index.search('memo', { limit: 10, includeTrashed: false, folder: { path, subfolders } });
    expect(find('work', false).hits.map((h) => h.id)).toEqual(['work']);
    expect(find('work', true).total).toBe(2);
    expect(find('', false).hits.map((h) => h.id)).toEqual(['root']);
  });

  it('title: looks at titles only', () => {
    put(note('Budget', { body: 'numbers' }), note('Notes', { body: 'budget talk' }));
    expect(ids('title:budget')).toEqual(['Budget']);
    expect(ids('budget')).toEqual(['Budget', 'Notes']);
  });

  it('excludes -words, -"phrases" and -(groups), and a query of exclusions alone', () => {
    put(
      note('a', { body: 'apples and pears' }),
      note('b', { body: 'apples only' }),
      note('c', { body: 'green pears grow' }),
    );
    expect(ids('apples -pears')).toEqual(['b']);
    expect(ids('pears -"green pears"')).toEqual(['a']);
    expect(ids('-apples')).toEqual(['c']);
    expect(ids('-(apples only) pears')).toEqual(['a', 'c']);
  });

  it('OR takes either side, binds looser than AND, and groups with ( )', () => {
    put(note('a', { body: 'red car' }), note('b', { body: 'blue car' }), note('c', { body: 'red bike' }));
    expect(ids('red OR blue')).toEqual(['a', 'b', 'c']);
    expect(ids('car red OR bike')).toEqual(['a', 'c']);
    expect(ids('(red OR blue) car')).toEqual(['a', 'b']);
  });

  it('ranks title matches first, then by bm25', () => {
    put(
      note('body-heavy', { title: 'Weekly', body: 'zebra zebra zebra zebra zebra' }),
      note('titled', { title: 'Zebra facts', body: 'stripes' }),
      note('body-once', { title: 'Other', body: 'one zebra among many other words here' }),
    );
    expect(ranked('zebra')).toEqual(['titled', 'body-heavy', 'body-once']);
  });

  it('returns the total, not just the page', () => {
    put(...Array.from({ length: 30 }, (_, i) => note(`n${i}`, { body: 'common word' })));
    const result = index.search('common', { limit: 5, includeTrashed: false });
    expect(result.hits).toHaveLength(5);
    expect(result.total).toBe(30);
  });

  it('keeps trashed notes out unless asked, in the total too', () => {
    put(note('live', { body: 'kiwi' }), note('binned', { body: 'kiwi', trashedAt: 5 }));
    expect(index.search('kiwi', { limit: 5, includeTrashed: false }).total).toBe(1);
    expect(index.search('kiwi', { limit: 5, includeTrashed: true }).total).toBe(2);
  });

  it('never lets typed syntax reach FTS5: operators, column filters and quotes are just text', () => {
    put(note('a', { body: 'NEAR and AND or title content' }));
    for (const query of [
      '"AND NEAR(',
      'title:',
      'content : x',
      '*',
      '^x',
      'a:b:c',
      '((((',
      '))',
      '- -',
      'NOT',
      '"',
    ]) {
      expect(() => index.search(query, { limit: 5, includeTrashed: false })).not.toThrow();
    }
    expect(ids('content : title')).toEqual(['a']);
    expect(ids('near AND')).toEqual(['a']);
  });

  it('marks whole matches in the title and in a snippet that starts and ends on words', () => {
    const filler = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ';
    put(
      note('long', {
        title: 'Zeppelin log',
        body: `${filler.repeat(4)}the zeppelins landed at dawn ${filler.repeat(4)}`,
      }),
    );
    const [hit] = index.search('zeppelin', { limit: 5, includeTrashed: false }).hits;
    expect(hit).toBeDefined();
    const marked = hit!.snippetMarks.map(([s, e]) => hit!.snippet.slice(s, e));
    expect(marked).toEqual(['zeppelins']);
    expect(hit!.titleMarks.map(([s, e]) => hit!.title.slice(s, e))).toEqual(['Zeppelin']);
    expect(hit!.snippet.startsWith('…')).toBe(true);
    expect(hit!.snippet.endsWith('…')).toBe(true);
    // Every word of the snippet is a whole word of the note.
    const words = new Set(filler.trim().split(' ').concat(['the', 'zeppelins', 'landed', 'at', 'dawn']));
    for (const word of hit!.snippet.replace(/…/g, '').trim().split(' ')) expect(words).toContain(word);
  });

  it('finds the snippet of a long note wherever its match is, near the top or far down', () => {
    const marked = (body: string): string[] => {
      index.applyBatch({ upserts: [note('long', { body })], removals: [], checkpoint: null });
      const [hit] = index.search('zeppelin', { limit: 5, includeTrashed: false }).hits;
      return hit!.snippetMarks.map(([s, e]) => hit!.snippet.slice(s, e));
    };
    expect(marked(`${'word '.repeat(900)}zeppelin end`)).toEqual(['zeppelin']);
    expect(marked(`${'ab '.repeat(650)}zeppelin${' tail'.repeat(200)}`)).toEqual(['zeppelin']);
    expect(marked(`zeppelin${' tail'.repeat(900)}`)).toEqual(['zeppelin']);
  });

  it('marks a match with diacritics and CJK in the original text', () => {
    put(note('x', { body: 'Le Café est ouvert. 日本語のテキスト' }));
    const [hit] = index.search('cafe テキスト', { limit: 5, includeTrashed: false }).hits;
    expect(hit!.snippetMarks.map(([s, e]) => hit!.snippet.slice(s, e))).toEqual(['Café', 'テキスト']);
  });

  it('matchPhrase: live notes whose text has the phrase as whole words, any case or accents', () => {
    put(
      note('a', { body: 'We met Zoë Brown yesterday.' }),
      note('b', { body: 'zoe brown again' }),
      note('c', { body: 'zoe browning' }),
      note('d', { body: 'Zoë Brown', trashedAt: 9 }),
      note('Zoë Brown', { body: 'nothing' }),
    );
    expect(index.matchPhrase('Zoë Brown', 10).sort()).toEqual(['a', 'b']);
    expect(index.matchPhrase('zoe brown', 1)).toHaveLength(1);
    expect(index.matchPhrase('!!!', 10)).toEqual([]);
  });
});
