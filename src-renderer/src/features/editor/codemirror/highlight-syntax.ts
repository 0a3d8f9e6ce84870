import type { markdown } from '@codemirror/lang-markdown';
import { Tag, tags } from '@lezer/highlight';

/** Text marked `==like this==`, Obsidian's highlight; styled by the editor theme. */
// @lezer/markdown's config type, reached through lang-markdown (which the project depends on).
type MarkdownExtension = NonNullable<NonNullable<Parameters<typeof markdown>[0]>['extensions']>;

export const highlightedText = Tag.define(tags.content);

const HIGHLIGHT_DELIMITER = { resolve: 'Highlight', mark: 'HighlightMark' };
const EQUALS = 61;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const SPACE_OR_EDGE = /\s|^$/;

/**
 * `==text==` as one inline node with its two marks, delimited by the same flanking rules as GFM's
 * `~~strikethrough~~`, so `a == b` or `===` never starts one.
 */
export const highlightSyntax: MarkdownExtension = {
  defineNodes: [
    { name: 'Highlight', style: { 'Highlight/...': highlightedText } },
    { name: 'HighlightMark', style: tags.processingInstruction },
  ],
  parseInline: [
    {
      name: 'Highlight',
      parse(cx, next, pos) {
        if (next !== EQUALS || cx.char(pos + 1) !== EQUALS || cx.char(pos + 2) === EQUALS) return -1;
        if (pos > cx.offset && cx.char(pos - 1) === EQUALS) return -1;
        const before = cx.slice(pos - 1, pos);
        const after = cx.slice(pos + 2, pos + 3);
        const spaceBefore = SPACE_OR_EDGE.test(before);
        const spaceAfter = SPACE_OR_EDGE.test(after);
        const punctBefore = PUNCTUATION.test(before);
        const punctAfter = PUNCTUATION.test(after);
        return cx.addDelimiter(
          HIGHLIGHT_DELIMITER,
          pos,
          pos + 2,
          !spaceAfter && (!punctAfter || spaceBefore || punctBefore),
          !spaceBefore && (!punctBefore || spaceAfter || punctAfter),
        );
      },
      after: 'Emphasis',
    },
  ],
};
