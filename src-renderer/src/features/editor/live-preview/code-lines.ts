import { syntaxTree } from '@codemirror/language';
import type { Range } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import { visibleDecorations } from '../codemirror/visible-decorations';

/**
 * Every line of a code block (fenced, with or without a language, or indented) carries
 * `cm-codeblock`, in both modes: monospace whatever the nested language's highlighting does to
 * the text inside, and never wrapped, so ASCII diagrams keep their shape and scroll sideways.
 */

const CODE_BLOCKS = new Set(['FencedCode', 'CodeBlock']);
/** Blocks that cannot hold a code block: not worth entering. */
const LEAVES = new Set([
  'Paragraph',
  'ATXHeading1',
  'ATXHeading2',
  'ATXHeading3',
  'Table',
  'Frontmatter',
  'HTMLBlock',
]);

const lineClasses = {
  only: Decoration.line({ class: 'cm-codeblock cm-codeblock-begin cm-codeblock-end' }),
  begin: Decoration.line({ class: 'cm-codeblock cm-codeblock-begin' }),
  middle: Decoration.line({ class: 'cm-codeblock' }),
  end: Decoration.line({ class: 'cm-codeblock cm-codeblock-end' }),
};

function build(view: EditorView): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  const doc = view.state.doc;
  const seen = new Set<number>();
  for (const { from, to } of view.visibleRanges) {
    syntaxTree(view.state).iterate({
      from,
      to,
      enter(node) {
        if (LEAVES.has(node.name)) return false;
        if (!CODE_BLOCKS.has(node.name)) return true;
        const first = doc.lineAt(node.from).number;
        const last = doc.lineAt(node.to).number;
        const start = Math.max(first, doc.lineAt(from).number);
        const end = Math.min(last, doc.lineAt(to).number);
        for (let n = start; n <= end; n++) {
          const line = doc.line(n);
          if (seen.has(line.from)) continue;
          seen.add(line.from);
          const kind = first === last ? 'only' : n === first ? 'begin' : n === last ? 'end' : 'middle';
          ranges.push(lineClasses[kind].range(line.from));
        }
        return false;
      },
    });
  }
  return Decoration.set(ranges, true);
}

const codeLinePlugin = visibleDecorations(build, { followTree: true });

const codeLineTheme = EditorView.theme({
  '.cm-line.cm-codeblock': {
    fontFamily: 'var(--font-mono)',
    fontSize: '0.9em',
    lineHeight: '1.55',
    whiteSpace: 'pre',
    overflowWrap: 'normal',
    wordBreak: 'normal',
  },
  // The highlight style's own monospace size would shrink untagged code a second time.
  '.cm-line.cm-codeblock span': { fontFamily: 'inherit', fontSize: 'inherit' },
});

export const codeBlockLines = [codeLinePlugin, codeLineTheme];
