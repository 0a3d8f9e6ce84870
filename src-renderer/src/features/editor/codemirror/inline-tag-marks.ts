import { syntaxTree } from '@codemirror/language';
import { RangeSetBuilder, type EditorState, type Extension } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView } from '@codemirror/view';
import { findInlineTags } from '../../../../../src-shared/markdown/inline-tags';
import { isApple, isMod } from '../../../lib/keyboard';
import { visibleDecorations } from './visible-decorations';

/** Code, frontmatter and raw HTML hold no tags (the host's extractTags skips them too). */
const NO_TAGS = new Set([
  'FencedCode',
  'CodeBlock',
  'InlineCode',
  'Frontmatter',
  'HTMLBlock',
  'CommentBlock',
  'Comment',
]);

const HINT = `${isApple ? '⌘' : 'Ctrl'}-click to list the notes with this tag`;

function insideNoTags(state: EditorState, pos: number): boolean {
  for (let node: { name: string; parent: unknown } | null = syntaxTree(state).resolveInner(pos, 1); node;) {
    if (NO_TAGS.has(node.name)) return true;
    node = node.parent as { name: string; parent: unknown } | null;
  }
  return false;
}

const marks = new Map<string, Decoration>();
function markFor(tag: string): Decoration {
  let mark = marks.get(tag);
  if (!mark) {
    mark = Decoration.mark({ class: 'cm-tag', attributes: { 'data-tag': tag, title: HINT } });
    // Bounded: a vault has a few hundred tags, not more; start over rather than grow forever.
    if (marks.size > 2_000) marks.clear();
    marks.set(tag, mark);
  }
  return mark;
}

function build(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const { state } = view;
  let scannedTo = -1;
  for (const { from, to } of view.visibleRanges) {
    for (let pos = Math.max(from, scannedTo + 1); pos <= to;) {
      const line = state.doc.lineAt(pos);
      scannedTo = line.to;
      // One line at a time: code spans, links and URLs on it are the shared scanner's to skip;
      // blocks (fences, indented code, frontmatter) are the syntax tree's. The indent is not
      // given to the scanner: alone, an indented line would look like indented code.
      const text = line.text.trimStart();
      if (text.includes('#')) {
        const indent = line.text.length - text.length;
        for (const match of findInlineTags(text, line.from + indent)) {
          if (!insideNoTags(state, match.from)) builder.add(match.from, match.to, markFor(match.tag));
        }
      }
      pos = line.to + 1;
    }
  }
  return builder.finish();
}

/**
 * Inline `#tags` in the editor look like the tag chips of the list and the preview; Mod-click on
 * one asks `onTagClick` to filter the note list by it. Only the lines on screen are scanned.
 */
export function inlineTagMarks(onTagClick: (tag: string) => void): Extension {
  return [
    visibleDecorations(build, { followTree: true }),
    EditorView.domEventHandlers({
      mousedown(event) {
        const { metaKey, ctrlKey, altKey, shiftKey } = event;
        if (event.button !== 0 || !isMod({ key: '', metaKey, ctrlKey, altKey, shiftKey })) return false;
        const chip = event.target instanceof Element ? event.target.closest('.cm-tag[data-tag]') : null;
        const tag = chip?.getAttribute('data-tag');
        if (!tag) return false;
        // Not a cursor placement (nor, with Mod, a second cursor): the click is the filter.
        event.preventDefault();
        onTagClick(tag);
        return true;
      },
    }),
  ];
}
