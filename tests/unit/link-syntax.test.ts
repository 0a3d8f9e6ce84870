import { describe, expect, it } from 'vitest';
import { blockIdsOf, parseLinks, type LinkRef } from '../../src-shared/markdown/links/link-syntax';

type Shape = Pick<LinkRef, 'kind' | 'target' | 'heading' | 'blockId' | 'display'>;

function shapes(text: string): Shape[] {
  return parseLinks(text).map(({ kind, target, heading, blockId, display }) => ({
    kind,
    target,
    heading,
    blockId,
    display,
  }));
}

const link = (kind: LinkRef['kind'], target: string, more: Partial<Shape> = {}): Shape => ({
  kind,
  target,
  heading: null,
  blockId: null,
  display: null,
  ...more,
});

describe('parseLinks: the forms', () => {
  it.each<[string, Shape[]]>([
    ['[[Note]]', [link('wikilink', 'Note')]],
    ['[[ Note ]]', [link('wikilink', 'Note')]],
    ['[[Note|shown text]]', [link('wikilink', 'Note', { display: 'shown text' })]],
    ['[[Note#Heading]]', [link('wikilink', 'Note', { heading: 'Heading' })]],
    ['[[Note#^block-1]]', [link('wikilink', 'Note', { blockId: 'block-1' })]],
    ['[[Note#Heading|shown]]', [link('wikilink', 'Note', { heading: 'Heading', display: 'shown' })]],
    ['[[#Heading]]', [link('wikilink', '', { heading: 'Heading' })]],
    ['[[#^id]]', [link('wikilink', '', { blockId: 'id' })]],
    ['[[folder/sub/Note]]', [link('wikilink', 'folder/sub/Note')]],
    ['[[Note.md]]', [link('wikilink', 'Note.md')]],
    ['![[Note]]', [link('embed', 'Note')]],
    ['![[Note#Section]]', [link('embed', 'Note', { heading: 'Section' })]],
    ['![[Note#^quote]]', [link('embed', 'Note', { blockId: 'quote' })]],
    ['![[image.png|300]]', [link('embed', 'image.png', { display: '300' })]],
    ['| [[Note\\|shown]] |', [link('wikilink', 'Note', { display: 'shown' })]],
    ['[[Sq]uare]]', [link('wikilink', 'Sq]uare')]],
    ['[[a [[b]]', [link('wikilink', 'b')]],
    ['[text](Note.md)', [link('markdown', 'Note.md', { display: 'text' })]],
    ['[text](folder/My%20Note.md)', [link('markdown', 'folder/My Note.md', { display: 'text' })]],
    ['[text](<../My Note.md>)', [link('markdown', '../My Note.md', { display: 'text' })]],
    [
      '[t](/abs/Note.md#Some%20Heading)',
      [link('markdown', '/abs/Note.md', { display: 't', heading: 'Some Heading' })],
    ],
    ['[t](Note.md#^blk "title")', [link('markdown', 'Note.md', { display: 't', blockId: 'blk' })]],
    ['![embedded](Note.md)', [link('markdown', 'Note.md', { display: 'embedded' })]],
    ['[![img](x.png)](Note.md)', [link('markdown', 'Note.md', { display: '![img](x.png)' })]],
  ])('%s', (text, expected) => {
    expect(shapes(text)).toEqual(expected);
  });

  it('gives the spans of the whole link and of its target', () => {
    const text = 'See ![[My Note#Part|x]] and [y](<a b.md>).';
    const [embed, markdown] = parseLinks(text);
    expect(text.slice(embed!.from, embed!.to)).toBe('![[My Note#Part|x]]');
    expect(text.slice(embed!.targetFrom, embed!.targetTo)).toBe('My Note');
    expect(text.slice(embed!.subFrom, embed!.subTo)).toBe('Part');
    expect(embed!.embedded).toBe(true);
    expect(text.slice(markdown!.from, markdown!.to)).toBe('[y](<a b.md>)');
    expect(text.slice(markdown!.targetFrom, markdown!.targetTo)).toBe('a b.md');
  });

  it('counts lines from 0, CRLF included', () => {
    const links = parseLinks('[[A]]\r\ntext\r\n\r\n  [[B]] [[C]]\n[[D]]');
    expect(links.map((l) => [l.target, l.line])).toEqual([
      ['A', 0],
      ['B', 3],
      ['C', 3],
      ['D', 4],
    ]);
  });
});

describe('parseLinks: what is not a link', () => {
  it.each([
    ['URLs', '[site](https://example.com/Note.md) [m](mailto:x@y.md) [p](//host/a.md)'],
    ['non-note Markdown links', '[pic](image.png) [doc](file.pdf) [anchor](#heading) ![a](b.jpg)'],
    ['empty wikilinks', '[[]] [[|x]] [[#]]'],
    ['unclosed wikilinks', '[[Note and more\ntext]]'],
    ['escaped brackets', '\\[[Note]]'],
    ['inline code', 'a `[[Note]]` b ``x ` [[Other]]`` c'],
    ['inline code over two lines of a paragraph', 'a `code\n[[Note]]` b'],
    ['fenced code', '```\n[[Note]]\n```\n~~~md\n[x](N.md)\n~~~'],
    ['fenced code in a list', '- item\n    ```\n    [[Note]]\n    ```'],
    ['indented code', 'para\n\n    [[Note]]\n    [x](N.md)'],
    ['HTML comments', '<!-- [[Note]]\n[[Other]] -->'],
    ['a fence never closed', '```\n[[Note]]'],
  ])('%s', (_name, text) => {
    expect(parseLinks(text)).toEqual([]);
  });

  it('keeps links after code and comments', () => {
    const text = '`[[a]]` [[b]]\n```\n[[c]]\n```\n<!-- [[d]] --> [[e]]\n\n    code [[f]]\n\n[[g]]';
    expect(parseLinks(text).map((l) => l.target)).toEqual(['b', 'e', 'g']);
  });

  it('reads an unmatched backtick as text', () => {
    expect(parseLinks('it`s [[Note]]').map((l) => l.target)).toEqual(['Note']);
  });

  it('reads an indented line in a list as the list, not code', () => {
    expect(parseLinks('- item\n\n    more [[Note]]').map((l) => l.target)).toEqual(['Note']);
  });

  it('finds wikilinks in the frontmatter, as Obsidian indexes properties', () => {
    const text = '---\nrelated: "[[X]]"\nlist:\n  - "[[folder/Y|y]]"\nnot: "[a](B.md)"\n---\n[[Body]]';
    expect(parseLinks(text).map((l) => l.target)).toEqual(['X', 'folder/Y', 'Body']);
  });
});

describe('blockIdsOf', () => {
  it('finds ids ending paragraphs and list items, not in code', () => {
    const text = [
      'A paragraph line ^para-1',
      '',
      '- [ ] a task ^task',
      '> quoted ^q',
      '',
      '| a | b |',
      '^table-id',
      '',
      '```',
      'code ^not-an-id',
      '```',
      'no^id here',
    ].join('\n');
    expect(blockIdsOf(text)).toEqual([
      { id: 'para-1', line: 0, text: 'A paragraph line' },
      { id: 'task', line: 2, text: 'a task' },
      { id: 'q', line: 3, text: 'quoted' },
      { id: 'table-id', line: 6, text: '| a | b |' },
    ]);
  });
});
