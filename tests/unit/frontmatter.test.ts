import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractTags, normalizeTags, parseFrontmatter } from '../../src-shared/markdown/frontmatter';
import { extractWikiLinks } from '../../src-shared/markdown/wikilinks';
import { NOTE_LIMITS, noteSchema } from '../../src-shared/schema/note';

const seed = fs.readFileSync(
  path.resolve(import.meta.dirname, '../../resources/templates/system-architecture.md'),
  'utf8',
);

describe('frontmatter', () => {
  it('parses the seed architecture document', () => {
    const parsed = parseFrontmatter(seed);
    expect(parsed.error).toBeNull();
    expect(parsed.data).toMatchObject({
      tags: ['architecture', 'system'],
      status: 'current',
      updated: 'YYYY-MM-DD',
    });
    expect(
      parsed.content.startsWith('\n# System Architecture') ||
        parsed.content.startsWith('# System Architecture'),
    ).toBe(true);
    expect(extractTags(seed)).toEqual(['architecture', 'system']);
  });

  it('keeps a note without frontmatter whole', () => {
    expect(parseFrontmatter('# Title\n---\nnot yaml')).toEqual({
      data: {},
      raw: '',
      content: '# Title\n---\nnot yaml',
      error: null,
    });
  });

  it('reports broken YAML without throwing', () => {
    const parsed = parseFrontmatter('---\ntags: [a, b\n---\nbody');
    expect(parsed.error).toMatch(/./);
    expect(parsed.data).toEqual({});
    expect(parsed.content).toBe('body');
  });

  it('reports an alias to no anchor without throwing, and the note still yields its inline tags', () => {
    const parsed = parseFrontmatter('---\na: *x\ntags: [a]\n---\nbody #inline');
    expect(parsed.error).toMatch(/./);
    expect(parsed.data).toEqual({});
    expect(extractTags('---\na: *x\n---\nbody #inline')).toEqual(['inline']);
  });

  it('rejects a frontmatter that is not a mapping', () => {
    expect(parseFrontmatter('---\n- a\n- b\n---\n').error).toMatch(/key: value/);
  });

  it('normalises the ways users write tags', () => {
    expect(normalizeTags(['#a', 'b', 'a', 3])).toEqual(['a', 'b', '3']);
    expect(normalizeTags('#x, y z')).toEqual(['x', 'y', 'z']);
    expect(normalizeTags({ not: 'tags' })).toEqual([]);
  });

  it('keeps tags within the note limits, so a note with many tags still saves', () => {
    const many = Array.from({ length: NOTE_LIMITS.tagsMax + 20 }, (_, i) => `t${i}`);
    expect(normalizeTags([...many, 'x'.repeat(NOTE_LIMITS.tagMaxLength + 1)])).toEqual(
      many.slice(0, NOTE_LIMITS.tagsMax),
    );
    expect(
      noteSchema.shape.tags.safeParse(extractTags(`---\ntags: [${many.join(', ')}]\n---\n`)).success,
    ).toBe(true);
  });
});

describe('wikilinks', () => {
  it('finds targets, headings and aliases', () => {
    expect(extractWikiLinks('see [[Alpha]] and [[Beta#Setup|the setup]] but not [[ ]]')).toEqual([
      { target: 'Alpha', heading: null, alias: null, index: 4 },
      { target: 'Beta', heading: 'Setup', alias: 'the setup', index: 18 },
    ]);
  });
});

describe('empty frontmatter', () => {
  it('treats an empty block as frontmatter with no fields', () => {
    expect(parseFrontmatter('---\n---\n# Body')).toEqual({
      data: {},
      raw: '',
      content: '# Body',
      error: null,
    });
  });
});
