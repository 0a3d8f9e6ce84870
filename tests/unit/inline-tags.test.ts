import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  extractInlineTags,
  findInlineTags,
  normalizeTagFilter,
  readTagAt,
  tagMatches,
} from '../../src-shared/markdown/inline-tags';
import { extractTags } from '../../src-shared/markdown/frontmatter';
import { NOTE_LIMITS, tagSchema } from '../../src-shared/schema/note';

const tags = (body: string): string[] => extractInlineTags(body);

describe('inline tags', () => {
  it('reads plain and nested tags with their positions', () => {
    expect(tags('Plan #work and #project/quire today')).toEqual(['work', 'project/quire']);
    expect(findInlineTags('a #b c')).toEqual([{ tag: 'b', from: 2, to: 4 }]);
    expect(tags('#start of a line')).toEqual(['start']);
    expect(tags('#snake_case #kebab-case #v2')).toEqual(['snake_case', 'kebab-case', 'v2']);
  });

  it('takes letters of any script, with their marks', () => {
    expect(tags('日本語 #タグ と #中文标签')).toEqual(['タグ', '中文标签']);
    expect(tags('مرحبا #عربي')).toEqual(['عربي']);
    expect(tags('#हिन्दी text')).toEqual(['हिन्दी']);
    expect(tags('#Ünïcödé')).toEqual(['Ünïcödé']);
  });

  it('ends a tag at punctuation and emoji, and needs whitespace or punctuation before it', () => {
    expect(tags('#done🎉 and 🎉#party')).toEqual(['done']);
    expect(tags('(#paren), "#quoted", #end.')).toEqual(['paren', 'quoted', 'end']);
    expect(tags('（#全角）')).toEqual(['全角']);
    expect(tags('foo#bar mail@x#y 50%#off')).toEqual([]);
    expect(tags('#trailing/ slash')).toEqual(['trailing']);
    expect(tags('#/lead #a//b')).toEqual([]);
  });

  it('does not take purely numeric tags', () => {
    expect(tags('#123 #2024/05 #1984a #y1984')).toEqual(['1984a', 'y1984']);
  });

  it('ignores headings, escapes and entities', () => {
    expect(tags('# Heading\n## Sub heading\n##double')).toEqual([]);
    expect(tags('### Heading with #tag')).toEqual(['tag']);
    expect(tags('\\#escaped &#123; &#x1F600; &amp;')).toEqual([]);
  });

  it('ignores code spans, also over several lines of a paragraph', () => {
    expect(tags('`#code` #real ``a ` #still-code`` #after')).toEqual(['real', 'after']);
    expect(tags('text `open\n#inside` #out')).toEqual(['out']);
    expect(tags('an ` unmatched backtick #tag')).toEqual(['tag']);
    expect(tags('`open\n\n#new-paragraph`')).toEqual(['new-paragraph']);
  });

  it('ignores fenced and indented code blocks', () => {
    expect(tags('```\n#no\n```\n#yes')).toEqual(['yes']);
    expect(tags('~~~~md\n#no\n~~~\n#still-no\n~~~~\n#yes')).toEqual(['yes']);
    expect(tags('- item\n    ```\n    #no\n    ```\n- #yes')).toEqual(['yes']);
    expect(tags('para\n\n    #indented-code\n\n#yes')).toEqual(['yes']);
    // A nested list item is indented, but it is not code.
    expect(tags('- a\n    - b #nested-item\n\n    - c #loose')).toEqual(['nested-item', 'loose']);
    // Four spaces right after a paragraph line continue the paragraph.
    expect(tags('para\n    #continued')).toEqual(['continued']);
  });

  it('ignores URLs, wikilink headings, link targets and HTML attributes', () => {
    expect(tags('see http://x.org/#frag and https://y.org/page?q=(#no)')).toEqual([]);
    expect(tags('[[Note#Heading]] [[#Local heading]] [[Note#^block|alias]]')).toEqual([]);
    expect(tags('[text](#anchor) [a](https://x.org/#b) #after')).toEqual(['after']);
    expect(tags('<a href="#top">up</a> <https://x.org/#f> #tag')).toEqual(['tag']);
  });

  it('leaves frontmatter to the caller, and extractTags skips it', () => {
    const note = '---\ntags: [Alpha]\ntitle: "#not-inline"\n---\n# Title\n#beta #alpha #Beta';
    expect(extractTags(note)).toEqual(['Alpha', 'beta']);
    expect(extractTags('---\ntags: [x, X]\n---\n')).toEqual(['x']);
    expect(extractTags('no frontmatter #solo')).toEqual(['solo']);
  });

  it('keeps the first spelling and stops at the limit', () => {
    expect(tags('#Tag #tag #TAG #other')).toEqual(['Tag', 'other']);
    const many = Array.from({ length: NOTE_LIMITS.tagsMax + 20 }, (_, i) => `#t${i}`).join(' ');
    expect(extractTags(many)).toHaveLength(NOTE_LIMITS.tagsMax);
    expect(tags(`#${'a'.repeat(NOTE_LIMITS.tagMaxLength + 1)}`)).toEqual([]);
  });

  it('handles CRLF text', () => {
    expect(tags('```\r\n#no\r\n```\r\n#yes\r\ntext `a\r\n#in` #out')).toEqual(['yes', 'out']);
  });

  it('scans a huge note quickly', () => {
    const chunk = 'Some prose with #tag and `code #x` and [[Link#Head]] and http://a.b/#c.\n';
    const body = chunk.repeat(Math.floor(NOTE_LIMITS.bodyMaxLength / chunk.length));
    const started = performance.now();
    expect(tags(body)).toEqual(['tag']);
    expect(performance.now() - started).toBeLessThan(1000);
    // Unmatched backticks do not make the scan quadratic.
    const ticks = '`a '.repeat(100_000);
    const again = performance.now();
    expect(tags(`${ticks}#end`)).toEqual(['end']);
    expect(performance.now() - again).toBeLessThan(1000);
  });

  it('reads one tag at an index', () => {
    expect(readTagAt('x #a/b/ y', 2)).toEqual({ tag: 'a/b', end: 6 });
    expect(readTagAt('#', 0)).toBeNull();
    expect(readTagAt('a', 0)).toBeNull();
  });

  it('normalises and matches tag filters, nested and case-insensitive', () => {
    expect(normalizeTagFilter('  #Project/ ')).toBe('Project');
    expect(normalizeTagFilter('#')).toBe('');
    expect(tagMatches('project', 'Project')).toBe(true);
    expect(tagMatches('Project/Quire', 'project')).toBe(true);
    expect(tagMatches('projects', 'project')).toBe(false);
    expect(tagMatches('project', 'project/quire')).toBe(false);
  });
});

