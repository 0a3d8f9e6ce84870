import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidTagName, renamedTag, renameTagInText } from '../../src-shared/markdown/tag-rename';
import { findInlineTags } from '../../src-shared/markdown/inline-tags';
import {
  normalizeTags,
  parseFrontmatter,
  stripFrontmatter,
  tagValueOf,
} from '../../src-shared/markdown/frontmatter';

/** The text with every inline tag cut out: what must stay byte for byte. */
function withoutTags(body: string): { rest: string; tags: string[] } {
  const found = findInlineTags(body);
  let rest = '';
  let at = 0;
  for (const tag of found) {
    rest += body.slice(at, tag.from) + '\u0000';
    at = tag.to;
  }
  return { rest: rest + body.slice(at), tags: found.map((tag) => tag.tag) };
}

function frontmatterTags(text: string): string[] {
  const { data } = parseFrontmatter(text);
  return normalizeTags(tagValueOf((key) => data[key]));
}

describe('renameTagInText', () => {
  it('renames inline tags and the ones nested under them, any case, and nothing else', () => {
    const text = 'See #project and #Project/quire, not #projects or `#project` or [[#project]].\n';
    const result = renameTagInText(text, 'project', 'work');
    expect(result.text).toBe('See #work and #work/quire, not #projects or `#project` or [[#project]].\n');
    expect(result.renamed).toBe(2);
  });

  it('keeps fenced code, URLs and headings as they are', () => {
    const text = '# project\n```\n#project\n```\nhttps://x.org/#project #project\n';
    expect(renameTagInText(text, 'project', 'a/b').text).toBe(
      '# project\n```\n#project\n```\nhttps://x.org/#project #a/b\n',
    );
  });

  it('edits the frontmatter list in place, keeping quoting, comments and other properties', () => {
    const text = [
      '---',
      'title: "#project stays"',
      'tags:',
      '  - "project"   # the main one',
      "  - 'project/sub'",
      '  - other',
      '---',
      'Body #project/sub',
      '',
    ].join('\n');
    const result = renameTagInText(text, 'project', 'work');
    expect(result.text).toBe(
      text
        .replace('"project"', '"work"')
        .replace("'project/sub'", "'work/sub'")
        .replace('#project/sub', '#work/sub'),
    );
    expect(result.renamed).toBe(3);
    expect(frontmatterTags(result.text)).toEqual(['work', 'work/sub', 'other']);
  });

  it('renames in flow lists and in one string of tags, CRLF kept', () => {
    expect(renameTagInText('---\r\ntags: [a, project, b]\r\n---\r\nx', 'project', 'w').text).toBe(
      '---\r\ntags: [a, w, b]\r\n---\r\nx',
    );
    expect(renameTagInText('---\ntags: "#project #projects"\n---\n', 'project', 'w').text).toBe(
      '---\ntags: "#w #projects"\n---\n',
    );
  });

  it('leaves frontmatter it cannot edit exactly and says so', () => {
    const text = '---\ntags: [project, *alias]\n---\n#project';
    const result = renameTagInText(text, 'project', 'w');
    expect(result.text.startsWith('---\ntags: [project, *alias]\n---\n')).toBe(true);
  });

  it('knows a tag name', () => {
    expect(isValidTagName('work/sub')).toBe(true);
    expect(isValidTagName('1984')).toBe(false);
    expect(isValidTagName('a b')).toBe(false);
    expect(isValidTagName('')).toBe(false);
    expect(renamedTag('Project/x', 'project', 'w')).toBe('w/x');
    expect(renamedTag('projects', 'project', 'w')).toBe('projects');
  });

  const pieces = fc.constantFrom(
    '#proj',
    '#Proj/child',
    '#PROJ/a/b',
    '#projx',
    '#pro',
    '#other/proj',
    '`#proj`',
    '[[#proj]]',
    '[x](#proj)',
    '<a href="#proj">',
    'https://e.org/#proj',
    'word#proj',
    ' ',
    ' ',
    'text',
    '\n',
    '\n\n',
    '\n```\n#proj\n```\n',
    '\n    #proj indented\n',
    '(#proj)',
    'é',
    '\r\n',
  );
  const tagItems = fc.array(fc.constantFrom('proj', 'Proj/x', 'other', '#proj', 'projx', 'p/proj'), {
    maxLength: 5,
  });
  const quoting = fc.constantFrom(
    (t: string) => t,
    (t: string) => `"${t}"`,
    (t: string) => `'${t}'`,
  );
  const frontmatter = fc.option(
    fc
      .tuple(tagItems, quoting, fc.boolean())
      .map(([items, quote, block]) =>
        items.length === 0
          ? '---\ntitle: x\n---\n'
          : block
            ? `---\n# comment\ntags:\n${items.map((t) => `  - ${quote(t)}`).join('\n')}\nother: [proj]\n---\n`
            : `---\ntags: [${items.map(quote).join(', ')}]  # c\nother: proj\n---\n`,
      ),
    { nil: '' },
  );
  const target = fc.constantFrom('work', 'Work/deep', 'w-1', 'プロ');

  it('only the tag occurrences change, nested tags follow, every other byte is kept (property)', () => {
    fc.assert(
      fc.property(frontmatter, fc.array(pieces, { maxLength: 40 }), target, (front, body, to) => {
        const text = front + body.join('');
        const result = renameTagInText(text, 'proj', to);
        const before = withoutTags(stripFrontmatter(text));
        const after = withoutTags(stripFrontmatter(result.text));
        expect(after.rest).toBe(before.rest);
        expect(after.tags).toEqual(before.tags.map((tag) => renamedTag(tag, 'proj', to)));
        if (!result.frontmatterSkipped) {
          expect(frontmatterTags(result.text)).toEqual(
            normalizeTags(frontmatterTags(text).map((tag) => renamedTag(tag, 'proj', to))),
          );
          expect(parseFrontmatter(result.text).data.other).toEqual(parseFrontmatter(text).data.other);
        }
        // Renaming back restores the text exactly when `to` was not already in use.
        if (!/work|w-1|プロ/i.test(text) && !result.frontmatterSkipped) {
          expect(renameTagInText(result.text, to, 'proj').text.length).toBe(text.length);
        }
      }),
      { numRuns: 400 },
    );
  });
});
