import type { Range } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import { visibleDecorations } from '../codemirror/visible-decorations';

/**
 * Right-to-left paragraphs: every line decides its own direction from its first strong
 * character (`dir="auto"`), and CodeMirror measures each line in its own direction, so an
 * Arabic or Hebrew line reads and moves right to left beside English ones.
 */

const AUTO = Decoration.line({ attributes: { dir: 'auto' } });

function build(view: EditorView): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  const doc = view.state.doc;
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to;) {
      const line = doc.lineAt(pos);
      ranges.push(AUTO.range(line.from));
      pos = line.to + 1;
    }
  }
  return Decoration.set(ranges);
}

export const lineTextDirection = [
  EditorView.perLineTextDirection.of(true),
  visibleDecorations(build, { followTree: false }),
];
