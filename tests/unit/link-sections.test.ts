import { describe, expect, it } from 'vitest';
import { blockOf, sectionOf } from '../../src-shared/markdown/links/link-sections';

const NOTE = [
  '---',
  'title: x',
  '---',
  '# Top',
  'intro',
  '## Part',
  'part text',
  '```',
  '# not a heading',
  '```',
  '### Detail',
  'detail',
  '## Next',
  'A paragraph',
  'over two lines ^para',
  '',
  '- item ^item',
  '  - child',
  '    - grandchild',
  '- sibling',
  '',
  '| a | b |',
  '| - | - |',
  '^table',
].join('\n');

describe('sectionOf', () => {
  it('runs to the next heading of the same or a higher level, code skipped', () => {
    expect(sectionOf(NOTE, 'Part')).toBe('## Part\npart text\n```\n# not a heading\n```\n### Detail\ndetail');
    expect(sectionOf(NOTE, 'part')).toBe(sectionOf(NOTE, 'Part'));
    expect(sectionOf(NOTE, 'Top#Detail')).toBe('### Detail\ndetail');
    expect(sectionOf(NOTE, 'not a heading')).toBeNull();
    expect(sectionOf(NOTE, 'Nope')).toBeNull();
  });
});

describe('blockOf', () => {
  it('is the paragraph, the list item with its children, or the block above a lone id', () => {
    expect(blockOf(NOTE, 'para')).toBe('A paragraph\nover two lines');
    expect(blockOf(NOTE, 'item')).toBe('- item\n  - child\n    - grandchild');
    expect(blockOf(NOTE, 'TABLE')).toBe('| a | b |\n| - | - |');
    expect(blockOf(NOTE, 'missing')).toBeNull();
  });
});
