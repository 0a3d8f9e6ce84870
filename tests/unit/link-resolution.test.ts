import { describe, expect, it } from 'vitest';
import { createLinkResolver, type LinkableNote } from '../../src-shared/markdown/links/link-resolution';
import type { LinkKind } from '../../src-shared/markdown/links/link-syntax';

/** A vault by paths; a note's id is its path (`#n` for a second note at one path). */
function vault(paths: string[], aliases: Record<string, string[]> = {}): LinkableNote[] {
  return paths.map((id) => {
    const path = id.replace(/#.*$/, '');
    const slash = path.lastIndexOf('/');
    return {
      id,
      title: path.slice(slash + 1),
      folder: slash === -1 ? '' : path.slice(0, slash),
      aliases: aliases[id] ?? [],
    };
  });
}

const NOTES = vault(
  [
    'Note',
    'b/Note',
    'a/b/Note',
    'zzzz/Note',
    'zzzz/deep/Other',
    'Solo',
    'x/Deep Name',
    'long-folder/Tie',
    'x/y/Tie',
    'p/Same',
    'q/Same',
    'p/q/Rel',
    'Ünïcode Café',
    'Project/Plan',
    'Archive/Plan',
    'Alias Owner',
    'Plan Named',
  ],
  { 'Alias Owner': ['Nickname', 'Solo'], 'Plan Named': ['Plan'] },
);

/**
 * Obsidian's cases (getFirstLinkpathDest; the tie-break as observed on Obsidian 1.13):
 * [target, kind, source folder, expected note id or null, why].
 */
const TABLE: [string, LinkKind, string, string | null, string][] = [
  ['Note', 'wikilink', 'zzzz/deep', 'Note', 'an exact vault path wins'],
  ['Note', 'wikilink', 'b', 'Note', 'the exact vault path wins even over the note beside the source'],
  ['b/Note', 'wikilink', 'zzzz', 'b/Note', 'a full path is exact'],
  ['Solo', 'wikilink', '', 'Solo', 'a unique name resolves anywhere'],
  ['Deep Name', 'wikilink', '', 'x/Deep Name', 'a bare name finds the note in any folder'],
  ['Same', 'wikilink', 'q', 'q/Same', 'with several of a name, the one in the source folder wins'],
  ['Same', 'wikilink', 'p', 'p/Same', 'the source folder again, the other way'],
  ['Same', 'wikilink', 'p/q', 'p/Same', 'an ancestor folder counts for nothing: shortest, then smaller path'],
  ['Same', 'wikilink', '', 'p/Same', 'elsewhere: equal length, the smaller path'],
  ['Tie', 'wikilink', '', 'x/y/Tie', 'the shortest path string wins, not the fewest folders'],
  ['Plan', 'wikilink', '', 'Archive/Plan', 'equally long paths: the smaller one'],
  ['Plan', 'wikilink', 'Project', 'Project/Plan', 'an alias never beats a name'],
  ['y/Tie', 'wikilink', '', 'x/y/Tie', 'a partial path matches the end of a path'],
  ['folder/Tie', 'wikilink', '', null, 'a partial path matches whole folder names only'],
  ['deep/Other', 'wikilink', '', 'zzzz/deep/Other', 'a partial path, two levels'],
  ['note', 'wikilink', 'zzzz/deep', 'Note', 'case does not matter'],
  ['B/NOTE', 'wikilink', '', 'b/Note', 'case does not matter in paths'],
  ['ünïcode café', 'wikilink', '', 'Ünïcode Café', 'case folding beyond ASCII'],
  ['Ünïcode Café'.normalize('NFD'), 'wikilink', '', 'Ünïcode Café', 'decomposed accents match composed ones'],
  ['Solo.md', 'wikilink', '', 'Solo', 'a .md suffix is ignored'],
  ['b/Note.md', 'wikilink', '', 'b/Note', 'a .md suffix on a path'],
  ['/b/Note', 'wikilink', '', 'b/Note', 'a leading / is from the root'],
  ['/Deep Name', 'wikilink', '', null, 'a leading / is from the root only'],
  ['../Note', 'wikilink', 'a/b', null, '../ is relative to the source only (no a/Note)'],
  ['../Note', 'wikilink', 'b/c', 'b/Note', '../ climbs one folder'],
  ['./Note', 'wikilink', 'a/b', 'a/b/Note', './ is the source folder'],
  ['../../../Note', 'wikilink', 'a', null, 'climbing above the root names nothing'],
  ['Nickname', 'wikilink', '', 'Alias Owner', 'an alias, as a last resort'],
  ['Solo', 'wikilink', 'x', 'Solo', 'a name wins over an alias'],
  ['Missing', 'wikilink', '', null, 'no note, no alias'],
  ['x/Nickname', 'wikilink', '', null, 'aliases are names, not paths'],
  ['Note.md', 'markdown', 'a/b', 'a/b/Note', 'a Markdown link is relative to the source folder first'],
  ['../Note.md', 'markdown', 'b/c', 'b/Note', 'relative with ../'],
  ['q/Rel.md', 'markdown', 'p', 'p/q/Rel', 'relative into a subfolder'],
  ['/b/Note.md', 'markdown', 'a', 'b/Note', 'absolute from the root'],
  ['Deep Name.md', 'markdown', '', 'x/Deep Name', 'then looked up vault-wide (observed on Obsidian 1.13)'],
  ['Note.md', 'markdown', 'zzzz/deep', 'Note', 'nothing beside the source: the exact vault path'],
  ['', 'wikilink', '', null, 'an empty target is the source note, not a note to look up'],
  ['folder/', 'wikilink', '', null, 'a folder is not a note'],
];

describe('link resolution follows Obsidian', () => {
  const resolver = createLinkResolver(NOTES);
  it.each(TABLE)('[[%s]] (%s) from "%s" → %s: %s', (target, kind, source, expected) => {
    expect(resolver.resolve(target, source, kind)).toBe(expected);
  });
});

describe('createLinkResolver, incrementally', () => {
  it('follows upserts and removals as a fresh build would', () => {
    const resolver = createLinkResolver(vault(['a/Note', 'b/Note']));
    expect(resolver.resolve('Note', '')).toBe('a/Note');
    resolver.upsert({ id: 'Note', title: 'Note', folder: '', aliases: [] });
    expect(resolver.resolve('Note', 'b')).toBe('Note');
    resolver.remove('Note');
    expect(resolver.resolve('Note', 'b')).toBe('b/Note');
    // A move is an upsert of the same id.
    resolver.upsert({ id: 'b/Note', title: 'Renamed', folder: 'c', aliases: ['Old'] });
    expect(resolver.resolve('Note', 'b')).toBe('a/Note');
    expect(resolver.resolve('Renamed', '')).toBe('b/Note');
    expect(resolver.resolve('c/Renamed', '')).toBe('b/Note');
    expect(resolver.resolve('Old', '')).toBe('b/Note');
    expect(resolver.size).toBe(2);
    expect(resolver.note('b/Note')?.title).toBe('Renamed');
  });

  it('settles two notes at one path the same way every time (by id)', () => {
    const resolver = createLinkResolver(vault(['f/Dup#2', 'f/Dup#1']));
    expect(resolver.resolve('Dup', '')).toBe('f/Dup#1');
    expect(resolver.resolve('f/Dup', 'f')).toBe('f/Dup#1');
  });
});