describe('inline tags, properties', () => {
  const text = fc.string({
    unit: fc.constantFrom(
      '#',
      'a',
      'Z',
      '1',
      '/',
      '-',
      '_',
      ' ',
      '\n',
      '`',
      '~',
      '[',
      ']',
      '(',
      ')',
      'é',
      '字',
      '&',
      '\\',
      '<',
      '>',
      ':',
    ),
    maxLength: 200,
  });

  it('never throws and yields only valid, distinct tags', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ maxLength: 200 })), (body) => {
        const found = extractTags(body);
        expect(found.length).toBeLessThanOrEqual(NOTE_LIMITS.tagsMax);
        expect(new Set(found.map((t) => t.toLowerCase())).size).toBe(found.length);
        for (const tag of found) {
          expect(tagSchema.safeParse(tag).success).toBe(true);
          expect(tag).toMatch(/^[\p{L}\p{M}\p{N}_-][\p{L}\p{M}\p{N}_\-/]*$/u);
          expect(tag).not.toMatch(/^[\p{N}/]+$/u);
        }
        for (const match of findInlineTags(body)) {
          expect(body.slice(match.from, match.to)).toBe(`#${match.tag}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('finds no tags in code', () => {
    fc.assert(
      fc.property(text, text, (before, code) => {
        const fenced = `${before.replace(/[`~]/g, '')}\n\n\`\`\`\n${code.replace(/`/g, '')}\n\`\`\`\n`;
        const insideSpans = extractInlineTags(fenced).length;
        expect(insideSpans).toBe(extractInlineTags(`${before.replace(/[`~]/g, '')}\n\n`).length);
        const span = `x \`\`${code.replace(/`/g, '').replace(/\n[ \t]*\n/g, '\n')}\`\` y`;
        expect(extractInlineTags(span)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
